#!/usr/bin/env bash
# Compares mini-redis with a real redis-server using redis-benchmark, on this machine, with identical parameters.
#
#   bench/run.sh                 full run (about 20-40 minutes on 2 cores), rewrites the generated block of
#                                docs/benchmarks.md
#   bench/run.sh --quick         small request counts, one round, no doc update: checks that everything works
#   bench/run.sh --help          every option and environment variable
#
# Both servers run on loopback, on free ports, with persistence off. Each test runs against Redis, then
# mini-redis, then again (A B A B ...), so slow drift of the machine (other load, thermal, caches) hits both the
# same way; the table shows the median over the rounds. See bench/README.md for what the numbers mean.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------------------------------------------------------
# Settings: environment variables give the defaults, command-line options override them.

# The JVM flags mini-redis runs with: what the launcher should use (ParallelGC: see bench/README.md, "JVM flags");
# set MINI_REDIS_JAVA_OPTS (even to "") to try others. Recorded in the report.
DEFAULT_JAVA_OPTS="-XX:+UseParallelGC -Xms64m -Xmn24m" # keep in step with bin/mini-redis-server
JAVA_OPTS=${MINI_REDIS_JAVA_OPTS-$DEFAULT_JAVA_OPTS}

ALL_TESTS="set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600,mset,evalsha,eval,setbit,bitcount,pfadd,pfcount,geoadd,geosearch,xadd,xrange,xreadgroup"
# Tests that are not redis-benchmark -t names: see custom_command below.
CUSTOM_TESTS="evalsha,eval,setbit,bitcount,pfadd,pfcount,geoadd,geosearch,xadd,xrange,xreadgroup"
LOCK_SCRIPT="redis.call('set', KEYS[1], ARGV[1]) redis.call('pexpire', KEYS[1], 30000) return redis.call('get', KEYS[1])"
LOCK_SHA=$(printf '%s' "$LOCK_SCRIPT" | sha1sum | cut -d' ' -f1)
TESTS=${BENCH_TESTS:-$ALL_TESTS}
SHAPES=${BENCH_SHAPES:-plain,pipelined,1k,evicting}
# The evicting shape: both servers limited to EVICT_MAXMEMORY with allkeys-lru, filled past it first, then SETs
# over EVICT_KEYSPACE random keys, so that (nearly) every write evicts a key.
EVICT_TESTS=${BENCH_EVICT_TESTS:-set,incr,mset}
EVICT_MAXMEMORY=${BENCH_EVICT_MAXMEMORY:-32mb}
EVICT_KEYSPACE=${BENCH_EVICT_KEYSPACE:-1000000}
N_EVICT_FILL=${BENCH_N_EVICT_FILL:-1000000}
ROUNDS=${BENCH_ROUNDS:-2}
CLIENTS=${BENCH_CLIENTS:-50}
PIPELINE=${BENCH_PIPELINE:-16}
KEYSPACE=${BENCH_KEYSPACE:-100000}
N_PLAIN=${BENCH_N:-200000}
N_PIPELINED=${BENCH_N_PIPELINED:-1000000}
N_1K=${BENCH_N_1K:-$N_PLAIN}
N_WARMUP=${BENCH_N_WARMUP:-200000}
N_MEMORY=${BENCH_N_MEMORY:-1000000}
MEMORY_KEYSPACE=${BENCH_MEMORY_KEYSPACE:-1000000}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-900}        # seconds, per redis-benchmark invocation
START_TIMEOUT=${BENCH_START_TIMEOUT:-60}   # seconds for a server to answer PING
DOC=${BENCH_DOC:-$ROOT/docs/benchmarks.md}
OUT=${BENCH_OUT:-}
WRITE_DOC=1
FORCE_DOC=0
BUILD=1
THROUGHPUT=1
MEMORY=1
MVN_ARGS=${BENCH_MVN_ARGS:-}

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

Options (each also settable by the environment variable in brackets):
  --quick               small counts (-n 20000 / 100000, warm-up 20000, memory 100000 keys), 1 round, no doc
  --rounds N            rounds per test, each runs Redis then mini-redis [BENCH_ROUNDS, default 2]
  --tests a,b,...       redis-benchmark tests [BENCH_TESTS, default $ALL_TESTS];
                        besides -t names: $CUSTOM_TESTS (see custom_command in this script)
  --shapes a,b,...      plain (-c $CLIENTS), pipelined (-c $CLIENTS -P $PIPELINE), 1k (-c $CLIENTS -d 1024),
                        evicting (-c $CLIENTS -r $EVICT_KEYSPACE under maxmemory $EVICT_MAXMEMORY allkeys-lru, tests
                        $EVICT_TESTS) [BENCH_SHAPES, default plain,pipelined,1k,evicting]
  -n N                  requests per test, unpipelined shapes [BENCH_N, default 200000; BENCH_N_1K for 1k]
  --n-pipelined N       requests per test, pipelined shape [BENCH_N_PIPELINED, default 1000000]
  --n-memory N          SETs of the memory test, random keys out of as many [BENCH_N_MEMORY, default 1000000]
  --no-memory           skip the memory test          --memory-only    only the memory test
  --no-build            use the existing mini-redis-core/target/mini-redis-server.jar
  --no-doc              do not touch docs/benchmarks.md (the report still goes to the output directory)
  --doc                 update it even with --quick (BENCH_DOC=other.md to try the rewrite on a copy)
  --out DIR             where logs, raw results and the report go [BENCH_OUT, default bench/out/<time>]

