package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A script running past busy-reply-threshold: other clients get BUSY, SCRIPT KILL stops it (or UNKILLABLE once it
 * wrote), the killed script's client gets Redis's error, and the server is usable after. Both connections of each
 * pair are on the default single I/O thread, where the event loop is the keyspace thread.
 */
class BusyScriptDifferentialTest extends BlockingDifferentialTestBase {

    @AfterEach
    void restoreThreshold() {
        same("CONFIG", "SET", "busy-reply-threshold", "5000");
    }

    @Test
    void busyScriptIsKilled() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        same("SET", "k", "v");
        try (ClientPair looping = pair("looping")) {
            looping.send("EVAL \"while true do end\" 0");
            sleep(300);
            check("""
                    GET k
                    PING
                    SET k other
                    """);
            same("SCRIPT", "KILL");
            looping.read("the killed script");
            check("""
                    GET k
                    SCRIPT KILL
                    EVAL "return redis.call('get', 'k')" 0
                    """);
            looping.call("PING");
        }
    }

    /** BUSY is Redis's last refusal: a RESP2 subscriber sending GET hears the pub/sub context error instead. */
    @Test
    void busyIsTheLastRefusal() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        try (ClientPair subscriber = pair("subscriber");
                ClientPair looping = pair("looping")) {
            subscriber.call("SUBSCRIBE ch");
            looping.send("EVAL \"while true do end\" 0");
            sleep(300);
            subscriber.call("GET k");
            subscriber.call("PING");
            same("SCRIPT", "KILL");
            looping.read("the killed script");
        }
    }

    @Test
    void scriptThatWroteIsUnkillable() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        try (ClientPair looping = pair("looping")) {
            looping.send("EVAL \"redis.call('set', 'w', '1') local t = redis.call('time') "
                    + "local stop = t[1] + 1 while tonumber(redis.call('time')[1]) <= stop do end return 'done'\" 0");
            sleep(300);
            same("SCRIPT", "KILL");
            same("GET", "w");
            looping.read("the script that wrote");
            same("GET", "w");
        }
    }

    @Test
    void commandsOfTheScriptClientWaitForIt() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        try (ClientPair looping = pair("looping")) {
            looping.send("EVAL \"local t = redis.call('time') local stop = t[1] + 1 "
                    + "while tonumber(redis.call('time')[1]) <= stop do end return 'done'\" 0");
            looping.send("SET after script");
            sleep(300);
            same("PING");
            looping.read("the long script");
            looping.read("the command sent after it");
            same("GET", "after");
        }
    }

    @Test
    void busyFunctionIsKilledWithFunctionKill() {
        same(
                "FUNCTION",
                "LOAD",
                "REPLACE",
                "#!lua name=busy\nredis.register_function('loop', function() while true do end end)");
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        try (ClientPair looping = pair("looping")) {
            looping.send("FCALL loop 0");
            sleep(300);
            check("""
                    GET k
                    SCRIPT KILL
                    FUNCTION DELETE busy
                    """);
            RespReply stats = actual.call("FUNCTION", "STATS");
            assertThat(stats.elements().get(1).elements().get(1).text()).isEqualTo("loop");
            same("FUNCTION", "KILL");
            looping.read("the killed function");
            check("""
                    FUNCTION STATS
                    FUNCTION KILL
                    """);
        } finally {
            same("FUNCTION", "FLUSH");
        }
    }

    @Test
    void functionKillDoesNotStopAnEvalScript() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        try (ClientPair looping = pair("looping")) {
            looping.send("EVAL \"while true do end\" 0");
            sleep(300);
            check("""
                    FUNCTION KILL
                    FUNCTION STATS
                    SCRIPT KILL
                    """);
            looping.read("the killed script");
        }
    }

    @Test
    void allowBusyCommandsRunWhileAScriptIsBusy() {
        same("CONFIG", "SET", "busy-reply-threshold", "100");
        same("SET", "k", "v");
        try (ClientPair looping = pair("looping")) {
            looping.send("EVAL \"while true do end\" 0");
            sleep(300);
            // Redis's allow_busy commands: transactions and watches of other clients, their handshakes
            check("""
                    WATCH k
                    UNWATCH
                    WATCH k
                    MULTI
                    GET k
                    SET k x
                    DISCARD
                    MULTI
                    EXEC
                    RESET
                    HELLO 2
                    CLIENT SETNAME busy
                    FUNCTION STATS
                    """);
            same("SCRIPT", "KILL");
            looping.read("the killed script");
            check("""
                    GET k
                    WATCH k
                    MULTI
                    GET k
                    EXEC
                    """);
        }
    }
}
