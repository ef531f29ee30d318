#!/usr/bin/env bash
# Demo data for `npm run up`, through the gateway like the staff would (so the events flow and the welcome e-mails
# land in the local mailbox):
# - HQ opens two locations first (intake refuses clients of a location scheduling never opened): "downtown"
#   (America/Toronto) and "soho" (Europe/London), each with rooms (one with a prenatal table), a service catalogue,
#   and therapists with licences, certifications and weekly shifts — at downtown Jordan Lee's licence runs out within
#   30 days and Alex Moreau is not certified in deep tissue, which the catalogue offers;
# - the front desk registers clients and takes intakes; a manager records a physician's clearance. Screening
#   (issue 7): Marta Kowalski's intake shows one restriction of each kind (deferred: a fever today), Noor Haddad's a
#   surgery cleared by her physician; Sam Okafor has no intake yet (screening-pending); the others are bookable;
# - the front desk books a week of appointments at both locations, from tomorrow (waiting, when needed, until
#   scheduling has received the clients' screenings).
# Safe to run again, also after a partial failure: the id of each record it created is noted under
# $DATA_DIR/demo-seed/ and that record is skipped while the gateway still has it (rooms and services are found by
# their code, locations by theirs); every POST carries a fixed Idempotency-Key and an identical body (dates included),
# so a request whose answer was lost is not applied twice either. Once the week of bookings is over, a run books the
# next week. Delete .data/demo-seed to load a fresh set.
# Env: GATEWAY_PORT (3000); bearer tokens to use instead of issuing them with the gateway's bundle
# (dist/apps/gateway/main.js issue-token): DEMO_TOKEN and DEMO_MANAGER_TOKEN (downtown's front desk and manager),
# DEMO_SOHO_TOKEN and DEMO_SOHO_MANAGER_TOKEN (soho's), DEMO_HQ_TOKEN (hq-admin); DEMO_WAIT_SECONDS (120): how long
# a request refused only for now (unknown-location, screening-pending) is retried.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export AUTH_DEV_MODE="${AUTH_DEV_MODE:-1}"  # the demo token is signed with the development key (docs/security.md)

state="$DATA_DIR/demo-seed"
gateway="http://127.0.0.1:${GATEWAY_PORT:-3000}"
location=downtown
soho=soho
issue_token() { node dist/apps/gateway/main.js issue-token "$@"; }
token="${DEMO_TOKEN:-$(issue_token --location "$location" --role front-desk --sub demo-front-desk)}"
# Reads back what the seed made (intakes, clearances: front desk may not), records the clearance, keeps the calendar.
manager="${DEMO_MANAGER_TOKEN:-$(issue_token --location "$location" --role location-manager --sub demo-manager)}"
soho_token="${DEMO_SOHO_TOKEN:-$(issue_token --location "$soho" --role front-desk --sub demo-soho-front-desk)}"
soho_manager="${DEMO_SOHO_MANAGER_TOKEN:-$(issue_token --location "$soho" --role location-manager --sub demo-soho-manager)}"
hq="${DEMO_HQ_TOKEN:-$(issue_token --role hq-admin --sub demo-hq)}"

# Values fixed once per data directory, so that a retried POST is the same request.
remember() {
  local file="$state/$1"
  [ -s "$file" ] || { shift; "$@" >"$file.tmp" && mv -f "$file.tmp" "$file"; }
  cat "$file"
}

# http_status PATH [TOKEN]: the status of GET PATH as TOKEN (downtown's manager by default).
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$gateway$1" -H "authorization: Bearer ${2:-$manager}" || true
}

# api METHOD PATH TOKEN [BODY [IDEMPOTENCY_KEY]]: the answer's status in $api_status, its body in the file $answer.
answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT
api() {
  local args=(-sS --max-time 30 -o "$answer" -w '%{http_code}' -X "$1" "$gateway$2" -H "authorization: Bearer $3")
  [ -z "${4:-}" ] || args+=(-H 'content-type: application/json' -d "$4")
  [ -z "${5:-}" ] || args+=(-H "idempotency-key: $5")
  api_status="$(curl "${args[@]}")" || die "$1 $2: the gateway at $gateway did not answer"
}

