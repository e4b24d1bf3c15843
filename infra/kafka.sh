#!/usr/bin/env bash
# Apache Kafka, one KRaft node (broker + controller) on loopback, from Maven Central jars.
# Usage: infra/kafka.sh install|start|stop|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PIDFILE="$KAFKA_HOME/kafka-$KAFKA_PORT.pid"
DATA_DIR="$KAFKA_HOME/data-$KAFKA_PORT"
CONFIG="$KAFKA_HOME/server-$KAFKA_PORT.properties"
LOGFILE="$KAFKA_HOME/kafka-$KAFKA_PORT.log"

install() {
  # The pom's checksum marks the jar set, so a changed Kafka version is fetched again.
  local stamp="$KAFKA_HOME/lib/.pom-$(sha1sum "$INFRA_DIR/kafka-pom.xml" | cut -c1-12)"
  [ -f "$stamp" ] && return 0
  log "fetching Kafka jars from Maven Central"
  rm -rf "$KAFKA_HOME/lib"; mkdir -p "$KAFKA_HOME/lib"
  mvn -B -q -f "$INFRA_DIR/kafka-pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$KAFKA_HOME/lib" -DincludeScope=runtime
  touch "$stamp"
}

write_config() {
  mkdir -p "$DATA_DIR"
  cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
}

start() {
  install
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "Kafka already running on $KAFKA_HOST:$KAFKA_PORT"; return 0
  fi
  write_config
  local cp="$KAFKA_HOME/lib/*" log4j="-Dlog4j.configuration=file:$INFRA_DIR/kafka-log4j.properties"
  if [ ! -f "$DATA_DIR/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java $log4j -cp "$cp" kafka.tools.StorageTool random-uuid | tail -1)
    java $log4j -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --ignore-formatted >/dev/null
  fi
  log "starting Kafka on $KAFKA_HOST:$KAFKA_PORT (log: $LOGFILE)"
  # setsid: the broker must outlive the shell that started it, and not get its signals.
  setsid java $KAFKA_JVM_OPTIONS $log4j -Dkafka.logs.dir="$KAFKA_HOME" -cp "$cp" kafka.Kafka "$CONFIG" >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  if ! wait_for_started; then tail -40 "$LOGFILE" >&2; exit 1; fi
}

wait_for_started() {
  local i
  for ((i = 0; i < 240; i++)); do
    grep -q "Kafka Server started" "$LOGFILE" 2>/dev/null && { log "Kafka ready"; return 0; }
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { log "Kafka exited during start-up"; return 1; }
    sleep 0.5
  done
  log "Kafka did not start within 120s"; return 1
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_pidfile "$PIDFILE" Kafka ;;
  status) [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && echo running || echo stopped ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
