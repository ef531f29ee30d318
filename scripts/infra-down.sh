#!/usr/bin/env bash
# Stops the SMTP mail catcher, the SMS stand-in and the Kafka broker started by infra-up.sh (by their pid files;
# their data stays). PostgreSQL is the machine's own server and is left running.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
bash "$ROOT/infra/smtp/stop.sh" || status=1
bash "$ROOT/infra/sms/stop.sh" || status=1
bash "$ROOT/infra/kafka/stop.sh" || status=1
exit "$status"
