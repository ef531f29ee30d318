#!/usr/bin/env bash
# Starts the local SMS provider stand-in in the background (pid file), unless it is already running.
# Env: SMS_PORT (8026), SMS_OUTBOX_DIR, SMS_AUTH_TOKEN, SMS_WEBHOOK_USER/SMS_WEBHOOK_PASSWORD,
# SMS_PERMANENT_FAILURE_PREFIXES, SMS_BLOCKLISTED_PREFIXES, SMS_TRANSIENT_ONCE_NUMBERS, SMS_RATE_LIMITED_ONCE_NUMBERS,
# SMS_DELIVERY_REPORTS, SMS_INBOUND_WEBHOOK_URL (see README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

SMS_PORT="${SMS_PORT:-8026}"
SMS_OUTBOX_DIR="${SMS_OUTBOX_DIR:-$DATA_DIR/sms-outbox}"
SMS_RUN_DIR="${SMS_RUN_DIR:-$DATA_DIR/sms}"
export SMS_PORT SMS_OUTBOX_DIR
PID_FILE="$SMS_RUN_DIR/sms.pid"
LOG_FILE="$SMS_RUN_DIR/sms.log"
mkdir -p "$SMS_RUN_DIR" "$SMS_OUTBOX_DIR"

if pid_alive "$PID_FILE"; then
  wait_port 127.0.0.1 "$SMS_PORT" 30 || die "SMS stand-in (pid $(pid_of "$PID_FILE")) runs but 127.0.0.1:$SMS_PORT is closed; see $LOG_FILE"
  log "SMS stand-in already running (pid $(pid_of "$PID_FILE")) on 127.0.0.1:$SMS_PORT"
  exit 0
fi
if port_open 127.0.0.1 "$SMS_PORT"; then
  log "something already listens on 127.0.0.1:$SMS_PORT (not started by this script); leaving it"
  exit 0
fi

log "starting SMS stand-in on 127.0.0.1:$SMS_PORT, outbox $SMS_OUTBOX_DIR, log $LOG_FILE"
cd "$ROOT"
start_detached "$PID_FILE" "$LOG_FILE" env \
  TS_NODE_PROJECT="$ROOT/infra/sms/tsconfig.json" \
  node -r "$ROOT/node_modules/ts-node/register/transpile-only" -r "$ROOT/node_modules/tsconfig-paths/register" \
  "$ROOT/infra/sms/sms-catcher.main.ts"

if ! wait_port 127.0.0.1 "$SMS_PORT" "${SMS_START_TIMEOUT:-30}"; then
  tail -n 30 "$LOG_FILE" >&2 || true
  die "SMS stand-in did not open 127.0.0.1:$SMS_PORT"
fi
pid_alive "$PID_FILE" || { tail -n 30 "$LOG_FILE" >&2; die "SMS stand-in exited"; }
log "SMS stand-in ready (pid $(pid_of "$PID_FILE")): http://127.0.0.1:$SMS_PORT/sms/3/messages, listing http://127.0.0.1:$SMS_PORT/"
