#!/usr/bin/env bash
# Demo data for `npm run up`, at the "downtown" location, through the gateway like the staff would (so the
# events flow and the welcome e-mails land in the local mailbox): the front desk registers four clients and
# takes three intakes; a manager records a physician's clearance. Screening (issue 7): Marta Kowalski's
# intake shows one restriction of each kind, Noor Haddad's a surgery cleared by her physician.
# Safe to run again, also after a partial failure: the id of each record it created is noted under
# $DATA_DIR/demo-seed/ and that record is skipped while the gateway still has it; every POST carries
# a fixed Idempotency-Key and an identical body (dates included), so a request whose answer was lost is
# not applied twice either. Delete .data/demo-seed to load a fresh set.
# Env: GATEWAY_PORT (3000); DEMO_TOKEN (front desk) and DEMO_MANAGER_TOKEN (location manager), bearer
# tokens to use instead of issuing them with the gateway's bundle (dist/apps/gateway/main.js issue-token).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export AUTH_DEV_MODE="${AUTH_DEV_MODE:-1}"  # the demo token is signed with the development key (docs/security.md)

state="$DATA_DIR/demo-seed"
gateway="http://127.0.0.1:${GATEWAY_PORT:-3000}"
location=downtown
token="${DEMO_TOKEN:-$(node dist/apps/gateway/main.js issue-token --location "$location" --role front-desk --sub demo-front-desk)}"
# Reads back what the seed made (intakes, clearances: front desk may not) and records the clearance.
manager="${DEMO_MANAGER_TOKEN:-$(node dist/apps/gateway/main.js issue-token --location "$location" --role location-manager --sub demo-manager)}"

# Values fixed once per data directory, so that a retried POST is the same request.
remember() {
  local file="$state/$1"
  [ -s "$file" ] || { shift; "$@" >"$file.tmp" && mv -f "$file.tmp" "$file"; }
  cat "$file"
}

# http_status PATH: the status of GET PATH as the manager.
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$gateway$1" -H "authorization: Bearer $manager" || true
}

# ensure NAME COLLECTION BODY [TOKEN [READ_COLLECTION [ID_FIELD]]]: prints the id of the demo record NAME,
# POSTing BODY to COLLECTION as TOKEN (front desk by default) unless an earlier run created it and the gateway
# still answers GET READ_COLLECTION/<id> (default COLLECTION/<id>) with 200. ID_FIELD: where the answer holds
# the id, a dotted path (default `id`).
ensure() {
  local name="$1" collection="$2" body="$3" bearer="${4:-$token}" read_collection="${5:-$2}" id_field="${6:-id}" id="" response
  [ -s "$state/$name.id" ] && id="$(cat "$state/$name.id")"
  if [ -n "$id" ] && [ "$(http_status "$read_collection/$id")" = 200 ]; then
    log "demo $name already there ($id)"
    echo "$id"
    return 0
  fi
  response="$(curl -sS -f --max-time 30 -X POST "$gateway$collection" \
    -H "authorization: Bearer $bearer" -H 'content-type: application/json' \
    -H "idempotency-key: demo-seed-$seed_id-$name" -d "$body")"
  id="$(node -e 'console.log(process.argv[2].split(".").reduce((o, k) => o[k], JSON.parse(process.argv[1])))' "$response" "$id_field")"
  echo "$id" >"$state/$name.id"
  log "demo $name created ($id)"
  echo "$id"
}

mkdir -p "$state"
seed_id="$(remember seed-id node -e 'console.log(require("node:crypto").randomUUID())')"
signed_at="$(remember signed-at date -u +%Y-%m-%dT%H:%M:%SZ)"
clients="/v1/locations/$location/clients"

if [ -f "$DATA_DIR/demo-seeded" ]; then
  # Written by the earlier version of this script, which did not note the ids it created.
  log "demo data already loaded ($DATA_DIR/demo-seeded)"
else
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