Environment only:
  MINI_REDIS_JAVA_OPTS  JVM flags for mini-redis [default: $DEFAULT_JAVA_OPTS]
  BENCH_EVICT_TESTS, BENCH_EVICT_MAXMEMORY, BENCH_EVICT_KEYSPACE, BENCH_N_EVICT_FILL (SETs that fill past
  maxmemory before the evicting shape, default 1000000)
  BENCH_CLIENTS, BENCH_PIPELINE, BENCH_KEYSPACE (-r, default 100000), BENCH_N_WARMUP, BENCH_TIMEOUT (s per
  redis-benchmark run), BENCH_START_TIMEOUT, BENCH_DOC (report file), BENCH_MVN_ARGS (e.g. -o)
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) N_PLAIN=20000; N_1K=20000; N_PIPELINED=100000; N_WARMUP=20000; N_MEMORY=100000
                 MEMORY_KEYSPACE=100000; N_EVICT_FILL=400000; ROUNDS=1; WRITE_DOC=0 ;;
        --rounds) ROUNDS=$2; shift ;;
        --tests) TESTS=$2; shift ;;
        --shapes) SHAPES=$2; shift ;;
        -n) N_PLAIN=$2; N_1K=$2; shift ;;
        --n-pipelined) N_PIPELINED=$2; shift ;;
        --n-memory) N_MEMORY=$2; MEMORY_KEYSPACE=$2; shift ;;
        --no-memory) MEMORY=0 ;;
        --memory-only) THROUGHPUT=0 ;;
        --no-build) BUILD=0 ;;
        --no-doc) WRITE_DOC=0 ;;
        --doc) FORCE_DOC=1 ;;
        --out) OUT=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ "$FORCE_DOC" = 1 ] && WRITE_DOC=1

for shape in ${SHAPES//,/ }; do
    case "$shape" in
        plain|pipelined|1k|evicting) ;;
        *) echo "Unknown shape '$shape': plain, pipelined, 1k or evicting" >&2; exit 2 ;;
    esac
