#!/usr/bin/env bash
# Demo data for `npm run up`: two clients at the "downtown" location, one intake, through the gateway
# like a front desk would (so the events flow and the welcome e-mail lands in the local mailbox).
# Safe to run again, also after a partial failure: the id of each record it created is noted under
# $DATA_DIR/demo-seed/ and that record is skipped while the gateway still has it; every POST carries
# a fixed Idempotency-Key and an identical body, so a request whose answer was lost is not applied
# twice either (where the gateway honours the header). Delete .data/demo-seed to load a fresh set.
# Env: GATEWAY_PORT (3000); DEMO_TOKEN, a bearer token to use instead of issuing one with the
# gateway's bundle (dist/apps/gateway/main.js issue-token).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export AUTH_DEV_MODE="${AUTH_DEV_MODE:-1}"  # the demo token is signed with the development key (docs/security.md)

state="$DATA_DIR/demo-seed"
gateway="http://127.0.0.1:${GATEWAY_PORT:-3000}"
location=downtown
token="${DEMO_TOKEN:-$(node dist/apps/gateway/main.js issue-token --location "$location" --role front-desk --sub demo-front-desk)}"

# Values fixed once per data directory, so that a retried POST is the same request.
remember() {
  local file="$state/$1"
  [ -s "$file" ] || { shift; "$@" >"$file.tmp" && mv -f "$file.tmp" "$file"; }
  cat "$file"
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$gateway$1" -H "authorization: Bearer $token" || true
}

# ensure NAME COLLECTION BODY: prints the id of the demo record NAME, POSTing BODY to COLLECTION
# unless an earlier run created it and the gateway still answers GET COLLECTION/<id> with 200.
ensure() {
  local name="$1" collection="$2" body="$3" id="" response
  [ -s "$state/$name.id" ] && id="$(cat "$state/$name.id")"
  if [ -n "$id" ] && [ "$(http_status "$collection/$id")" = 200 ]; then
    log "demo $name already there ($id)"
    echo "$id"
    return 0
  fi
  response="$(curl -sS -f --max-time 30 -X POST "$gateway$collection" \
    -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -H "idempotency-key: demo-seed-$seed_id-$name" -d "$body")"
  id="$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$response")"
  echo "$id" >"$state/$name.id"
  log "demo $name created ($id)"
  echo "$id"
}

if [ -f "$DATA_DIR/demo-seeded" ]; then
  # Written by the earlier version of this script, which did not note the ids it created.
  log "demo data already loaded ($DATA_DIR/demo-seeded)"
else
  mkdir -p "$state"
  seed_id="$(remember seed-id node -e 'console.log(require("node:crypto").randomUUID())')"
  signed_at="$(remember signed-at date -u +%Y-%m-%dT%H:%M:%SZ)"
  clients="/v1/locations/$location/clients"
  ada_id="$(ensure client-ada "$clients" \
    '{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com","preferredChannel":"email","dateOfBirth":"1985-12-10"}')"
  ensure client-sam "$clients" \
    '{"givenName":"Sam","familyName":"Okafor","phone":"+14165550123","preferredChannel":"sms","dateOfBirth":"1979-03-02"}' >/dev/null
  ensure intake-ada "$clients/$ada_id/intakes" "{
    \"formVersion\":\"intake-2026-11\",
    \"answers\":{
      \"conditions\":[{\"code\":\"osteoporosis\",\"regions\":[],\"qualifiers\":[],\"diagnosedOn\":\"2019-05-01\",\"note\":\"diagnosed 2019\"}],
      \"surgeries\":[],\"fractures\":[],\"devices\":[],
      \"medications\":[{\"class\":\"anticoagulant\",\"name\":\"warfarin\"}],
      \"symptomsToday\":[],
      \"painAreas\":[{\"region\":\"lower-back\",\"rating\":7},{\"region\":\"neck\",\"rating\":4}],
      \"pressurePreference\":\"P3\"},
    \"goals\":[\"Sit through a workday without back pain\"],
    \"consent\":{\"given\":true,\"textVersion\":\"consent-2026-11\",\"signedName\":\"Ada Lovelace\",\"signedAt\":\"$signed_at\"}}" >/dev/null
  log "demo data loaded: clients at location '$location' (Ada Lovelace with an intake: id $ada_id; Sam Okafor)"
fi

cat <<INFO
  Demo token for location '$location' (front desk), valid for a few hours:
    export TOKEN=$token
    curl -s $gateway/v1/locations/$location/clients/<client-id> -H "authorization: Bearer \$TOKEN"
INFO
