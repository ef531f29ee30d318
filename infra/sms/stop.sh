#!/usr/bin/env bash
# Stops the SMS stand-in started by start.sh (by its pid file; the outbox is kept).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

stop_pid_file "${SMS_RUN_DIR:-$DATA_DIR/sms}/sms.pid" "SMS stand-in" 15
