package io.miniredis.differential;

/**
 * The blocking tests again with two I/O threads: commands then reach the keyspace thread in batches handed over
 * from the event loops, and a served client's reply is written from the keyspace thread to a channel of another
 * loop; the held-back commands of a blocked client must still keep their order.
 */
class BlockingListsWithIoThreadsDifferentialTest extends BlockingListsDifferentialTest {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--io-threads", "2"};
    }
}