# Screening (issue 7), also for data directories the earlier version seeded. The dates are fixed on the first
# run: the surgery stays "3 weeks before the seed" and the fever "today" in these intakes, whenever they are read.
surgery_on="$(remember surgery-on date -u -d '21 days ago' +%F)"
port_placed_on="$(remember port-placed-on date -u -d '200 days ago' +%F)"
# intake_body NAME ANSWERS: a signed intake on the current form with the given health answers.
intake_body() {
  printf '{"formVersion":"intake-2026-11","answers":%s,"goals":["Move without pain"],"consent":{"given":true,"textVersion":"consent-2026-11","signedName":"%s","signedAt":"%s"}}' "$2" "$1" "$signed_at"
}
marta_id="$(ensure client-marta "$clients" \
  '{"givenName":"Marta","familyName":"Kowalski","email":"marta@example.com","preferredChannel":"email","dateOfBirth":"1961-07-14"}')"
# A fever today (FEVER, ABSOLUTE), a port in the chest (ONC_PORT, LOCAL; IMPLANT, LOCAL, too), knee surgery three
# weeks ago (SURG: LOCAL, and CLEARANCE before work at the site) and an anticoagulant (ANTICOAG, MODIFY ≤ P2).
ensure intake-marta "$clients/$marta_id/intakes" "$(intake_body 'Marta Kowalski' "{
  \"conditions\":[],\"fractures\":[],
  \"surgeries\":[{\"on\":\"$surgery_on\",\"sites\":[\"right-knee\"]}],
  \"devices\":[{\"kind\":\"port\",\"sites\":[\"chest\"],\"placedOn\":\"$port_placed_on\"}],
  \"medications\":[{\"class\":\"anticoagulant\"}],
  \"symptomsToday\":[\"fever-last-48h\"],
  \"painAreas\":[{\"region\":\"lower-back\",\"rating\":6}],
  \"pressurePreference\":\"P3\"}")" >/dev/null
noor_id="$(ensure client-noor "$clients" \
  '{"givenName":"Noor","familyName":"Haddad","email":"noor@example.com","preferredChannel":"email","dateOfBirth":"1988-01-23"}')"
ensure intake-noor "$clients/$noor_id/intakes" "$(intake_body 'Noor Haddad' "{
  \"conditions\":[],\"fractures\":[],\"devices\":[],\"medications\":[],\"symptomsToday\":[],
  \"surgeries\":[{\"on\":\"$surgery_on\",\"sites\":[\"right-knee\"]}],
  \"painAreas\":[{\"region\":\"right-knee\",\"rating\":4}],
  \"pressurePreference\":\"P2\"}")" >/dev/null
# Her surgeon's letter, brought in by the manager: SURG's clearance satisfied, its LOCAL rule stays (outcome restricted).
clearance_id="$(ensure clearance-noor "$clients/$noor_id/clearances/recorded" \
  '{"rules":["SURG"],"providerName":"Dr. Ana Ruiz, orthopaedics","techniques":"all","sites":["right-knee"],"maxPressure":"P3","documentRef":"demo://letters/noor-haddad-knee"}' \
  "$manager" "$clients/$noor_id/clearances" clearance.id)"

cat <<INFO
  Demo tokens for location '$location', valid for a few hours:
    export TOKEN=$token      # front desk
    export MANAGER=$manager  # location manager
    curl -s $gateway/v1/locations/$location/clients/<client-id> -H "authorization: Bearer \$TOKEN"
  Screening (README, "Contraindication screening"):
    Marta Kowalski ($marta_id): one restriction of each kind, outcome deferred (a fever today)
      curl -s $gateway/v1/locations/$location/clients/$marta_id/screening -H "authorization: Bearer \$TOKEN"    # front desk: the outcome only
      curl -s $gateway/v1/locations/$location/clients/$marta_id/screening -H "authorization: Bearer \$MANAGER"  # the rules and restrictions
    Noor Haddad ($noor_id): knee surgery cleared by her physician (clearance $clearance_id), outcome restricted
      curl -s $gateway/v1/locations/$location/clients/$noor_id/clearances -H "authorization: Bearer \$MANAGER"
      curl -s $gateway/v1/locations/$location/clients/$noor_id/screenings -H "authorization: Bearer \$MANAGER"
    ScreeningCompleted events: kcat -C -b 127.0.0.1:9092 -t intake.events.v1 -o beginning -f '%k %h %s\n' | grep ScreeningCompleted
INFO