done
if ! [[ $TESTS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] || ! [[ $EVICT_TESTS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]]; then
    echo "Tests are redis-benchmark -t names separated by commas, got '$TESTS'" >&2
    exit 2
fi

for number in ROUNDS CLIENTS PIPELINE KEYSPACE N_PLAIN N_PIPELINED N_1K N_WARMUP N_MEMORY BENCH_TIMEOUT \
    EVICT_KEYSPACE N_EVICT_FILL; do
    if ! [[ ${!number} =~ ^[0-9]+$ ]] || [ "${!number}" -lt 1 ]; then
        echo "$number must be a positive integer, got '${!number}'" >&2
        exit 2
    fi
done

JAR=$ROOT/mini-redis-core/target/mini-redis-server.jar
OUT=${OUT:-$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv     # one line per redis-benchmark run
REPORT=$OUT/report.md        # the generated block, as it goes into docs/benchmarks.md

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Server processes: every one started is recorded at once, so an exit, an error or CTRL-C stops it.

STARTED_PIDS=()
CLIENT_PID=

stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid ignored SIGTERM for 10 s, killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}

cleanup() {
    local pid
    trap - EXIT INT TERM
    [ -n "$CLIENT_PID" ] && kill -KILL "$CLIENT_PID" 2>/dev/null
    for pid in "${STARTED_PIDS[@]}"; do
        stop_pid "$pid"
    done
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# True when something accepts connections on the port.
port_listening() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local port i
    for i in $(seq 1 200); do
        port=$((20000 + RANDOM % 30000))
        if ! port_listening "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

cli() { # cli PORT args...: redis-cli that cannot hang
    local port=$1
    shift
    timeout 10 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

info_field() { # info_field PORT SECTION FIELD
    cli "$1" info "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2; exit }'
}

# start_server redis|mini NAME: starts a server on a free port; sets SERVER_PID and SERVER_PORT.
start_server() {
    local kind=$1 name=$2 attempt port pid logfile=$OUT/$2.log
    local java_opts=()
    read -r -a java_opts <<<"$JAVA_OPTS"
    for attempt in 1 2 3 4 5; do
        port=$(pick_port)
        echo "=== $(date '+%F %T') starting on port $port" >>"$logfile"
        if [ "$kind" = redis ]; then
            redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
                --dir "$OUT" >>"$logfile" 2>&1 &
        else
            java "${java_opts[@]}" -jar "$JAR" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
                >>"$logfile" 2>&1 &
        fi
        pid=$!
        STARTED_PIDS+=("$pid")
        if wait_ready "$pid" "$port"; then
            SERVER_PID=$pid
            SERVER_PORT=$port
            log "$name: pid $pid, port $port"
            return 0
        fi
        stop_pid "$pid"
        log "$name did not start on port $port (attempt $attempt); last lines of $logfile:"
        tail -n 5 "$logfile" >&2
    done
    die "could not start $name"
}

REDIS_PID=; REDIS_PORT=; MINI_PID=; MINI_PORT=
start_redis() { start_server redis redis-server; REDIS_PID=$SERVER_PID; REDIS_PORT=$SERVER_PORT; }
start_mini() { start_server mini mini-redis; MINI_PID=$SERVER_PID; MINI_PORT=$SERVER_PORT; }
stop_servers() {
    [ -n "$REDIS_PID" ] && stop_pid "$REDIS_PID"
    [ -n "$MINI_PID" ] && stop_pid "$MINI_PID"
    REDIS_PID=; MINI_PID=
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# CPU time (user + system) the process has used, in milliseconds.
cpu_ms() {
    local ticks
    ticks=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    echo $((${ticks:-0} * 1000 / CLK_TCK))
}

# run_client SERVER_PID OUT ERR redis-benchmark-args...: runs redis-benchmark in the background and watches it.
# redis-benchmark never gives up on a server that went away (it spins reconnecting at 100% CPU), so the run is
# cut short when the server exits or BENCH_TIMEOUT passes. Sets CLIENT_RC and CLIENT_STATUS (ok, timeout, crashed).
run_client() {
    local server_pid=$1 out=$2 err=$3 deadline=$((SECONDS + BENCH_TIMEOUT))
    shift 3
    redis-benchmark -h 127.0.0.1 "$@" >"$out" 2>"$err" &
    CLIENT_PID=$!
    CLIENT_STATUS=ok
    while kill -0 "$CLIENT_PID" 2>/dev/null; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            CLIENT_STATUS=crashed
        elif [ $SECONDS -ge $deadline ]; then
            CLIENT_STATUS=timeout
        else
            sleep 0.25
            continue
        fi
        kill -KILL "$CLIENT_PID" 2>/dev/null
        break
    done
    wait "$CLIENT_PID"
    CLIENT_RC=$?
    CLIENT_PID=
}

# ---------------------------------------------------------------------------------------------------------------
# Preparation: tools, the server jar, a description of the machine.

ensure_tools() {
    if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null \
        || ! command -v redis-cli >/dev/null; then
        command -v apt-get >/dev/null || die "redis-server, redis-cli and redis-benchmark are needed"
        local sudo=
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        log "installing redis-server and redis-tools"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq redis-server redis-tools >&2 \
            || die "apt-get install redis-server redis-tools failed"
    fi
    command -v java >/dev/null || die "java (17 or newer) is needed"
    command -v timeout >/dev/null || die "timeout (coreutils) is needed"
}

build_jar() {
    if [ "$BUILD" = 1 ]; then
        log "building mini-redis-server.jar"
        # shellcheck disable=SC2086 # MVN_ARGS is a list of options
        (cd "$ROOT" && ./mvnw -B -q $MVN_ARGS -DskipTests package -pl mini-redis-core) >"$OUT/build.log" 2>&1 \
            || { tail -n 30 "$OUT/build.log" >&2; die "build failed (log: $OUT/build.log)"; }
    fi
    [ -f "$JAR" ] || die "$JAR is missing (run without --no-build)"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

describe_machine() {
    CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    [ -n "$CPU_MODEL" ] || CPU_MODEL=$(uname -m)
    CORES=$(nproc)
    RAM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    KERNEL=$(uname -sr)
    JAVA_VERSION="$(java -version 2>&1 | head -n 1), $(java -version 2>&1 | sed -n 3p)"
    REDIS_VERSION=$(redis-server --version | sed 's/Redis server //; s/ sha=.*malloc=/ malloc=/; s/ bits=.*//')
    BENCH_VERSION=$(redis-benchmark --version 2>/dev/null || echo "?")
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
    if [ -n "$(git -C "$ROOT" status --porcelain -- mini-redis-core 2>/dev/null)" ]; then
        COMMIT="$COMMIT (with uncommitted changes in mini-redis-core)"
    fi
    CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
}

# ---------------------------------------------------------------------------------------------------------------
# Throughput: redis-benchmark, one test per run, A B A B.

# Tests redis-benchmark has no -t name for: a command line it sends as is (__rand_int__ is replaced by a random
# number below -r). Scripts are loaded into both servers first (custom_setup), so EVALSHA finds them.
custom_command() {
    case "$1" in
        evalsha) echo "EVALSHA $LOCK_SHA 1 lock:__rand_int__ owner" ;; # a 3-command script, as a lock's
        eval) echo "EVAL return_1 0" ;;                                # the smallest script (see custom_args)
        setbit) echo "SETBIT bits:__rand_int__ 100 1" ;;                # a 13-byte bitmap per key (an offset
                                                                       # cannot be __rand_int__: zero-padded)
        bitcount) echo "BITCOUNT bits:count" ;;                         # a 12 KiB bitmap (custom_setup)
        pfadd) echo "PFADD hll:add __rand_int__" ;;                     # turns dense after the first thousands
        pfcount) echo "PFCOUNT hll:count" ;;                            # dense; mostly its cached count
        geoadd) echo "GEOADD geo:add 13.361389 38.115556 m:__rand_int__" ;;
        geosearch) echo "GEOSEARCH geo:points FROMLONLAT 15 37 BYRADIUS 50 km ASC COUNT 10" ;; # 1000 points
        xadd) echo "XADD stream:add * field __rand_int__" ;;            # one stream, growing by the test's -n
        # A page of 10 from a random place in a fixed stream of $KEYSPACE entries with IDs <i>-1 (custom_setup):
        # __rand_int__ is zero-padded, which an ID's milliseconds accept as strtoull does.
        xrange) echo "XRANGE stream:fixed __rand_int__ + COUNT 10" ;;
        # One new entry per call from a long stream, into the group's pending list (custom_setup recreates the
        # group before each run, so each run reads the stream from its start).
        xreadgroup) echo "XREADGROUP GROUP readers c1 COUNT 1 STREAMS stream:group >" ;;
        *) return 1 ;;
    esac
}
is_custom() { custom_command "$1" >/dev/null; }
# custom_args TEST: the words redis-benchmark gets; EVAL's body has a space, which a word list cannot hold.
custom_args() {
    if [ "$1" = eval ]; then
        printf '%s\n' EVAL "return 1" 0
    else
        custom_command "$1" | tr ' ' '\n'
    fi
}
custom_setup() {
    local port=$1 test=${2:-}
    cli "$port" script load "$LOCK_SCRIPT" >/dev/null
    # The keys the bitmap, HyperLogLog and geo reads work on, made once per server (the same on both).
    if [ "$(cli "$port" exists bits:count hll:count geo:points)" != 3 ]; then
        cli "$port" setbit bits:count 99999 1 >/dev/null
        cli "$port" eval "for i = 0, 99999, 3 do redis.call('setbit', KEYS[1], i, 1) end" 1 bits:count >/dev/null
        cli "$port" eval "for i = 1, 20000 do redis.call('pfadd', KEYS[1], i) end" 1 hll:count >/dev/null
        # 1000 points on a grid over Sicily and the sea around it, a few tens within the search's 50 km.
        cli "$port" eval "for i = 0, 999 do redis.call('geoadd', KEYS[1], 12 + (i % 40) * 0.1, 36 + math.floor(i / 40) * 0.1, 'p' .. i) end" 1 geo:points >/dev/null
    fi
    case "$test" in
        xadd) cli "$port" del stream:add >/dev/null ;; # each run appends to a new stream: nothing piles up
        xrange)
            if [ "$(cli "$port" exists stream:fixed)" != 1 ]; then
                cli "$port" eval "for i = 1, tonumber(ARGV[1]) do redis.call('xadd', KEYS[1], i .. '-1', 'field', i) end" \
                    1 stream:fixed "$KEYSPACE" >/dev/null
            fi
            ;;
        xreadgroup)
            # as many entries as the largest run reads, added in slices of 100000 (each script stays short)
            local wanted=$((N_PIPELINED > N_PLAIN ? N_PIPELINED : N_PLAIN)) have
            have=$(cli "$port" xlen stream:group)
            while [ "$have" -lt "$wanted" ]; do
                cli "$port" eval "for i = 1, 100000 do redis.call('xadd', KEYS[1], '*', 'field', i) end" 1 stream:group >/dev/null
                have=$(cli "$port" xlen stream:group)
            done
            cli "$port" xgroup destroy stream:group readers >/dev/null
            cli "$port" xgroup create stream:group readers 0 >/dev/null
            ;;
    esac
}

