#!/usr/bin/env bash
# kafka-init (docker-compose.yml): creates the event catalogue's topics (TOPICS in libs/contracts,
# with their partitions and cleanup policies) and the consumer groups' dead-letter topics, because
# the broker does not auto-create topics. Idempotent. infra/compose/compose.spec.ts checks that this
# list matches the catalogue; the local stack does the same from the catalogue itself
# (infra/kafka/create-topics.sh).
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
TOPICS_BIN=/opt/kafka/bin/kafka-topics.sh

create() { # name partitions cleanup.policy
  "$TOPICS_BIN" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3"
}

create intake.events.v1 6 delete
create intake.client-contact.v1 3 compact
create notification.events.v1 3 delete
create audit.v1 3 delete
create scheduling.appointments.v1 6 delete
create scheduling.therapists.v1 3 delete
create scheduling.locations.v1 3 compact
create scheduling.waitlist.v1 3 delete
create treatment.events.v1 6 delete
# Dead letters of each consumer group: <group>.dlq
create notification.dlq 3 delete
create scheduling.dlq 3 delete
create treatment.dlq 3 delete
create intake.dlq 3 delete

"$TOPICS_BIN" --bootstrap-server "$BOOTSTRAP" --list
