import type { KafkaMessage } from 'kafkajs';

/** One event as it travels: CloudEvents 1.0 attributes plus the payload (`data`). */
export interface EventEnvelope<P> {
  /** uuid: the CloudEvents `ce_id`, the outbox primary key and the inbox key. */
  id: string;
  /** `massage.<service>.<Name>.v<version>`, the `@EventPattern`. */
  type: string;
  /** `/massage/<service>`. */
  source: string;
  /** RFC 3339 timestamp of when the event happened (was enqueued). */
  time: string;
  /** The Kafka key. */
  subject: string;
  /** The id of the first event (or request) of the chain; defaults to the event's own id. */
  correlationId: string;
  /** The id of the event that caused this one, when there is one. */
  causationId?: string;
  data: P;
}

/** A record ready for kafkajs `producer.send`: string key, JSON value, CloudEvents binary-mode headers. */
export interface OutgoingKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const CE_SPECVERSION = '1.0';
export const CE_CONTENT_TYPE = 'application/json';

/** Header names of the CloudEvents Kafka protocol binding (binary content mode) and our extensions. */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  dataschema: 'ce_dataschema',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  contentType: 'content-type',
} as const;

export function dataSchemaFor(type: string): string {
  return `urn:massage:schema:${type}`;
}

/** A record this service can never process, whatever the retries: it goes to the DLQ at once. */
export class PoisonMessageError extends Error {
  constructor(
    message: string,
    /** Which header (or `value`) made the record unreadable. */
    readonly field: string,
  ) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time (what `Date.prototype.toISOString` produces, plus offsets and optional fractions).
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function toKafkaMessage(envelope: EventEnvelope<unknown>): OutgoingKafkaMessage {
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: CE_SPECVERSION,
    [CE_HEADERS.id]: envelope.id,
    [CE_HEADERS.type]: envelope.type,
    [CE_HEADERS.source]: envelope.source,
    [CE_HEADERS.time]: envelope.time,
    [CE_HEADERS.subject]: envelope.subject,
    [CE_HEADERS.contentType]: CE_CONTENT_TYPE,
    [CE_HEADERS.dataschema]: dataSchemaFor(envelope.type),
    [CE_HEADERS.correlationId]: envelope.correlationId,
  };
  if (envelope.causationId !== undefined) headers[CE_HEADERS.causationId] = envelope.causationId;
  return { key: envelope.subject, value: JSON.stringify(envelope.data), headers };
}

/** Reads one kafkajs header as a string (kafkajs hands out Buffers; a repeated header keeps its last value). */
export function headerString(headers: KafkaMessage['headers'], name: string): string | undefined {
  const raw = headers?.[name];
  const one = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (one === undefined || one === null) return undefined;
  return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}

/** All headers of a kafkajs record as strings. */
export function headersToStrings(headers: KafkaMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const v = headerString(headers, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function required(headers: KafkaMessage['headers'], name: string): string {
  const v = headerString(headers, name);
  if (v === undefined || v.length === 0) throw new PoisonMessageError(`missing header ${name}`, name);
  return v;
}

/**
 * Reads a CloudEvents binary-mode record. Throws PoisonMessageError when a required `ce_*` header is
 * missing or invalid, the content type is not JSON, or the value is not JSON.
 */
export function parseKafkaMessage(
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>,
  /** The payload of a record without value (a tombstone) of `type`, rebuilt from its key; undefined when `type` is no tombstone. */
  tombstone: (type: string, key: string) => unknown = () => undefined,
): EventEnvelope<unknown> {
  const h = message.headers;
  const specversion = required(h, CE_HEADERS.specversion);
  if (specversion !== CE_SPECVERSION) {
    throw new PoisonMessageError(`unsupported ${CE_HEADERS.specversion} ${specversion}`, CE_HEADERS.specversion);
  }
  const id = required(h, CE_HEADERS.id);
  if (!UUID_RE.test(id)) throw new PoisonMessageError(`${CE_HEADERS.id} is not a uuid`, CE_HEADERS.id);
  const type = required(h, CE_HEADERS.type);
  const source = required(h, CE_HEADERS.source);
  const time = required(h, CE_HEADERS.time);
  if (!RFC3339_RE.test(time) || Number.isNaN(Date.parse(time))) {
    throw new PoisonMessageError(`${CE_HEADERS.time} is not an RFC 3339 timestamp`, CE_HEADERS.time);
  }
  const contentType = headerString(h, CE_HEADERS.contentType);
  if (contentType !== undefined && contentType.split(';')[0]?.trim().toLowerCase() !== CE_CONTENT_TYPE) {
    throw new PoisonMessageError(`content-type ${contentType} is not ${CE_CONTENT_TYPE}`, CE_HEADERS.contentType);
  }
  const key = message.key === null || message.key === undefined ? undefined : message.key.toString('utf8');
  const subject = headerString(h, CE_HEADERS.subject) ?? key;
  if (subject === undefined) throw new PoisonMessageError(`missing header ${CE_HEADERS.subject} and no key`, CE_HEADERS.subject);
  const correlationId = headerString(h, CE_HEADERS.correlationId) || id;
  const causationId = headerString(h, CE_HEADERS.causationId) || undefined;

  let data: unknown;
  if (message.value === null || message.value === undefined) {
    // Only an event declared as a tombstone (EventDefinition.tombstone) may come without a value.
    data = tombstone(type, subject);
    if (data === undefined) throw new PoisonMessageError('value is empty', 'value');
  } else {
    try {
      data = JSON.parse(message.value.toString('utf8'));
    } catch (e) {
      throw new PoisonMessageError(`value is not JSON: ${(e as Error).message}`, 'value');
    }
  }
  const envelope: EventEnvelope<unknown> = { id, type, source, time, subject, correlationId, data };
  if (causationId !== undefined) envelope.causationId = causationId;
  return envelope;
}