# The commands a redis-benchmark test sends (lrange_* fills the list with LPUSH first).
commands_of() {
    if is_custom "$1"; then
        custom_command "$1" | cut -d' ' -f1
        return
    fi
    case "$1" in
        lrange*) echo "LPUSH LRANGE" ;;
        ping*) echo "PING" ;;
        *) echo "$1" | tr '[:lower:]' '[:upper:]' ;;
    esac
}

# Whether the server has a command: COMMAND INFO answers nil for an unknown one.
has_command() {
    local name
    name=$(echo "$2" | tr '[:upper:]' '[:lower:]')
    [ "$(cli "$1" command info "$name" | head -n 1)" = "$name" ]
}

# The first command of a test that the server lacks, if any.
missing_command() {
    local c
    for c in $(commands_of "$2"); do
        if ! has_command "$1" "$c"; then
            echo "$c"
            return
        fi
    done
}

shape_args() {
    case "$1" in
        plain) echo "-c $CLIENTS -n $N_PLAIN" ;;
        pipelined) echo "-c $CLIENTS -P $PIPELINE -n $N_PIPELINED" ;;
        1k) echo "-c $CLIENTS -d 1024 -n $N_1K" ;;
        evicting) echo "-c $CLIENTS -r $EVICT_KEYSPACE -n $N_PLAIN" ;; # this -r comes last: it wins
        *) die "unknown shape '$1' (plain, pipelined, 1k, evicting)" ;;
    esac
}

shape_title() {
    case "$1" in
        plain) echo "Unpipelined: \`-c $CLIENTS -n $N_PLAIN\`" ;;
        pipelined) echo "Pipelined: \`-c $CLIENTS -P $PIPELINE -n $N_PIPELINED\`" ;;
        1k) echo "1 KiB values: \`-c $CLIENTS -d 1024 -n $N_1K\`" ;;
        evicting) echo "While evicting: \`maxmemory $EVICT_MAXMEMORY\`, \`allkeys-lru\`, filled past the limit, then \`-c $CLIENTS -r $EVICT_KEYSPACE -n $N_PLAIN\`" ;;
    esac
}

# The tests a shape runs: the evicting shape runs only tests that write new random keys.
shape_tests() {
    if [ "$1" = evicting ]; then echo "$EVICT_TESTS"; else echo "$TESTS"; fi
}