# json_get FILE PATH: the value at the dotted PATH of the JSON in FILE (empty when absent or not JSON). A string
# that opens the answer (`{"id":"…"`, `{"clearance":{"id":"…"`: what the services answer a creation with) is read
# without starting node, which takes a second on a loaded machine.
json_get() {
  local opening="" step re
  for step in ${2//./ }; do opening+="\{\"$step\":"; done
  re="^$opening\"([^\"\\]*)\""
  if [[ "$(head -c 300 "$1")" =~ $re ]]; then
    echo "${BASH_REMATCH[1]}"
    return 0
  fi
  node -e '
    let v; try { v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch { process.exit(0); }
    for (const step of process.argv[2].split(".")) v = v == null ? undefined : v[step];
    if (v !== undefined && v !== null) console.log(typeof v === "object" ? JSON.stringify(v) : v);' "$1" "$2"
}

# The rule a problem+json answer names (the last segment of its type), or nothing.
problem_rule() {
  local type
  type="$(json_get "$answer" type)"
  echo "${type##*/}"
}

# post_until_settled PATH TOKEN BODY KEY: POSTs, again while the refusal is only for now (intake has not yet heard
# of a new location, scheduling not yet of a client's screening), at most DEMO_WAIT_SECONDS.
post_until_settled() {
  local deadline=$((SECONDS + ${DEMO_WAIT_SECONDS:-120}))
  while :; do
    api POST "$1" "$2" "$3" "$4"
    [ "$api_status" -ge 400 ] || return 0
    case "$(problem_rule)" in
      unknown-location | screening-pending) [ "$SECONDS" -lt "$deadline" ] || return 0 ;;
      *) return 0 ;;
    esac
    sleep 1
  done
}

# ensure NAME COLLECTION BODY [TOKEN [READ_COLLECTION [ID_FIELD [READ_TOKEN]]]]: prints the id of the demo record
# NAME, POSTing BODY to COLLECTION as TOKEN (downtown's front desk by default) unless an earlier run created it and
# the gateway still answers GET READ_COLLECTION/<id> (default COLLECTION/<id>) as READ_TOKEN (downtown's manager) with
# 200. ID_FIELD: where the answer holds the id, a dotted path (default `id`).
ensure() {
  local name="$1" collection="$2" body="$3" bearer="${4:-$token}" read_collection="${5:-$2}" id_field="${6:-id}" reader="${7:-$manager}" id=""
  [ -s "$state/$name.id" ] && id="$(cat "$state/$name.id")"
  if [ -n "$id" ] && [ "$(http_status "$read_collection/$id" "$reader")" = 200 ]; then
    log "demo $name already there ($id)"
    echo "$id"
    return 0
  fi
  post_until_settled "$collection" "$bearer" "$body" "demo-seed-$seed_id-$name"
  case "$api_status" in 200 | 201) ;; *) die "demo $name: POST $collection answered $api_status: $(cat "$answer")" ;; esac
  id="$(json_get "$answer" "$id_field")"
  [ -n "$id" ] || die "demo $name: no $id_field in the answer to POST $collection: $(cat "$answer")"
  echo "$id" >"$state/$name.id"
  log "demo $name created ($id)"
  echo "$id"
}

# ensure_location CODE BODY: HQ opens the location unless it is open already.
ensure_location() {
  if [ "$(http_status "/v1/locations/$1" "$hq")" = 200 ]; then
    log "demo location $1 already open"
    return 0
  fi
  api POST /v1/locations "$hq" "$2" "demo-seed-$seed_id-location-$1"
  case "$api_status" in 200 | 201) log "demo location $1 opened" ;; *) die "demo location $1: POST /v1/locations answered $api_status: $(cat "$answer")" ;; esac
}

# read_calendar LOCATION TOKEN: notes the location's rooms and services (`<kind> <code> <id>` lines in
# $state/calendar-<location>) for ensure_in_location.
read_calendar() {
  api GET "/v1/locations/$1" "$2"
  [ "$api_status" = 200 ] || die "demo location $1: GET /v1/locations/$1 answered $api_status: $(cat "$answer")"
  node -e '
    const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const kind of ["rooms", "services"]) for (const x of l[kind] || []) console.log(`${kind} ${x.code} ${x.id}`);' "$answer" >"$state/calendar-$1"
}

# ensure_in_location LOCATION KIND CODE BODY TOKEN: prints the id of the location's room or service (KIND: rooms,
# services) with that code (as read_calendar found it), adding it as TOKEN when the location has none.
ensure_in_location() {
  local at="/v1/locations/$1" id
  id="$(awk -v kind="$2" -v code="$3" '$1 == kind && $2 == code { print $3 }' "$state/calendar-$1")"
  if [ -z "$id" ]; then
    api POST "$at/$2" "$5" "$4" "demo-seed-$seed_id-$1-$2-$3"
    case "$api_status" in 200 | 201) ;; *) die "demo $1 $2 $3: POST answered $api_status: $(cat "$answer")" ;; esac
    id="$(json_get "$answer" id)"
    log "demo $1 $2 $3 added ($id)"
  fi
  echo "$id"
}

