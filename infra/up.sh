#!/usr/bin/env bash
# Installs (first time only) and starts Kafka and FerretDB on loopback.
set -euo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
# Fetching the jars and building FerretDB are independent: do both at once.
bash "$dir/kafka.sh" install & kafka_install=$!
bash "$dir/ferretdb.sh" install
wait "$kafka_install"
bash "$dir/ferretdb.sh" start
bash "$dir/kafka.sh" start
