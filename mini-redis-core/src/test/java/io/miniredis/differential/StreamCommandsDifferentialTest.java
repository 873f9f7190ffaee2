package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.support.RespReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams against real Redis: every command, option and error path, in RESP2 and RESP3. IDs are explicit so that
 * replies are the same bytes; lines starting with {@code @} compare replies with times normalised (unix-ms times,
 * idle times), which differ between two servers by a millisecond or two.
 */
class StreamCommandsDifferentialTest extends CollectionDifferentialTestBase {

    /** Like {@link #check}, with {@code @} lines compared after {@link #normalised}. */
    private void checkTimed(String script) {
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("@")) {
                check(line);
                continue;
            }
            line = line.substring(1).strip();
            byte[][] args = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            RespReply want = normalised(expected.call(args));
            RespReply got = normalised(actual.call(args));
            assertThat(got).as("reply (times normalised) to %s", line).isEqualTo(want);
        }
    }

    /** Unix-ms times become 1, an integer after "idle" and the third of a 4-element XPENDING row become 0. */
    static RespReply normalised(RespReply reply) {
        if (reply.type() == ':' && Long.parseLong(reply.line()) >= 1_000_000_000_000L) {
            return integer(1);
        }
        if (reply.elements() == null) {
            return reply;
        }
        List<RespReply> children = new ArrayList<>();
        List<RespReply> elements = reply.elements();
        boolean pendingRow = elements.size() == 4
                && elements.get(0).type() == '$'
                && elements.get(1).type() == '$'
                && elements.get(2).type() == ':';
        for (int i = 0; i < elements.size(); i++) {
            RespReply child = normalised(elements.get(i));
            if (child.type() == ':'
                    && (i > 0 && "idle".equals(elements.get(i - 1).text()) || pendingRow && i == 2)) {
                child = integer(0);
            }
            children.add(child);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(reply.type());
        raw.writeBytes((reply.line() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        children.forEach(c -> raw.writeBytes(c.raw()));
        return new RespReply(reply.type(), raw.toByteArray(), reply.line(), null, children);
    }

    private static RespReply integer(long value) {
        return new RespReply(':', (":" + value + "\r\n").getBytes(StandardCharsets.US_ASCII), "" + value, null, null);
    }

    private void bothProtocols(String script) {
        checkTimed(script);
        expected.call("FLUSHALL");
        actual.call("FLUSHALL");
        checkTimed("HELLO 3\n" + script + "\nHELLO 2");
    }

    @Test
    void addAndRange() {
        bothProtocols("""
                XADD s 1-1 a 1 b 2
                XADD s 1-2 a 3 b 4
                XADD s 1-* c 5
                XADD s 2-* c 6
                XADD s 2 d 7
                XADD s 1-1 a 1
                XADD s 0-0 a 1
                XADD s2 0-0 a 1
                EXISTS s2
                XADD s2 0-* a 1
                XADD s 3-0 a
                XADD s 3-0 a 1 b
                XADD s
                XADD s 3-0
                XADD s x a 1
                XADD s 3-x a 1
                XADD s - a 1
                XADD s + a 1
                XADD s 18446744073709551615-18446744073709551615 a 1
                XADD s 18446744073709551615-* a 1
                XADD s * a 1
                XLEN s
                XLEN missing
                XLEN s extra
                XRANGE s - +
                XRANGE s - + COUNT 2
                XRANGE s - + COUNT 0
                XRANGE s - + COUNT -1
                XRANGE s - + COUNT x
                XRANGE s - + COUNT
                XRANGE s - + LIMIT 1
                XRANGE s 1 1
                XRANGE s 1-2 2
                XRANGE s (1-1 (2-1
                XRANGE s (1-1 +
                XRANGE s ( +
                XRANGE s (- +
                XRANGE s - (+
                XRANGE s (18446744073709551615-18446744073709551615 +
                XRANGE s - (0-0
                XRANGE s 5 1
                XRANGE missing - +
                XRANGE missing - + COUNT 0
                XRANGE s x +
                XREVRANGE s + -
                XREVRANGE s + - COUNT 2
                XREVRANGE s (2-1 (1-1
                XREVRANGE s 1-2 1-2
                XREVRANGE s - +
                XREVRANGE missing + -
                XADD s NOMKSTREAM 9-1 a 1
                XADD nosuch NOMKSTREAM 1-1 a 1
                EXISTS nosuch
                SET str x
                XADD str 1-1 a 1
                XRANGE str - +
                XLEN str
                XADD s 10-1 "" ""
                XRANGE s 10 10
                TYPE s
                OBJECT ENCODING s
                ~SCAN 0 TYPE stream
                COPY s s3
                XADD s3 11-1 only copy
                XLEN s
                XRANGE s3 (10-1 +
                RENAME s3 s4
                XLEN s4
                SORT s4
                LLEN s4
                GET s4
                HGET s4 f
                SCARD s4
                ZCARD s4
                MOVE s4 5
                SELECT 5
                XLEN s4
                SELECT 0
                """);
    }

    @Test
    void trimming() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 350; i++) {
            script.append("XADD s ").append(i).append("-1 f v").append(i).append('\n');
        }
        script.append("""
                XTRIM s MAXLEN ~ 120
                XLEN s
                XINFO STREAM s
                XTRIM s MAXLEN = 240
                XTRIM s MAXLEN 230
                XLEN s
                XTRIM s MINID ~ 160
                XTRIM s MINID ~ 201
                XTRIM s MINID 205
                XRANGE s - + COUNT 2
                XINFO STREAM s
                XTRIM s MAXLEN ~ 10 LIMIT 100
                XTRIM s MAXLEN ~ 10 LIMIT 99
                XTRIM s MAXLEN 10 LIMIT 99
                XTRIM s LIMIT 10
                XTRIM s
                XTRIM s MAXLEN -1
                XTRIM s MAXLEN x
                XTRIM s MAXLEN ~ x
                XTRIM s MAXLEN 1 MINID 1
                XTRIM s MINID x
                XTRIM s MINID -
                XTRIM s MAXLEN 1 LIMIT -1
                XTRIM s MAXLEN 1 FOO
                XTRIM s MAXLEN
                XTRIM missing MAXLEN 1
                SET str x
                XTRIM str MAXLEN 1
                XTRIM str MAXLEN x
                XADD s MAXLEN 5 400-1 f v
                XLEN s
                XADD s MAXLEN ~ 2 LIMIT 0 401-1 f v
                XADD s MINID 401 402-1 f v
                XRANGE s - +
                XADD s MAXLEN 1 MINID 1 403-1 f v
                XADD s LIMIT 5 403-1 f v
                XADD s MAXLEN 1 LIMIT 5 403-1 f v
                XADD s MAXLEN
                XADD s MAXLEN ~ 1
                XINFO STREAM s
                """);
        bothProtocols(script.toString());
    }

    @Test
    void nodeLimitsFollowTheConfiguration() {
        StringBuilder script = new StringBuilder("CONFIG SET stream-node-max-entries 7\n");
        for (int i = 1; i <= 40; i++) {
            script.append("XADD s ")
                    .append(i)
                    .append("-0 field ")
                    .append("x".repeat(i * 7))
                    .append('\n');
        }
        script.append("""
                XINFO STREAM s
                XTRIM s MAXLEN ~ 30
                XINFO STREAM s
                CONFIG SET stream-node-max-bytes 300
                CONFIG SET stream-node-max-entries 0
                """);
        for (int i = 41; i <= 80; i++) {
            script.append("XADD s ")
                    .append(i)
                    .append("-0 f")
                    .append(i % 3)
                    .append(' ')
                    .append(i * 1000)
                    .append('\n');
        }
        script.append("""
                XINFO STREAM s
                XTRIM s MAXLEN ~ 20
                XINFO STREAM s
                XTRIM s MINID ~ 70
                XINFO STREAM s
                """);
        checkTimed(script.toString());
    }

    @Test
    void deleteAndSetId() {
        bothProtocols("""
                XADD s 1-1 a 1
                XADD s 2-1 a 2
                XADD s 3-1 a 3
                XDEL s 2-1
                XDEL s 2-1 3-1 9-9
                XDEL s x
                XDEL s 1-1 x
                XDEL s -
                XDEL missing x
                XINFO STREAM s
                XDEL s 1-1
                XINFO STREAM s
                XLEN s
                EXISTS s
                XADD s 4-1 a 4
                XSETID s 3-1
                XSETID s 5-1
                XSETID s 5-1 ENTRIESADDED 0
                XSETID s 5-1 ENTRIESADDED 10 MAXDELETEDID 4-0
                XSETID s 5-1 ENTRIESADDED -1
                XSETID s 5-1 MAXDELETEDID 6-0
                XSETID s 5-1 MAXDELETEDID x
                XSETID s 5-1 FOO
                XSETID s 5-1 ENTRIESADDED
                XSETID s x
                XSETID s +
                XINFO STREAM s
                XSETID missing 1-1
                XSETID missing x
                SET str x
                XSETID str 1-1
                XDEL str 1-1
                XDEL s 4-1
                XSETID s 3-0
                XSETID s 4-0
                XINFO STREAM s
                """);
    }

    @Test
    void groupsCreateAndInfo() {
        bothProtocols("""
                XGROUP CREATE s g $
                XGROUP CREATE s g $ MKSTREAM
                XGROUP CREATE s g $ MKSTREAM
                XGROUP CREATE s g2 0 a
                XGROUP CREATE s g2 0 MKSTREAM ENTRIESREAD
                XGROUP CREATE s g2 0 ENTRIESREAD -5
                XGROUP CREATE s g2 0 ENTRIESREAD x
                XGROUP CREATE s g2 0 a b c d
                XGROUP CREATE s g2 +
                XGROUP CREATE s g2 x
                XGROUP CREATE s g2 0 ENTRIESREAD 3
                XGROUP CREATE s
                XGROUP FOO
                XGROUP HELP
                XGROUP HELP x
                XADD s 1-1 a 1
                XADD s 2-1 a 2
                XGROUP SETID s g 1-1
                XGROUP SETID s g -
                XGROUP SETID s g +
                XGROUP SETID s g $ ENTRIESREAD 2
                XGROUP SETID s g 0 ENTRIESREAD x
                XGROUP SETID s g 0 ENTRIESREAD -3
                XGROUP SETID s g 0 FOO 5
                XGROUP SETID s g 0 x
                XGROUP SETID s nog 0
                XGROUP SETID missing g 0
                XGROUP SETID missing g 0 x
                XGROUP SETID s g x
                XGROUP SETID s g (1
                XGROUP CREATECONSUMER s g alice
                XGROUP CREATECONSUMER s g alice
                XGROUP CREATECONSUMER s nog alice
                XGROUP CREATECONSUMER missing g alice
                XINFO GROUPS s
                XGROUP DELCONSUMER s g alice
                XGROUP DELCONSUMER s g alice
                XGROUP DELCONSUMER s nog alice
                XGROUP DESTROY s g2
                XGROUP DESTROY s g2
                XGROUP DESTROY missing g
                XGROUP DESTROY s g extra
                SET str x
                XGROUP DESTROY str g
                XGROUP CREATE str g 0
                XGROUP CREATE str g 0 bad
                XINFO GROUPS s
                XINFO GROUPS missing
                XINFO GROUPS str
                XINFO CONSUMERS s nog
                XINFO CONSUMERS s g
                XINFO STREAM s FULL
                XINFO STREAM s FULL COUNT 1
                XINFO STREAM s FULL COUNT 0
                XINFO STREAM s FULL COUNT -1
                XINFO STREAM s FULL COUNT x
                XINFO STREAM s FULL LIMIT 1
                XINFO STREAM s foo
                XINFO STREAM s FULL COUNT
                XINFO STREAM s a b c d
                XINFO STREAM missing
                XINFO HELP
                XINFO HELP x
                XINFO FOO
                XINFO STREAM
                XGROUP CREATE e g $ MKSTREAM
                XINFO STREAM e
                XINFO STREAM e FULL
                XINFO GROUPS e
                """);
    }

    @Test
    void readGroupAckPendingClaim() {
        bothProtocols("""
                XADD s 1-1 a 1
                XADD s 2-1 b 2
                XADD s 3-1 c 3
                XGROUP CREATE s g 0
                XREADGROUP GROUP g alice COUNT 1 STREAMS s >
                XREADGROUP GROUP g bob STREAMS s >
                XREADGROUP GROUP g bob STREAMS s >
                XREADGROUP GROUP g alice STREAMS s 0
                XREADGROUP GROUP g bob COUNT 1 STREAMS s 0
                XREADGROUP GROUP g bob STREAMS s 2-1
                XREADGROUP GROUP g carol STREAMS s 0
                XPENDING s g
                @XPENDING s g - + 10
                @XPENDING s g - + 10 bob
                @XPENDING s g - + 10 nobody
                @XPENDING s g (1-1 + 1
                @XPENDING s g IDLE 0 - + 10
                @XPENDING s g IDLE 100000 - + 10
                XPENDING s g IDLE 0 - +
                XPENDING s g - +
                XPENDING s g - + x
                XPENDING s g IDLE x - + 10
                XPENDING s g x + 10
                @XPENDING s g - + 10 bob extra
                XPENDING s nog
                XPENDING missing g
                @XPENDING s g - + -1
                @XINFO GROUPS s
                @XINFO CONSUMERS s g
                XACK s g 1-1 9-9
                XACK s g 1-1
                XACK s g x
                XACK s nog 1-1
                XACK missing g x
                XPENDING s g
                XDEL s 2-1
                XREADGROUP GROUP g bob STREAMS s 0
                @XCLAIM s g alice 0 2-1 3-1
                XPENDING s g
                @XCLAIM s g alice 0 3-1 JUSTID
                @XCLAIM s g alice 100000 3-1
                @XCLAIM s g dave 0 3-1 RETRYCOUNT 7
                @XPENDING s g - + 10
                @XCLAIM s g dave 0 1-1 FORCE
                @XCLAIM s g dave 0 1-1 FORCE JUSTID
                @XCLAIM s g dave 0 9-9 FORCE
                @XCLAIM s g erin 0 1-1 IDLE 5000 TIME 1000
                XCLAIM s g erin x 1-1
                XCLAIM s g erin 0 1-1 IDLE x
                XCLAIM s g erin 0 1-1 TIME x
                XCLAIM s g erin 0 1-1 RETRYCOUNT x
                XCLAIM s g erin 0 1-1 LASTID x
                XCLAIM s g erin 0 1-1 FOO
                XCLAIM s g erin 0 1-1 IDLE
                XCLAIM s nog erin 0 1-1
                XCLAIM missing g erin x 1-1
                @XCLAIM s g erin 0 1-1 LASTID 5-0 JUSTID
                XINFO GROUPS s
                @XINFO STREAM s FULL
                XADD s 4-1 d 4
                XADD s 5-1 e 5
                XGROUP CREATE s g2 0
                XREADGROUP GROUP g2 c1 STREAMS s >
                XDEL s 4-1
                @XAUTOCLAIM s g2 c2 0 0
                @XAUTOCLAIM s g2 c2 0 0 COUNT 1
                @XAUTOCLAIM s g2 c3 0 (1-1 COUNT 2 JUSTID
                @XAUTOCLAIM s g2 c3 100000 0
                XAUTOCLAIM s g2 c3 x 0
                XAUTOCLAIM s g2 c3 0 x
                XAUTOCLAIM s g2 c3 0 0 COUNT 0
                XAUTOCLAIM s g2 c3 0 0 COUNT x
                XAUTOCLAIM s g2 c3 0 0 FOO
                XAUTOCLAIM s nog c3 0 0
                XAUTOCLAIM missing g c3 0 0
                XAUTOCLAIM missing g c3 x 0
                @XPENDING s g2 - + 10
                @XINFO STREAM s FULL
                """);
    }

    @Test
    void readErrorsAndNoAck() {
        bothProtocols("""
                XREAD STREAMS s
                XREAD STREAMS s 0
                XREAD STREAMS s $
                XREAD STREAMS s >
                XREAD COUNT 1 COUNT
                XREAD GROUP a b STREAMS s 0
                XREAD NOACK STREAMS s 0
                XREAD FOO STREAMS s 0
                XREAD COUNT x STREAMS s 0
                XREAD BLOCK x STREAMS s 0
                XREAD BLOCK -1 STREAMS s 0
                XREAD BLOCK 1.5 STREAMS s 0
                XREAD STREAMS s t 0
                XADD s 1-1 a 1
                XADD s 2-1 b 2
                XADD t 1-1 c 3
                XREAD STREAMS s t 0 0
                XREAD COUNT 1 STREAMS s t 1-1 0
                XREAD COUNT -5 STREAMS s 0
                XREAD STREAMS s t $ $
                XREAD STREAMS s x
                XREAD STREAMS s t 2-1 1-1
                XREAD BLOCK 10 STREAMS s 0
                XREADGROUP GROUP g c STREAMS s >
                XREADGROUP STREAMS s >
                XREADGROUP GROUP g c STREAMS s
                XGROUP CREATE s g 0
                XREADGROUP GROUP g c STREAMS s $
                XREADGROUP GROUP g c STREAMS s t > >
                XREADGROUP GROUP g c STREAMS s x
                XREADGROUP GROUP g c NOACK COUNT 1 STREAMS s >
                XPENDING s g
                XINFO GROUPS s
                XREADGROUP GROUP g c NOACK STREAMS s >
                XREADGROUP GROUP g c STREAMS s >
                XREADGROUP GROUP g c STREAMS s 0
                SET str x
                XREAD STREAMS str 0
                XREADGROUP GROUP g c STREAMS str >
                MULTI
                XREAD BLOCK 0 STREAMS s $
                XREADGROUP GROUP g c BLOCK 0 STREAMS s >
                EXEC
                EVAL "return redis.call('xread','block','0','streams','s','0')" 0
                EVAL "return redis.call('XREADGROUP','GROUP','g','c','BLOCK','0','STREAMS','s','>')" 0
                EVAL "return redis.call('xread','streams','s','0')" 0
                EVAL "return redis.call('xrange','s','-','+')" 0
                EVAL "return redis.call('xinfo','stream','s')" 0
                EVAL "redis.setresp(3); return redis.call('xread','streams','s','0')" 0
                EVAL "redis.setresp(3); return redis.call('xinfo','stream','s')" 0
                EVAL "return redis.call('xadd','s','*','a','1') ~= false" 0
                """);
    }

    @Test
    void sameKeyTwiceInOneRead() {
        bothProtocols("""
                XADD s 1-1 a 1
                XADD s 2-1 a 2
                XADD s 3-1 a 3
                XREAD STREAMS s s 0 2-1
                XREAD COUNT 1 STREAMS s s 0 0
                XGROUP CREATE s g 0
                XREADGROUP GROUP g c COUNT 1 STREAMS s s > >
                XREADGROUP GROUP g c COUNT 2 STREAMS s s > 0
                XREADGROUP GROUP g c STREAMS s s 0 >
                XPENDING s g
                XINFO GROUPS s
                """);
    }

    @Test
    void lagAndEntriesRead() {
        bothProtocols("""
                XADD s 1-1 a 1
                XADD s 2-1 a 2
                XADD s 3-1 a 3
                XADD s 4-1 a 4
                XGROUP CREATE s g 0
                XGROUP CREATE s g2 2-1
                XGROUP CREATE s g3 $
                XGROUP CREATE s g4 1-1 ENTRIESREAD 1
                XINFO GROUPS s
                XREADGROUP GROUP g c COUNT 1 STREAMS s >
                XINFO GROUPS s
                XDEL s 3-1
                XINFO GROUPS s
                XREADGROUP GROUP g c COUNT 1 STREAMS s >
                XREADGROUP GROUP g4 c STREAMS s >
                XINFO GROUPS s
                XDEL s 1-1
                XTRIM s MAXLEN 1
                XINFO GROUPS s
                XADD s 5-1 a 5
                XINFO GROUPS s
                XREADGROUP GROUP g c STREAMS s >
                XREADGROUP GROUP g2 c STREAMS s >
                XINFO GROUPS s
                XSETID s 9-9 ENTRIESADDED 20 MAXDELETEDID 8-0
                XINFO GROUPS s
                XINFO STREAM s
                """);
    }

    @Test
    void memoryUsageInRedisRange() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            script.append("XADD s ")
                    .append(i)
                    .append("-0 field value")
                    .append(i)
                    .append('\n');
        }
        checkTimed(script.toString());
        long redisBytes = Long.parseLong(expected.call("MEMORY", "USAGE", "s").line());
        long miniBytes = Long.parseLong(actual.call("MEMORY", "USAGE", "s").line());
        assertThat(miniBytes).isBetween(redisBytes / 2, redisBytes * 2);
    }
}
