#!/usr/bin/env bash
# BGSAVE of a large keyspace, mini-redis side by side with redis-server: wall time of the save, extra memory (peak
# RSS during the save minus RSS before; Redis's child included), and the p99 latency of SETs from redis-benchmark
# (10 clients, short runs back to back for as long as the save lasts) against the same runs without a save. For mini-redis also the keyspace thread's own time
# spent on the snapshot (its log line "Snapshot: ...").
#
#   bench/bgsave.sh [keys]        default 1000000 string keys of 16 bytes
#
# Needs mini-redis-core/target/mini-redis-server.jar (./mvnw -B -q package -DskipTests), redis-server,
# redis-cli, redis-benchmark. Servers run on loopback, on free ports, in a temporary directory, and are stopped.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEYS=${1:-1000000}
JAR="$ROOT/mini-redis-core/target/mini-redis-server.jar"
JAVA_OPTS=${MINI_REDIS_JAVA_OPTS-"-XX:+UseParallelGC -Xms64m -Xmn24m -Xmx2g"}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { redis-cli -p "$PORT" info persistence | tr -d '\r' | awk -F: -v f="$1" '$1==f {print $2}'; }
rss_kb() { ps -o rss= -p "$PID" | tr -d ' '; }

# the dataset: SET key:<n, 12 digits> <16 bytes>, as a RESP stream for redis-cli --pipe
python3 - "$KEYS" > "$WORK/load.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"key:%012d" % i  # redis-benchmark -r names its keys so: its SETs overwrite these
    v = b"value-%010d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
PY

# p99 (ms) of one short redis-benchmark run of SETs over the same keys (writes: they exercise copy-on-write in
# Redis and the pre-write hook in mini-redis). --csv: "test","rps","avg","min","p50","p95","p99","max"
p99() {
    redis-benchmark -p "$PORT" -t set -n 5000 -c 10 -r "$KEYS" -d 16 --csv 2>/dev/null | tail -1 | tr -d '"' | cut -d, -f7
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # name
    redis-cli -p "$PORT" --pipe < "$WORK/load.resp" > /dev/null
    sleep 1
    local base; base=$(for _ in 1 2 3 4 5; do p99; done | median)
    local before; before=$(rss_kb)
    : > "$WORK/during"
    ( while [ ! -f "$WORK/done" ]; do p99 >> "$WORK/during"; done ) &
    local bench=$!
    sleep 0.2
    local start; start=$(date +%s%N)
    redis-cli -p "$PORT" bgsave > /dev/null
    local peak=$before
    while [ "$(field rdb_bgsave_in_progress)" = "1" ]; do
        local now; now=$(rss_kb)
        # Redis's child is another process: add its RSS while it lives
        for child in $(pgrep -P "$PID" 2>/dev/null); do
            now=$(( now + $(ps -o rss= -p "$child" | tr -d ' ' || echo 0) ))
        done
        [ "$now" -gt "$peak" ] && peak=$now
        sleep 0.01
    done
    local wall=$(( ($(date +%s%N) - start) / 1000000 ))
    touch "$WORK/done"; wait $bench; rm -f "$WORK/done"
    local during_median; during_median=$(median < "$WORK/during")
    local during_max; during_max=$(sort -n "$WORK/during" | tail -1)
    printf '| %s | %d | %s | %d | %s | %s / %s (%d runs) | %s |\n' "$1" "$KEYS" "$wall" $(( (peak - before) / 1024 )) \
        "$base" "$during_median" "$during_max" "$(wc -l < "$WORK/during")" \
        "$(field rdb_last_bgsave_status), cow $(( $(field rdb_last_cow_size) / 1024 / 1024 )) MB"
}

echo "| server | keys | BGSAVE wall ms | extra RSS MB (peak during save) | SET p99 ms, no save (median of 5 runs) | SET p99 ms during the save (median / worst run) | status |"
echo "|---|---:|---:|---:|---:|---:|---|"

PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
PID=$!
sleep 0.5
measure "redis-server $(redis-server --version | grep -o 'v=[^ ]*')"
redis-cli -p "$PORT" shutdown nosave > /dev/null 2>&1
wait $PID 2>/dev/null
rm -f "$WORK/dump.rdb"

PORT=$(free_port)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --port "$PORT" --bind 127.0.0.1 --save "" --dir "$WORK" > "$WORK/mini.log" 2>&1 &
PID=$!
for _ in $(seq 100); do redis-cli -p "$PORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
measure "mini-redis"
grep -a "Snapshot:" "$WORK/mini.log" | sed 's/^.*Snapshot:/mini-redis snapshot:/'
redis-cli -p "$PORT" shutdown nosave > /dev/null 2>&1
wait $PID 2>/dev/null
