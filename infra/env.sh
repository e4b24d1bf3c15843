# Shared settings for the local infrastructure scripts; every value can be overridden
# from the environment so that several checkouts (or CI) can run side by side.
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(cd "$INFRA_DIR/.." && pwd)"
LOCAL_DIR="${LOCAL_DIR:-$PROJECT_DIR/.local}"

KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# C1 only: on two cores, C2 compiling the broker took more CPU in a three-minute run than
# the broker serving requests (10-15 s of CPU against 6-7 s), competing with everything else.
KAFKA_JVM_OPTIONS="${KAFKA_JVM_OPTIONS:--Xms256m -Xmx1g -XX:TieredStopAtLevel=1}"
KAFKA_HOME="$LOCAL_DIR/kafka"

FERRETDB_HOST="${FERRETDB_HOST:-127.0.0.1}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_HOME="$LOCAL_DIR/ferretdb"

KAFKA_BROKERS="${KAFKA_BROKERS:-$KAFKA_HOST:$KAFKA_PORT}"
MONGODB_URI="${MONGODB_URI:-mongodb://$FERRETDB_HOST:$FERRETDB_PORT/}"
export KAFKA_BROKERS MONGODB_URI

log() { printf '[infra] %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

# wait_for_port HOST PORT SECONDS NAME PIDFILE
wait_for_port() {
  local host=$1 port=$2 seconds=$3 name=$4 pidfile=$5 i
  for ((i = 0; i < seconds * 4; i++)); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
      log "$name exited during start-up; its log follows"; return 1
    fi
    sleep 0.25
  done
  log "$name did not open $host:$port within ${seconds}s"; return 1
}

# stop_pidfile PIDFILE NAME: TERM, wait up to 30s, then KILL.
stop_pidfile() {
  local pidfile=$1 name=$2 pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { log "$name ignored TERM; killing"; kill -9 "$pid" 2>/dev/null || true; }
  fi
  rm -f "$pidfile"
}
