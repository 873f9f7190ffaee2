package io.miniredis.boot.test;

import io.miniredis.server.MiniRedisServer;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * In {@code @SpringBootTest}s, removes the faults set on the application's mini-redis server and stops and empties its
 * recorder after each test method, so one test's faults never reach the next (registered in the starter's
 * {@code META-INF/spring.factories}; does nothing for a context without the server).
 */
public class MiniRedisTestExecutionListener implements TestExecutionListener {

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext
                    .getApplicationContext()
                    .getBeanProvider(MiniRedisServer.class)
                    .ifAvailable(server -> server.context().testHooks().reset());
        }
    }
}
