package io.miniredis.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RespClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams written with the AOF on and replayed after a restart: the rewritten commands (XADD with the resolved ID
 * and exact trims, group reads as XCLAIM and XGROUP SETID, claims) rebuild the same stream, groups and pending
 * entries. The loader may replay what a client may not send (an exact trim with LIMIT).
 */
class StreamAofReloadTest {

    private static MiniRedisServer start(Path dir) {
        return MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .dir(dir)
                .appendOnly(true)
                .config("stream-node-max-entries", "4")
                .build()
                .start();
    }

    private static final String[][] WRITES = {
        {"XADD", "s", "*", "a", "1"},
        {"XADD", "s", "*", "b", "2"},
        {"XADD", "s", "MAXLEN", "~", "3", "LIMIT", "8", "*", "c", "3"},
        {"XGROUP", "CREATE", "s", "g", "0"},
        {"XGROUP", "CREATE", "s", "quiet", "$"},
        {"XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "g", "bob", "NOACK", "STREAMS", "s", ">"},
        {"XADD", "s", "*", "d", "4"},
        {"XADD", "s", "*", "e", "5"},
        {"XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"},
        {"XCLAIM", "s", "g", "dave", "0", "0-1", "FORCE"},
        {"XACK", "s", "g", "0-1"},
        {"XDEL", "s", "0-1"},
        {"XTRIM", "s", "MINID", "~", "0"},
        {"XADD", "s", "MINID", "~", "1", "*", "f", "6"},
        {"XGROUP", "CREATECONSUMER", "s", "quiet", "erin"},
        {"XSETID", "s", "99999999999999-0"}
    };

    private static final String[][] READS = {
        {"XRANGE", "s", "-", "+"},
        {"XINFO", "STREAM", "s"},
        {"XINFO", "GROUPS", "s"},
        {"XPENDING", "s", "g"},
        {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"}
    };

    private static List<String> read(RespClient c) {
        List<String> out = new ArrayList<>();
        for (String[] command : READS) {
            // A group's entries-read (and so its lag) is not carried by the XCLAIMs a read propagates: Redis 7.0.15
            // itself reloads group g with entries-read 3 where it had 5 (checked by hand), so it is not compared.
            out.add(c.call(command)
                    .toString()
                    .replaceAll(
                            "entries-read\\\\r\\\\n:\\d+\\\\r\\\\n\\$3\\\\r\\\\nlag\\\\r\\\\n:\\d+",
                            "entries-read,lag"));
        }
        return out;
    }

    @Test
    void aStreamAndItsGroupsComeBackFromTheAof(@TempDir Path dir) {
        List<String> before;
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            for (String[] write : WRITES) {
                c.call(write);
            }
            before = read(c);
        }
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            assertThat(read(c)).containsExactlyElementsOf(before);
        }
    }
}