# put LOCATION_PATH TOKEN BODY: a PUT that replaces what it names (certifications, shifts), so every run sends it.
put() {
  api PUT "$1" "$2" "$3"
  [ "$api_status" = 200 ] || die "demo: PUT $1 answered $api_status: $(cat "$answer")"
}

# weekly_shifts FROM TO DAY...: a SetShiftsRequest body.
weekly_shifts() {
  local from="$1" to="$2" sep="" day body='{"shifts":['
  shift 2
  for day in "$@"; do
    body+="$sep{\"weekday\":\"$day\",\"from\":\"$from\",\"to\":\"$to\"}"
    sep=,
  done
  echo "$body]}"
}

# therapist LOCATION SUBJECT NAME LICENCE_JSON TOKEN SHIFTS TECHNIQUE...: prints the id of the demo therapist
# (registered with the licence), certified in exactly the techniques given (without expiry), on the weekly shifts.
therapist() {
  local at="/v1/locations/$1" subject="$2" name="$3" licence="$4" bearer="$5" shifts="$6" id technique
  shift 6
  id="$(ensure "therapist-$subject" "$at/therapists" "{\"subject\":\"$subject\",\"displayName\":\"$name\",\"licence\":$licence}" "$bearer" "$at/therapists" id "$bearer")"
  for technique in "$@"; do put "$at/therapists/$id/certifications/$technique" "$bearer" '{}'; done
  put "$at/therapists/$id/shifts" "$bearer" "$shifts"
  echo "$id"
}

mkdir -p "$state"
seed_id="$(remember seed-id node -e 'console.log(require("node:crypto").randomUUID())')"
signed_at="$(remember signed-at date -u +%Y-%m-%dT%H:%M:%SZ)"
holiday_year="$(remember holiday-year date -u +%Y)"
clients="/v1/locations/$location/clients"
soho_clients="/v1/locations/$soho/clients"

# ---- Locations (issue 8), before any client: intake refuses a location code scheduling has not opened. ----
opening_hours() { # opening_hours WEEKDAY_FROM WEEKDAY_TO SATURDAY_FROM SATURDAY_TO (Sunday closed)
  local day days=""
  for day in monday tuesday wednesday thursday friday; do days+="{\"weekday\":\"$day\",\"windows\":[{\"from\":\"$1\",\"to\":\"$2\"}]},"; done
  echo "[$days{\"weekday\":\"saturday\",\"windows\":[{\"from\":\"$3\",\"to\":\"$4\"}]}]"
}
ensure_location "$location" "{\"code\":\"$location\",\"name\":\"Downtown Toronto\",\"timeZone\":\"America/Toronto\",\"jurisdiction\":\"CA-ON\",
  \"openingHours\":$(opening_hours 09:00 20:00 10:00 17:00),
  \"closures\":[{\"from\":\"$holiday_year-12-25\",\"to\":\"$holiday_year-12-26\",\"reason\":\"holiday\"}],\"cancellationWindowMinutes\":1440}"
ensure_location "$soho" "{\"code\":\"$soho\",\"name\":\"Soho London\",\"timeZone\":\"Europe/London\",\"jurisdiction\":\"GB\",
  \"openingHours\":$(opening_hours 09:00 18:00 10:00 16:00),
  \"closures\":[{\"from\":\"$holiday_year-12-25\",\"to\":\"$holiday_year-12-26\",\"reason\":\"holiday\"}],\"cancellationWindowMinutes\":720}"

