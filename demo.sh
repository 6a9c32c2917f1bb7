#!/usr/bin/env bash
# One command: build everything, start the pool on its embedded sandbox chain, and point a fleet of
# simulated miners (mixed firmware profiles, really hashing) at it. Live hashrate, shares and blocks
# are printed by the fleet every few seconds and by the pool every ten. Ctrl-C stops both.
#
#   ./demo.sh                 # 8 miners until Ctrl-C
#   ./demo.sh 16 120          # 16 miners for 120 s
set -euo pipefail
cd "$(dirname "$0")"
MINERS="${1:-8}"
DURATION="${2:-}"
STRATUM_PORT="${STRATUM_PORT:-3333}"
HTTP_PORT="${HTTP_PORT:-8080}"

./mvnw -B -q package -DskipTests

DATA_DIR="$(mktemp -d -t stratumpool-demo.XXXXXX)"
java -jar pool-server/target/pool-server.jar --stratum-port "$STRATUM_PORT" --set api.port="$HTTP_PORT" \
     --data-dir "$DATA_DIR" &
POOL_PID=$!
trap 'kill $POOL_PID 2>/dev/null; wait $POOL_PID 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT

for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$STRATUM_PORT") 2>/dev/null && break
  sleep 0.2
done
echo "pool: stratum+tcp://127.0.0.1:$STRATUM_PORT  web page: http://127.0.0.1:$HTTP_PORT/  API: http://127.0.0.1:$HTTP_PORT/api/pool  metrics: http://127.0.0.1:$HTTP_PORT/metrics"

java -jar miner-sim/target/miner-sim.jar --host 127.0.0.1 --port "$STRATUM_PORT" --miners "$MINERS" \
     --profile mixed --user demo --hash-threads 1 ${DURATION:+--duration "$DURATION"}
