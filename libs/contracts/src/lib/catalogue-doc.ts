import { EVENT_CATALOGUE } from './catalogue';
import { TOPICS } from './topics';
import { CONSUMER_GROUPS } from './consumer-groups';
import { KAFKA_ANALYST_GROUP_PREFIX, kafkaAccessByPrincipal } from './kafka-access';

/**
 * Renders docs/events.md, the analysts' event catalogue, from the code that producers and consumers use,
 * so the document cannot drift from the schemas (a test compares them).
 */
export function renderEventCatalogue(): string {
  const lines: string[] = [
    '# Event catalogue',
    '',
    '<!-- Generated from libs/contracts by `npm run docs:events`; do not edit by hand. -->',
    '',
    'Every event is a Kafka record in CloudEvents 1.0 **binary mode**: the record key orders it, the value is',
    'the JSON payload (UTF-8), and the CloudEvents attributes travel as headers:',
    '',
    '| header | meaning |',
    '|---|---|',
    '| `ce_specversion` | always `1.0` |',
    '| `ce_id` | unique event id (uuid); consumers de-duplicate on it |',
    '| `ce_type` | `massage.<producer>.<Name>.v<version>`, one per row below |',
    '| `ce_source` | `/massage/<producer>` |',
    '| `ce_time` | when the state change was committed (RFC 3339, UTC) |',
    '| `ce_subject` | the record key |',
    '| `ce_dataschema` | `urn:massage:schema:<ce_type>`: the JSON Schema below |',
    '| `content-type` | `application/json` |',
    '| `ce_correlationid` | id shared by every event of one business flow (the first event\'s id, or the request\'s correlation id) |',
    '| `ce_causationid` | `ce_id` of the event that caused this one, when there is one |',
    '',
    'Read a topic from the beginning with any Kafka client, e.g.',
    '`kcat -C -b 127.0.0.1:9092 -t intake.events.v1 -o beginning -f \'%k %h %s\\n\'`.',
    'Replaying is reading again from an earlier offset with a new consumer group: events are immutable and',
    'self-describing, so a replay rebuilds the same report. A breaking change gets a new version (`.v2`)',
    'published beside the old one until every consumer has moved.',
    '',
    '## Topics',
    '',
    '| topic | partitions | cleanup | visibility | events | what it holds |',
    '|---|---|---|---|---|---|',
  ];
  for (const topic of TOPICS) {
    const events = EVENT_CATALOGUE.filter((e) => e.topic === topic.name).map((e) => `\`${e.name}\``);
    lines.push(
      `| \`${topic.name}\` | ${topic.partitions} | ${topic.cleanupPolicy} | ${topic.visibility} | ${events.join(', ')} | ${topic.description} |`,
    );
  }
  lines.push('', '## Consumer groups and dead letters', '', '| group | service | reads | dead-letter topic (partitions) |', '|---|---|---|---|');
  for (const group of CONSUMER_GROUPS) {
    const reads = group.topics.map((t) => `\`${t}\``).join(', ');
    lines.push(`| \`${group.name}\` | ${group.service} | ${reads} | \`${group.deadLetterTopic.name}\` (${group.deadLetterTopic.partitions}) |`);
  }
  lines.push(
    '',
    'A dead-letter topic holds the',
    'original record (key, value and CloudEvents headers unchanged) plus `dlq_reason`, `dlq_error`, `dlq_attempts`, `dlq_original_topic`, `dlq_original_partition`,',
    '`dlq_original_offset`, `dlq_consumer_group` and `dlq_failed_at` headers.',
    '',
    '## Which principal reads what',
    '',
    'With `KAFKA_AUTH=sasl` every process logs in to the broker with its own SCRAM-SHA-256 principal, and the',
    'broker allows only what the ACLs below grant (generated from this catalogue by `infra/kafka/create-acls.sh`;',
    'ADR 0009). `admin` (topics, ACLs, tests) is the only super user. Private topics are read by one service only.',
    '',
    '| principal | writes | reads | consumer groups |',
    '|---|---|---|---|',
  );
  const list = (names: string[]): string => (names.length > 0 ? names.map((n) => `\`${n}\``).join(', ') : '—');
  for (const access of kafkaAccessByPrincipal()) {
    lines.push(`| \`${access.principal}\` | ${list(access.writes)} | ${list(access.reads)} | ${list(access.groups)} |`);
  }
  lines.push(
    '',
    `Analysts log in as \`analyst\` and name their consumer groups \`${KAFKA_ANALYST_GROUP_PREFIX}<anything>\`, e.g.`,
    `\`kcat -C -b 127.0.0.1:9092 -X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=SCRAM-SHA-256 -X sasl.username=analyst -X sasl.password=… -G ${KAFKA_ANALYST_GROUP_PREFIX}me intake.events.v1\``,
    '(the local password is the `analyst=` line of `.data/kafka/credentials`).',
    '',
    '## Events',
  );
  for (const def of EVENT_CATALOGUE) {
    lines.push(
      '',
      `### ${def.name} (v${def.version})`,
      '',
      def.description,
      '',
      `- type: \`${def.type}\``,
      `- producer: ${def.producer}`,
      `- topic: \`${def.topic}\``,
      `- key: ${def.keyDescription}`,
      ...(def.tombstone ? ['- value: none (a tombstone: `null`); the payload below is rebuilt from the key'] : []),
      '',
      '```json',
      JSON.stringify(def.schema, null, 2),
      '```',
    );
  }
  return lines.join('\n') + '\n';
}