# Rooms and the service catalogue (each room and service found by its code on a rerun).
room_body() { printf '{"code":"%s","name":"%s","equipment":%s}' "$1" "$2" "$3"; }
service_body() { printf '{"code":"%s","name":"%s","durationMinutes":%s,"bufferMinutes":%s,"techniques":%s,"requiredEquipment":%s}' "$@"; }
read_calendar "$location" "$manager"
read_calendar "$soho" "$soho_manager"
ensure_in_location "$location" rooms room-1 "$(room_body room-1 'Cedar room' '[]')" "$manager" >/dev/null
ensure_in_location "$location" rooms room-2 "$(room_body room-2 'Maple room (prenatal table)' '["prenatal-table"]')" "$manager" >/dev/null
ensure_in_location "$location" rooms room-3 "$(room_body room-3 'Birch room' '["hydraulic-table"]')" "$manager" >/dev/null
swedish="$(ensure_in_location "$location" services swedish-60 "$(service_body swedish-60 'Swedish, 60 minutes' 60 15 '["swedish"]' '[]')" "$manager")"
deep="$(ensure_in_location "$location" services deep-tissue-60 "$(service_body deep-tissue-60 'Deep tissue, 60 minutes' 60 15 '["deep-tissue","trigger-point","myofascial-release"]' '[]')" "$manager")"
prenatal="$(ensure_in_location "$location" services prenatal-60 "$(service_body prenatal-60 'Prenatal, 60 minutes' 60 15 '["prenatal","swedish"]' '["prenatal-table"]')" "$manager")"
ensure_in_location "$soho" rooms room-1 "$(room_body room-1 'Thames room' '[]')" "$soho_manager" >/dev/null
ensure_in_location "$soho" rooms room-2 "$(room_body room-2 'Kew room (prenatal table)' '["prenatal-table"]')" "$soho_manager" >/dev/null
soho_swedish="$(ensure_in_location "$soho" services swedish-60 "$(service_body swedish-60 'Swedish, 60 minutes' 60 15 '["swedish"]' '[]')" "$soho_manager")"
soho_sports="$(ensure_in_location "$soho" services sports-45 "$(service_body sports-45 'Sports massage, 45 minutes' 45 15 '["sports","deep-tissue"]' '[]')" "$soho_manager")"
ensure_in_location "$soho" services prenatal-60 "$(service_body prenatal-60 'Prenatal, 60 minutes' 60 15 '["prenatal","swedish"]' '["prenatal-table"]')" "$soho_manager" >/dev/null

# Therapists. Jordan's licence runs out 20 days after the first run (LicenceExpiring's 30-day window); Alex is not
# certified in deep tissue, which downtown's catalogue offers.
licence() { printf '{"number":"%s","jurisdiction":"%s","expiresOn":"%s"}' "$1" "$2" "$3"; }
jordan_licence_until="$(remember jordan-licence-until date -u -d '20 days' +%F)"
priya="$(therapist "$location" demo-therapist-priya 'Priya Shah' "$(licence RMT-004217 CA-ON 2028-06-30)" "$manager" \
  "$(weekly_shifts 09:00 17:00 monday tuesday wednesday thursday friday)" swedish deep-tissue prenatal trigger-point)"
jordan="$(therapist "$location" demo-therapist-jordan 'Jordan Lee' "$(licence RMT-007781 CA-ON "$jordan_licence_until")" "$manager" \
  "$(weekly_shifts 12:00 20:00 monday tuesday wednesday thursday friday)" swedish deep-tissue trigger-point myofascial-release)"
alex="$(therapist "$location" demo-therapist-alex 'Alex Moreau' "$(licence RMT-009102 CA-ON 2027-09-30)" "$manager" \
  "$(weekly_shifts 10:00 17:00 monday tuesday wednesday thursday friday saturday)" swedish)"
emma="$(therapist "$soho" demo-therapist-emma 'Emma Clarke' "$(licence MTI-22871 GB 2028-03-31)" "$soho_manager" \
  "$(weekly_shifts 09:00 17:00 monday tuesday wednesday thursday friday)" swedish prenatal)"
oliver="$(therapist "$soho" demo-therapist-oliver 'Oliver Hughes' "$(licence MTI-30412 GB 2027-11-30)" "$soho_manager" \
  "$(weekly_shifts 10:00 18:00 monday tuesday wednesday thursday friday)" swedish sports deep-tissue)"

# ---- Clients, intakes and screening ----
if [ -f "$DATA_DIR/demo-seeded" ]; then
  # Written by the earlier version of this script, which did not note the ids it created.
  log "demo data already loaded ($DATA_DIR/demo-seeded)"
  ada_id="" sam_id=""
else
  ada_id="$(ensure client-ada "$clients" \
    '{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com","preferredChannel":"email","dateOfBirth":"1985-12-10"}')"
  sam_id="$(ensure client-sam "$clients" \
    '{"givenName":"Sam","familyName":"Okafor","phone":"+14165550123","preferredChannel":"sms","dateOfBirth":"1979-03-02"}')"
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

