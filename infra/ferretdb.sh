#!/usr/bin/env bash
# FerretDB (MongoDB wire protocol) on SQLite, on loopback, built from the Go module proxy.
# Usage: infra/ferretdb.sh install|start|stop|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PIDFILE="$FERRETDB_HOME/ferretdb-$FERRETDB_PORT.pid"
DATA_DIR="$FERRETDB_HOME/data-$FERRETDB_PORT"
LOGFILE="$FERRETDB_HOME/ferretdb-$FERRETDB_PORT.log"

PATCHES="$INFRA_DIR/ferretdb-server/source-patches.tsv"

install() {
  # The binary's name carries a checksum of the wrapper's sources and patches, so an edit rebuilds it.
  local sum
  sum=$(cd "$INFRA_DIR/ferretdb-server" && cat main.go go.mod go.sum "$PATCHES" $(find added -type f | sort) | sha1sum | cut -c1-12)
  BIN="$FERRETDB_HOME/bin/ferretdb-$sum"
  [ -x "$BIN" ] && return 0
  log "building FerretDB (version pinned in infra/ferretdb-server/go.mod, patched as $PATCHES says) from the Go module proxy"
  mkdir -p "$(dirname "$BIN")"
  (
    cd "$INFRA_DIR/ferretdb-server"
    go mod download github.com/FerretDB/FerretDB
    local build="$FERRETDB_HOME/build" file released patched source
    rm -rf "$build" && mkdir -p "$build"
    cp -r "$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)" "$build/FerretDB" && chmod -R u+w "$build/FerretDB"
    cp -r added/. "$build/FerretDB/"
    while IFS=$'\t' read -r file released patched; do
      [[ -z "$file" || "$file" == \#* ]] && continue
      source=$(cat "$build/FerretDB/$file")
      [[ "$source" == *"$released"* ]] || fail "FerretDB's $file no longer says: $released (see $PATCHES)"
      printf '%s\n' "${source//"$released"/"$patched"}" >"$build/FerretDB/$file"
    done <"$PATCHES"
    cp go.mod go.sum "$build/"
    go mod edit -modfile="$build/go.mod" -replace "github.com/FerretDB/FerretDB=$build/FerretDB"
    go build -modfile="$build/go.mod" -o "$BIN" .
  )
}

start() {
  install
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "FerretDB already running on $FERRETDB_HOST:$FERRETDB_PORT"; return 0
  fi
  mkdir -p "$DATA_DIR"
  log "starting FerretDB on $FERRETDB_HOST:$FERRETDB_PORT (log: $LOGFILE)"
  # The SQLite URL must end in / and name an existing folder.
  # Go's collector runs when the heap has grown to five times what it kept rather than twice: it
  # took a large share of FerretDB's CPU under commands (pprof), and the bench's command pipeline
  # cost FerretDB 11-18 % less CPU with it, for about 15 MB more memory at its peak.
  # SQLite keeps its temporary files in memory: a statement that writes many rows (an insert of
  # several commits, the outbox's mark) journals the pages it changes for its own rollback, and
  # writing that journal to a temporary file was 4 % of FerretDB's CPU under commands. It is
  # never read after a crash (a transaction that did not commit is dropped from the WAL), so
  # nothing durable moves; the bench's command pipeline cost FerretDB 6-10 % less CPU with it.
  GOGC="${FERRETDB_GOGC:-400}" setsid "$BIN" --sqlite-url="file:$DATA_DIR/?_pragma=temp_store(memory)" --listen-addr="$FERRETDB_HOST:$FERRETDB_PORT" ${FERRETDB_LOG_LEVEL:+--log-level=$FERRETDB_LOG_LEVEL} >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  if ! wait_for_port "$FERRETDB_HOST" "$FERRETDB_PORT" 60 FerretDB "$PIDFILE"; then
    tail -40 "$LOGFILE" >&2; exit 1
  fi
  log "FerretDB ready"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_pidfile "$PIDFILE" FerretDB ;;
  status) [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && echo running || echo stopped ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
