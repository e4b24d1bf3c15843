#!/usr/bin/env bash
# Debian's Chromium for the audit console's browser test (Playwright's own download is not
# reachable from the project's machines). Installed once; later runs find it.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] && exit 0
echo "[setup] installing Debian's chromium for the browser test" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y --no-install-recommends chromium >/dev/null \
  || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends chromium >/dev/null; }
[ -x "$chromium_path" ] || { echo "[setup] chromium did not install at $chromium_path" >&2; exit 1; }
