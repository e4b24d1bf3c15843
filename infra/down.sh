#!/usr/bin/env bash
set -uo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
bash "$dir/kafka.sh" stop
bash "$dir/ferretdb.sh" stop
