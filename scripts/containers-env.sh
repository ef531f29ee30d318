# shellcheck shell=bash
# The settings every container script shares (sourced after infra/containers/lib.sh): compose
# project, image tag, host ports, the mailbox folder and the gateway's secrets.
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-massage}"
export IMAGE_TAG="${IMAGE_TAG:-local}"
# Test runs (CONTAINERS_FREE_PORTS=1) take host ports the kernel says are free now, unless set.
if [ -n "${CONTAINERS_FREE_PORTS:-}" ]; then
  for var in GATEWAY_HOST_PORT KAFKA_HOST_PORT POSTGRES_HOST_PORT SMTP_HOST_PORT SMTP_WEB_HOST_PORT SMS_HOST_PORT; do
    [ -n "${!var:-}" ] || export "$var=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  done
fi
export GATEWAY_HOST_PORT="${GATEWAY_HOST_PORT:-3000}" KAFKA_HOST_PORT="${KAFKA_HOST_PORT:-9092}"
export POSTGRES_HOST_PORT="${POSTGRES_HOST_PORT:-5432}" SMTP_HOST_PORT="${SMTP_HOST_PORT:-2525}"
export SMTP_WEB_HOST_PORT="${SMTP_WEB_HOST_PORT:-8025}" SMS_HOST_PORT="${SMS_HOST_PORT:-8026}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}"
export MAILBOX_HOST_DIR="${MAILBOX_HOST_DIR:-$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME/mailbox}"

# docker-compose.yml, plus docker-compose.official.yml when CONTAINER_BASE=official.
compose() {
  local files=(-f "$ROOT/docker-compose.yml")
  [ "${CONTAINER_BASE:-}" != official ] || files+=(-f "$ROOT/docker-compose.official.yml")
  docker-compose --project-directory "$ROOT" "${files[@]}" "$@"
}

# The gateway's token secret and assertion key pair (docs/security.md), and notification's link secret and SMS
# webhook password (ADR 0021; required with NODE_ENV=production), made once per project.
containers_secrets() {
  local dir="$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME/secrets"
  mkdir -p "$dir" && chmod 700 "$dir"
  [ -s "$dir/token-secret" ] || openssl rand -hex 32 >"$dir/token-secret"
  [ -s "$dir/assertion.pem" ] || (umask 077 && openssl genpkey -algorithm ed25519 -out "$dir/assertion.pem")
  AUTH_TOKEN_SECRET="$(cat "$dir/token-secret")"
  AUTH_ASSERTION_PRIVATE_KEY="$(cat "$dir/assertion.pem")"
  AUTH_ASSERTION_PUBLIC_KEYS="$(openssl pkey -in "$dir/assertion.pem" -pubout | node -e 'let p="";process.stdin.on("data",(d)=>(p+=d)).on("end",()=>console.log(JSON.stringify({k1:p})))')"
  [ -s "$dir/notification-link-secret" ] || openssl rand -hex 32 >"$dir/notification-link-secret"
  [ -s "$dir/sms-webhook-password" ] || openssl rand -hex 24 >"$dir/sms-webhook-password"
  NOTIFICATION_LINK_SECRET="$(cat "$dir/notification-link-secret")" SMS_WEBHOOK_PASSWORD="$(cat "$dir/sms-webhook-password")"
  export AUTH_TOKEN_SECRET AUTH_ASSERTION_PRIVATE_KEY AUTH_ASSERTION_PUBLIC_KEYS NOTIFICATION_LINK_SECRET SMS_WEBHOOK_PASSWORD
}
