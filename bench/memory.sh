#!/usr/bin/env bash
# Memory per data shape, mini-redis beside a real redis-server, fresh servers for each shape.
#
#   bench/memory.sh                       # every shape, mini-redis as plain `java -jar` (the JVM's own defaults
#                                         # plus the heap options the jar sets itself, cli.HeapDefaults)
#   bench/memory.sh --launcher            # as bin/mini-redis-server starts it (its JVM flags)
#   bench/memory.sh --plain               # `java -jar` without even the jar's own heap options
#   MINI_REDIS_JAVA_OPTS="-XX:+UseSerialGC" bench/memory.sh    # flags of your own on `java -jar`
#   bench/memory.sh --shapes strings,zsets --scale 10          # some shapes, counts divided by 10
#
# Each shape is loaded with `redis-cli --pipe` (the same RESP bytes into both servers). Per server: INFO
# used_memory and RSS (VmRSS) empty and loaded; for mini-redis also the heap in use after a full GC
# (`jcmd GC.run`, then INFO jvm_heap_used), what the data really occupies. Prints one markdown table; raw
# figures go to bench/out/memory-<date-time>/. Never run by CI. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
JAR=$here/mini-redis-core/target/mini-redis-server.jar
SHAPES=strings,ttlstrings,counters,hashes,sets,intsets,zsets,lists,bighash,bigset,bigintset,bigzset,biglist
SCALE=1
PLAIN=0
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-300}
while [ $# -gt 0 ]; do
    case $1 in
        --shapes) SHAPES=$2; shift ;;
        --scale) SCALE=$2; shift ;;
        --plain) PLAIN=1 ;;
        --launcher) MINI_REDIS_JAVA_OPTS=$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)".*/\1/p' "$here/bin/mini-redis-server") ;;
        --jar) JAR=$2; shift ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -B -q -DskipTests package -pl mini-redis-core" >&2; exit 1; }
OUT=$here/bench/out/memory-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
if [ "$PLAIN" = 1 ]; then
    LAUNCH=(java ${MINI_REDIS_JAVA_OPTS:-} -Dmini-redis.jvm-defaults=false -jar "$JAR")
    LAUNCH_LABEL="java ${MINI_REDIS_JAVA_OPTS:-}${MINI_REDIS_JAVA_OPTS:+ }-jar (no defaults)"
else
    LAUNCH=(java ${MINI_REDIS_JAVA_OPTS:-} -jar "$JAR")
    LAUNCH_LABEL="java ${MINI_REDIS_JAVA_OPTS:-}${MINI_REDIS_JAVA_OPTS:+ }-jar"
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

log() { echo "[$(date +%T)] $*" >&2; }
pick_port() { echo $((20000 + RANDOM % 10000)); }
cli() { local port=$1; shift; timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null; }
info_field() { cli "$1" info memory | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2; exit }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# start redis|mini: sets PID and PORT
start() {
    local attempt
    for attempt in 1 2 3 4 5; do
        PORT=$(pick_port)
        if [ "$1" = redis ]; then
            redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no >>"$OUT/redis.log" 2>&1 &
        else
            "${LAUNCH[@]}" --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no >>"$OUT/mini.log" 2>&1 &
        fi
        PID=$!
        PIDS+=("$PID")
        wait_ready "$PID" "$PORT" && return 0
        kill "$PID" 2>/dev/null || true
    done
    echo "could not start $1" >&2
    exit 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# RESP for one command per line of words (no spaces inside a word).
resp() { awk '{ printf "*%d\r\n", NF; for (i = 1; i <= NF; i++) printf "$%d\r\n%s\r\n", length($i), $i }'; }

# gen SHAPE: the commands of a shape, one per line.
gen() {
    local n
    case $1 in
        strings) n=$((1000000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "SET key:%d value:%d\n", i, i }' ;;
        ttlstrings) n=$((1000000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "SET key:%d value:%d EX 100000\n", i, i }' ;;
        counters) n=$((1000000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "SET counter:%d %d\n", i, i % 10000 }' ;;
        hashes) n=$((100000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { printf "HSET hash:%d", i
                for (j = 0; j < 20; j++) printf " field:%d value:%d", j, i + j; print "" } }' ;;
        sets) n=$((100000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { printf "SADD set:%d", i
                for (j = 0; j < 20; j++) printf " member:%d", i + j; print "" } }' ;;
        intsets) n=$((100000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { printf "SADD intset:%d", i
                for (j = 0; j < 20; j++) printf " %d", i * 20 + j; print "" } }' ;;
        zsets) n=$((100000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { printf "ZADD zset:%d", i
                for (j = 0; j < 20; j++) printf " %d member:%d", i + j, j; print "" } }' ;;
        lists) n=$((100000 / SCALE))
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { printf "RPUSH list:%d", i
                for (j = 0; j < 20; j++) printf " element:%d", i + j; print "" } }' ;;
        bighash | bigset | bigintset | bigzset | biglist) n=$((1000000 / SCALE))
            awk -v n="$n" -v shape="$1" 'BEGIN {
                for (i = 0; i < n; i += 100) {
                    if (shape == "bighash") printf "HSET bighash"
                    else if (shape == "bigzset") printf "ZADD bigzset"
                    else if (shape == "biglist") printf "RPUSH biglist"
                    else printf "SADD %s", shape
                    for (j = i; j < i + 100 && j < n; j++) {
                        if (shape == "bighash") printf " field:%d value:%d", j, j
                        else if (shape == "bigzset") printf " %d member:%d", j, j
                        else if (shape == "bigintset") printf " %d", j
                        else printf " member:%d", j
                    }
                    print ""
                } }' ;;
        *) echo "unknown shape $1" >&2; exit 2 ;;
    esac
}

