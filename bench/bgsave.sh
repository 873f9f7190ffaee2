#!/usr/bin/env bash
# BGSAVE of a large keyspace, mini-redis side by side with redis-server: wall time of the save, extra memory (peak
# RSS during the save minus RSS before), and the p99 latency of a concurrent redis-benchmark (GET, 10 clients)
# during the save against the same benchmark without a save. For mini-redis also the keyspace thread's own time
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

# the dataset: SET key:<n> <16 bytes>, as a RESP stream for redis-cli --pipe
python3 - "$KEYS" > "$WORK/load.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"key:%d" % i
    v = b"value-%010d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
PY

p99() { # redis-benchmark --csv: "test","rps","avg","min","p50","p95","p99","max"
    redis-benchmark -p "$PORT" -t get -n "$1" -c 10 -r "$KEYS" --csv 2>/dev/null | tail -1 | tr -d '"' | cut -d, -f7
}

measure() { # name
    redis-cli -p "$PORT" --pipe < "$WORK/load.resp" > /dev/null
    sleep 1
    local base; base=$(p99 200000)
    local before; before=$(rss_kb)
    redis-benchmark -p "$PORT" -t get -n 400000 -c 10 -r "$KEYS" --csv > "$WORK/during.csv" 2>/dev/null &
    local bench=$!
    sleep 0.3
    local start; start=$(date +%s%N)
    redis-cli -p "$PORT" bgsave > /dev/null
    local peak=$before
    while [ "$(field rdb_bgsave_in_progress)" = "1" ]; do
        local now; now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now
        # Redis's child is another process: add its RSS while it lives
        for child in $(pgrep -P "$PID" 2>/dev/null); do
            now=$(( $(rss_kb) + $(ps -o rss= -p "$child" | tr -d ' ' || echo 0) )); [ "$now" -gt "$peak" ] && peak=$now
        done
        sleep 0.01
    done
    local wall=$(( ($(date +%s%N) - start) / 1000000 ))
    wait $bench
    local during; during=$(tail -1 "$WORK/during.csv" | tr -d '"' | cut -d, -f7)
    printf '| %s | %d | %s | %d | %s | %s | %s |\n' "$1" "$KEYS" "$wall" $(( (peak - before) / 1024 )) "$base" "$during" \
        "$(field rdb_last_bgsave_status), cow $(( $(field rdb_last_cow_size) / 1024 / 1024 )) MB"
}

echo "| server | keys | BGSAVE wall ms | extra RSS MB (peak during save) | GET p99 ms without save | GET p99 ms during save | status |"
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
