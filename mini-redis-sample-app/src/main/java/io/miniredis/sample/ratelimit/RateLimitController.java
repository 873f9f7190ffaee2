package io.miniredis.sample.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/limited}: a resource allowed {@code sample.rate-limit.requests} times per window and client; the
 * client is the {@code X-Client-Id} header, or else the caller's address. Over the limit it answers 429 with
 * {@code Retry-After}. Both answers carry the usual {@code X-RateLimit-*} headers and the decision as JSON.
 */
@RestController
class RateLimitController {

    static final String CLIENT_HEADER = "X-Client-Id";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final RateLimiter limiter;

    RateLimitController(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @GetMapping("/api/limited")
    ResponseEntity<RateLimiter.Decision> limited(HttpServletRequest request) {
        RateLimiter.Decision decision = limiter.acquire(client(request));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(
                        decision.allowed() ? HttpStatus.OK : HttpStatus.TOO_MANY_REQUESTS)
                .header("X-RateLimit-Limit", String.valueOf(decision.limit()))
                .header("X-RateLimit-Remaining", String.valueOf(decision.remaining()))
                .header("X-RateLimit-Reset", String.valueOf(decision.resetSeconds()));
        if (!decision.allowed()) {
            response.header("Retry-After", String.valueOf(Math.max(1, decision.resetSeconds())));
        }
        return response.body(decision);
    }

    private static String client(HttpServletRequest request) {
        String id = request.getHeader(CLIENT_HEADER);
        return id != null && CLIENT_ID.matcher(id).matches() ? id : request.getRemoteAddr();
    }
}
