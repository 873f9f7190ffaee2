package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection commands against real Redis: PING, ECHO, SELECT, HELLO, AUTH, RESET, QUIT, CLIENT. */
class ConnectionCommandsDifferentialTest extends DifferentialTestBase {

    @AfterEach
    void freshConnections() {
        reconnect();
    }

    @Test
    void pingEchoSelect() {
        check("""
                PING
                PING hello
                PING a b
                ECHO "with space"
                ECHO
                ECHO a b
                SELECT 1
                SET k in-db-1
                SELECT 0
                GET k
                SELECT 1
                GET k
                SELECT 16
                SELECT -1
                SELECT abc
                SELECT 1.5
                SELECT 99999999999999999999
                SELECT 0
                """);
    }

    @Test
    void helloNegotiatesTheProtocol() {
        check("""
                HELLO 4
                HELLO 1
                HELLO abc
                HELLO 3 bogus
                HELLO 3 AUTH default
                HELLO 3 SETNAME "bad name"
                HELLO 3 AUTH nobody pass
                HELLO 3 SETNAME
                HELLO 3 SETNAME "bad name" AUTH nobody pass
                HELLO 3 AUTH nobody pass SETNAME "bad name"
                HELLO 3 AUTH default
                HELLO 5 bogus
                HELLO abc bogus
                HELLO 3 auth default x setname
                HELLO 2 SETNAME first bogus
                CLIENT GETNAME
                HELLO 2 SETNAME second SETNAME "bad name"
                CLIENT GETNAME
                """);
        // The id differs between servers; compare everything else of the reply.
        RespReply want = expected.call("HELLO", "3", "SETNAME", "conn1");
        RespReply got = actual.call("HELLO", "3", "SETNAME", "conn1");
        assertThat(got.type()).isEqualTo('%');
        assertThat(got.elements()).hasSameSizeAs(want.elements());
        for (int i = 0; i < want.elements().size(); i += 2) {
            assertThat(got.elements().get(i)).isEqualTo(want.elements().get(i));
            if (!"id".equals(want.elements().get(i).text())) {
                assertThat(got.elements().get(i + 1)).isEqualTo(want.elements().get(i + 1));
            }
        }
        check("""
                CLIENT GETNAME
                GET missing
                SET k v
                GET k
                PING
                ECHO x
                HELLO 2
                GET missing
                """);
    }

    @Test
    void resp3RepliesForStrings() {
        check("HELLO 3");
        check("""
                SET k v
                GET missing
                MGET k missing
                SET k v GET
                INCRBYFLOAT f 1.5
                SET a ohmytext
                SET b mynewtext
                LCS a b IDX
                """);
    }

    @Test
    void authWithoutPassword() {
        check("""
                AUTH secret
                AUTH default anything
                AUTH someone secret
                AUTH a b c
                """);
    }

    @Test
    void clientNameAndReplyModes() {
        check("""
                CLIENT GETNAME
                CLIENT SETNAME myname
                CLIENT GETNAME
                CLIENT SETNAME "has space"
                CLIENT SETNAME ""
                CLIENT GETNAME
                CLIENT NO-EVICT on
                CLIENT NO-EVICT maybe
                CLIENT REPLY bogus
                CLIENT REPLY ON
                CLIENT KILL 1.2.3.4:5
                CLIENT KILL ID abc
                CLIENT KILL ID 0
                CLIENT KILL TYPE bogus
                CLIENT KILL USER nobody
                CLIENT KILL SKIPME maybe
                CLIENT KILL ID 999999
                CLIENT KILL ADDR 1.2.3.4:5 SKIPME yes
                CLIENT LIST TYPE bogus
                CLIENT LIST ID abc
                CLIENT LIST bogus
                CLIENT KILL ID 1 TYPE
                CLIENT KILL TYPE bogus ID abc
                CLIENT KILL ID abc TYPE bogus
                CLIENT KILL ID -5
                CLIENT KILL id 999999 skipme NO
                CLIENT KILL ADDR 1.2.3.4:5 USER nobody SKIPME maybe
                CLIENT KILL ADDR 1.2.3.4:5 LADDR 1.2.3.4:6 TYPE normal USER default
                CLIENT KILL bogus 1
                CLIENT KILL USER "default\\x00x"
                CLIENT KILL USER default ID 999999
                CLIENT LIST TYPE normal extra
                CLIENT LIST TYPE
                CLIENT LIST ID
                CLIENT LIST ID 999999 abc
                CLIENT LIST id 999999 999998
                CLIENT LIST TYPE pubsub
                CLIENT UNBLOCK 1 2 3
                CLIENT UNBLOCK abc ERROR
                CLIENT UNBLOCK 999999 error
                CLIENT NO-EVICT off
                CLIENT NO-EVICT
                CLIENT FOO
                CLIENT
                """);
        // CLIENT REPLY SKIP silences itself and the next command; OFF silences everything until ON.
        sendWithoutReply("CLIENT", "REPLY", "SKIP");
        sendWithoutReply("SET", "skipped", "1");
        check("GET skipped");
        sendWithoutReply("CLIENT", "REPLY", "OFF");
        sendWithoutReply("SET", "skipped", "2");
        sendWithoutReply("GET", "skipped");
        check("""
                CLIENT REPLY ON
                GET skipped
                """);
    }

    private void sendWithoutReply(String... command) {
        byte[][] args = java.util.Arrays.stream(command).map(String::getBytes).toArray(byte[][]::new);
        expected.send(RespClient.encode(args));
        actual.send(RespClient.encode(args));
    }

    @Test
    void clientListHasRedisFields() {
        String want = expected.call("CLIENT", "INFO").text();
        String got = actual.call("CLIENT", "INFO").text();
        assertThat(fieldNames(got)).isEqualTo(fieldNames(want));
        assertThat(got).endsWith("\n").contains(" cmd=client|info ").contains(" resp=2");
    }

    private static java.util.List<String> fieldNames(String line) {
        return java.util.Arrays.stream(line.strip().split(" "))
                .map(f -> f.substring(0, f.indexOf('=')))
                .toList();
    }

    @Test
    void resetRestoresDefaults() {
        check("""
                SELECT 2
                CLIENT SETNAME x
                HELLO 3
                RESET
                CLIENT GETNAME
                SET k v
                SELECT 0
                GET k
                """);
    }

    @Test
    void quitClosesAfterReplying() {
        check("QUIT");
        assertThat(expected.isClosedByServer()).isTrue();
        assertThat(actual.isClosedByServer()).isTrue();
    }
}
