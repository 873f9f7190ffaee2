package io.miniredis.differential;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With requirepass set on both servers: NOAUTH, AUTH, HELLO AUTH, RESET de-authenticating. */
class AuthDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--requirepass", "s3cret"};
    }

    @BeforeEach
    @Override
    void flush() {
        // Connections start unauthenticated here; nothing to flush before each test.
    }

    @AfterEach
    void freshConnections() {
        reconnect();
    }

    @Test
    void commandsNeedAuthentication() {
        check("""
                GET k
                PING
                FOO
                GET
                DEBUG SLEEP 0
                AUTH wrong
                AUTH default wrong
                AUTH nobody s3cret
                HELLO 3
                HELLO 2 AUTH default wrong
                AUTH s3cret
                SET k v
                GET k
                RESET
                GET k
                HELLO 2 AUTH default s3cret
                GET k
                DEL k
                QUIT
                """);
    }

    /** Redis 7.0 acts on HELLO's options as it reads them: what an earlier option did stays done when a later fails. */
    @Test
    void helloActsOnEachOptionInTurn() {
        check("""
                HELLO 3 SETNAME early
                AUTH s3cret
                CLIENT GETNAME
                RESET
                HELLO 2 AUTH default s3cret SETNAME "bad name"
                PING
                CLIENT GETNAME
                RESET
                HELLO 2 AUTH default s3cret bogus
                PING
                RESET
                HELLO 2 AUTH nobody s3cret SETNAME named
                CLIENT GETNAME
                HELLO 2 SETNAME named AUTH nobody s3cret
                AUTH s3cret
                CLIENT GETNAME
                """);
    }
}
