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
}
