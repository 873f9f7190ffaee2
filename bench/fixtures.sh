#!/usr/bin/env bash
# Fixtures: loading 100k keys from command text, JSON and RDB against restoring the in-memory snapshot
# (io.miniredis.testing.FixturesMeasurement; the figures are in docs/testing.md, "Fixtures"). About a minute.
#
#   bench/fixtures.sh            (BENCH_MVN_ARGS=-o to build offline)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./mvnw -B -q ${BENCH_MVN_ARGS:-} -pl mini-redis-core test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fixtures-classpath.txt -Dspotless.check.skip=true
CP="mini-redis-core/target/test-classes:mini-redis-core/target/classes:$(cat mini-redis-core/target/fixtures-classpath.txt)"
exec java ${MINI_REDIS_JAVA_OPTS:--XX:+UseParallelGC -Xmx1g} -cp "$CP" io.miniredis.testing.FixturesMeasurement
