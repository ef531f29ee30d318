#!/usr/bin/env bash
# Stops the SMTP mail catcher started by start.sh (by its pid file; the mailbox is kept).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

stop_pid_file "$SMTP_RUN_DIR/smtp.pid" "SMTP mail catcher" 15
