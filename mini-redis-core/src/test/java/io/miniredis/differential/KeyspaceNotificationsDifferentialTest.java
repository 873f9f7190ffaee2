package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications against the real server, family by family: after each command the events a subscriber of
 * {@code __key*__:*} received must be the same, in the same order; and a RESP3 client subscribed to its own events
 * must see the same bytes, pushes placed before, after or inside its reply exactly where Redis 7.0 puts them.
 */
class KeyspaceNotificationsDifferentialTest extends BlockingDifferentialTestBase {

    private ClientPair subscriber;

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    @BeforeEach
    void subscribe() {
        // no background expiry unless a test asks for it: its events would land between any two commands
        same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        flags("KEA");
        subscriber = pair("subscriber");
        subscriber.call("PSUBSCRIBE __key*__:*");
        Subscribers.listenForMarker(subscriber);
    }

    @AfterEach
    void unsubscribe() {
        subscriber.close();
        flags("");
        same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        same("SELECT", "0");
    }

    private void flags(String flags) {
        same("CONFIG", "SET", "notify-keyspace-events", flags);
    }

    /**
     * Runs each line (redis-cli syntax; {@code ~} compares the reply in any order) on both servers and compares the
     * reply, then the events the subscriber received for it.
     */
    private void events(String script) {
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            check(line);
            Subscribers.sameReceived(line.replaceFirst("^~", ""), subscriber, expected, actual, false);
        }
    }

    /** The same commands from a RESP3 client subscribed to its own events: reply and pushes compared as one stream. */
    private void ownEvents(String script) {
        try (ClientPair self = pair("self")) {
            self.resp3();
            self.call("PSUBSCRIBE __key*__:*");
            for (String raw : script.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] streams = Subscribers.replyWithPushes(self, line);
                assertThat(streams[1]).as("reply and own events of %s", line).isEqualTo(streams[0]);
            }
        }
        Subscribers.sameReceived("the RESP3 run", subscriber, expected, actual, false);
    }

    private void bothWays(String script) {
        events(script);
        same("FLUSHALL");
        Subscribers.sameReceived("FLUSHALL", subscriber, expected, actual, false);
        ownEvents(script);
        same("FLUSHALL");
        Subscribers.sameReceived("FLUSHALL", subscriber, expected, actual, false);
    }

    private static final String STRINGS = """
            SET a 1
            SET a 2
            SET a 3 GET
            SET a 4 GET EX 100
            SET a 5 KEEPTTL
            SET a 6 NX
            SET a 7 XX PX 100000
            SET b 1 PXAT 1
            SETNX c 1
            SETNX c 2
            SETEX d 100 v
            PSETEX d 100000 v
            GETSET a x
            GETSET nosuch x
            GETDEL a
            GETDEL a
            SET e 1 EX 100
            GETEX e
            GETEX e PERSIST
            GETEX e PERSIST
            GETEX e EX 100
            GETEX e PXAT 1
            GETEX nosuch EX 10
            MSET x 1 y 2 x 3
            MSETNX x 1 z 2
            MSETNX p 1 q 2
            APPEND ap x
            APPEND ap y
            SETRANGE sr 0 abc
            SETRANGE sr 1 x
            SETRANGE sr 1 ""
            SETRANGE nosuch 1 ""
            INCR n
            DECR n
            INCRBY n 5
            DECRBY n 5
            INCRBYFLOAT n 1.5
            INCR ap
            GET n
            SET e 1 EX 0
            """;

    @Test
    void strings() {
        bothWays(STRINGS);
    }

    private static final String KEYS = """
            MSET a 1 b 2 c 3
            DEL a b nosuch
            UNLINK c nosuch
            SET a 1
            EXPIRE a 100
            PEXPIRE a 100000
            EXPIREAT a 99999999999
            PEXPIREAT a 99999999999999
            EXPIRE a 100 NX
            EXPIRE a 200 GT
            EXPIRE a 50 LT
            EXPIRE nosuch 100
            PERSIST a
            PERSIST a
            PERSIST nosuch
            EXPIRE a -1
            SET a 1
            PEXPIREAT a 1
            SET a 1
            EXPIRE a 0
            SET a 1
            RENAME a b
            RENAME b b
            SET c 1
            RENAME b c
            RENAMENX c d
            RENAMENX d d
            SET e 1
            RENAMENX d e
            RENAME nosuch x
            MOVE d 1
            SELECT 1
            SET d 2
            SELECT 0
            SET d 3
            MOVE d 1
            COPY e f
            COPY e f
            COPY e f REPLACE
            COPY e g DB 2
            SET h 1 EX 100
            COPY h i
            COPY nosuch j
            TOUCH e f nosuch
            TYPE e
            EXISTS e
            TTL h
            """;

    @Test
    void keys() {
        bothWays(KEYS);
    }

    private static final String LISTS = """
            LPUSH l a b c
            RPUSH l d
            LPUSHX l e
            RPUSHX l f
            LPUSHX nol e
            LPOP l
            RPOP l
            LPOP l 2
            LPOP l 0
            LPOP nosuch
            LSET l 0 z
            LINSERT l BEFORE z y
            LINSERT l BEFORE nope y
            LREM l 1 y
            LREM l 1 nope
            LTRIM l 0 -1
            LTRIM l 5 10
            RPUSH l a b
            LPOP l 5
            RPUSH l a b
            RPOP l 2
            RPUSH l a
            RPOP l
            RPUSH l a b c
            LMOVE l l2 LEFT RIGHT
            RPOPLPUSH l l2
            LMOVE l l LEFT RIGHT
            LMOVE l l2 LEFT LEFT
            LMPOP 2 nol l2 LEFT COUNT 1
            LMPOP 1 l2 RIGHT COUNT 10
            RPUSH l a
            BLPOP l 0
            RPUSH l a b
            BRPOP l 0
            RPUSH l a
            BRPOPLPUSH l l3 0
            BLMOVE l3 l4 LEFT LEFT 0
            BLMPOP 0 1 l4 LEFT
            RPUSH l a b
            LREM l 0 a
            LREM l 0 b
            RPUSH l a b
            LTRIM l 1 0
            LRANGE l 0 -1
            """;

    @Test
    void lists() {
        bothWays(LISTS);
    }

    @Test
    void blockedListClientsServedByAnotherClient() {
        try (ClientPair a = pair("A");
                ClientPair b = pair("B");
                ClientPair p = pair("pusher")) {
            a.send("BLPOP l 0");
            b.send("BLMOVE l dst RIGHT LEFT 0");
            awaitBlocked(2);
            p.call("RPUSH l x y z");
            a.read("BLPOP");
            b.read("BLMOVE");
            Subscribers.sameReceived("RPUSH serving two clients", subscriber, expected, actual, false);
            a.send("BLMPOP 0 2 l2 l3 LEFT COUNT 5");
            awaitBlocked(1);
            p.call("RPUSH l3 x y");
            a.read("BLMPOP");
            Subscribers.sameReceived("RPUSH serving BLMPOP", subscriber, expected, actual, false);
        }
    }

    @Test
    void resp3BlockedClientSeesItsOwnEventsAfterItsReply() {
        try (ClientPair a = pair("A");
                ClientPair p = pair("pusher")) {
            a.resp3();
            a.call("PSUBSCRIBE __keyevent@0__:*");
            a.send("BLPOP l 0");
            awaitBlocked(1);
            p.call("RPUSH l x");
            a.read("rpush event");
            a.read("BLPOP reply");
            a.read("lpop event");
            a.read("del event");
            a.send("BZPOPMIN z 0");
            awaitBlocked(1);
            p.call("ZADD z 1 a 2 b");
            a.read("zadd event");
            String[] streams = Subscribers.replyWithPushes(a, "ECHO done"); // the served reply with its pushes inside
            assertThat(streams[1]).isEqualTo(streams[0]);
        }
    }

    private static final String HASHES = """
            HSET h a 1 b 2
            HSET h a 1
            HSETNX h a 1
            HSETNX h c 1
            HMSET h d 1
            HDEL h a nope
            HDEL h nope
            HDEL nosuch a
            HINCRBY h n 1
            HINCRBYFLOAT h f 1.5
            HDEL h b c d n f
            HSET h a 1
            HGET h a
            HINCRBY h2 n 1
            HINCRBYFLOAT h3 f 1
            HSETNX h4 f v
            """;

    @Test
    void hashes() {
        bothWays(HASHES);
    }

    private static final String SETS = """
            SADD s a b
            SADD s a
            SREM s a nope
            SREM s nope
            SREM s b
            SADD s a
            SPOP s
            SADD s a
            SPOP s 1
            SPOP s 0
            SADD s 1 2 3
            ~SPOP s 10
            SPOP nosuch
            SADD s a b
            SMOVE s s2 a
            SMOVE s s2 nope
            SMOVE s s2 b
            SADD s a b
            SMOVE s s a
            SADD s2 a
            SMOVE s s2 a
            SADD t b c
            SINTERSTORE d s t
            SINTERSTORE d s nope
            SINTERSTORE nod s nope
            SUNIONSTORE d s t
            SDIFFSTORE d s t
            SDIFFSTORE d s s
            SUNIONSTORE nod nope nope2
            SINTERSTORE s s t
            SRANDMEMBER s
            """;

    @Test
    void sets() {
        bothWays(SETS);
    }

    private static final String SORTED_SETS = """
            ZADD z 1 a 2 b
            ZADD z 1 a
            ZADD z 3 a
            ZADD z XX 1 nope
            ZADD z INCR 1 a
            ZADD z NX INCR 1 a
            ZADD z GT 1 a
            ZADD z CH 2 a
            ZINCRBY z 1 a
            ZINCRBY z 1 c
            ZREM z c nope
            ZREM z nope
            ZREMRANGEBYRANK z 0 0
            ZREMRANGEBYRANK z 5 6
            ZREMRANGEBYSCORE z 0 1
            ZREMRANGEBYSCORE z 0 100
            ZADD z 1 a 2 b 3 c
            ZREMRANGEBYLEX z [a [a
            ZREMRANGEBYLEX z - +
            ZADD z 1 a 2 b 3 c
            ZPOPMIN z
            ZPOPMAX z
            ZPOPMIN z 0
            ZPOPMIN z 5
            ZPOPMIN nosuch
            ZADD z 1 a 2 b 3 c
            ZMPOP 1 z MIN COUNT 2
            ZMPOP 1 z MAX
            ZADD z 1 a 2 b 3 c
            BZPOPMIN nope z 0
            BZPOPMAX z 0
            BZMPOP 0 1 z MIN COUNT 5
            ZADD z 1 a 2 b
            ZADD z2 1 b 2 c
            ZUNIONSTORE zd 2 z z2
            ZINTERSTORE zd 2 z z2
            ZDIFFSTORE zd 2 z z2
            ZINTERSTORE zd 2 z nope
            ZINTERSTORE nozd 2 z nope
            ZRANGESTORE zd z 0 -1
            ZRANGESTORE zd z 5 6
            ZRANGESTORE nozd z 5 6
            ZADD z 1 a 2 b 3 c
            ZREM z a b c
            """;

    @Test
    void sortedSets() {
        bothWays(SORTED_SETS);
    }

    private static final String SORT = """
            RPUSH l 3 1 2
            SORT l
            SORT l STORE out
            SORT nope STORE out
            SORT nope STORE out2
            SORT l LIMIT 5 5 STORE out
            SORT l STORE out
            SORT_RO l
            SADD s 3 1 2
            SORT s STORE out
            """;

    @Test
    void sort() {
        bothWays(SORT);
    }

    @Test
    void otherDatabasesAndServerCommands() {
        events("""
                SELECT 5
                SET a 1
                RPUSH l x
                MOVE a 0
                COPY l l DB 0
                SWAPDB 0 5
                FLUSHDB
                SELECT 0
                FLUSHALL
                """);
    }

    @Test
    void newKeysAndKeyMisses() {
        flags("KEAnm");
        check("CONFIG GET notify-keyspace-events");
        bothWays(STRINGS + KEYS);
        bothWays(LISTS + HASHES);
        bothWays(SETS + SORTED_SETS + SORT);
        bothWays("""
                GET nope
                MGET a b
                STRLEN nope
                GETRANGE nope 0 1
                LRANGE nope 0 1
                LLEN nope
                LINDEX nope 0
                LPOS nope x
                HGET nope f
                HGETALL nope
                HMGET nope a
                HEXISTS nope f
                HRANDFIELD nope
                SMEMBERS nope
                SISMEMBER nope x
                SMISMEMBER nope a
                SINTER nope x
                SUNION nope
                SINTERCARD 1 nope
                SRANDMEMBER nope
                ZRANGE nope 0 1
                ZSCORE nope x
                ZMSCORE nope a
                ZRANK nope a
                ZUNION 1 nope
                ZINTERCARD 1 nope
                ZRANDMEMBER nope
                OBJECT ENCODING nope
                OBJECT FREQ nope
                RANDOMKEY
                LCS nope nope2
                RPUSH sl b a
                SORT sl BY w_*
                SORT sl BY w_* GET # GET o_* STORE so
                HSCAN nope 0
                """);
    }

    @Test
    void flagSubsetsPickChannelsAndClasses() {
        String script = """
                SET s 1 EX 100
                RPUSH l a
                HSET h f v
                SADD st m
                ZADD z 1 m
                DEL s l h st z
                """;
        for (String flags : new String[] {"K$", "El", "Kg", "Eh", "Ksz", "KEA", "AK", "gE", "A", "KE", "Kx", "KEn"}) {
            flags(flags);
            check("CONFIG GET notify-keyspace-events");
            events(script);
        }
    }

    @Test
    void lazyAndActiveExpiry() {
        events("""
                SET a 1 PX 1
                SET b 1 PX 1
                RPUSH c x
                PEXPIRE c 1
                SET sa 1 PX 1
                SET sb 1 PX 1
                """);
        sleep(20);
        events("""
                GET a
                SET b 2
                LPUSH c y
                EXISTS c
                SCAN 0 MATCH sa COUNT 100
                DBSIZE
                SCAN 0 MATCH nothing COUNT 100
                DBSIZE
                """);
        // the active cycle: the order in which it finds the keys is random, so compare the events as a set
        events("""
                SET x 1 PX 1
                SET y 1 PX 1
                SET z 1 PX 1
                SET keep 1 PX 100000
                """);
        sleep(20);
        same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        awaitKeys(3);
        List<RespReply> expired = Subscribers.sameReceived("active expiry", subscriber, expected, actual, true);
        assertThat(expired).hasSize(8); // x, y, z and sb (left alone by SCAN MATCH sa), on both channels
    }

    private void awaitKeys(long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (dbsize(expected.call("INFO", "keyspace")) != n || dbsize(actual.call("INFO", "keyspace")) != n) {
            assertThat(System.nanoTime())
                    .as("the active cycle expired the keys")
                    .isLessThan(deadline);
            sleep(10);
        }
    }

    private static long dbsize(RespReply info) {
        String text = new String(info.bulk(), StandardCharsets.UTF_8);
        int at = text.indexOf("db0:keys=");
        return at < 0 ? 0 : Long.parseLong(text.substring(at + 9, text.indexOf(',', at)));
    }

    @Test
    void notificationsOffSendNothing() {
        flags("");
        events(STRINGS);
        flags("KEA");
        flags("");
        byte[][] args = InlineSplitter.split("SET k v".getBytes(StandardCharsets.UTF_8));
        expected.call(args);
        actual.call(args);
        assertThat(Subscribers.sameReceived("SET with notifications off", subscriber, expected, actual, false))
                .isEmpty();
    }

    private static final String BITMAPS = """
            SETBIT b 3 1
            SETBIT b 3 1
            SETBIT b 3 0
            SETBIT b 100 0
            SET b2 abc
            SETBIT b2 1 1
            BITFIELD b SET u8 0 0
            BITFIELD b SET u8 0 7 INCRBY u8 0 1
            BITFIELD b OVERFLOW FAIL INCRBY u2 0 9
            BITFIELD nb OVERFLOW FAIL INCRBY u2 0 9
            BITFIELD nb2 SET i8 0 0
            BITFIELD b GET u8 0
            BITOP AND d b b2
            BITOP OR d nosuch
            BITOP OR nosuch nosuch
            """;

    @Test
    void bitmaps() {
        bothWays(BITMAPS);
    }

    private static final String HYPERLOGLOGS = """
            PFADD h a b
            PFADD h a
            PFADD h
            PFADD h2
            PFCOUNT h
            PFCOUNT h h2
            PFMERGE h3 h h2
            PFMERGE h3
            PFMERGE h4 nosuch
            """;

    @Test
    void hyperLogLogs() {
        bothWays(HYPERLOGLOGS);
    }

    private static final String GEO = """
            GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
            GEOADD g 13.361389 38.115556 Palermo
            GEOADD g XX 1 1 nobody
            GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 km
            GEOSEARCHSTORE d g FROMLONLAT 0 0 BYRADIUS 1 km
            GEORADIUS g 15 37 200 km STORE d2
            GEORADIUS g 15 37 200 km STOREDIST d2
            GEORADIUS nosuch 15 37 200 km STORE d2
            GEORADIUSBYMEMBER g Palermo 10 km STORE d3
            """;

    @Test
    void geo() {
        bothWays(GEO);
    }

    private static final String STREAMS = """
            XADD x 1-1 a 1
            XADD x 2-1 a 2
            XADD x MAXLEN 1 3-1 a 3
            XADD x NOMKSTREAM 4-1 a 4
            XADD nox NOMKSTREAM 1-1 a 1
            XADD x 1-1 a 1
            XDEL x 9-9
            XDEL x 4-1
            XTRIM x MAXLEN 5
            XTRIM x MAXLEN 0
            XADD x 5-1 a 5
            XSETID x 9-0
            XGROUP CREATE x g 0
            XGROUP CREATE x g 0
            XGROUP CREATE y g $ MKSTREAM
            XGROUP SETID x g 0
            XGROUP CREATECONSUMER x g alice
            XGROUP CREATECONSUMER x g alice
            XREADGROUP GROUP g bob STREAMS x >
            XREADGROUP GROUP g carol STREAMS x >
            XREADGROUP GROUP g dave STREAMS x 0
            XREADGROUP GROUP g erin NOACK STREAMS x 0
            XCLAIM x g frank 0 5-1 JUSTID
            XAUTOCLAIM x g gina 0 0 JUSTID
            XACK x g 5-1
            XGROUP DELCONSUMER x g alice
            XGROUP DELCONSUMER x g nobody
            XGROUP DESTROY x g
            XGROUP DESTROY x g
            XDEL x 5-1
            EXISTS x
            """;

    @Test
    void streams() {
        bothWays(STREAMS);
    }
}
