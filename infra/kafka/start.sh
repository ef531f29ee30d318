#!/usr/bin/env bash
# Starts a single-node Kafka 4.1 broker (KRaft, broker+controller in one JVM) from the Maven
# jars, in the background, and waits until it is ready. Does nothing when it already runs.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (.data/kafka),
#      KAFKA_HEAP_OPTS (-Xms256m -Xmx1g), KAFKA_READY_TIMEOUT (90 s),
#      KAFKA_AUTH (none | sasl: SCRAM logins for the catalogue's principals and ACLs, ADR 0009).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

KAFKA_DIR="$ROOT/infra/kafka"
LIB="$KAFKA_DIR/lib"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
CONFIG="$KAFKA_DATA_DIR/server.properties"
LOG_DIRS="$KAFKA_DATA_DIR/kraft-combined-logs"
LOG4J="-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties -Dkafka.logs.dir=$KAFKA_DATA_DIR/logs"

if pid_alive "$PID_FILE"; then
  # Ours and alive, perhaps still starting: just wait for it.
  log "Kafka already running (pid $(pid_of "$PID_FILE")); waiting for it to be ready"
  exec bash "$KAFKA_DIR/ready.sh"
fi
if port_open 127.0.0.1 "$KAFKA_PORT"; then
  # A broker this script did not start (no live pid file) holds the port: use it if it is Kafka.
  if node --disable-warning=TimeoutNegativeWarning "$KAFKA_DIR/ready.cjs" "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1; then
    log "a Kafka broker not started by this script already answers on 127.0.0.1:$KAFKA_PORT; using it"
    exit 0
  fi
  die "127.0.0.1:$KAFKA_PORT is taken by something that is not a Kafka broker; set KAFKA_PORT"
fi
if port_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT"; then
  die "controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is taken; set KAFKA_CONTROLLER_PORT"
fi
command -v java >/dev/null || die "Java 17+ is needed for Kafka: apt-get install -y openjdk-17-jre-headless"

bash "$KAFKA_DIR/fetch.sh"
mkdir -p "$KAFKA_DATA_DIR/logs" "$LOG_DIRS"

case "$KAFKA_AUTH" in
  none) listener=PLAINTEXT ;;
  sasl)
    listener=SASL_PLAINTEXT
    # shellcheck source=infra/kafka/credentials.sh
    source "$KAFKA_DIR/credentials.sh"
    mapfile -t principals < <(kafka_ensure_credentials)
    # This script, ready.sh and create-acls.sh log in as the super user.
    KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$(kafka_password admin)"
    export KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD
    ;;
  *) die "KAFKA_AUTH must be none or sasl, not $KAFKA_AUTH" ;;
esac

# The config is rendered on every start so a changed KAFKA_PORT or KAFKA_AUTH takes effect.
(
  umask 077 # with KAFKA_AUTH=sasl it holds the admin password
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_LOG_DIRS@|$LOG_DIRS|g" \
      -e "s|@CLIENT_LISTENER@|$listener|g" \
      "$KAFKA_DIR/server.properties.template" >"$CONFIG.tmp"
  if [ "$KAFKA_AUTH" = sasl ]; then
    sed -e "s|@ADMIN_PASSWORD@|$KAFKA_SASL_PASSWORD|g" "$KAFKA_DIR/sasl.properties.template" >>"$CONFIG.tmp"
  fi
  mv -f "$CONFIG.tmp" "$CONFIG"
)

# Format the storage once. --standalone records this node as the only controller voter, with its
# controller endpoint, so the controller port is fixed for the life of the data directory.
if [ ! -f "$LOG_DIRS/meta.properties" ]; then
  # shellcheck disable=SC2086  # $LOG4J is two JVM options
  cluster_id="$(java $LOG4J -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  log "formatting Kafka storage in $LOG_DIRS (cluster id $cluster_id)"
  # With KAFKA_AUTH=sasl the SCRAM logins go into the first metadata records (--add-scram).
  scram=()
  if [ "$KAFKA_AUTH" = sasl ]; then
    for principal in "${principals[@]}"; do
      scram+=(--add-scram "SCRAM-SHA-256=[name=$principal,password=$(kafka_password "$principal")]")
    done
  fi
  # shellcheck disable=SC2086
  java $LOG4J -cp "$LIB/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$CONFIG" "${scram[@]}" >>"$KAFKA_DATA_DIR/stdout.log" 2>&1 \
    || { tail -n 20 "$KAFKA_DATA_DIR/stdout.log" >&2; die "formatting Kafka storage failed"; }
  [ "$KAFKA_AUTH" = sasl ] && printf '%s\n' "${principals[@]}" >"$KAFKA_DATA_DIR/scram-users"
  echo "$KAFKA_CONTROLLER_PORT" >"$KAFKA_DATA_DIR/controller.port"
elif [ "$KAFKA_AUTH" = sasl ] && [ ! -f "$KAFKA_DATA_DIR/scram-users" ]; then
  # SCRAM logins can only be bootstrapped when formatting: nobody could log in to create them later.
  die "$KAFKA_DATA_DIR was formatted with KAFKA_AUTH=none, so it has no SCRAM logins: KAFKA_AUTH=sasl bash infra/kafka/reset.sh --start (wipes its topics)"
elif [ -f "$KAFKA_DATA_DIR/controller.port" ] && [ "$(cat "$KAFKA_DATA_DIR/controller.port")" != "$KAFKA_CONTROLLER_PORT" ]; then
  die "$KAFKA_DATA_DIR was formatted for controller port $(cat "$KAFKA_DATA_DIR/controller.port"), not $KAFKA_CONTROLLER_PORT: use that port, or bash infra/kafka/reset.sh"
fi

log "starting Kafka on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), data $KAFKA_DATA_DIR, log $KAFKA_DATA_DIR/logs/server.log"
cd "$KAFKA_DATA_DIR"
# shellcheck disable=SC2086
start_detached "$PID_FILE" "$KAFKA_DATA_DIR/stdout.log" \
  java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
  $LOG4J -cp "$LIB/*" kafka.Kafka "$CONFIG"

bash "$KAFKA_DIR/ready.sh"
if [ "$KAFKA_AUTH" = sasl ]; then
  # A principal new in the catalogue since the storage was formatted: its login is added as admin.
  for principal in "${principals[@]}"; do
    grep -qx "$principal" "$KAFKA_DATA_DIR/scram-users" && continue
    log "adding the SCRAM login of $principal"
    admin_config="$(umask 077; mktemp "$KAFKA_DATA_DIR/.admin.XXXXXX")"
    printf '%s\n' security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-256 \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$KAFKA_SASL_PASSWORD\";" >"$admin_config"
    # shellcheck disable=SC2086
    java $LOG4J -cp "$LIB/*" kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --command-config "$admin_config" \
      --alter --entity-type users --entity-name "$principal" \
      --add-config "SCRAM-SHA-256=[password=$(kafka_password "$principal")]" >>"$KAFKA_DATA_DIR/stdout.log" 2>&1 \
      || { rm -f "$admin_config"; tail -n 20 "$KAFKA_DATA_DIR/stdout.log" >&2; die "adding the SCRAM login of $principal failed"; }
    rm -f "$admin_config"
    echo "$principal" >>"$KAFKA_DATA_DIR/scram-users"
  done
  bash "$KAFKA_DIR/create-acls.sh"
fi
log "Kafka ready (pid $(pid_of "$PID_FILE")) at 127.0.0.1:$KAFKA_PORT"