# Clients for the week of bookings (issue 8): nothing to restrict, except Sofia's pregnancy (PREG: prenatal only).
no_findings='{"conditions":[],"surgeries":[],"fractures":[],"devices":[],"medications":[],"symptomsToday":[],"painAreas":[{"region":"upper-back","rating":3}],"pressurePreference":"P3"}'
# screened_client NAME GIVEN FAMILY EMAIL BIRTH ANSWERS COLLECTION FRONT_DESK MANAGER [PHONE]: a registered client
# (e-mail preferred; with PHONE, the booking notices also go by SMS) with an intake; prints the id.
screened_client() {
  local id phone=""
  [ -z "${10:-}" ] || phone="\"phone\":\"${10}\","
  id="$(ensure "client-$1" "$7" "{\"givenName\":\"$2\",\"familyName\":\"$3\",\"email\":\"$4\",$phone\"preferredChannel\":\"email\",\"dateOfBirth\":\"$5\"}" "$8" "$7" id "$9")"
  ensure "intake-$1" "$7/$id/intakes" "$(intake_body "$2 $3" "$6")" "$8" "$7/$id/intakes" id "$9" >/dev/null
  echo "$id"
}
# Lena has a mobile number too: her confirmations and notices also reach the SMS stand-in (README, "Messages to clients").
lena_id="$(screened_client lena Lena Fischer lena@example.com 1990-04-18 "$no_findings" "$clients" "$token" "$manager" +14165550142)"
tomas_id="$(screened_client tomas Tomás Ortega tomas@example.com 1983-09-05 "$no_findings" "$clients" "$token" "$manager")"
sofia_id="$(screened_client sofia Sofia Rossi sofia@example.com 1993-02-11 \
  '{"conditions":[],"surgeries":[],"fractures":[],"devices":[],"medications":[],"symptomsToday":[],"pregnancy":{"weeks":24,"riskFactors":[]},"painAreas":[{"region":"lower-back","rating":5}],"pressurePreference":"P2"}' \
  "$clients" "$token" "$manager")"
olivia_id="$(screened_client olivia Olivia Bennett olivia@example.com 1987-06-30 "$no_findings" "$soho_clients" "$soho_token" "$soho_manager")"
harry_id="$(screened_client harry Harry Evans harry@example.com 1975-11-02 "$no_findings" "$soho_clients" "$soho_token" "$soho_manager")"

# ---- A week of bookings, from tomorrow (the week is fixed on its first run; once it is over, the next one) ----
bookings_from="$(remember bookings-from date -u -d tomorrow +%F)"
if [[ "$(date -u +%F)" > "$(date -u -d "$bookings_from + 6 days" +%F)" ]]; then
  bookings_from="$(date -u -d tomorrow +%F)"
  echo "$bookings_from" >"$state/bookings-from"
fi
# book NAME LOCATION ZONE DATE TIME FRONT_DESK MANAGER CLIENT THERAPIST SERVICE TECHNIQUES REGIONS PRESSURE: one
# appointment at local DATE TIME. A refusal (a rule, e.g. a licence that lapsed since the first run) is logged and
# the week goes on.
booked=0
refused=0
book() {
  local name="booking-$4-$1" at="/v1/locations/$2/appointments" id="" starts_at body
  [ -s "$state/$name.id" ] && id="$(cat "$state/$name.id")"
  if [ -n "$id" ] && [ "$(http_status "$at/$id" "$7")" = 200 ]; then
    booked=$((booked + 1))
    return 0
  fi
  starts_at="$(TZ="$3" date -d "$4 $5" +%FT%T%:z)"
  body="{\"clientId\":\"$8\",\"therapistId\":\"$9\",\"serviceId\":\"${10}\",\"startsAt\":\"$starts_at\",\"techniques\":${11},\"focusRegions\":${12},\"pressure\":\"${13}\"}"
  post_until_settled "$at" "$6" "$body" "demo-seed-$seed_id-$name"
  case "$api_status" in
    200 | 201)
      json_get "$answer" id >"$state/$name.id"
      booked=$((booked + 1))
      ;;
    409 | 422)
      log "demo $name at $2 refused: $(problem_rule) $(json_get "$answer" refusals.0.screeningRule) ($(json_get "$answer" detail))"
      refused=$((refused + 1))
      ;;
    *) die "demo $name: POST $at answered $api_status: $(cat "$answer")" ;;
  esac
}
downtown_zone=America/Toronto
soho_zone=Europe/London
for i in 0 1 2 3 4 5 6; do
  day="$(date -u -d "$bookings_from + $i days" +%F)"
  weekday="$(date -u -d "$day" +%u)" # 1 = Monday … 7 = Sunday (closed)
  [ "$weekday" -le 6 ] || continue
  # Downtown: Alex (Mon–Sat) every day; Priya and Jordan on weekdays; Sofia's prenatal session twice a week.
  case $((i % 3)) in 0) a=$lena_id b=$tomas_id ;; 1) a=$noor_id b=$lena_id ;; *) a=$tomas_id b=$noor_id ;; esac
  book downtown-alex-1100 "$location" $downtown_zone "$day" 11:00 "$token" "$manager" "$([ $((i % 2)) = 0 ] && echo "${ada_id:-$a}" || echo "$b")" \
    "$alex" "$swedish" '["swedish"]' '["neck","upper-back"]' P2
  if [ "$weekday" -le 5 ]; then
    book downtown-priya-0930 "$location" $downtown_zone "$day" 09:30 "$token" "$manager" "$a" "$priya" "$swedish" '["swedish"]' '["upper-back","left-shoulder","right-shoulder"]' P2
    book downtown-jordan-1400 "$location" $downtown_zone "$day" 14:00 "$token" "$manager" "$b" "$jordan" "$deep" '["deep-tissue","trigger-point"]' '["lower-back"]' P3
    if [ $((weekday % 2)) = 0 ]; then
      book downtown-priya-1500 "$location" $downtown_zone "$day" 15:00 "$token" "$manager" "$sofia_id" "$priya" "$prenatal" '["prenatal"]' '["lower-back","left-shoulder","right-shoulder"]' P2
    fi
    # Soho: Emma in the morning, Oliver's sports massage in the afternoon.
    case $((i % 2)) in 0) a=$olivia_id b=$harry_id ;; *) a=$harry_id b=$olivia_id ;; esac
    book soho-emma-1000 "$soho" $soho_zone "$day" 10:00 "$soho_token" "$soho_manager" "$a" "$emma" "$soho_swedish" '["swedish"]' '["upper-back","neck"]' P3
    book soho-oliver-1530 "$soho" $soho_zone "$day" 15:30 "$soho_token" "$soho_manager" "$b" "$oliver" "$soho_sports" '["sports"]' '["left-thigh","right-thigh","left-calf","right-calf"]' P3
  fi
