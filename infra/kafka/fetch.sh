#!/usr/bin/env bash
# Copies the Kafka broker's jars (pom.xml: kafka_2.13, kafka-tools, log4j binding) from Maven
# into infra/kafka/lib. Cached: skipped while lib/ holds the jars of the current pom.xml.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

KAFKA_DIR="$ROOT/infra/kafka"
LIB="$KAFKA_DIR/lib"
STAMP="$LIB/.pom.sha256"

command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Kafka: apt-get install -y maven"
want="$(sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1)"

cached() { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && compgen -G "$LIB/kafka_2.13-*.jar" >/dev/null; }

if cached; then
  exit 0
fi

# Two scripts fetching at once (install + start) must not interleave their copies.
mkdir -p "$DATA_DIR"
exec 9>"$DATA_DIR/.kafka-fetch.lock"
flock 9
if cached; then
  exit 0
fi

log "fetching Kafka jars with Maven into $LIB"
tmp="$(mktemp -d "$DATA_DIR/.kafka-lib.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Copy to a temporary directory and swap it in: an interrupted fetch never leaves half a lib/.
mvn -q -B -Dstyle.color=never -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp" -DincludeScope=runtime
compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but no kafka_2.13 jar arrived in $tmp"
echo "$want" >"$tmp/.pom.sha256"
rm -rf "$LIB"
mv "$tmp" "$LIB"
trap - EXIT
log "Kafka jars ready: $(find "$LIB" -name '*.jar' | wc -l) jars in $LIB"
