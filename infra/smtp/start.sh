#!/usr/bin/env bash
# Starts the local SMTP mail catcher in the background (pid file), unless it is already running.
# Env: SMTP_PORT (2525), SMTP_WEB_PORT (8025), MAILBOX_DIR, SMTP_USER/SMTP_PASS, SMTP_REQUIRE_AUTH.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

# SMTP_RUN_DIR (pid file, log) comes from scripts/env.sh
PID_FILE="$SMTP_RUN_DIR/smtp.pid"
LOG_FILE="$SMTP_RUN_DIR/smtp.log"
mkdir -p "$SMTP_RUN_DIR" "$MAILBOX_DIR"

if pid_alive "$PID_FILE"; then
  # Ours and alive (maybe still starting): wait for its port rather than start a second one.
  wait_port 127.0.0.1 "$SMTP_PORT" 30 || die "SMTP mail catcher (pid $(pid_of "$PID_FILE")) runs but 127.0.0.1:$SMTP_PORT is closed; see $LOG_FILE"
  log "SMTP mail catcher already running (pid $(pid_of "$PID_FILE")) on 127.0.0.1:$SMTP_PORT"
  exit 0
fi
if port_open 127.0.0.1 "$SMTP_PORT"; then
  # Someone else's SMTP server (not ours: no live pid file). Use it rather than fail to bind.
  log "something already listens on 127.0.0.1:$SMTP_PORT (not started by this script); leaving it"
  exit 0
fi

log "starting SMTP mail catcher on 127.0.0.1:$SMTP_PORT (web 127.0.0.1:$SMTP_WEB_PORT), mailbox $MAILBOX_DIR, log $LOG_FILE"
cd "$ROOT"
start_detached "$PID_FILE" "$LOG_FILE" env \
  TS_NODE_PROJECT="$ROOT/tools/tsconfig.json" \
  node -r "$ROOT/node_modules/ts-node/register/transpile-only" -r "$ROOT/node_modules/tsconfig-paths/register" \
  "$ROOT/infra/smtp/mail-catcher.main.ts"

if ! wait_port 127.0.0.1 "$SMTP_PORT" "${SMTP_START_TIMEOUT:-30}" || ! wait_port 127.0.0.1 "$SMTP_WEB_PORT" 5; then
  tail -n 30 "$LOG_FILE" >&2 || true
  die "SMTP mail catcher did not open 127.0.0.1:$SMTP_PORT / $SMTP_WEB_PORT"
fi
pid_alive "$PID_FILE" || { tail -n 30 "$LOG_FILE" >&2; die "SMTP mail catcher exited"; }
log "SMTP mail catcher ready (pid $(pid_of "$PID_FILE")): smtp://127.0.0.1:$SMTP_PORT, http://127.0.0.1:$SMTP_WEB_PORT"
