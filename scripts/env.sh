# shellcheck shell=bash
# Sourced by every script in scripts/, infra/ and .ci/ (and by hand: `source scripts/env.sh`).
# It finds the repo root, makes sure Node 24 is the `node` on PATH and sets the local defaults
# from docs/architecture.md. A value that is already set always wins, so CI or a developer can
# point at other ports (e.g. KAFKA_PORT=19092 DATA_DIR=/tmp/x) without editing anything.

if [ -z "${MASSAGE_ENV_LOADED:-}" ]; then
  MASSAGE_ENV_LOADED=1

  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export ROOT

  # The machines ship an older Node than .nvmrc asks for; the `node` devDependency puts the right
  # binary in node_modules/.bin. Prepend it even before `npm ci` has created it (PATH lookups of
  # a missing directory are harmless and `hash -r` after install picks it up).
  _massage_want_major="$(sed -e 's/^v//' -e 's/\..*//' "$ROOT/.nvmrc" 2>/dev/null || echo 24)"
  _massage_have_major="$(node --version 2>/dev/null | sed -e 's/^v//' -e 's/\..*//' || true)"
  if [ -z "$_massage_have_major" ] || [ "$_massage_have_major" -lt "$_massage_want_major" ]; then
    case ":$PATH:" in
      *":$ROOT/node_modules/.bin:"*) ;;
      *) export PATH="$ROOT/node_modules/.bin:$PATH" ;;
    esac
  fi
  unset _massage_want_major _massage_have_major

  # Everything the local stack writes (Kafka data and logs, mailbox, pid files) lives under DATA_DIR.
  export DATA_DIR="${DATA_DIR:-$ROOT/.data}"

  export KAFKA_PORT="${KAFKA_PORT:-9092}"
  export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
  export KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$DATA_DIR/kafka}"
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
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

  # Service processes started by scripts/up.sh keep their pid files and logs here.
  export RUN_DIR="${RUN_DIR:-$DATA_DIR/run}"
fi
