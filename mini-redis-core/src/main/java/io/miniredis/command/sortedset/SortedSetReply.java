package io.miniredis.command.sortedset;

import io.miniredis.protocol.Reply;
import io.miniredis.store.RedisSortedSet;

/**
 * How the sorted-set commands write members: a run of members, optionally with scores. With scores, RESP2 gets a
 * flat array (member, score, member, score...) and RESP3 an array of [member, score] pairs, the score a double;
 * that is Redis's shape for ZRANGE and its variants, ZUNION / ZINTER / ZDIFF and ZRANDMEMBER.
 */
final class SortedSetReply {

    private SortedSetReply() {}

    /** The header for {@code count} members. */
    static void header(Reply reply, long count, boolean withScores) {
        reply.array(withScores && !reply.resp3() ? count * 2 : count);
    }

    /** One member, as an element of a run started by {@link #header}. */
    static void member(Reply reply, RedisSortedSet.Node node, boolean withScores) {
        if (withScores && reply.resp3()) {
            reply.array(2);
        }
        reply.bulk(node.member());
        if (withScores) {
            reply.doubleValue(node.score());
        }
    }

    /** {@code count} members from {@code start}, walking up (or down when {@code reverse}), with their header. */
    static void run(Reply reply, RedisSortedSet.Node start, long count, boolean reverse, boolean withScores) {
        header(reply, count, withScores);
        RedisSortedSet.Node node = start;
        for (long i = 0; i < count; i++) {
            member(reply, node, withScores);
            node = reverse ? node.previous() : node.next();
        }
    }
}