# Before a shape: the evicting one limits both servers and fills them past the limit (untimed), so every
# measured write has to evict.
shape_setup() {
    [ "$1" = evicting ] || return 0
    local target
    for target in "$REDIS_PID:$REDIS_PORT" "$MINI_PID:$MINI_PORT"; do
        cli "${target#*:}" config set maxmemory-policy allkeys-lru >/dev/null
        cli "${target#*:}" config set maxmemory "$EVICT_MAXMEMORY" >/dev/null
        run_client "${target%:*}" /dev/null /dev/null -p "${target#*:}" -r "$EVICT_KEYSPACE" -c "$CLIENTS" \
            -P "$PIPELINE" -n "$N_EVICT_FILL" -t set -q
        log "evicting: port ${target#*:} filled: $(cli "${target#*:}" dbsize) keys, evicted_keys $(info_field "${target#*:}" stats evicted_keys)"
    done
}

shape_teardown() {
    [ "$1" = evicting ] || return 0
    local port
    for port in "$REDIS_PORT" "$MINI_PORT"; do
        log "evicting: port $port: evicted_keys $(info_field "$port" stats evicted_keys), used_memory $(info_field "$port" memory used_memory)"
        cli "$port" config set maxmemory 0 >/dev/null
        cli "$port" config set maxmemory-policy noeviction >/dev/null
        cli "$port" flushall >/dev/null
    done
}

# bench_once SERVER PID PORT SHAPE TEST ROUND: one redis-benchmark run, one line appended to $RESULTS:
#   shape test server round status rps avg p50 p95 p99 max cpu_us_per_request detail
bench_once() {
    local server=$1 pid=$2 port=$3 shape=$4 test=$5 round=$6
    local base=$OUT/raw/$shape-$test-$server-$round args rc cpu_before cpu_after status detail line lines
    mkdir -p "$OUT/raw"
    # shellcheck disable=SC2207
    args=($(shape_args "$shape"))
    local command=(-t "$test")
    if is_custom "$test"; then
        custom_setup "$port" "$test"
        mapfile -t command < <(custom_args "$test")
    fi
    cpu_before=$(cpu_ms "$pid")
    run_client "$pid" "$base.csv" "$base.err" -p "$port" -r "$KEYSPACE" "${args[@]}" --csv "${command[@]}"
    rc=$CLIENT_RC
    cpu_after=$(cpu_ms "$pid")
    # The test's own line is the last one; lrange_* has an "LPUSH (needed to benchmark LRANGE)" line before it.
    line=$(grep -v '^"test"' "$base.csv" | grep '^"' | tail -n 1 | tr -d '"')
    lines=$(grep -v '^"test"' "$base.csv" | grep -c '^"')
    detail=
    if grep -qi "unknown command" "$base.csv" "$base.err"; then
        status=not-implemented
        detail=$(grep -hi -m 1 "unknown command" "$base.csv" "$base.err")
    elif [ "$CLIENT_STATUS" = timeout ]; then
        status=timeout
        detail="no result after ${BENCH_TIMEOUT}s"
    elif [ "$CLIENT_STATUS" = crashed ] || ! kill -0 "$pid" 2>/dev/null; then
        status=crashed
        detail="server exited during the run"
    elif [ $rc -ne 0 ] || [ -z "$line" ]; then
        status=error
        detail=$(grep -hv '^"' "$base.csv" "$base.err" | grep -v '^\s*$' | head -n 1)
        detail=${detail:-exit code $rc}
    else
        status=ok
    fi
    if [ "$status" = ok ]; then
        local requests=$((${args[-1]} * lines))
        local cpu_us
        cpu_us=$(awk -v ms=$((cpu_after - cpu_before)) -v n="$requests" 'BEGIN { printf "%.2f", ms * 1000 / n }')
        # line: name,rps,avg,min,p50,p95,p99,max
        echo "$line" | awk -F, -v OFS='\t' -v s="$shape" -v t="$test" -v srv="$server" -v r="$round" \
            -v cpu="$cpu_us" '{ print s, t, srv, r, "ok", $2, $3, $5, $6, $7, $8, cpu, "" }' >>"$RESULTS"
        log "  $server round $round: $(echo "$line" | awk -F, '{ printf "%s rps, p50 %s ms, p99 %s ms", $2, $5, $7 }')"
    else
        printf '%s\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t%s\n' "$shape" "$test" "$server" "$round" "$status" \
            "$(echo "$detail" | tr '\t\r' '  ')" >>"$RESULTS"
        log "  $server round $round: $status${detail:+ ($detail)}"
    fi
}

# Restarts a server that died, so one crash costs one row, not the rest of the run.
ensure_alive() {
    if [ -n "$REDIS_PID" ] && ! kill -0 "$REDIS_PID" 2>/dev/null; then
        log "redis-server exited; restarting it"; RESTARTS="$RESTARTS redis-server"
        start_redis
        warm_up "$REDIS_PID:$REDIS_PORT"
    fi
    if [ -n "$MINI_PID" ] && ! kill -0 "$MINI_PID" 2>/dev/null; then
        log "mini-redis exited; restarting it"; RESTARTS="$RESTARTS mini-redis"
        start_mini
        warm_up "$MINI_PID:$MINI_PORT"
    fi
}

warm_up() {
    # The JIT compiles mini-redis's hot paths during its first few hundred thousand requests. Both servers get
    # the same untimed warm-up, so neither is measured cold and the first row is not penalized.
    local target # each argument: PID:PORT
    log "warm-up: $N_WARMUP requests of set,get,incr,mset, plain and pipelined, ports ${*#*:}"
    for target in "$@"; do
        run_client "${target%:*}" /dev/null /dev/null -p "${target#*:}" -r "$KEYSPACE" -c "$CLIENTS" \
            -n "$N_WARMUP" -t set,get,incr,mset -q
        run_client "${target%:*}" /dev/null /dev/null -p "${target#*:}" -r "$KEYSPACE" -c "$CLIENTS" \
            -P "$PIPELINE" -n $((N_WARMUP * 5)) -t set,get,incr,mset -q
    done
}

run_throughput() {
    local shape test round missing
    RESTARTS=
    start_redis
    start_mini
    warm_up "$REDIS_PID:$REDIS_PORT" "$MINI_PID:$MINI_PORT"
    for shape in ${SHAPES//,/ }; do
        shape_args "$shape" >/dev/null
        shape_setup "$shape"
        for test in $(shape_tests "$shape" | tr ',' ' '); do
            log "$shape / $test"
            missing=$(missing_command "$MINI_PORT" "$test")
            for round in $(seq 1 "$ROUNDS"); do
                ensure_alive
                bench_once redis "$REDIS_PID" "$REDIS_PORT" "$shape" "$test" "$round"
                if [ -n "$missing" ]; then
                    # Not run: it would only measure how fast mini-redis says "unknown command".
                    printf '%s\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t%s\n' "$shape" "$test" mini "$round" \
                        not-implemented "COMMAND INFO ${missing,,} is empty" >>"$RESULTS"
                    [ "$round" = 1 ] && log "  mini: not implemented ($missing)"
                else
                    bench_once mini "$MINI_PID" "$MINI_PORT" "$shape" "$test" "$round"
                fi
            done
        done
        shape_teardown "$shape"
    done
    MINI_RSS_AFTER_THROUGHPUT=$(rss_kib "$MINI_PID")
    REDIS_RSS_AFTER_THROUGHPUT=$(rss_kib "$REDIS_PID")
    stop_servers
}

# ---------------------------------------------------------------------------------------------------------------
# Memory: fresh servers, N_MEMORY SETs of 16-byte values over MEMORY_KEYSPACE random keys.

MEM_ROWS=()
run_memory() {
    local redis_rss0 mini_rss0 redis_used0 mini_live0 redis_rss mini_rss redis_used mini_used redis_keys mini_keys
    local mini_live mini_rss_gc load_args
    start_redis
    start_mini
    sleep 1
    redis_rss0=$(rss_kib "$REDIS_PID")
    mini_rss0=$(rss_kib "$MINI_PID")
    redis_used0=$(info_field "$REDIS_PORT" memory used_memory)
    mini_live0=$(mini_live_heap empty)
    load_args=(-t set -r "$MEMORY_KEYSPACE" -n "$N_MEMORY" -d 16 -P "$PIPELINE" -c "$CLIENTS" -q)
    log "memory: loading $N_MEMORY SETs (-r $MEMORY_KEYSPACE -d 16 -P $PIPELINE) into redis-server"
    run_client "$REDIS_PID" "$OUT/memory-load-redis.txt" "$OUT/memory-load-redis.err" -p "$REDIS_PORT" \
        "${load_args[@]}"
    [ "$CLIENT_RC" = 0 ] || log "  redis-benchmark failed ($CLIENT_STATUS), see $OUT/memory-load-redis.*"
    log "memory: loading the same into mini-redis"
    run_client "$MINI_PID" "$OUT/memory-load-mini.txt" "$OUT/memory-load-mini.err" -p "$MINI_PORT" \
        "${load_args[@]}"
    [ "$CLIENT_RC" = 0 ] || log "  redis-benchmark failed ($CLIENT_STATUS), see $OUT/memory-load-mini.*"
    sleep 1
    redis_keys=$(cli "$REDIS_PORT" dbsize)
    mini_keys=$(cli "$MINI_PORT" dbsize)
    redis_rss=$(rss_kib "$REDIS_PID")
    mini_rss=$(rss_kib "$MINI_PID")
    redis_used=$(info_field "$REDIS_PORT" memory used_memory)
    mini_used=$(info_field "$MINI_PORT" memory used_memory)
    mini_live=$(mini_live_heap loaded)
    mini_rss_gc=$(rss_kib "$MINI_PID")
    stop_servers

    MEM_ROWS=(
        "| keys after loading (DBSIZE) | $redis_keys | $mini_keys | |"
        "| RSS, empty server | $(mib_of_kib "$redis_rss0") | $(mib_of_kib "$mini_rss0") | $(ratio "$mini_rss0" "$redis_rss0") |"
        "| RSS, loaded | $(mib_of_kib "$redis_rss") | $(mib_of_kib "$mini_rss") | $(ratio "$mini_rss" "$redis_rss") |"
        "| RSS growth per key | $(per_key "$redis_rss" "$redis_rss0" "$redis_keys" 1024) | $(per_key "$mini_rss" "$mini_rss0" "$mini_keys" 1024) | $(ratio "$(diff_of "$mini_rss" "$mini_rss0")" "$(diff_of "$redis_rss" "$redis_rss0")") |"
        "| INFO used_memory, loaded | $(mib_of_bytes "$redis_used") | $(mib_of_bytes "$mini_used") | $(ratio "$mini_used" "$redis_used") |"
    )
    if [ -n "$mini_live" ]; then
        MEM_ROWS+=(
            "| live data: Redis used_memory, mini-redis heap after a full GC | $(mib_of_bytes "$redis_used") | $(mib_of_bytes "$mini_live") | $(ratio "$mini_live" "$redis_used") |"
            "| live bytes per key (growth over the empty server) | $(per_key "$redis_used" "$redis_used0" "$redis_keys" 1) | $(per_key "$mini_live" "$mini_live0" "$mini_keys" 1) | $(ratio "$(diff_of "$mini_live" "$mini_live0")" "$(diff_of "$redis_used" "$redis_used0")") |"
            "| RSS after that GC | $(mib_of_kib "$redis_rss") | $(mib_of_kib "$mini_rss_gc") | $(ratio "$mini_rss_gc" "$redis_rss") |"
        )
    fi
}

# mini_live_heap LABEL: runs a full GC in mini-redis (jcmd GC.run) and prints the heap then in use (INFO
# jvm_heap_used); also keeps jcmd's GC.heap_info. Prints nothing when jcmd fails.
mini_live_heap() {
    command -v jcmd >/dev/null || { log "  no jcmd: no heap-after-GC figure"; return 0; }
    if ! timeout 60 jcmd "$MINI_PID" GC.run >"$OUT/jcmd-gc-$1.txt" 2>&1; then
        log "  jcmd GC.run failed (see $OUT/jcmd-gc-$1.txt): no heap-after-GC figure"
        return 0
    fi
    sleep 0.5
    timeout 60 jcmd "$MINI_PID" GC.heap_info >"$OUT/jcmd-heap-info-$1.txt" 2>&1
    info_field "$MINI_PORT" memory jvm_heap_used
}

# The lines of jcmd GC.heap_info with totals, without their address ranges: "PSYoungGen total 305664K, used 10485K; ..."
heap_info_summary() {
    [ -f "$1" ] || return 0
    grep -E 'total [0-9]+K' "$1" | sed 's/ *\[.*//; s/^ *//; s/  */ /g' | paste -sd ';' | sed 's/;/; /g'
}

diff_of() { [ -n "${1:-}" ] && [ -n "${2:-}" ] && echo $(($1 - $2)); }
mib_of_kib() { [ -n "${1:-}" ] && awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }' || echo "n/a"; }
mib_of_bytes() { [ -n "${1:-}" ] && awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }' || echo "n/a"; }
ratio() { # ratio A B: A / B
    if [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
        awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
    else
        echo "–"
    fi
}
per_key() { # per_key AFTER BEFORE KEYS UNIT_BYTES: bytes per key
    if [ -n "${1:-}" ] && [ -n "${2:-}" ] && [ "${3:-0}" -gt 0 ] 2>/dev/null; then
        awk -v a="$1" -v b="$2" -v k="$3" -v u="$4" 'BEGIN { printf "%.0f B", (a - b) * u / k }'
    else
        echo "n/a"
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Report

# One markdown table per shape: median over the rounds that succeeded; a row whose every round failed says how.
throughput_tables() {
    local shape
    for shape in ${SHAPES//,/ }; do
        echo
        echo "#### $(shape_title "$shape")"
        echo
        echo "| test | Redis rps | mini-redis rps | mini / Redis | Redis p50 ms | mini p50 ms | Redis p99 ms | mini p99 ms | Redis CPU µs/req | mini CPU µs/req |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        awk -F'\t' -v shape="$shape" -v tests="$(shape_tests "$shape")" '
            function median(list,    n, v, i, j, t) {
                n = split(list, v, " ")
                for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
                return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            }
            function cell(key, col) { return (key in ok) ? median(vals[key, col]) : "" }
            $1 == shape {
                key = $2 SUBSEP $3
                if ($5 == "ok") {
                    ok[key] = 1
                    vals[key, "rps"] = vals[key, "rps"] " " $6
                    vals[key, "p50"] = vals[key, "p50"] " " $8
                    vals[key, "p99"] = vals[key, "p99"] " " $10
                    vals[key, "cpu"] = vals[key, "cpu"] " " $12
                } else if (!(key in bad)) {
                    bad[key] = $5
                }
            }
            END {
                n = split(tests, t, ",")
                for (i = 1; i <= n; i++) {
                    r = t[i] SUBSEP "redis"; m = t[i] SUBSEP "mini"
                    if (!(r in ok) && !(r in bad) && !(m in ok) && !(m in bad)) continue
                    rr = (r in ok) ? sprintf("%.0f", cell(r, "rps")) : ((r in bad) ? bad[r] : "")
                    if (m in bad && (bad[m] == "not-implemented" || !(m in ok))) {
                        mm = (bad[m] == "not-implemented") ? "**not implemented**" : bad[m]
                        printf "| %s | %s | %s | – | %s | – | %s | – | %s | – |\n", t[i], rr, mm,
                            (r in ok) ? sprintf("%.3f", cell(r, "p50")) : "", (r in ok) ? sprintf("%.3f", cell(r, "p99")) : "",
                            (r in ok) ? sprintf("%.2f", cell(r, "cpu")) : ""
                        continue
                    }
                    ratio = (r in ok && m in ok && cell(r, "rps") > 0) ? sprintf("%.2f", cell(m, "rps") / cell(r, "rps")) : "–"
                    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", t[i], rr,
                        (m in ok) ? sprintf("%.0f", cell(m, "rps")) : "", ratio,
                        (r in ok) ? sprintf("%.3f", cell(r, "p50")) : "", (m in ok) ? sprintf("%.3f", cell(m, "p50")) : "",
                        (r in ok) ? sprintf("%.3f", cell(r, "p99")) : "", (m in ok) ? sprintf("%.3f", cell(m, "p99")) : "",
                        (r in ok) ? sprintf("%.2f", cell(r, "cpu")) : "", (m in ok) ? sprintf("%.2f", cell(m, "cpu")) : ""
                }
            }' "$RESULTS"
        # Rows whose failure was not "not implemented" get their first message below the table.
        awk -F'\t' -v shape="$shape" '$1 == shape && $5 != "ok" && $5 != "not-implemented" && !seen[$2, $3]++ {
            printf "\n- %s on %s: %s (%s)", $2, ($3 == "mini" ? "mini-redis" : "Redis"), $5, $13 }' "$RESULTS"
        echo
    done
}

# Geometric mean of mini / Redis over the tests both ran, per shape: one number to follow over time.
summary_line() {
    awk -F'\t' -v order="$SHAPES" '
        $5 == "ok" { key = $1 SUBSEP $2 SUBSEP $3; sum[key] += $6; cnt[key]++; shapes[$1] = 1; tests[$1 SUBSEP $2] = 1 }
        END {
            for (st in tests) {
                split(st, p, SUBSEP); r = st SUBSEP "redis"; m = st SUBSEP "mini"
                if ((r in cnt) && (m in cnt) && sum[r] > 0) { lg[p[1]] += log((sum[m] / cnt[m]) / (sum[r] / cnt[r])); k[p[1]]++ }
            }
            out = ""
            n = split(order, shape, ",")
            for (i = 1; i <= n; i++) {
                s = shape[i]
                if (s in k) out = out sprintf("%s%s %.2f (%d tests)", out == "" ? "" : ", ", s, exp(lg[s] / k[s]), k[s])
            }
            print out == "" ? "none (no test ran on both)" : out
        }' "$RESULTS"
}

write_report() {
    local load_end
    load_end=$(load_average)
    {
        echo "### Latest run"
        echo
        echo "Generated by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); mini-redis at commit $COMMIT."
        echo
        echo "| machine | |"
        echo "|---|---|"
        echo "| CPU | $CPU_MODEL, $CORES cores (client and both servers share them) |"
        echo "| RAM | $RAM |"
        echo "| kernel | $KERNEL |"
        echo "| Java | $JAVA_VERSION |"
        echo "| mini-redis JVM flags | \`${JAVA_OPTS:-(none: JVM defaults)}\` |"
        echo "| Redis | $REDIS_VERSION, \`--save '' --appendonly no\` |"
        echo "| client | $BENCH_VERSION, \`-r $KEYSPACE --csv\`, one \`-t\` per run |"
        echo "| rounds | $ROUNDS (Redis, mini-redis, Redis, mini-redis...; medians shown), after a warm-up of $N_WARMUP requests |"
        echo "| load average (1/5/15 min) | $LOAD_START at the start, $load_end at the end |"
        echo
        if awk -v l="${LOAD_START%% *}" -v c="$CORES" 'BEGIN { exit !(l > c * 0.5) }' \
            || awk -v l="${load_end%% *}" -v c="$CORES" 'BEGIN { exit !(l > c * 0.5) }'; then
            echo "> **The machine was shared during this run** (load average above half the cores before or after it):"
            echo "> other processes took CPU time from the client and the servers. Both servers were measured"
            echo "> alternately so both suffered alike, but absolute numbers are low and noisy; compare ratios."
            echo
        fi
        if [ "$THROUGHPUT" = 1 ]; then
            echo "Requests per second and latency as redis-benchmark reports them; *mini / Redis* is the ratio of"
            echo "requests per second (higher is better for mini-redis). CPU µs/req is the server's user+system CPU time"
            echo "during the run divided by the requests sent (for lrange_* the LPUSH fill is included)."
            echo "Geometric mean of mini / Redis per shape: $(summary_line)."
            [ -n "${RESTARTS:-}" ] && echo && echo "Servers restarted after exiting during the run:$RESTARTS."
            throughput_tables
        fi
        if [ "$MEMORY" = 1 ]; then
            echo
            echo "#### Memory: \`redis-benchmark -t set -r $MEMORY_KEYSPACE -n $N_MEMORY -d 16 -P $PIPELINE -c $CLIENTS\`, fresh servers"
            echo
            echo "Random keys out of $MEMORY_KEYSPACE, so about 63% of them exist afterwards (see DBSIZE)."
            echo
            echo "| | Redis | mini-redis | mini / Redis |"
            echo "|---|---:|---:|---:|"
            printf '%s\n' "${MEM_ROWS[@]}"
            echo
            echo "mini-redis's used_memory is its own accounting of its structures (what maxmemory is compared"
            echo "with); the heap after a full GC (\`jcmd <pid> GC.run\`, then INFO jvm_heap_used) is what is live."
            echo "Its RSS is mostly the heap the JVM has reserved and touched, which depends on the JVM flags far more"
            echo "than on the data."
            local heap_info
            heap_info=$(heap_info_summary "$OUT/jcmd-heap-info-loaded.txt")
            if [ -n "$heap_info" ]; then
                echo
                echo "\`jcmd GC.heap_info\` after loading and the GC: $heap_info."
            fi
        fi
    } >"$REPORT"
}

BEGIN_MARK='<!-- BEGIN GENERATED by bench/run.sh: everything up to the END marker is rewritten on each run -->'
END_MARK='<!-- END GENERATED -->'

# Rewrites only the block between the markers; everything else in the file (History, notes) stays as written.
update_doc() {
    mkdir -p "$(dirname "$DOC")"
    if [ ! -f "$DOC" ]; then
        cat >"$DOC" <<EOF
# Benchmarks

mini-redis against a real redis-server 7 on the same machine, with \`redis-benchmark\`. Produced by
\`bench/run.sh\` (how to run it and what the numbers mean: \`bench/README.md\`). The block below is regenerated by
each full run; the History section is written by people and kept.

$BEGIN_MARK
$END_MARK

## History

EOF
    fi
    if ! grep -qF "$BEGIN_MARK" "$DOC" || ! grep -qF "$END_MARK" "$DOC"; then
        log "$DOC has no generated-block markers: appending a new block at its end"
        printf '\n%s\n%s\n' "$BEGIN_MARK" "$END_MARK" >>"$DOC"
    fi
    local tmp=$DOC.tmp.$$
    awk -v begin="$BEGIN_MARK" -v end="$END_MARK" -v report="$REPORT" '
        $0 == begin { print; while ((getline line < report) > 0) print line; skipping = 1; next }
        $0 == end { skipping = 0 }
        !skipping { print }' "$DOC" >"$tmp" && mv "$tmp" "$DOC"
    log "updated $DOC"
}

# ---------------------------------------------------------------------------------------------------------------

ensure_tools
describe_machine
build_jar
LOAD_START=$(load_average)
log "output: $OUT; mini-redis JVM flags: ${JAVA_OPTS:-(none)}; load average $LOAD_START"
: >"$RESULTS"

[ "$THROUGHPUT" = 1 ] && run_throughput
[ "$MEMORY" = 1 ] && run_memory

write_report
echo
cat "$REPORT"
[ "$WRITE_DOC" = 1 ] && update_doc
log "raw results: $RESULTS"