done
log "demo bookings: $booked booked, $refused refused in the week from $bookings_from"

cat <<INFO
  Demo tokens, valid for a few hours:
    export TOKEN=$token      # front desk, downtown
    export MANAGER=$manager  # location manager, downtown
    export SOHO=$soho_token  # front desk, soho
    export HQ=$hq            # hq-admin
    curl -s $gateway/v1/locations/$location/clients/<client-id> -H "authorization: Bearer \$TOKEN"
  Screening (README, "Contraindication screening"):
    Marta Kowalski ($marta_id): one restriction of each kind, outcome deferred (a fever today)
      curl -s $gateway/v1/locations/$location/clients/$marta_id/screening -H "authorization: Bearer \$TOKEN"    # front desk: the outcome only
      curl -s $gateway/v1/locations/$location/clients/$marta_id/screening -H "authorization: Bearer \$MANAGER"  # the rules and restrictions
    Noor Haddad ($noor_id): knee surgery cleared by her physician (clearance $clearance_id), outcome restricted
      curl -s $gateway/v1/locations/$location/clients/$noor_id/clearances -H "authorization: Bearer \$MANAGER"
      curl -s $gateway/v1/locations/$location/clients/$noor_id/screenings -H "authorization: Bearer \$MANAGER"
    ScreeningCompleted events: kcat -C -b 127.0.0.1:9092 -t intake.events.v1 -o beginning -f '%k %h %s\n' | grep ScreeningCompleted
  Scheduling (README, "A front desk books a client"): locations $location (America/Toronto) and $soho (Europe/London),
  a week of bookings from $bookings_from; at $location Jordan Lee ($jordan) holds a licence until $jordan_licence_until,
  Alex Moreau ($alex) is not certified in deep tissue.
      curl -s "$gateway/v1/locations/$location/availability?serviceId=$swedish&from=$bookings_from&to=$bookings_from" -H "authorization: Bearer \$TOKEN"
INFO
cat <<INFO
  Messages (README, "Messages to clients"): Lena Fischer ($lena_id, lena@example.com, +14165550142) is booked this
  week: her confirmations are in the mailbox (e-mail) and the SMS listing, her reminders scheduled.
      http://127.0.0.1:${SMTP_WEB_PORT:-8025}/   http://127.0.0.1:${SMS_PORT:-8026}/
      curl -s $gateway/v1/locations/$location/clients/$lena_id/messages -H "authorization: Bearer \$TOKEN"
INFO

