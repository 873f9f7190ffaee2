package io.miniredis.differential;

import org.junit.jupiter.api.Test;

/**
 * XREAD BLOCK and XREADGROUP BLOCK over TCP, several connections to each server in step: a reader waits on both
 * servers, another client writes on both, and what the reader receives (and that nothing comes before) must be the
 * same bytes. Times in replies are avoided: explicit IDs, and no idle times.
 */
class BlockingStreamsDifferentialTest extends BlockingDifferentialTestBase {

    @Test
    void xreadIsServedByAnXaddFromAnotherClient() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair w = pair("writer")) {
            a.send("XREAD BLOCK 0 STREAMS s $");
            awaitBlocked(1);
            b.send("XREAD BLOCK 0 COUNT 1 STREAMS s $");
            awaitBlocked(2);
            a.assertNoReply("XREAD BLOCK 0 STREAMS s $");
            w.call("XADD s 1-1 a 1");
            a.read("XREAD BLOCK 0 STREAMS s $");
            b.read("XREAD BLOCK 0 COUNT 1 STREAMS s $");
            awaitBlocked(0);

            // several keys: served from the one written; a write that adds nothing past the ID does not serve
            a.send("XREAD BLOCK 0 STREAMS s t 1-1 $");
            awaitBlocked(1);
            w.call("XSETID s 5-0");
            w.call("XDEL s 1-1");
            w.call("XTRIM s MAXLEN 0");
            a.assertNoReply("XREAD on s t");
            w.call("XADD t 2-1 b 2");
            a.read("XREAD BLOCK 0 STREAMS s t 1-1 $");

            // a transaction and a script wake it too, with all they added (up to COUNT)
            a.send("XREAD COUNT 2 BLOCK 0 STREAMS s $");
            awaitBlocked(1);
            w.call("MULTI");
            w.call("XADD s 6-1 a 1");
            w.call("XADD s 6-2 a 2");
            w.call("XADD s 6-3 a 3");
            w.call("EXEC");
            a.read("XREAD COUNT 2 BLOCK 0 STREAMS s $");
            a.send("XREAD BLOCK 0 STREAMS s $");
            awaitBlocked(1);
            w.call("EVAL \"return redis.call('xadd', KEYS[1], '7-1', 'x', 'y')\" 1 s");
            a.read("XREAD BLOCK 0 STREAMS s $");

            // a missing key, created by the write; a key of another type meanwhile is passed over
            a.send("XREAD BLOCK 0 STREAMS fresh 0");
            awaitBlocked(1);
            w.call("SET fresh x");
            a.assertNoReply("XREAD on fresh");
            w.call("DEL fresh");
            w.call("XADD fresh 1-1 k v");
            a.read("XREAD BLOCK 0 STREAMS fresh 0");

            a.call("XREAD BLOCK 20 STREAMS nothing $");

            // only XADD wakes a reader, served when the last ID passed its own, with what is left past it
            a.send("XREAD BLOCK 0 STREAMS m $");
            awaitBlocked(1);
            w.call("XADD m MAXLEN 0 1-1 a 1");
            a.read("XREAD served by an XADD that trimmed its own entry");
            a.send("XREAD BLOCK 0 STREAMS m 999-0");
            awaitBlocked(1);
            w.call("XADD m 5-0 a 1");
            a.assertNoReply("XREAD past the last ID");
            w.call("XSETID m 1000-0");
            a.assertNoReply("XREAD after XSETID");
            w.call("XADD m 1001-0 a 1");
            a.read("XREAD after the next XADD");
            w.call("XGROUP CREATE m g $");
            a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS m >");
            awaitBlocked(1);
            w.call("XADD m MAXLEN 0 1002-0 a 1");
            a.read("XREADGROUP served by an XADD that trimmed its own entry");
            w.call("XINFO GROUPS m");
            a.resp3();
            a.send("XREAD BLOCK 0 STREAMS s $");
            awaitBlocked(1);
            w.call("XADD s 8-1 r 3");
            a.read("XREAD BLOCK 0 STREAMS s $ (RESP3)");
            a.call("XREAD BLOCK 20 STREAMS nothing $");
        }
    }

    @Test
    void xreadgroupWaitersShareTheNewEntriesInOrder() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair w = pair("writer")) {
            w.call("XGROUP CREATE s g $ MKSTREAM");
            a.send("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            awaitBlocked(1);
            b.send("XREADGROUP GROUP g bob BLOCK 0 STREAMS s >");
            awaitBlocked(2);
            w.call("XINFO GROUPS s"); // a waiting reader is no consumer yet
            w.call("XADD s 1-1 a 1");
            a.read("XREADGROUP alice");
            b.assertNoReply("XREADGROUP bob");
            w.call("XADD s 2-1 a 2");
            b.read("XREADGROUP bob");
            awaitBlocked(0);
            w.call("XPENDING s g");
            w.call("XINFO GROUPS s");

            a.send("XREADGROUP GROUP g alice NOACK COUNT 1 BLOCK 0 STREAMS s >");
            awaitBlocked(1);
            w.call("MULTI");
            w.call("XADD s 3-1 a 3");
            w.call("XADD s 3-2 a 4");
            w.call("EXEC");
            a.read("XREADGROUP NOACK");
            w.call("XPENDING s g");
            w.call("XINFO GROUPS s");
            a.call("XREADGROUP GROUP g alice STREAMS s >");
        }
    }

    @Test
    void xreadgroupWaitersLearnTheirGroupOrKeyIsGone() {
        try (ClientPair a = pair("A");
                ClientPair x = pair("X");
                ClientPair w = pair("writer")) {
            w.call("XGROUP CREATE s g $ MKSTREAM");
            a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS s >");
            x.send("XREAD BLOCK 0 STREAMS s $");
            awaitBlocked(2);
            w.call("XGROUP DESTROY s g");
            a.read("XREADGROUP after XGROUP DESTROY");
            x.assertNoReply("XREAD after XGROUP DESTROY");

            w.call("XGROUP CREATE s g $");
            a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS s >");
            awaitBlocked(2);
            w.call("DEL s");
            a.read("XREADGROUP after DEL");
            x.assertNoReply("XREAD after DEL");

            w.call("XGROUP CREATE s g $ MKSTREAM");
            a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS s >");
            awaitBlocked(2);
            w.call("SET s x");
            a.read("XREADGROUP after SET");
            x.assertNoReply("XREAD after SET");
            w.call("DEL s");
            w.call("XADD s 1-1 a 1");
            x.read("XREAD after the stream came back");
        }
    }

    @Test
    void blockingInsideMultiOrScriptsAnswersAtOnce() {
        check("""
                XADD s 1-1 a 1
                XGROUP CREATE s g $
                MULTI
                XREAD BLOCK 0 STREAMS s $
                XREADGROUP GROUP g c BLOCK 0 STREAMS s >
                XREAD BLOCK 0 STREAMS s 0
                EXEC
                EVAL "return redis.call('xread','block','0','streams','s','$')" 0
                EVAL "return redis.call('xreadgroup','group','g','c','block','0','streams','s','>')" 0
                XREAD BLOCK 10 STREAMS s $
                XREADGROUP GROUP g c BLOCK 10 STREAMS s >
                """);
    }

    /** Which stream and group changes abort a transaction watching the key: those Redis signals as modified. */
    @Test
    void watchSeesTheChangesRedisSignals() {
        String[] changes = {
            "XADD s 9-1 a 1",
            "XDEL s 1-1",
            "XDEL s 7-7",
            "XTRIM s MAXLEN 100",
            "XTRIM s MAXLEN 1",
            "XSETID s 50-0",
            "XGROUP CREATE s g2 0",
            "XGROUP SETID s g 0",
            "XGROUP CREATECONSUMER s g newc",
            "XGROUP DELCONSUMER s g c",
            "XGROUP DESTROY s g",
            "XREADGROUP GROUP g c STREAMS s >",
            "XREADGROUP GROUP g c STREAMS s 0",
            "XACK s g 1-1",
            "XCLAIM s g d 0 1-1",
            "XAUTOCLAIM s g d 0 0",
            "XREAD STREAMS s 0",
            "XINFO STREAM s"
        };
        try (ClientPair w = pair("watcher");
                ClientPair o = pair("other")) {
            for (String change : changes) {
                o.call("DEL s");
                o.call("XADD s 1-1 a 1");
                o.call("XADD s 2-1 a 2");
                o.call("XGROUP CREATE s g 0");
                o.call("XREADGROUP GROUP g c COUNT 1 STREAMS s >");
                w.call("WATCH s");
                o.call(change);
                w.call("MULTI");
                w.call("PING");
                w.send("EXEC");
                w.read("EXEC after " + change);
            }
        }
    }

    /** FLUSHALL, SWAPDB and expiry take the key away too: a waiting XREADGROUP hears it, an XREAD keeps waiting. */
    @Test
    void xreadgroupWaitersHearOfFlushesSwapsAndExpiry() {
        try (ClientPair a = pair("A");
                ClientPair w = pair("writer")) {
            for (String gone : new String[] {"FLUSHALL", "SWAPDB 0 1", "PEXPIRE s 50"}) {
                w.call("FLUSHALL");
                w.call("XGROUP CREATE s g $ MKSTREAM");
                a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS s >");
                awaitBlocked(1);
                w.call(gone);
                a.read("XREADGROUP after " + gone);
            }
            w.call("FLUSHALL");
            a.send("XREAD BLOCK 0 STREAMS s 0");
            awaitBlocked(1);
            w.call("FLUSHALL");
            a.assertNoReply("XREAD after FLUSHALL");
            w.call("XADD s 1-1 a 1");
            a.read("XREAD after the stream came back");
        }
    }
}
