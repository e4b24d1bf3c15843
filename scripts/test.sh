#!/usr/bin/env bash
# The whole test suite: pure domain and unit tests, then end-to-end tests against a real
# Kafka and a real FerretDB that this script starts on ports of their own and stops after.
# KAFKA_BROKERS and MONGODB_URI, when set, point the tests at servers you run instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-dependencies.sh
bash scripts/ensure-chromium.sh

export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}" KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}" FERRETDB_PORT="${TEST_FERRETDB_PORT:-37017}"
started_here=false
if [ -z "${KAFKA_BROKERS:-}" ] && [ -z "${MONGODB_URI:-}" ]; then
  started_here=true
  trap 'bash infra/down.sh' EXIT
  bash infra/up.sh
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$FERRETDB_PORT/"
  # These servers are this run's own: fault tests may stop and start them.
  export TEST_INFRA_CONTROL=1
fi
echo "[test] Kafka $KAFKA_BROKERS, MongoDB $MONGODB_URI (started here: $started_here)" >&2

npx tsc -p tsconfig.json --noEmit
npm run --silent build  # fault tests run the projector as a process of its own

# Pure suites first (seconds); the end-to-end suite in band, since its files share servers.
reports="$PWD/.local/test-reports"; rm -rf "$reports"; mkdir -p "$reports"
status=0
npx jest --selectProjects domain unit --json --outputFile="$reports/pure.json" || status=$?
# --forceExit: kafkajs clients whose broker was stopped and restarted by a fault test can
# leave reconnect timers behind after their apps closed; they must not hold the run open.
npx jest --selectProjects integration --runInBand --forceExit --json --outputFile="$reports/integration.json" "$@" || status=$?
node scripts/test-summary.js "$reports"/*.json
exit "$status"
