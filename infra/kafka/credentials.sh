# shellcheck shell=bash
# SCRAM logins of the local broker when KAFKA_AUTH=sasl (ADR 0009). Sourced by start.sh, and by
# scripts that start service processes: `env $(kafka_login_env intake) node dist/apps/intake/main.js`.
# $KAFKA_CREDENTIALS_FILE (default $KAFKA_DATA_DIR/credentials, mode 0600) holds one
# `principal=password` line per principal of @massage/contracts KAFKA_PRINCIPALS, generated once
# (random hex) and kept with the broker's data: reset.sh forgets them together.

# The password of PRINCIPAL (fails when it has none).
kafka_password() {
  local password
  password="$(sed -n "s/^$1=//p" "$KAFKA_CREDENTIALS_FILE" 2>/dev/null | head -n 1)"
  [ -n "$password" ] || { echo "no Kafka password for $1 in $KAFKA_CREDENTIALS_FILE (start the broker with KAFKA_AUTH=sasl first)" >&2; return 1; }
  printf '%s\n' "$password"
}

# KAFKA_SASL_USERNAME=… KAFKA_SASL_PASSWORD=… for a process that logs in as PRINCIPAL; nothing when
# KAFKA_AUTH is not sasl, so callers can use it unconditionally.
kafka_login_env() {
  [ "$KAFKA_AUTH" = sasl ] || return 0
  printf 'KAFKA_SASL_USERNAME=%s KAFKA_SASL_PASSWORD=%s\n' "$1" "$(kafka_password "$1")"
}

# Adds a generated password for every principal that has none yet; prints the principals.
kafka_ensure_credentials() {
  local principals principal
  principals="$(run_ts "$ROOT/tools/scripts/create-acls.ts" principals)" || return 1
  mkdir -p "$(dirname "$KAFKA_CREDENTIALS_FILE")"
  (
    umask 077
    touch "$KAFKA_CREDENTIALS_FILE"
    for principal in $principals; do
      grep -q "^$principal=" "$KAFKA_CREDENTIALS_FILE" \
        || printf '%s=%s\n' "$principal" "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" >>"$KAFKA_CREDENTIALS_FILE"
    done
  )
  chmod 600 "$KAFKA_CREDENTIALS_FILE"
  printf '%s\n' $principals
}
