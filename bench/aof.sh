#!/usr/bin/env bash
# SET throughput with the AOF on, appendfsync no / everysec / always, mini-redis beside Redis 7.0 (same run).
# Usage: bench/aof.sh  (after ./mvnw -pl mini-redis-core package -DskipTests). Never part of CI's pass/fail.
set -euo pipefail
JAR=${JAR:-mini-redis-core/target/mini-redis-server.jar}
N=${N:-200000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done; exit 1; }
rps() { redis-benchmark -p "$1" -t set -n "$N" -c 50 -q | tr '\r' '\n' | awk '/requests per second/ {print $2}'; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user+system clock ticks
printf '%-9s %14s %14s %7s %18s\n' fsync redis_rps mini_rps ratio mini_cpu_us_per_req
for policy in no everysec always; do
  rp=$(port); mkdir -p "$work/r-$policy"
  redis-server --port "$rp" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync "$policy" \
    --dir "$work/r-$policy" --logfile "$work/r-$policy/log" & rpid=$!
  wait_up "$rp"; r=$(rps "$rp"); redis-cli -p "$rp" shutdown nosave >/dev/null 2>&1 || true; wait $rpid || true
  mp=$(port); mkdir -p "$work/m-$policy"
  java -jar "$JAR" --port "$mp" --bind 127.0.0.1 --appendonly yes --appendfsync "$policy" --dir "$work/m-$policy" \
    >"$work/m-$policy/log" 2>&1 & mpid=$!
  wait_up "$mp"; before=$(cpu $mpid); m=$(rps "$mp"); after=$(cpu $mpid)
  kill $mpid; wait $mpid || true
  tick=$(getconf CLK_TCK)
  printf '%-9s %14s %14s %7.2f %18.1f\n' "$policy" "$r" "$m" "$(echo "$m / $r" | bc -l)" \
    "$(echo "($after - $before) * 1000000 / $tick / $N" | bc -l)"
done
