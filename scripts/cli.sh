#!/usr/bin/env bash
# `npm run cli -- <command>`: the account CLI with the settings and secrets of a local
# `npm start` (an explicit environment wins). Builds first if nothing is built yet.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/secrets.sh
[ -f dist/apps/account-cli/src/main.js ] || { bash scripts/ensure-dependencies.sh >&2 && npm run --silent build >&2; }
cli="$PWD/dist/apps/account-cli/src/main.js"
# File arguments (exports, keys, digests) are the caller's: npm runs scripts from the project's folder.
cd "${INIT_CWD:-$PWD}"
exec node "$cli" "$@"
