#!/usr/bin/env bash
# Creates each service's database (docs/architecture.md) on $PGHOST:$PGPORT as $PGUSER when it is
# missing. Starts the machine's PostgreSQL cluster first if it does not answer (the project's
# machines run one from Debian; pg_ctlcluster starts it without systemd).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

DATABASES=(massage_intake massage_scheduling massage_treatment massage_notification)

command -v psql >/dev/null || die "psql is needed: apt-get install -y postgresql-client"
pg_answers() { psql -X -q -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; }

if ! pg_answers; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "PostgreSQL does not answer at $PGHOST:$PGPORT; starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || log "pg_ctlcluster failed (maybe already starting)"
  fi
  deadline=$(( $(date +%s) + ${PG_START_TIMEOUT:-30} ))
  until pg_answers; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      psql -X -d postgres -tAc 'SELECT 1' >&2 || true
      die "PostgreSQL is not answering at $PGHOST:$PGPORT as $PGUSER"
    fi
    sleep 0.5
  done
fi

for db in "${DATABASES[@]}"; do
  if [ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = "1" ]; then
    log "database $db exists"
  else
    # CREATE DATABASE cannot run in a transaction or take IF NOT EXISTS; a concurrent creator
    # makes it fail with duplicate_database, which is fine.
    psql -X -q -d postgres -c "CREATE DATABASE \"$db\"" 2>/dev/null || \
      [ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = "1" ] || \
      die "could not create database $db"
    log "database $db created"
  fi
done
