#!/usr/bin/env bash
# Demo data for `npm run up`: two clients at the "downtown" location, one intake, through the gateway
# like a front desk would (so the events flow and the welcome e-mail lands in the local mailbox).
# Runs once per data directory (marker file); delete .data/demo-seeded to load it again.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

marker="$DATA_DIR/demo-seeded"
gateway="http://127.0.0.1:${GATEWAY_PORT:-3000}"
location=downtown
token="$(node dist/apps/gateway/main.js issue-token --location "$location" --role front-desk --sub demo-front-desk)"

if [ -f "$marker" ]; then
  log "demo data already loaded ($marker)"
else
  post() { curl -sS -f -X POST "$gateway$1" -H "authorization: Bearer $token" -H 'content-type: application/json' -d "$2"; }
  ada=$(post "/v1/locations/$location/clients" \
    '{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com","preferredChannel":"email","dateOfBirth":"1985-12-10"}')
  ada_id=$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$ada")
  post "/v1/locations/$location/clients" \
    '{"givenName":"Sam","familyName":"Okafor","phone":"+14165550123","preferredChannel":"sms","dateOfBirth":"1979-03-02"}' >/dev/null
  signed_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  post "/v1/locations/$location/clients/$ada_id/intakes" "{
    \"formVersion\":\"2026.1\",
    \"conditions\":[{\"code\":\"osteoporosis\",\"note\":\"diagnosed 2019\"}],
    \"medications\":[{\"code\":\"anticoagulant\",\"name\":\"warfarin\"}],
    \"recentInjuryOrSurgery\":{\"present\":false},
    \"painAreas\":[{\"region\":\"lower-back\",\"rating\":7},{\"region\":\"neck\",\"rating\":4}],
    \"goals\":[\"Sit through a workday without back pain\"],
    \"pressurePreference\":\"medium\",
    \"consent\":{\"given\":true,\"signedName\":\"Ada Lovelace\",\"signedAt\":\"$signed_at\"}}" >/dev/null
  touch "$marker"
  log "demo data loaded: clients at location '$location' (Ada Lovelace with an intake: id $ada_id; Sam Okafor)"
fi

cat <<INFO
  Demo token for location '$location' (front desk), valid for a few hours:
    export TOKEN=$token
    curl -s $gateway/v1/locations/$location/clients/<client-id> -H "authorization: Bearer \$TOKEN"
INFO
