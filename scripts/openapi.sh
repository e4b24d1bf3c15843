#!/usr/bin/env bash
# Regenerates the OpenAPI document from the DTOs and the controllers' decorators:
# the plugin's metadata first, then the document from the built tree. Commit both files;
# a unit test fails while either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/openapi-plugin-metadata.js
npm run --silent build
node dist/apps/account-service/src/openapi/write-openapi-document.js