# ==== Treatment records (issue 9) ====================================================================================
# Ines Duarte (a stiff neck, nothing restricted) sees Priya Shah at downtown at 12:30 on the first four weekdays of
# the demo week. Once treatment has heard of the booking and the screening, Priya builds her plan (three PSFS goals,
# Swedish and trigger-point therapy on the neck and upper back up to P3). The desk checks the first three sessions
# in; Priya records each one (work, pain before and after, PSFS) and signs it: the neck's pain before falls 7 → 5 → 3.
# The fourth session is checked in and its note left as a draft: README, "A therapist's day". A session whose note is
# signed is left alone on a rerun; the dates are fixed on the first run (a new week only while none is signed yet).
# Env: DEMO_THERAPIST_TOKEN, a bearer token for Priya (subject demo-therapist-priya) instead of issuing one.
priya_token="${DEMO_THERAPIST_TOKEN:-$(issue_token --location "$location" --role therapist --sub demo-therapist-priya)}"
ines_id="$(screened_client ines Ines Duarte ines@example.com 1984-05-21 \
  '{"conditions":[],"surgeries":[],"fractures":[],"devices":[],"medications":[],"symptomsToday":[],"painAreas":[{"region":"neck","rating":7}],"pressurePreference":"P3"}' \
  "$clients" "$token" "$manager")"
treatment_from="$(remember treatment-from echo "$bookings_from")"
if [ ! -s "$state/treatment-signed" ] && [[ "$(date -u +%F)" > "$treatment_from" ]]; then
  treatment_from="$bookings_from"
  echo "$treatment_from" >"$state/treatment-from"
fi
# The first four weekdays from treatment_from (a week holds five).
treatment_days=()
for i in 0 1 2 3 4 5 6; do
  day="$(date -u -d "$treatment_from + $i days" +%F)"
  [ "$(date -u -d "$day" +%u)" -le 5 ] && [ "${#treatment_days[@]}" -lt 4 ] && treatment_days+=("$day")
done

