package io.miniredis.boot.autoconfigure;

import io.miniredis.boot.MiniRedisStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports that the embedded server could not listen (port taken, address missing), instead of a stack trace. */
class MiniRedisStartFailureAnalyzer extends AbstractFailureAnalyzer<MiniRedisStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MiniRedisStartException cause) {
        Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
        String description = "The embedded mini-redis server could not start listening on '" + cause.getBindAddress()
                + "' port " + cause.getPort() + ": " + reason.getMessage();
        String action = cause.getPort() == 0
                ? "Check 'mini-redis.bind-address': every address without a '-' prefix must exist on this machine."
                : "Identify and stop the process that is listening on port " + cause.getPort() + ", or set "
                        + "'mini-redis.port' to another port (0 picks a free one). Check 'mini-redis.bind-address' "
                        + "too: every address without a '-' prefix must exist on this machine.";
        return new FailureAnalysis(description, action, cause);
    }
}
