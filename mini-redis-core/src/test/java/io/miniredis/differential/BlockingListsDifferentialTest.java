package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The blocking list commands over TCP, several connections to each server used in step: a client blocks on both
 * servers, another pushes on both, and what the blocked one receives (and when: nothing before the push) must be
 * the same. Sleeps are short; waits for a state ("blocked_clients:2") poll with a generous limit.
 */
class BlockingListsDifferentialTest extends BlockingDifferentialTestBase {

    @Test
    void popServedByAPushFromAnotherClient() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP k 0");
            awaitBlocked(1);
            a.assertNoReply("BLPOP k 0");
            p.call("RPUSH k a b");
            a.read("BLPOP k 0");
            awaitBlocked(0);
            p.call("LRANGE k 0 -1");

            a.send("BRPOP k1 k2 k3 0");
            awaitBlocked(1);
            p.call("LPUSH k3 x");
            p.call("LPUSH k2 y z");
            a.read("BRPOP k1 k2 k3 0");
            p.call("LRANGE k2 0 -1");
            p.call("EXISTS k3");
        }
    }

    @Test
    void listsThatExistAreServedAtOnce() {
        check("""
                RPUSH a 1 2
                RPUSH b 3
                BLPOP missing a b 0
                BRPOP b a 0
                BLMPOP 0 2 missing a LEFT COUNT 5
                EXISTS a b
                RPUSH a 1
                SET s v
                BLPOP s a 0
                BLPOP a s 0
                BLPOP missing s 0.01
                BRPOPLPUSH s d 0
                RPUSH src x
                BRPOPLPUSH src s 0
                BLMOVE src s LEFT LEFT 0
                BLMOVE src d LEFT RIGHT 0
                BLMPOP 0 2 missing s LEFT
                """);
    }

    @Test
    void argumentErrorsComeBeforeAnyWait() {
        check("""
                SET s v
                BLPOP k x
                BLPOP k -1
                BLPOP k -0.0011
                BLPOP k inf
                BLPOP k -inf
                BLPOP k +inf
                BLPOP k nan
                BLPOP k 1e300
                BLPOP k 1e5000
                BLPOP k 1e-5000
                BLPOP k 9223372036854775807
                BLPOP k 9223372036854775.808
                BLPOP k -9223372036854775.809
                BLPOP k ""
                BLPOP k " 1"
                BLPOP k "1 "
                BLPOP s x
                BRPOP k -1
                BRPOPLPUSH k d x
                BRPOPLPUSH k d -1
                BRPOPLPUSH s d x
                BLMOVE k d LEFT UP x
                BLMOVE k d UP LEFT -1
                BLMOVE k d LEFT LEFT x
                BLMOVE s d LEFT LEFT -1
                BLMPOP x 1 k LEFT
                BLMPOP -1 1 k LEFT
                BLMPOP x 0 k LEFT
                BLMPOP x 1 k UP
                BLMPOP x 2 k LEFT
                BLMPOP x 1 k LEFT COUNT 0
                BLMPOP -1 1 k LEFT COUNT x
                BLMPOP 0.01 0 k LEFT
                BLMPOP 0.01 x k LEFT
                BLMPOP 0.01 2 k LEFT
                BLMPOP 0.01 1 k UP
                BLMPOP 0.01 1 k LEFT COUNT 0
                BLMPOP 0.01 1 k LEFT COUNT x
                BLMPOP 0.01 1 k LEFT COUNT 1 COUNT 1
                BLMPOP 0.01 1 s LEFT
                """);
    }

    @Test
    void fractionalTimeouts() {
        check("""
                BLPOP k 0.05
                BRPOP k 0.001
                BLPOP k 0.0009
                BLPOP k 1e-300
                BLPOP k 0x1p-12
                BLPOP k .5e-2
                BLPOP k +0.01
                BRPOPLPUSH k d 0.02
                BLMOVE k d LEFT RIGHT 0.02
                BLMPOP 0.02 2 k k2 LEFT
                BLMPOP 0.02 1 k RIGHT COUNT 3
                EXISTS d
                """);
        try {
            expected.call("HELLO", "3");
            actual.call("HELLO", "3");
            check("""
                    BLPOP k 0.01
                    BRPOPLPUSH k d 0.01
                    BLMOVE k d LEFT LEFT 0.01
                    BLMPOP 0.01 1 k LEFT
                    """);
        } finally {
            reconnect();
        }
    }

    @Test
    void timeoutsThatRoundToZeroBlockForever() {
        try (ClientPair a = pair("A");
                ClientPair u = pair("unblocker")) {
            long[] ids = a.ids();
            for (String timeout : new String[] {"-0.0001", "-0.0009", "-1e-300", "0"}) {
                a.send("BLPOP k " + timeout);
                awaitBlocked(1);
                a.assertNoReply("BLPOP k " + timeout);
                assertThat(expected.call("CLIENT", "UNBLOCK", Long.toString(ids[0]))
                                .line())
                        .isEqualTo("1");
                assertThat(actual.call("CLIENT", "UNBLOCK", Long.toString(ids[1]))
                                .line())
                        .isEqualTo("1");
                a.read("BLPOP k " + timeout + " unblocked");
            }
        }
    }

    @Test
    void aTimeoutEndsTheWaitWithANullArray() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            b.resp3();
            a.send("BLPOP k 0.1");
            b.send("BLMPOP 0.1 1 k LEFT");
            a.read("BLPOP k 0.1");
            b.read("BLMPOP 0.1 1 k LEFT");
            awaitBlocked(0);
            check("RPUSH k x\nLLEN k");
        }
    }

    @Test
    void clientsAreServedInTheOrderTheyBlocked() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair c = pair("C");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP k 0");
            awaitBlocked(1);
            b.send("BRPOP k 0");
            awaitBlocked(2);
            c.send("BLPOP other k 0");
            awaitBlocked(3);
            p.call("RPUSH k 1 2");
            a.read("A's BLPOP");
            b.read("B's BRPOP");
            c.assertNoReply("C's BLPOP");
            p.call("LPUSH other 3");
            c.read("C's BLPOP");
            awaitBlocked(0);

            a.send("BLPOP k 0");
            awaitBlocked(1);
            b.send("BLPOP k 0");
            awaitBlocked(2);
            c.send("BLPOP k 0");
            awaitBlocked(3);
            p.call("RPUSH k x y z w");
            a.read("A second");
            b.read("B second");
            c.read("C second");
            p.call("LRANGE k 0 -1");
        }
    }

    @Test
    void brpoplpushRotatesAList() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            p.call("RPUSH my:deque a b c");
            for (int i = 0; i < 4; i++) {
                a.call("BRPOPLPUSH my:deque my:deque 0");
                a.call("LRANGE my:deque 0 -1");
            }
            a.call("BLMOVE my:deque my:deque LEFT RIGHT 0");
            a.call("LRANGE my:deque 0 -1");
            p.call("DEL my:deque");
            a.send("BRPOPLPUSH my:deque my:deque 0");
            awaitBlocked(1);
            p.call("RPUSH my:deque only");
            a.read("BRPOPLPUSH my:deque my:deque 0");
            p.call("LRANGE my:deque 0 -1");

            // two clients rotating the same list: the element goes round and serves both
            p.call("DEL my:deque");
            try (ClientPair b = pair("B")) {
                a.send("BRPOPLPUSH my:deque my:deque 0");
                awaitBlocked(1);
                b.send("BLMOVE my:deque my:deque RIGHT LEFT 0");
                awaitBlocked(2);
                p.call("RPUSH my:deque x y");
                a.read("A's BRPOPLPUSH");
                b.read("B's BLMOVE");
                p.call("LRANGE my:deque 0 -1");
            }
        }
    }

    @Test
    void blmoveChainsWakeTheNextWaiter() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair c = pair("C");
                ClientPair p = pair("pusher")) {
            a.send("BLMOVE k1 k2 LEFT LEFT 0");
            awaitBlocked(1);
            b.send("BRPOPLPUSH k2 k3 0");
            awaitBlocked(2);
            c.send("BLMPOP 0 2 k4 k3 RIGHT COUNT 2");
            awaitBlocked(3);
            p.call("RPUSH k1 x y");
            a.read("A's BLMOVE");
            b.read("B's BRPOPLPUSH");
            c.read("C's BLMPOP");
            awaitBlocked(0);
            check("""
                    LRANGE k1 0 -1
                    EXISTS k2 k3 k4
                    """);
        }
    }

    @Test
    void aMoveOntoAWaitedKeyServesItsWaiter() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP dst 0");
            awaitBlocked(1);
            p.call("RPUSH src a b");
            p.call("LMOVE src dst RIGHT LEFT");
            a.read("BLPOP dst 0");
            a.send("BLPOP dst 0");
            awaitBlocked(1);
            p.call("RPOPLPUSH src dst");
            a.read("BLPOP dst 0, again");
            check("EXISTS src dst");
        }
    }

    @Test
    void keysBelongToTheirDatabase() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.call("SELECT 1");
            a.send("BLPOP k 0");
            awaitBlocked(1);
            p.call("RPUSH k in-db-0");
            a.assertNoReply("BLPOP k 0 in db 1");
            p.call("SELECT 1");
            p.call("RPUSH k in-db-1");
            a.read("BLPOP k 0 in db 1");
            p.call("SELECT 0");
            p.call("LRANGE k 0 -1");
            a.send("BLPOP k 0");
            awaitBlocked(1);
            p.call("MOVE k 1");
            a.read("BLPOP k 0 in db 1 after MOVE");
        }
    }

    @Test
    void renameAndCopyOntoAWaitedKeyServeIt() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP k 0");
            awaitBlocked(1);
            p.call("RPUSH tmp x y");
            p.call("RENAME tmp k");
            a.read("BLPOP k 0 after RENAME");
            a.send("BRPOP k2 0");
            awaitBlocked(1);
            p.call("COPY k k2");
            a.read("BRPOP k2 0 after COPY");
            check("LRANGE k 0 -1\nEXISTS k2");
        }
    }

    @Test
    void swapdbServesWhatTheOtherDatabaseHeld() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP k 0");
            awaitBlocked(1);
            p.call("SELECT 1");
            p.call("RPUSH k from-db-1");
            a.assertNoReply("BLPOP k 0");
            p.call("SWAPDB 0 1");
            a.read("BLPOP k 0 after SWAPDB");
        }
    }

    @Test
    void aKeyOfAnotherTypeKeepsTheClientWaiting() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP k 0");
            awaitBlocked(1);
            p.call("SET k str");
            a.assertNoReply("BLPOP k 0 with k a string");
            p.call("DEL k");
            p.call("RPUSH k x");
            a.read("BLPOP k 0");
        }
    }

    @Test
    void aDestinationOfTheWrongTypeEndsTheWaitWithWrongtype() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            p.call("SET dst str");
            a.send("BLMOVE src dst LEFT LEFT 0");
            awaitBlocked(1);
            p.call("RPUSH src a");
            a.read("BLMOVE src dst LEFT LEFT 0");
            awaitBlocked(0);
            p.call("LRANGE src 0 -1");
            p.call("GET dst");
        }
    }

    @Test
    void aClientThatDisconnectsStopsWaiting() {
        try (ClientPair p = pair("pusher")) {
            ClientPair a = pair("A");
            a.send("BLPOP k 0");
            awaitBlocked(1);
            a.close();
            awaitBlocked(0);
            p.call("RPUSH k x");
            p.call("LRANGE k 0 -1");
        }
    }

    @Test
    void clientUnblock() {
        try (ClientPair a = pair("A");
                ClientPair u = pair("unblocker")) {
            long[] ids = a.ids();
            a.send("BLPOP k 10");
            awaitBlocked(1);
            unblockBoth(ids, "TIMEOUT", "1");
            a.read("BLPOP unblocked with TIMEOUT");
            a.send("BLMOVE k d LEFT LEFT 0");
            awaitBlocked(1);
            unblockBoth(ids, "ERROR", "1");
            a.read("BLMOVE unblocked with ERROR");
            a.send("BLMPOP 0 1 k LEFT");
            awaitBlocked(1);
            unblockBoth(ids, "error", "1");
            a.read("BLMPOP unblocked with error");
            unblockBoth(ids, null, "0");
            unblockBoth(ids, "ERROR", "0");
            a.resp3();
            a.send("BRPOPLPUSH k d 0");
            awaitBlocked(1);
            unblockBoth(ids, "timeout", "1");
            a.read("BRPOPLPUSH unblocked in RESP3");
            a.send("BLPOP k 0");
            awaitBlocked(1);
            unblockBoth(ids, "Error", "1");
            a.read("BLPOP unblocked in RESP3 with an error");
            check("""
                    CLIENT UNBLOCK 999999
                    CLIENT UNBLOCK -1
                    CLIENT UNBLOCK x
                    CLIENT UNBLOCK x foo
                    CLIENT UNBLOCK 1 foo
                    CLIENT UNBLOCK 1 timeout x
                    CLIENT UNBLOCK
                    """);
        }
    }

    private void unblockBoth(long[] ids, String reason, String expectedReply) {
        RespReply theirs = reason == null
                ? expected.call("CLIENT", "UNBLOCK", Long.toString(ids[0]))
                : expected.call("CLIENT", "UNBLOCK", Long.toString(ids[0]), reason);
        RespReply ours = reason == null
                ? actual.call("CLIENT", "UNBLOCK", Long.toString(ids[1]))
                : actual.call("CLIENT", "UNBLOCK", Long.toString(ids[1]), reason);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.line()).isEqualTo(expectedReply);
    }

    @Test
    void pipelinedCommandsWaitBehindABlockedOne() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            String pipeline = "*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n"
                    + "*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$1\r\nz\r\n"
                    + "*4\r\n$6\r\nLRANGE\r\n$1\r\nk\r\n$1\r\n0\r\n$2\r\n-1\r\n"
                    + "*3\r\n$5\r\nBLPOP\r\n$5\r\nother\r\n$1\r\n0\r\n"
                    + "*1\r\n$4\r\nPING\r\n";
            a.expected.send(pipeline);
            a.actual.send(pipeline);
            awaitBlocked(1);
            a.assertNoReply("a pipeline behind BLPOP k 0");
            p.call("LLEN k");
            p.call("RPUSH k 1");
            a.read("BLPOP k 0");
            a.read("RPUSH k z (held back)");
            a.read("LRANGE k 0 -1 (held back)");
            awaitBlocked(1); // blocked again, on other
            a.assertNoReply("PING behind BLPOP other 0");
            p.call("RPUSH other 2");
            a.read("BLPOP other 0");
            a.read("PING (held back)");
            awaitBlocked(0);
            a.call("LRANGE k 0 -1");
        }
    }

    @Test
    void blockedClientsInInfoAndClientList() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B")) {
            a.send("BLPOP k 0");
            awaitBlocked(1); // A first: with two I/O threads B's command could otherwise overtake it
            b.send("BLMPOP 5 1 k LEFT");
            awaitBlocked(2);
            for (var client : new io.miniredis.support.RespClient[] {expected, actual}) {
                String info = new String(client.call("INFO", "clients").bulk(), StandardCharsets.UTF_8);
                assertThat(info).contains("blocked_clients:2").contains("clients_in_timeout_table:1");
                String list = new String(client.call("CLIENT", "LIST").bulk(), StandardCharsets.UTF_8);
                assertThat(list)
                        .containsPattern("flags=b db=0 .* cmd=blpop ")
                        .containsPattern("flags=b db=0 .* cmd=blmpop ");
            }
            expected.call("RPUSH", "k", "1", "2");
            actual.call("RPUSH", "k", "1", "2");
            a.read("BLPOP k 0");
            b.read("BLMPOP 5 1 k LEFT");
            awaitBlocked(0);
            for (var client : new io.miniredis.support.RespClient[] {expected, actual}) {
                String info = new String(client.call("INFO", "clients").bulk(), StandardCharsets.UTF_8);
                assertThat(info).contains("blocked_clients:0").contains("clients_in_timeout_table:0");
            }
        }
    }

    @Test
    void aPushOfManyElementsServesManyClients() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair p = pair("pusher")) {
            a.send("BLMPOP 0 1 k LEFT COUNT 2");
            awaitBlocked(1);
            b.send("BRPOP k 0");
            awaitBlocked(2);
            p.call("LPUSH k 1 2 3 4");
            a.read("BLMPOP 0 1 k LEFT COUNT 2");
            b.read("BRPOP k 0");
            p.call("LRANGE k 0 -1");
        }
    }
}
