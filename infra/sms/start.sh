#!/usr/bin/env bash
# Starts the local SMS provider stand-in in the background (pid file), unless it is already running.
# Env: SMS_PORT (8026), SMS_OUTBOX_DIR, SMS_AUTH_TOKEN, SMS_WEBHOOK_USER/SMS_WEBHOOK_PASSWORD,
# SMS_PERMANENT_FAILURE_PREFIXES, SMS_BLOCKLISTED_PREFIXES, SMS_TRANSIENT_ONCE_NUMBERS, SMS_RATE_LIMITED_ONCE_NUMBERS,
# SMS_DELIVERY_REPORTS, SMS_INBOUND_WEBHOOK_URL (see README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
# shellcheck source=infra/stand-ins/start-stand-in.sh
source "$ROOT/infra/stand-ins/start-stand-in.sh"

SMS_PORT="${SMS_PORT:-8026}"
SMS_OUTBOX_DIR="${SMS_OUTBOX_DIR:-$DATA_DIR/sms-outbox}"
SMS_RUN_DIR="${SMS_RUN_DIR:-$DATA_DIR/sms}"
export SMS_PORT SMS_OUTBOX_DIR
mkdir -p "$SMS_RUN_DIR" "$SMS_OUTBOX_DIR"
start_stand_in "SMS stand-in" "$ROOT/infra/sms/sms-catcher.main.ts" "$SMS_RUN_DIR/sms.pid" "$SMS_RUN_DIR/sms.log" \
  "${SMS_START_TIMEOUT:-30}" "$SMS_PORT" \
  ", outbox $SMS_OUTBOX_DIR" \
  "http://127.0.0.1:$SMS_PORT/sms/3/messages, listing http://127.0.0.1:$SMS_PORT/"
