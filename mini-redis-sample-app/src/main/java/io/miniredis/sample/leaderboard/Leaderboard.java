package io.miniredis.sample.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.stereotype.Service;

/**
 * A leaderboard on one sorted set: members are players, scores their points. Redis keeps it ordered, so the top N
 * (ZREVRANGE ... WITHSCORES) and a player's rank (ZREVRANK, ZRANK) cost O(log n), however many players there are.
 */
@Service
public class Leaderboard {

    static final String KEY = "leaderboard";

    private final ZSetOperations<String, String> zset;

    public Leaderboard(StringRedisTemplate redis) {
        this.zset = redis.opsForZSet();
    }

    /** ZINCRBY: adds points (negative ones take away) and returns the player's standing after it. */
    public Standing addPoints(String player, double points) {
        double score = zset.incrementScore(KEY, player, points);
        return standing(player, score);
    }

    /** ZADD: sets the player's score outright. */
    public Standing setScore(String player, double score) {
        zset.add(KEY, player, score);
        return standing(player, score);
    }

    /** ZSCORE, ZREVRANK and ZRANK: the player's score, place (1 = best) and how many players they are ahead of. */
    public Optional<Standing> standing(String player) {
        Double score = zset.score(KEY, player);
        return score == null ? Optional.empty() : Optional.of(standing(player, score));
    }

    private Standing standing(String player, double score) {
        Long fromTop = zset.reverseRank(KEY, player);
        Long fromBottom = zset.rank(KEY, player);
        return new Standing(player, score, fromTop == null ? 0 : fromTop + 1, fromBottom == null ? 0 : fromBottom);
    }

    /** ZREVRANGE 0 count-1 WITHSCORES: the best players, best first. */
    public List<Standing> top(int count) {
        Set<TypedTuple<String>> tuples = zset.reverseRangeWithScores(KEY, 0, count - 1L);
        Long players = zset.zCard(KEY);
        List<Standing> top = new ArrayList<>();
        long place = 1;
        for (TypedTuple<String> tuple : tuples == null ? Set.<TypedTuple<String>>of() : tuples) {
            double score = tuple.getScore() == null ? 0 : tuple.getScore();
            top.add(new Standing(tuple.getValue(), score, place, players == null ? 0 : players - place));
            place++;
        }
        return top;
    }

    /** ZCARD. */
    public long players() {
        Long players = zset.zCard(KEY);
        return players == null ? 0 : players;
    }

    /** ZREM: whether the player was there. */
    public boolean remove(String player) {
        Long removed = zset.remove(KEY, player);
        return removed != null && removed > 0;
    }

    /**
     * @param rank  place from the top, 1 = best
     * @param ahead how many players have a lower place (ZRANK)
     */
    public record Standing(String player, double score, long rank, long ahead) {}
}
