#!/usr/bin/env bash
# Starts the local SMTP mail catcher in the background (pid file), unless it is already running.
# Env: SMTP_PORT (2525), SMTP_WEB_PORT (8025), MAILBOX_DIR, SMTP_USER/SMTP_PASS, SMTP_REQUIRE_AUTH.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
# shellcheck source=infra/stand-ins/start-stand-in.sh
source "$ROOT/infra/stand-ins/start-stand-in.sh"

# SMTP_RUN_DIR (pid file, log) comes from scripts/env.sh
mkdir -p "$SMTP_RUN_DIR" "$MAILBOX_DIR"
start_stand_in "SMTP mail catcher" "$ROOT/infra/smtp/mail-catcher.main.ts" "$SMTP_RUN_DIR/smtp.pid" "$SMTP_RUN_DIR/smtp.log" \
  "${SMTP_START_TIMEOUT:-30}" "$SMTP_PORT $SMTP_WEB_PORT" \
  " (web 127.0.0.1:$SMTP_WEB_PORT), mailbox $MAILBOX_DIR" \
  "smtp://127.0.0.1:$SMTP_PORT, http://127.0.0.1:$SMTP_WEB_PORT"
