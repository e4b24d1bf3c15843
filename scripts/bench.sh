#!/usr/bin/env bash
# The benchmarks: starts its own Kafka and FerretDB on ports of their own, builds, runs each
# scenario beside the raw ceiling of the part beneath it, prints a table and writes JSON
# under .local/bench/. Stops the servers it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-dependencies.sh
export KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}" KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}" FERRETDB_PORT="${BENCH_FERRETDB_PORT:-47017}"
if [ -z "${MONGODB_URI:-}" ]; then
  trap 'bash infra/down.sh' EXIT
  # Every run on empty servers: topics of earlier runs (hundreds of partitions) made runs drift.
  bash infra/down.sh
  rm -rf "${LOCAL_DIR:-.local}/kafka/data-$KAFKA_PORT" "${LOCAL_DIR:-.local}/ferretdb/data-$FERRETDB_PORT"
  bash infra/up.sh
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$FERRETDB_PORT/"
fi
npm run --silent build
# The peers' libraries stay out of the service's dependencies: installed and built apart. A
# machine that cannot install them runs the bench without them, and the results say so.
if (cd bench/peers/servers && npm ci --silent --no-audit --no-fund) && npx tsc -p bench/peers/servers/tsconfig.json; then :; else
  echo "[bench] the peers could not be installed or built; running without them" >&2
fi
node dist/bench/run.bench.js
