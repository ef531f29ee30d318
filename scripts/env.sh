# shellcheck shell=bash
# Sourced by every script in scripts/, infra/ and .ci/ (and by hand: `source scripts/env.sh`).
# It finds the repo root, puts the project's Node 24 and nx first on PATH and sets the local defaults
# from docs/architecture.md. A value that is already set always wins, so CI or a developer can
# point at other ports (e.g. KAFKA_PORT=19092 DATA_DIR=/tmp/x) without editing anything.

if [ -z "${MASSAGE_ENV_LOADED:-}" ]; then
  MASSAGE_ENV_LOADED=1

  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export ROOT

  # The project's own tools come first on PATH, whatever `node` the machine has: the `node`
  # devDependency (Node 24, as .nvmrc asks), nx, tsc, jest. Prepended even before `npm ci` has
  # created the directory (a missing PATH entry is harmless; `hash -r` after install picks it up).
  case "$PATH:" in
    "$ROOT/node_modules/.bin:"*) ;;
    *) export PATH="$ROOT/node_modules/.bin:$PATH" ;;
  esac

  # Everything the local stack writes (Kafka data and logs, mailbox, pid files) lives under DATA_DIR.
  export DATA_DIR="${DATA_DIR:-$ROOT/.data}"

  export KAFKA_PORT="${KAFKA_PORT:-9092}"
  export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
  export KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$DATA_DIR/kafka}"
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  # none: no authentication. sasl: SCRAM logins and ACLs from the catalogue (ADR 0009, infra/kafka).
  # Tools and tests then log in as admin: with no KAFKA_SASL_USERNAME, a client reads admin's password
  # from KAFKA_CREDENTIALS_FILE when it is built (kafkaSaslFromEnv), not here, because on a clean clone
  # this runs before infra/kafka/start.sh writes the file. scripts/up.sh gives each service its own principal.
  export KAFKA_AUTH="${KAFKA_AUTH:-sasl}"
  export KAFKA_CREDENTIALS_FILE="${KAFKA_CREDENTIALS_FILE:-$KAFKA_DATA_DIR/credentials}"
  # kafkajs 2.2.4 trips a harmless Node 24 TimeoutNegativeWarning (tulios/kafkajs#1751) in every process.
  case " ${NODE_OPTIONS:-} " in
    *" --disable-warning=TimeoutNegativeWarning "*) ;;
    *) export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--disable-warning=TimeoutNegativeWarning" ;;
  esac
  # kafkajs 2 prints a partitioner warning on every producer unless told not to.
  export KAFKAJS_NO_PARTITIONER_WARNING="${KAFKAJS_NO_PARTITIONER_WARNING:-1}"

  export PGHOST="${PGHOST:-127.0.0.1}"
  export PGPORT="${PGPORT:-5432}"
  export PGUSER="${PGUSER:-postgres}"

  export SMTP_HOST="${SMTP_HOST:-127.0.0.1}"
  export SMTP_PORT="${SMTP_PORT:-2525}"
  export SMTP_WEB_PORT="${SMTP_WEB_PORT:-8025}"
  export MAILBOX_DIR="${MAILBOX_DIR:-$DATA_DIR/mailbox}"
  export SMTP_RUN_DIR="${SMTP_RUN_DIR:-$DATA_DIR/smtp}"
  # The SMS provider stand-in (infra/sms): its HTTP port and where it keeps what it receives.
  export SMS_PORT="${SMS_PORT:-8026}"
  export SMS_OUTBOX_DIR="${SMS_OUTBOX_DIR:-$DATA_DIR/sms-outbox}"
  export SMS_RUN_DIR="${SMS_RUN_DIR:-$DATA_DIR/sms}"

  # Service processes started by scripts/up.sh keep their pid files and logs here.
  export RUN_DIR="${RUN_DIR:-$DATA_DIR/run}"
fi
