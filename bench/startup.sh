#!/usr/bin/env bash
# Start-up time and idle heap of embedded mini-redis servers in one JVM (docs/testing.md, "What a server costs"),
# and, for comparison, how long a redis-server process takes from spawn to its first PONG (what embedded-redis
# spawns for each server).
#
#   bench/startup.sh            # 50 servers one after another, then 20 held at once; redis-server 20 times
#   bench/startup.sh 200 50     # more of each
#
# Needs mini-redis-core/target/mini-redis-server.jar (./mvnw -B -q -pl mini-redis-core package -DskipTests).
# Never run by CI: timings are not pass/fail.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
JAR=$here/mini-redis-core/target/mini-redis-server.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -cp "$JAR" -d "$out" "$here/bench/startup/StartupMeasure.java"
# the server logs through java.util.logging in the plain jar; keep the figures readable
java -cp "$JAR:$out" StartupMeasure "${1:-50}" "${2:-20}" 2>/dev/null | grep -v ' \* \| # '
if command -v redis-server >/dev/null; then
    python3 "$here/bench/startup/redis_server_start.py" "${3:-20}"
fi
