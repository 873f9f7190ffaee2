package io.miniredis.differential;

/**
 * The pub/sub comparisons with two I/O threads: commands are handed to the keyspace thread and messages to other
 * clients are written from it onto connections that live on other event loops; the order each client sees must
 * not change.
 */
class PubSubWithIoThreadsDifferentialTest extends PubSubDifferentialTest {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--io-threads", "2"};
    }
}
