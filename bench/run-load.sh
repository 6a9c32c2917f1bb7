#!/usr/bin/env bash
# The Stratum load benchmark behind BENCHMARKS.md: builds the bench jar (with the pool in it) and runs
# io.stratumpool.bench.load.LoadHarness, which starts the pool in a JVM of its own and drives it over
# loopback from this one. Takes about two minutes; results go to bench/target/load-results.md and the
# pool's log to bench/target/load-pool-*.log. Arguments go to the harness (--help lists them), e.g.
#   bench/run-load.sh --ledgers memory,sqlite,postgresql
#   bench/run-load.sh --phases wire          # Stratum V1 against V2: submits and bytes on the wire (~5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests
exec java -Xms1g -Xmx2g -cp bench/target/benchmarks.jar io.stratumpool.bench.load.LoadHarness "$@"
