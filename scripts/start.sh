#!/usr/bin/env bash
# Starts the whole system on this machine: Kafka and FerretDB (installed on first use),
# the account service (HTTP on $HTTP_PORT, default 3000) and the projector. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-dependencies.sh
echo "[start] building" >&2
npm run --silent build

source infra/secrets.sh
# Servers someone else started (an earlier `npm start`, a test run's) are used and left running.
infra_was_running=$([ "$(bash infra/kafka.sh status)$(bash infra/ferretdb.sh status)" = runningrunning ] && echo true || echo false)
bash infra/up.sh
export KAFKA_BROKERS MONGODB_URI HTTP_PORT="${HTTP_PORT:-3000}"

supervisor=
stop() {
  trap - INT TERM EXIT
  echo "[start] stopping" >&2
  if [ -n "$supervisor" ]; then kill "$supervisor" 2>/dev/null || true; wait "$supervisor" 2>/dev/null || true; fi
  [ "$infra_was_running" = true ] || bash infra/down.sh
}
trap stop INT TERM EXIT

# Both apps under a supervisor: one that dies is started again with back-off, and logged.
node scripts/supervise.js account-service=dist/apps/account-service/src/main.js projector=dist/apps/projector/src/main.js & supervisor=$!

for _ in $(seq 1 120); do
  if node -e "fetch('http://127.0.0.1:$HTTP_PORT/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then break; fi
  kill -0 "$supervisor" 2>/dev/null || { echo "[start] the supervisor exited during start-up" >&2; exit 1; }
  sleep 0.5
done
echo "[start] ready: http://127.0.0.1:$HTTP_PORT (Kafka $KAFKA_BROKERS, MongoDB $MONGODB_URI). Ctrl-C stops everything." >&2
wait "$supervisor"
