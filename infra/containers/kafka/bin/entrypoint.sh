#!/usr/bin/env bash
# Renders server.properties from KAFKA_* variables (as the official apache/kafka image does:
# KAFKA_FOO_BAR → foo.bar, ___ → -, __ → _), formats the storage on first start, runs the broker.
set -euo pipefail
CONFIG=/opt/kafka/config/server.properties
: "${KAFKA_NODE_ID:=1}" "${KAFKA_PROCESS_ROLES:=broker,controller}"
: "${KAFKA_LISTENERS:=PLAINTEXT://:9092,CONTROLLER://:9093}"
: "${KAFKA_CONTROLLER_LISTENER_NAMES:=CONTROLLER}"
: "${KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT}"
[ -n "${KAFKA_CONTROLLER_QUORUM_VOTERS:-}" ] || : "${KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS:=127.0.0.1:9093}"
export KAFKA_NODE_ID KAFKA_PROCESS_ROLES KAFKA_LISTENERS KAFKA_CONTROLLER_LISTENER_NAMES KAFKA_LISTENER_SECURITY_PROTOCOL_MAP
export ${KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS:+KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS}

# Variables for the JVM or this script, not server properties.
skip=" KAFKA_HEAP_OPTS KAFKA_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_HEALTH_PORT KAFKA_VERSION "
: >"$CONFIG"
while IFS='=' read -r name value; do
  case "$skip" in *" $name "*) continue ;; esac
  key="${name#KAFKA_}"
  key="${key,,}"; key="${key//___/-}"; key="${key//__/@}"; key="${key//_/.}"; key="${key//@/_}"
  printf '%s=%s\n' "$key" "$value" >>"$CONFIG"
done < <(env | grep -E '^KAFKA_[A-Z0-9_]+=' | sort)

CP="/opt/kafka/libs/*"
LOG4J="-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties"
log_dir="${KAFKA_LOG_DIRS%%,*}"
if [ ! -f "$log_dir/meta.properties" ]; then
  cluster_id="${CLUSTER_ID:-$(java $LOG4J -cp "$CP" kafka.tools.StorageTool random-uuid | tail -n 1)}"
  # Static voters (KAFKA_CONTROLLER_QUORUM_VOTERS) or a standalone dynamic quorum, as in infra/kafka.
  standalone=(); [ -n "${KAFKA_CONTROLLER_QUORUM_VOTERS:-}" ] || standalone=(--standalone)
  java $LOG4J -cp "$CP" kafka.tools.StorageTool format "${standalone[@]}" -t "$cluster_id" -c "$CONFIG"
fi
# shellcheck disable=SC2086  # option lists
exec java ${KAFKA_HEAP_OPTS} ${KAFKA_OPTS:-} $LOG4J -cp "$CP" kafka.Kafka "$CONFIG"
