package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP over TCP, with several connections to each server used in step (as in
 * {@link BlockingListsDifferentialTest}): a client blocks on both servers, another adds on both, and what the
 * blocked one receives must be the same bytes.
 */
class BlockingSortedSetsDifferentialTest extends BlockingDifferentialTestBase {

    @Test
    void setsThatExistAreServedAtOnce() {
        check("""
                ZADD z 1 a 2 b 3.5 c -0 d inf e
                BZPOPMIN z 0
                BZPOPMAX z 0
                BZPOPMIN missing z 0
                BZPOPMAX missing z other 1
                BZMPOP 0 1 z MIN
                ZADD z 4 f 5 g
                BZMPOP 0 2 missing z MAX COUNT 10
                EXISTS z
                ZADD z 1 a 2 b 3 c
                BZMPOP 0 1 z min count 2
                BZMPOP 0 1 z max COUNT 1
                EXISTS z
                ZADD big 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h
                BZPOPMIN big 0
                BZMPOP 0 1 big MAX COUNT 3
                ZRANGE big 0 -1 WITHSCORES
                """);
    }

    @Test
    void argumentErrorsAndWrongTypeComeBeforeAnyWait() {
        check("""
                SET s v
                ZADD z 1 a
                BZPOPMIN k x
                BZPOPMIN k -1
                BZPOPMIN k inf
                BZPOPMIN k nan
                BZPOPMIN k 1e5000
                BZPOPMIN s x
                BZPOPMIN s 0
                BZPOPMAX missing s 0
                BZPOPMAX z s 0
                BZPOPMIN k
                BZMPOP x 1 k MIN
                BZMPOP -1 1 k MIN
                BZMPOP x 0 k MIN
                BZMPOP 0 0 k MIN
                BZMPOP 0 -1 k MIN
                BZMPOP 0 x k MIN
                BZMPOP 0 2 k MIN
                BZMPOP 0 1 k UP
                BZMPOP x 1 k UP
                BZMPOP 0 1 k MIN COUNT 0
                BZMPOP 0 1 k MIN COUNT -1
                BZMPOP 0 1 k MIN COUNT x
                BZMPOP 0 1 k MIN COUNT 1 COUNT 1
                BZMPOP 0 1 k MIN COUNT
                BZMPOP 0 1 k MIN extra
                BZMPOP 0 1 s MIN
                BZMPOP 0 2 missing s MAX
                BZMPOP 0 2 z s MAX
                BZMPOP 0 1 k
                BZMPOP 0 9223372036854775807 k MIN
                """);
    }

    @Test
    void timeoutsAndReplyShapes() {
        check("""
                BZPOPMIN k 0.02
                BZPOPMAX k k2 0.01
                BZMPOP 0.02 2 k k2 MIN
                BZMPOP 0.01 1 k MAX COUNT 3
                ZADD z 1.5 a
                BZPOPMIN z 0.01
                ZADD z 2.5 a
                BZMPOP 0.01 1 z MIN
                """);
        try {
            expected.call("HELLO", "3");
            actual.call("HELLO", "3");
            check("""
                    BZPOPMIN k 0.01
                    BZMPOP 0.01 1 k MIN
                    ZADD z 1.5 a -0 b 3 c inf d
                    BZPOPMIN z 0
                    BZPOPMAX z 0
                    BZMPOP 0 1 z MIN COUNT 5
                    """);
        } finally {
            reconnect();
        }
    }

