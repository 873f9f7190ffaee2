#!/usr/bin/env bash
# Memory of one stream of N small entries (XADD s * f v, pipelined), mini-redis beside Redis 7.0, in the same run:
# used_memory growth, MEMORY USAGE of the key, RSS growth, and for mini-redis the growth of the JVM heap in use
# after a full GC (jcmd GC.run before and after: what the stream really retains).
# Usage: bench/stream-memory.sh  (after ./mvnw -pl mini-redis-core package -DskipTests). Never part of CI.
set -euo pipefail
JAR=${JAR:-mini-redis-core/target/mini-redis-server.jar}
N=${N:-1000000}
JAVA_OPTS=${MINI_REDIS_JAVA_OPTS:--XX:+UseParallelGC -Xms64m -Xmn24m}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 300); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done; exit 1; }
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f {print $2}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

measure() { # name port pid
  local name=$1 p=$2 pid=$3 used0 rss0 used1 rss1 usage heap= heap0=
  if [ "$name" = mini-redis ]; then
    jcmd "$pid" GC.run >/dev/null
    heap0=$(field "$p" memory jvm_heap_used)
  fi
  used0=$(field "$p" memory used_memory); rss0=$(rss_kb "$pid")
  redis-benchmark -p "$p" -n "$N" -c 1 -P 100 XADD s '*' f v >/dev/null
  [ "$(redis-cli -p "$p" xlen s)" = "$N" ] || { echo "$name: XLEN is not $N" >&2; exit 1; }
  used1=$(field "$p" memory used_memory); rss1=$(rss_kb "$pid")
  usage=$(redis-cli -p "$p" memory usage s samples 0)
  if [ "$name" = mini-redis ]; then
    jcmd "$pid" GC.run >/dev/null
    heap=$(( $(field "$p" memory jvm_heap_used) - heap0 ))
  fi
  printf '%-11s %9d entries  used_memory +%6.1f MB (%5.1f B/entry)  MEMORY USAGE %6.1f MB  RSS +%6.1f MB%s  nodes %s\n' \
    "$name" "$N" "$(echo "($used1 - $used0) / 1048576" | bc -l)" "$(echo "($used1 - $used0) / $N" | bc -l)" \
    "$(echo "$usage / 1048576" | bc -l)" "$(echo "($rss1 - $rss0) / 1024" | bc -l)" \
    "${heap:+  heap after a full GC +$(echo "$heap / 1048576" | bc -l | xargs printf '%.1f') MB}" \
    "$(redis-cli -p "$p" xinfo stream s | sed -n 4p)"
}

rp=$(port)
redis-server --port "$rp" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
rpid=$!
wait_up "$rp"
measure redis "$rp" "$rpid"
redis-cli -p "$rp" shutdown nosave >/dev/null 2>&1 || true

mp=$(port)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --port "$mp" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  >"$work/mini.log" 2>&1 &
mpid=$!
wait_up "$mp"
measure mini-redis "$mp" "$mpid"
