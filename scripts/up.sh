#!/usr/bin/env bash
# `npm run up`: the whole system on this machine. Infrastructure (infra-up.sh), database
# migrations, then every service built and started from its bundle (node dist/apps/<app>/main.js)
# in the background, each checked on GET /health; demo data if scripts/seed-demo.sh exists.
# Services already running from an earlier `up` are restarted on the new build.
# Env: SERVICE_START_TIMEOUT (60 s), GATEWAY_PORT..NOTIFICATION_PORT to move a service.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/kafka/credentials.sh
source "$ROOT/infra/kafka/credentials.sh"
cd "$ROOT"

export NX_TUI=false NX_NO_CLOUD=true
# Known services and their ports (docs/architecture.md). Other apps (e2e, ...) are not started.
declare -A PORTS=(
  [gateway]="${GATEWAY_PORT:-3000}"
  [intake]="${INTAKE_PORT:-3001}"
  [scheduling]="${SCHEDULING_PORT:-3002}"
  [treatment]="${TREATMENT_PORT:-3003}"
  [notification]="${NOTIFICATION_PORT:-3004}"
)
ORDER=(intake scheduling treatment notification gateway)  # the gateway last: it forwards to the others
export INTAKE_URL="${INTAKE_URL:-http://127.0.0.1:${PORTS[intake]}}"
export SCHEDULING_URL="${SCHEDULING_URL:-http://127.0.0.1:${PORTS[scheduling]}}"
export TREATMENT_URL="${TREATMENT_URL:-http://127.0.0.1:${PORTS[treatment]}}"
export NOTIFICATION_URL="${NOTIFICATION_URL:-http://127.0.0.1:${PORTS[notification]}}" AUTH_DEV_MODE="${AUTH_DEV_MODE:-1}"  # local stack: development keys under $DATA_DIR/auth-dev (docs/security.md)
# Notification's SMS channel: the stand-in (infra/sms) as the provider; its delivery reports and the clients' STOP/START
# replies come back to notification directly, not through the gateway (ADR 0021); the unsubscribe links point at it too.
export SMS_API_URL="${SMS_API_URL:-http://127.0.0.1:$SMS_PORT}" SMS_AUTH_TOKEN="${SMS_AUTH_TOKEN:-local-sms-key}" SMS_FROM="${SMS_FROM:-MassageCo}"
export SMS_DELIVERY_REPORT_URL="${SMS_DELIVERY_REPORT_URL:-$NOTIFICATION_URL/sms/delivery-reports}" SMS_INBOUND_WEBHOOK_URL="${SMS_INBOUND_WEBHOOK_URL:-$NOTIFICATION_URL/sms/inbound}"
export NOTIFICATION_UNSUBSCRIBE_URL="${NOTIFICATION_UNSUBSCRIBE_URL:-$NOTIFICATION_URL/unsubscribe}"
# The demo locations' managers, who get the licence-expiry notices (no service keeps a manager's contact yet: ADR 0024).
demo_managers='{"downtown":{"name":"Dana Whitfield","email":"manager.downtown@massage.example"},"soho":{"name":"Sam Okafor","email":"manager.soho@massage.example"}}'
export NOTIFICATION_LOCATION_MANAGERS="${NOTIFICATION_LOCATION_MANAGERS:-$demo_managers}"

# A step that fails stops what this run started (services, and Kafka/SMTP if they were not running
# before), so a failed `up` leaves the machine as it found it; `npm run up` again after the fix.
infra_before="$(infra_running)"
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ]; then
    log "up failed (exit status $status): stopping what this run started"
    stop_tracked
    stop_infra_started_since "$infra_before"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$ROOT/scripts/infra-up.sh"

apps=()
for app in "${ORDER[@]}"; do
  [ -f "$ROOT/apps/$app/project.json" ] && apps+=("$app")
done
if [ "${#apps[@]}" -eq 0 ]; then
  log "no service apps under apps/ yet; infrastructure only"
else
  projects="$(IFS=,; echo "${apps[*]}")"
  log "building ${projects}"
  nx run-many -t build --projects="$projects" --outputStyle=static

  migrating="$(nx show projects --with-target migrate)" || die "nx could not list the projects with a migrate target (see above)"
  if [ -n "$migrating" ]; then
    log "running database migrations"
    nx run-many -t migrate --outputStyle=static
  else
    log "no project has a migrate target yet; skipping migrations"
  fi

  mkdir -p "$RUN_DIR"
  # Services from an earlier `up` run the old build: stop them (all at once) before starting.
  stoppers=()
  for app in "${apps[@]}"; do
    if pid_alive "$RUN_DIR/$app.pid"; then
      stop_pid_file "$RUN_DIR/$app.pid" "$app" 20 &
      stoppers+=("$!")
    fi
  done
  for stopper in "${stoppers[@]}"; do wait "$stopper" || true; done

  for app in "${apps[@]}"; do
    port="${PORTS[$app]}"
    pid_file="$RUN_DIR/$app.pid"
    log_file="$RUN_DIR/$app.log"
    if port_open 127.0.0.1 "$port"; then
      die "port $port for $app is taken by another process (not started by up.sh)"
    fi
    [ -f "$ROOT/dist/apps/$app/main.js" ] || die "dist/apps/$app/main.js missing after the build"
    log "starting $app on 127.0.0.1:$port (log $log_file)"
    : >"$log_file"
    # With KAFKA_AUTH=sasl each service logs in as its own principal, held to the catalogue's ACLs (ADR 0009).
    login="$(kafka_login_env "$app")" || die "no Kafka login for $app in $KAFKA_CREDENTIALS_FILE"
    # shellcheck disable=SC2086  # $login is KAFKA_SASL_USERNAME=… KAFKA_SASL_PASSWORD=… (hex passwords, no spaces)
    start_tracked "$pid_file" "$log_file" env PORT="$port" $login node "$ROOT/dist/apps/$app/main.js"
  done

  for app in "${apps[@]}"; do
    port="${PORTS[$app]}"
    if ! wait_http_ok "http://127.0.0.1:$port/health" "${SERVICE_START_TIMEOUT:-60}"; then
      tail -n 40 "$RUN_DIR/$app.log" >&2 || true
      pid_alive "$RUN_DIR/$app.pid" || log "$app exited"
      die "$app did not answer GET http://127.0.0.1:$port/health with 200; log: $RUN_DIR/$app.log"
    fi
    log "$app healthy at http://127.0.0.1:$port"
  done
fi

if [ -f "$ROOT/scripts/seed-demo.sh" ]; then
  log "loading demo data"
  bash "$ROOT/scripts/seed-demo.sh"
fi

cat <<INFO

  Everything is up.
    gateway    http://127.0.0.1:${PORTS[gateway]}        (OpenAPI: http://127.0.0.1:${PORTS[gateway]}/docs)
    mailbox    http://127.0.0.1:$SMTP_WEB_PORT        (SMTP on $SMTP_HOST:$SMTP_PORT, files in $MAILBOX_DIR)
    SMS        http://127.0.0.1:$SMS_PORT/messages  (files in $SMS_OUTBOX_DIR; a client's reply: curl -H 'content-type: application/json' -d '{"from":"+14165550100","text":"STOP"}' http://127.0.0.1:$SMS_PORT/inbound)
    Kafka      $KAFKA_BROKERS          (kcat -C -b $KAFKA_BROKERS -t intake.events.v1 -f '%k %h %s\\n')
    PostgreSQL $PGHOST:$PGPORT as $PGUSER
    logs       $RUN_DIR/<service>.log, $KAFKA_DATA_DIR/logs/server.log
  Stop with: npm run down

INFO
