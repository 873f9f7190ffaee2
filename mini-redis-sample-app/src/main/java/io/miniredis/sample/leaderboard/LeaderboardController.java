package io.miniredis.sample.leaderboard;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/leaderboard?count=10} the top players; {@code POST /api/leaderboard/{player}/points} with
 * {@code {"points": 5}} adds points; {@code PUT /api/leaderboard/{player}} with {@code {"score": 100}} sets them;
 * {@code GET} / {@code DELETE /api/leaderboard/{player}} reads or removes one player.
 */
@RestController
@RequestMapping("/api/leaderboard")
class LeaderboardController {

    /** Names a person would type: no control characters, bounded length. */
    private static final Pattern PLAYER = Pattern.compile("[\\p{L}\\p{N} ._-]{1,32}");

    private static final int MAX_COUNT = 100;

    private final Leaderboard leaderboard;

    LeaderboardController(Leaderboard leaderboard) {
        this.leaderboard = leaderboard;
    }

    @GetMapping
    Top top(@RequestParam(defaultValue = "10") int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and " + MAX_COUNT);
        }
        return new Top(leaderboard.top(count), leaderboard.players());
    }

    @GetMapping("/{player}")
    Leaderboard.Standing standing(@PathVariable String player) {
        return leaderboard
                .standing(checked(player))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No player " + player));
    }

    @PostMapping("/{player}/points")
    Leaderboard.Standing addPoints(@PathVariable String player, @RequestBody Points points) {
        return leaderboard.addPoints(checked(player), finite(points.points()));
    }

    @PutMapping("/{player}")
    Leaderboard.Standing setScore(@PathVariable String player, @RequestBody Score score) {
        return leaderboard.setScore(checked(player), finite(score.score()));
    }

    @DeleteMapping("/{player}")
    ResponseEntity<Void> remove(@PathVariable String player) {
        return leaderboard.remove(checked(player))
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    private static String checked(String player) {
        if (!PLAYER.matcher(player).matches()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "A player's name has 1 to 32 letters, digits, spaces, dots, dashes or underscores");
        }
        return player;
    }

    private static double finite(Double value) {
        if (value == null || !Double.isFinite(value)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A finite number is required");
        }
        return value;
    }

    record Points(Double points) {}

    record Score(Double score) {}

    record Top(List<Leaderboard.Standing> players, long total) {}
}
