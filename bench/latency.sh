#!/usr/bin/env bash
# Latency of SET while a fresh server fills up with millions of keys, mini-redis beside a real redis-server.
#
#   bench/latency.sh                                   # 10M SETs of random keys out of 10M, unpipelined, -c 50
#   bench/latency.sh --keys 1000000                    # fewer
#   bench/latency.sh --servers mini --java-opts "-XX:+UseZGC -Xmx4g"    # one JVM configuration, no Redis
#   bench/latency.sh --value-size 1000 --keys 10000000 --servers mini   # a ~10 GB dataset
#   bench/latency.sh --jar /tmp/other.jar --label before                # another build
#
# The load is `redis-benchmark -t set -r KEYS -n KEYS -c 50 -d SIZE --csv` on a fresh server, after an untimed
# warm-up (300k SETs, then FLUSHALL): each request a SET of a random key out of KEYS (about 63% of KEYS distinct
# ones at the end), so the key table grows through every resize while it is measured. redis-benchmark's own
# figures are the latency of every one of those SETs (p50, p99, max), what a client of a filling server sees; a
# pause of the server (a whole-table copy, a garbage collection) stalls all 50 clients at once and shows in the
# maximum, and in p99 when frequent. Per server also: CPU time (utime+stime) per request, DBSIZE, used_memory and
# RSS at the end; for mini-redis the garbage collector's pauses during the measured load, from -Xlog:gc (count,
# total, longest). Prints one markdown table; raw output in bench/out/latency-<date-time>/. Never run by CI.
# See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
JAR=$here/mini-redis-core/target/mini-redis-server.jar
KEYS=10000000
SIZE=3
CLIENTS=50
SERVERS=redis,mini
JAVA_OPTS_GIVEN=
LABEL=
while [ $# -gt 0 ]; do
    case $1 in
        --keys) KEYS=$2; shift ;;
        --value-size) SIZE=$2; shift ;;
        --clients) CLIENTS=$2; shift ;;
        --servers) SERVERS=$2; shift ;;
        --java-opts) JAVA_OPTS_GIVEN=$2; shift ;;
        --jar) JAR=$2; shift ;;
        --label) LABEL=$2; shift ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
JAVA_OPTS=${JAVA_OPTS_GIVEN:-$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)".*/\1/p' "$here/bin/mini-redis-server")}
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -B -q -DskipTests package -pl mini-redis-core" >&2; exit 1; }
OUT=$here/bench/out/latency-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

log() { echo "[$(date +%T)] $*" >&2; }
cli() { local port=$1; shift; timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null; }
info_field() { cli "$1" info "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2; exit }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# utime + stime of a process, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# start redis|mini: sets PID and PORT
start() {
    local attempt
    for attempt in 1 2 3 4 5; do
        PORT=$((20000 + RANDOM % 10000))
        if [ "$1" = redis ]; then
            redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no >"$OUT/redis.log" 2>&1 &
        else
            # shellcheck disable=SC2086
            java $JAVA_OPTS -Xlog:gc,gc+phases:file="$OUT/gc.log":uptime -jar "$JAR" --port "$PORT" --bind 127.0.0.1 --save '' \
                --appendonly no >"$OUT/mini.log" 2>&1 &
        fi
        PID=$!
        PIDS+=("$PID")
        wait_ready "$PID" "$PORT" && return 0
        kill "$PID" 2>/dev/null || true
    done
    echo "could not start $1" >&2
    exit 1
}

# Pauses in a -Xlog:gc,gc+phases log: "count total_ms max_ms" (lines such as "[1.234s] GC(3) Pause Young ... 12.345ms";
# ZGC logs its pauses, "Pause Mark Start 0.012ms", under gc+phases).
gc_pauses() {
    [ -f "$1" ] || { echo "- - -"; return; }
    awk '/Pause/ && match($0, /[0-9.]+ms$/) { ms = substr($0, RSTART, RLENGTH - 2) + 0; n++; t += ms; if (ms > m) m = ms }
        END { printf "%d %.0f %.1f\n", n, t, m }' "$1"
}

ROWS=()
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
for server in ${SERVERS//,/ }; do
    start "$server"
    pid=$PID; port=$PORT
    # the same untimed warm-up for both (the JVM compiles its hot paths meanwhile), then an empty server again
    redis-benchmark -h 127.0.0.1 -p "$port" -t set -r 100000 -n 300000 -c "$CLIENTS" -d "$SIZE" -q >/dev/null 2>&1
    cli "$port" flushall >/dev/null
    sleep 1
    gc_from=$( [ -f "$OUT/gc.log" ] && wc -l <"$OUT/gc.log" || echo 0)
    before_load=$(load_avg)
    cpu0=$(cpu_ticks "$pid")
    log "$server: $KEYS SETs of random keys out of $KEYS, -c $CLIENTS -d $SIZE (load $before_load)"
    redis-benchmark -h 127.0.0.1 -p "$port" -t set -r "$KEYS" -n "$KEYS" -c "$CLIENTS" -d "$SIZE" --csv \
        >"$OUT/$server.csv" 2>"$OUT/$server.err"
    cpu1=$(cpu_ticks "$pid")
    after_load=$(load_avg)
    keys=$(cli "$port" dbsize)
    used=$(info_field "$port" memory used_memory)
    rss=$(rss_kib "$pid")
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    IFS=, read -r _ rps _ _ p50 _ p99 max < <(tail -1 "$OUT/$server.csv" | tr -d '"')
    if [ "$server" = mini ]; then
        tail -n +$((gc_from + 1)) "$OUT/gc.log" >"$OUT/gc-measured.log"
        read -r gcn gct gcmax < <(gc_pauses "$OUT/gc-measured.log")
        what="mini-redis${LABEL:+ ($LABEL)}, \`$JAVA_OPTS\`"
    else
        gcn=–; gct=–; gcmax=–
        what="Redis $(redis-server --version | awk '{ print $3 }' | cut -d= -f2)"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
    us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$KEYS" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
    ROWS+=("| $what | $rps | $p50 | $p99 | $max | $us | $keys | $(awk -v b="$used" 'BEGIN { printf "%.0f", b / 1048576 }') | $((rss / 1024)) | $gcn | $gct | $gcmax | $before_load → $after_load |")
    log "  ${ROWS[-1]}"
done

echo
echo "\`redis-benchmark -t set -r $KEYS -n $KEYS -c $CLIENTS -d $SIZE\` on fresh servers, mini-redis at $(git -C "$here" rev-parse --short HEAD) ($(basename "$JAR")), $(date -u '+%F %H:%M UTC')"
echo
echo "| server | rps | p50 ms | p99 ms | max ms | server CPU µs/req | keys | used_memory MiB | RSS MiB | GC pauses | GC pause total ms | longest GC pause ms | load avg before → after |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Raw output: $OUT"