describe() {
    case $1 in
        strings) echo "$((1000000 / SCALE)) × SET key:N value:N" ;;
        ttlstrings) echo "$((1000000 / SCALE)) × SET key:N value:N EX 100000" ;;
        counters) echo "$((1000000 / SCALE)) × SET counter:N (N mod 10000)" ;;
        hashes) echo "$((100000 / SCALE)) hashes × 20 fields" ;;
        sets) echo "$((100000 / SCALE)) sets × 20 members" ;;
        intsets) echo "$((100000 / SCALE)) intsets × 20 integers" ;;
        zsets) echo "$((100000 / SCALE)) sorted sets × 20 members" ;;
        lists) echo "$((100000 / SCALE)) lists × 20 elements" ;;
        bighash) echo "1 hash × $((1000000 / SCALE)) fields" ;;
        bigset) echo "1 set × $((1000000 / SCALE)) members" ;;
        bigintset) echo "1 set × $((1000000 / SCALE)) integers (hashtable)" ;;
        bigzset) echo "1 sorted set × $((1000000 / SCALE)) members" ;;
        biglist) echo "1 list × $((1000000 / SCALE)) elements" ;;
    esac
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "–" }'; }

ROWS=()
for shape in ${SHAPES//,/ }; do
    gen "$shape" | resp >"$OUT/$shape.resp"
    start redis; rpid=$PID; rport=$PORT
    start mini; mpid=$PID; mport=$PORT
    sleep 1
    r_rss0=$(rss_kib "$rpid"); m_rss0=$(rss_kib "$mpid")
    r_used0=$(info_field "$rport" used_memory); m_used0=$(info_field "$mport" used_memory)
    timeout 60 jcmd "$mpid" GC.run >/dev/null 2>&1 || true
    m_live0=$(info_field "$mport" jvm_heap_used)
    log "$shape: loading $(describe "$shape")"
    t0=$(date +%s.%N)
    # bounded: a JVM configuration that thrashes (a heap that cannot grow) must not hold the run forever
    timeout "$LOAD_TIMEOUT" redis-cli -h 127.0.0.1 -p "$rport" --pipe <"$OUT/$shape.resp" >"$OUT/$shape-redis.pipe" 2>&1 \
        || log "  loading Redis failed or timed out, see $OUT/$shape-redis.pipe"
    t1=$(date +%s.%N)
    timeout "$LOAD_TIMEOUT" redis-cli -h 127.0.0.1 -p "$mport" --pipe <"$OUT/$shape.resp" >"$OUT/$shape-mini.pipe" 2>&1 \
        || log "  loading mini-redis failed or timed out after ${LOAD_TIMEOUT}s, see $OUT/$shape-mini.pipe"
    t2=$(date +%s.%N)
    sleep 1
    r_rss=$(rss_kib "$rpid"); m_rss=$(rss_kib "$mpid")
    r_used=$(info_field "$rport" used_memory); m_used=$(info_field "$mport" used_memory)
    [ "$(cli "$rport" dbsize)" = "$(cli "$mport" dbsize)" ] || log "  DBSIZE differs!"
    timeout 60 jcmd "$mpid" GC.run >/dev/null 2>&1 || true
    sleep 0.5
    m_live=$(info_field "$mport" jvm_heap_used)
    m_rss_gc=$(rss_kib "$mpid")
    jcmd "$mpid" GC.heap_info >"$OUT/$shape-heap-info.txt" 2>&1 || true
    stop "$rpid"; stop "$mpid"
    printf '%s\t%s\n' "$shape" "$r_rss0 $r_rss $r_used0 $r_used $m_rss0 $m_rss $m_used0 $m_used $m_live0 $m_live $m_rss_gc $t0 $t1 $t2" \
        >>"$OUT/results.tsv"
    r_data=$((r_used - r_used0)); m_data=$((m_used - m_used0)); m_heap=$((m_live - m_live0))
    ROWS+=("| $(describe "$shape") | $(mib $((r_data))) | $(mib $((m_data))) | $(ratio $m_data $r_data) | $(mib $((m_heap))) | $(ratio $m_heap $r_data) | $(mib $((r_rss * 1024))) | $(mib $((m_rss * 1024))) | $(ratio "$m_rss" "$r_rss") | $(mib $(((m_rss - m_rss0) * 1024))) vs $(mib $(((r_rss - r_rss0) * 1024))) | $(mib $((m_rss_gc * 1024))) | $(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.2f / %.2f", b - a, c - b }') |")
    log "  ${ROWS[-1]}"
done

echo
echo "mini-redis: \`${LAUNCH_LABEL}\` at $(git -C "$here" rev-parse --short HEAD); $(redis-server --version | cut -d' ' -f1-3); $(date -u '+%F %H:%M UTC')"
echo
echo "| shape | Redis data MiB | mini used_memory data MiB | ratio | mini heap after GC MiB | ratio | Redis RSS MiB | mini RSS MiB | ratio | RSS growth mini vs Redis | mini RSS after GC | load s Redis / mini |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "data = used_memory loaded minus empty (Redis: its allocator's figure; mini-redis: its own accounting);"
echo "heap after GC = INFO jvm_heap_used after jcmd GC.run, loaded minus empty. Raw figures: $OUT"
