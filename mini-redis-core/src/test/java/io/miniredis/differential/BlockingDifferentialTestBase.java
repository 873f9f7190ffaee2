package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differential harness for blocking commands: extra connections to both servers ({@link ClientPair}) and a
 * wait for a known number of blocked clients, so the order in which clients block is the same on both.
 */
abstract class BlockingDifferentialTestBase extends DifferentialTestBase {

    private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

    protected ClientPair pair(String name) {
        return new ClientPair(name, redis.port(), mini.port());
    }

    /** Waits until both servers count {@code n} blocked clients, so the order of blocking is known. */
    protected void awaitBlocked(int n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            int theirs = blockedClients(expected.call("INFO", "clients"));
            int ours = blockedClients(actual.call("INFO", "clients"));
            if (theirs == n && ours == n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("expected " + n + " blocked clients; Redis has " + theirs + ", mini-redis " + ours);
            }
            sleep(5);
        }
    }

    private static int blockedClients(RespReply info) {
        Matcher m = BLOCKED.matcher(new String(info.bulk(), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