    @Test
    void popServedByAnAddFromAnotherClient() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("adder")) {
            a.send("BZPOPMIN z 0");
            awaitBlocked(1);
            a.assertNoReply("BZPOPMIN z 0");
            p.call("ZADD z 2 b 1 a");
            a.read("BZPOPMIN z 0");
            awaitBlocked(0);
            p.call("ZRANGE z 0 -1 WITHSCORES");

            a.send("BZPOPMAX z1 z2 z3 0");
            awaitBlocked(1);
            p.call("ZADD z3 1 x");
            p.call("ZADD z2 1 y 2 z");
            a.read("BZPOPMAX z1 z2 z3 0");
            p.call("ZRANGE z2 0 -1");
            p.call("EXISTS z3");

            a.send("BZMPOP 0 2 m1 m2 MAX COUNT 2");
            awaitBlocked(1);
            p.call("ZADD m2 1 a 2 b 3 c");
            a.read("BZMPOP 0 2 m1 m2 MAX COUNT 2");
            p.call("ZRANGE m2 0 -1");
        }
    }

    @Test
    void resp3RepliesOfServedClients() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("adder")) {
            a.resp3();
            a.send("BZPOPMIN z 0");
            awaitBlocked(1);
            p.call("ZADD z 2.5 b 1 a");
            a.read("BZPOPMIN z 0 (RESP3)");
            a.send("BZMPOP 0 1 y MIN COUNT 2");
            awaitBlocked(1);
            p.call("ZADD y -0 a inf b 3 c");
            a.read("BZMPOP 0 1 y MIN COUNT 2 (RESP3)");
            a.send("BZPOPMAX x 0.05");
            a.read("BZPOPMAX x 0.05 timed out (RESP3)");
        }
    }

    @Test
    void clientsAreServedInTheOrderTheyBlocked() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair c = pair("C");
                ClientPair p = pair("adder")) {
            a.send("BZPOPMIN z 0");
            awaitBlocked(1);
            b.send("BZPOPMAX z 0");
            awaitBlocked(2);
            c.send("BZMPOP 0 2 other z MIN");
            awaitBlocked(3);
            p.call("ZADD z 1 a 2 b");
            a.read("A's BZPOPMIN");
            b.read("B's BZPOPMAX");
            c.assertNoReply("C's BZMPOP");
            p.call("ZADD other 3 c");
            c.read("C's BZMPOP");
            awaitBlocked(0);

            a.send("BZPOPMIN z 0");
            awaitBlocked(1);
            b.send("BZMPOP 0 1 z MAX COUNT 2");
            awaitBlocked(2);
            c.send("BZPOPMIN z 0");
            awaitBlocked(3);
            p.call("ZADD z 1 w 2 x 3 y 4 v");
            a.read("A second");
            b.read("B second");
            c.read("C second");
            p.call("ZRANGE z 0 -1");
        }
    }

    @Test
    void keysOfAnotherTypeOrDatabaseKeepTheClientWaiting() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("adder")) {
            a.send("BZPOPMIN k 0");
            awaitBlocked(1);
            p.call("RPUSH k x");
            a.assertNoReply("BZPOPMIN k 0 with k a list");
            p.call("DEL k");
            p.call("SELECT 1");
            p.call("ZADD k 1 in-db-1");
            a.assertNoReply("BZPOPMIN k 0 with k in db 1");
            p.call("SELECT 0");
            p.call("ZADD k 1 x");
            a.read("BZPOPMIN k 0");
            a.send("BZPOPMAX k2 0");
            awaitBlocked(1);
            p.call("ZADD tmp 5 y");
            p.call("RENAME tmp k2");
            a.read("BZPOPMAX k2 0 after RENAME");
            a.send("BZMPOP 0 1 k3 MIN");
            awaitBlocked(1);
            p.call("ZADD src 1 a 2 b");
            p.call("ZUNIONSTORE k3 1 src");
            a.read("BZMPOP 0 1 k3 MIN after ZUNIONSTORE");
            check("EXISTS k k2 k3 src");
        }
    }

    @Test
    void aTimeoutEndsTheWaitWithANullArray() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            b.resp3();
            a.send("BZPOPMIN z 0.1");
            b.send("BZMPOP 0.1 1 z MAX");
            a.read("BZPOPMIN z 0.1");
            b.read("BZMPOP 0.1 1 z MAX");
            awaitBlocked(0);
            check("ZADD z 1 x\nZCARD z");
        }
    }

    @Test
    void clientUnblock() {
        try (ClientPair a = pair("A");
                ClientPair u = pair("unblocker")) {
            long[] ids = a.ids();
            a.send("BZPOPMIN z 10");
            awaitBlocked(1);
            unblockBoth(ids, "TIMEOUT");
            a.read("BZPOPMIN unblocked with TIMEOUT");
            a.send("BZPOPMAX z 0");
            awaitBlocked(1);
            unblockBoth(ids, "ERROR");
            a.read("BZPOPMAX unblocked with ERROR");
            a.send("BZMPOP 0 1 z MIN");
            awaitBlocked(1);
            unblockBoth(ids, null);
            a.read("BZMPOP unblocked");
            a.resp3();
            a.send("BZMPOP 0 1 z MIN");
            awaitBlocked(1);
            unblockBoth(ids, "timeout");
            a.read("BZMPOP unblocked in RESP3");
        }
    }

    private void unblockBoth(long[] ids, String reason) {
        RespReply theirs = reason == null
                ? expected.call("CLIENT", "UNBLOCK", Long.toString(ids[0]))
                : expected.call("CLIENT", "UNBLOCK", Long.toString(ids[0]), reason);
        RespReply ours = reason == null
                ? actual.call("CLIENT", "UNBLOCK", Long.toString(ids[1]))
                : actual.call("CLIENT", "UNBLOCK", Long.toString(ids[1]), reason);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.line()).isEqualTo("1");
    }

    @Test
    void blockedClientsInClientList() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            a.send("BZPOPMIN k 0");
            b.send("BZMPOP 5 1 k MAX");
            awaitBlocked(2);
            for (var client : new io.miniredis.support.RespClient[] {expected, actual}) {
                String info = new String(client.call("INFO", "clients").bulk(), StandardCharsets.UTF_8);
                assertThat(info).contains("blocked_clients:2").contains("clients_in_timeout_table:1");
                String list = new String(client.call("CLIENT", "LIST").bulk(), StandardCharsets.UTF_8);
                assertThat(list)
                        .containsPattern("flags=b db=0 .* cmd=bzpopmin ")
                        .containsPattern("flags=b db=0 .* cmd=bzmpop ");
            }
            expected.call("ZADD", "k", "1", "a", "2", "b");
            actual.call("ZADD", "k", "1", "a", "2", "b");
            a.read("BZPOPMIN k 0");
            b.read("BZMPOP 5 1 k MAX");
            awaitBlocked(0);
        }
    }

    @Test
    void keysOfTheBlockingCommands() {
        check("""
                COMMAND GETKEYS bzpopmin a b 0
                COMMAND GETKEYS bzpopmax a 0
                COMMAND GETKEYS bzmpop 0 2 a b MIN
                COMMAND GETKEYS bzmpop 0 5 a b MIN
                COMMAND GETKEYS bzmpop 0 x a MIN
                COMMAND GETKEYSANDFLAGS bzmpop 0 2 a b MAX COUNT 1
                COMMAND GETKEYSANDFLAGS bzpopmin a b 0
                """);
    }
}