# treatment_until_settled METHOD PATH TOKEN BODY KEY: like post_until_settled, also while treatment has not heard
# yet of the booking that puts the client in the therapist's care (403) or of the location (unknown-location).
treatment_until_settled() {
  local deadline=$((SECONDS + ${DEMO_WAIT_SECONDS:-120}))
  while :; do
    api "$1" "$2" "$3" "$4" "$5"
    [ "$api_status" -ge 400 ] || return 0
    case "$api_status/$(problem_rule)" in
      403/* | 404/unknown-location | 422/screening-pending) [ "$SECONDS" -lt "$deadline" ] || return 0 ;;
      *) return 0 ;;
    esac
    sleep 1
  done
}

# note_of APPOINTMENT [WAIT_SECONDS]: the session's note as Priya reads it into $answer, waiting up to WAIT_SECONDS
# (0 by default) while it is not open yet (the check-in reaches treatment over Kafka); prints its status (draft,
# signed) or nothing.
note_of() {
  local deadline=$((SECONDS + ${2:-0}))
  while :; do
    api GET "$clients/$ines_id/sessions/$1/note" "$priya_token"
    if [ "$api_status" = 200 ]; then
      json_get "$answer" status
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 0
    sleep 1
  done
}

# session N PAIN_BEFORE PAIN_AFTER PSFS...|-: Ines's Nth session (1-based) booked, checked in and, unless PSFS is `-`,
# recorded (pain in the neck before and after, a PSFS score per goal) and signed by Priya; prints the appointment id.
session() {
  local n="$1" before="$2" after="$3" day="${treatment_days[$(($1 - 1))]}" id="" status work pain scores="" sep="" goal
  shift 3
  book downtown-priya-1230 "$location" $downtown_zone "$day" 12:30 "$token" "$manager" "$ines_id" "$priya" "$swedish" '["swedish"]' '["neck","upper-back"]' P3
  [ -s "$state/booking-$day-downtown-priya-1230.id" ] && id="$(cat "$state/booking-$day-downtown-priya-1230.id")"
  [ -n "$id" ] || die "demo treatment: Ines's session $n on $day was not booked"
  status="$(note_of "$id")"
  # No note yet: none before check-in.
  if [ -z "$status" ]; then
    api POST "/v1/locations/$location/appointments/$id/check-in" "$token" '' "demo-seed-$seed_id-check-in-$id"
    case "$api_status" in 200 | 409) ;; *) die "demo treatment: check-in of $id answered $api_status: $(cat "$answer")" ;; esac
    status="$(note_of "$id" "${DEMO_WAIT_SECONDS:-120}")"
    [ -n "$status" ] || die "demo treatment: no note for session $id after its check-in: $(cat "$answer")"
  fi
  if [ "$status" = signed ] || [ "$1" = - ]; then
    echo "$id"
    return 0
  fi
  work='[{"technique":"trigger-point","region":"neck","pressure":"P3","minutes":20},{"technique":"swedish","region":"upper-back","pressure":"P2","minutes":25}]'
  pain="[{\"region\":\"neck\",\"before\":$before,\"after\":$after}]"
  for goal in "${plan_goals[@]}"; do
    scores+="$sep{\"goalId\":\"$goal\",\"score\":$1}"
    sep=,
    shift
  done
  api PUT "$clients/$ines_id/sessions/$id/note" "$priya_token" "{\"subjective\":\"Neck stiff after long days at the laptop; better since last time.\",
    \"objective\":\"Hypertonic upper trapezius, trigger point at C5; rotation limited to the left.\",
    \"rangeOfMotion\":[{\"joint\":\"cervical-spine\",\"movement\":\"rotation-left\",\"mode\":\"active\",\"degrees\":$((50 + 5 * n))}],
    \"work\":$work,\"pain\":$pain,\"functionScores\":[$scores],
    \"assessment\":\"Responding well; pain down, rotation up.\",\"plan\":\"Same focus next week; chin tucks at home.\"}"
  [ "$api_status" = 200 ] || die "demo treatment: PUT the note of session $id answered $api_status: $(cat "$answer")"
  api POST "$clients/$ines_id/sessions/$id/note/sign" "$priya_token" '' "demo-seed-$seed_id-sign-$id"
  [ "$api_status" = 200 ] || die "demo treatment: signing the note of session $id answered $api_status: $(cat "$answer")"
  date -u +%FT%TZ >"$state/treatment-signed"
  log "demo treatment: Ines's session $n ($day) signed, neck pain $before → $after"
  echo "$id"
}

# ensure_plan: prints the id of Ines's plan (Priya builds it once treatment lets her), noting its goals in plan_goals.
plan_goals=()
plan_id=""
ensure_plan() {
  local path="$clients/$ines_id/plans" id=""
  [ -s "$state/plan-ines.id" ] && id="$(cat "$state/plan-ines.id")"
  if [ -n "$id" ] && [ "$(http_status "$path/$id" "$priya_token")" = 200 ]; then
    api GET "$path/$id" "$priya_token"
  else
    treatment_until_settled POST "$path" "$priya_token" "{
      \"goals\":[{\"activity\":\"Turn my head to reverse the car\",\"baselineScore\":3,\"targetScore\":8},
        {\"activity\":\"Work at the laptop for two hours\",\"baselineScore\":4,\"targetScore\":8},
        {\"activity\":\"Sleep through the night\",\"baselineScore\":5,\"targetScore\":9}],
      \"focusRegions\":[\"neck\",\"upper-back\"],\"techniques\":[\"swedish\",\"trigger-point\"],\"maxPressure\":\"P3\",
      \"frequency\":{\"sessions\":1,\"everyWeeks\":1},\"plannedSessions\":6,\"reassessOn\":\"$(date -u -d "$treatment_from + 42 days" +%F)\"}" \
      "demo-seed-$seed_id-plan-ines"
    case "$api_status" in 200 | 201) ;; *) die "demo treatment: POST $path answered $api_status: $(cat "$answer")" ;; esac
    id="$(json_get "$answer" id)"
    echo "$id" >"$state/plan-ines.id"
    log "demo treatment: Ines's plan created ($id)"
  fi
  echo "$id"
}

# The plan needs a booking first (Ines in Priya's care), so the first session books, then plans.
book downtown-priya-1230 "$location" $downtown_zone "${treatment_days[0]}" 12:30 "$token" "$manager" "$ines_id" "$priya" "$swedish" '["swedish"]' '["neck","upper-back"]' P3
plan_id="$(ensure_plan)"
api GET "$clients/$ines_id/plans/$plan_id" "$priya_token"
mapfile -t plan_goals < <(node -e '
  try { for (const g of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).goals || []) console.log(g.goalId); } catch {}' "$answer")
session 1 7 4 3 4 5 >/dev/null
session 2 5 3 5 5 6 >/dev/null
session 3 3 1 7 6 8 >/dev/null
today_session="$(session 4 0 0 -)"
echo "$today_session" >"$state/session-ines-today.id"

cat <<INFO
  Treatment (README, "A therapist's day"): Ines Duarte ($ines_id), plan $plan_id with Priya Shah, three signed
  sessions (neck pain before 7 → 5 → 3); today's session $today_session is checked in, its note a draft:
    export PRIYA=$priya_token  # therapist Priya Shah, downtown
      curl -s $gateway/v1/locations/$location/clients/$ines_id/sessions/$today_session/note -H "authorization: Bearer \$PRIYA"
      curl -s $gateway/v1/locations/$location/clients/$ines_id/plans/$plan_id/outcomes -H "authorization: Bearer \$PRIYA"
INFO
