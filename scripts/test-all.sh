#!/usr/bin/env bash
# THE test command: brings up the infrastructure, then lints, tests (unit + integration against
# the real Kafka, PostgreSQL and SMTP) and builds every project, then runs the e2e suite when
# there is one. Exits non-zero on any failure. Leaves the infrastructure running (npm run down).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/infra-up.sh"

# Plain output for logs; CI=true already turns off Nx's daemon and interactive UI.
export NX_TUI=false NX_NO_CLOUD=true FORCE_COLOR="${FORCE_COLOR:-0}"

# Keep going after a failure so one CI run reports everything; the exit status still says it.
status=0
# Jest's per-project summaries are added up at the end into one closing line.
summary_log="$(mktemp)"
trap 'rm -f "$summary_log"' EXIT
log "lint, type-check, test and build every project"
nx run-many -t lint typecheck test build --parallel=2 --outputStyle=static 2>&1 | tee -a "$summary_log" || status=1

if nx show projects | grep -qx e2e; then
  log "end-to-end suite"
  nx run e2e:e2e --outputStyle=static 2>&1 | tee -a "$summary_log" || status=1
else
  log "no e2e project yet; skipping end-to-end suite"
fi

# The fault suite: every scenario once, on a broker, database and SMTP server of its own (docs/reliability.md).
# Its "Tests:" line (one test per scenario run) joins the totals below.
log "fault suite (npm run faults)"
bash "$ROOT/tools/faults/run.sh" --no-build 2>&1 | tee -a "$summary_log" || status=1

# "Tests:       2 failed, 1 skipped, 40 passed, 43 total" -> totals over every jest run.
totals="$(sed -e 's/\x1b\[[0-9;]*m//g' "$summary_log" | awk '/^Tests:/ {
  for (i = 2; i <= NF; i++) { n = $i + 0; w = $(i + 1); gsub(/,/, "", w); if (w == "passed") p += n; if (w == "failed") f += n; if (w == "skipped") s += n }
} END { printf "%d passed, %d failed, %d skipped", p, f, s }')"

if [ "$status" -eq 0 ]; then
  log "all checks passed"
else
  log "FAILED: see the failing tasks above"
fi
echo "$totals"
exit "$status"
