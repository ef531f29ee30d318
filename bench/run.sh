#!/usr/bin/env bash
# Runs the benchmarks (bench/README.md) against the broker at KAFKA_BROKERS and PostgreSQL at
# PGHOST/PGPORT/PGUSER (scripts/env.sh: the project's Node 24 and defaults):
#   bash bench/run.sh                 relay, consumer, booking, then screening
#   bash bench/run.sh booking         one of them (relay | consumer | booking | screening)
# booking starts the built scheduling service and gateway (dist/apps/<app>/main.js), which this script builds
# first (nx: a cache hit when nothing changed; BENCH_SKIP_BUILD=1 uses the bundles as they are).
# Each bench prints a markdown table and writes bench/results/<bench>.json. Every database, topic and
# consumer group of the run is named after BENCH_RUN_ID; whatever of them is left when this script
# exits (done, failed, Ctrl-C or SIGTERM) is dropped by bench/cleanup.ts.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lib.sh"
cd "$ROOT"

benches=("$@")
[ "${#benches[@]}" -gt 0 ] || benches=(relay consumer booking)
for bench in "${benches[@]}"; do
  [ -f "$ROOT/bench/$bench.bench.ts" ] || die "no bench/$bench.bench.ts (known: relay, consumer, booking, screening)"
done

# The booking bench measures the bundles: build them (one at a time) unless told not to.
if [[ " ${benches[*]} " == *" booking "* ]] && [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  for app in scheduling gateway; do
    log "building $app for the booking bench"
    if ! build_log="$(NX_TUI=false NX_NO_CLOUD=true nx run "$app:build" --outputStyle=static 2>&1)"; then
      printf '%s\n' "$build_log" | tail -n 40 >&2
      die "nx run $app:build failed"
    fi
  done
fi

BENCH_RUN_ID="${BENCH_RUN_ID:-$(printf '%x_%04x' "$(date +%s)" "$RANDOM")}"
export BENCH_RUN_ID

# ts-node with the bench's tsconfig; exec, so that the pid we hold is node's own.
bench_node() {
  TS_NODE_PROJECT="$ROOT/bench/tsconfig.json" exec node -r ts-node/register/transpile-only -r tsconfig-paths/register "$@"
}

bench_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    log "stopping the bench in progress (pid $bench_pid)"
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  ( bench_node "$ROOT/bench/cleanup.ts" "$BENCH_RUN_ID" ) || log "could not drop what bench run $BENCH_RUN_ID left (databases bench_*_$BENCH_RUN_ID, topics bench.*.$BENCH_RUN_ID)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for bench in "${benches[@]}"; do
  log "bench $bench (run $BENCH_RUN_ID)"
  # In the background and waited for, so that a signal reaches the trap at once (bash runs traps
  # only between foreground commands).
  bench_node "$ROOT/bench/$bench.bench.ts" &
  bench_pid=$!
  wait "$bench_pid"
  bench_pid=""
done

# Screening engine (bench/screening.bench.ts): pure domain code, no Kafka and no PostgreSQL; runs last
# in a full run. Alone: `bash bench/run.sh screening` (the exit cleanup then finds nothing to drop) or,
# with no broker at all, the node command of bench/README.md ("Screening").
if [ "$#" -eq 0 ]; then
  log "bench screening (run $BENCH_RUN_ID)"
  bench_node "$ROOT/bench/screening.bench.ts" &
  bench_pid=$!
  wait "$bench_pid"
  bench_pid=""
fi
