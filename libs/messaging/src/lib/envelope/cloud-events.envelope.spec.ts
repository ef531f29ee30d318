import type { KafkaMessage } from 'kafkajs';
import { parseKafkaMessage, PoisonMessageError, toKafkaMessage, type EventEnvelope } from './cloud-events.envelope';

const envelope: EventEnvelope<{ clientId: string; n: number }> = {
  id: '3f1c2a8e-7d6b-4c5a-9e8f-0a1b2c3d4e5f',
  type: 'massage.intake.IntakeCompleted.v1',
  source: '/massage/intake',
  time: '2026-11-27T10:00:00.123Z',
  subject: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  correlationId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  causationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  data: { clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02', n: 1 },
};

/** What a kafkajs consumer hands out: Buffers for key, value and headers. */
function asReceived(m: { key: string; value: string | null; headers: Record<string, string> }): KafkaMessage {
  const headers: KafkaMessage['headers'] = {};
  for (const [k, v] of Object.entries(m.headers)) headers[k] = Buffer.from(v);
  return {
    key: Buffer.from(m.key),
    value: m.value === null ? null : Buffer.from(m.value),
    headers,
    timestamp: '0',
    attributes: 0,
    offset: '0',
  };
}

describe('CloudEvents binary mode over Kafka', () => {
  it('writes the CloudEvents headers, the key and the JSON value', () => {
    const m = toKafkaMessage(envelope);
    expect(m.key).toBe(envelope.subject);
    expect(JSON.parse(m.value)).toEqual(envelope.data);
    expect(m.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: '/massage/intake',
      ce_time: envelope.time,
      ce_subject: envelope.subject,
      'content-type': 'application/json',
      ce_dataschema: 'urn:massage:schema:massage.intake.IntakeCompleted.v1',
      ce_correlationid: envelope.correlationId,
      ce_causationid: envelope.causationId,
    });
  });

  it('round-trips an envelope through Kafka headers', () => {
    expect(parseKafkaMessage(asReceived(toKafkaMessage(envelope)))).toEqual(envelope);
  });

  it('omits ce_causationid when there is no cause, and reads it back as absent', () => {
    const withoutCause: EventEnvelope<unknown> = { ...envelope };
    delete withoutCause.causationId;
    const m = toKafkaMessage(withoutCause);
    expect(m.headers).not.toHaveProperty('ce_causationid');
    const parsed = parseKafkaMessage(asReceived(m));
    expect(parsed).toEqual(withoutCause);
    expect(parsed).not.toHaveProperty('causationId');
  });

  it('accepts string headers as well as Buffers', () => {
    const m = toKafkaMessage(envelope);
    expect(parseKafkaMessage({ key: Buffer.from(m.key), value: Buffer.from(m.value), headers: m.headers }).id).toBe(envelope.id);
  });

  it('rejects a value that is not JSON', () => {
    const m = toKafkaMessage(envelope);
    const parse = () => parseKafkaMessage(asReceived({ ...m, value: '{not json' }));
    expect(parse).toThrow(PoisonMessageError);
    expect(parse).toThrow(/not JSON/);
  });

  it('rejects an empty value', () => {
    expect(() => parseKafkaMessage(asReceived({ ...toKafkaMessage(envelope), value: null }))).toThrow(PoisonMessageError);
  });

  it('accepts an empty value only as a tombstone of its type, with the payload rebuilt from the key', () => {
    const tombstone = (type: string, key: string) => (type === envelope.type ? { clientId: key } : undefined);
    const parsed = parseKafkaMessage(asReceived({ ...toKafkaMessage(envelope), value: null }), tombstone);
    expect(parsed).toEqual({ ...envelope, data: { clientId: envelope.subject } });
    const other = { ...toKafkaMessage({ ...envelope, type: 'massage.intake.Other.v1' }), value: null };
    expect(() => parseKafkaMessage(asReceived(other), tombstone)).toThrow(/value is empty/);
  });

  it.each(['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time'])('rejects a record without %s', (header) => {
    const m = toKafkaMessage(envelope);
    const headers = { ...m.headers };
    delete headers[header];
    try {
      parseKafkaMessage(asReceived({ ...m, headers }));
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(PoisonMessageError);
      expect((e as PoisonMessageError).field).toBe(header);
    }
  });

  it.each([
    ['ce_specversion', '0.3'],
    ['ce_id', 'not-a-uuid'],
    ['ce_time', 'yesterday'],
    ['content-type', 'text/plain'],
  ])('rejects an invalid %s', (header, value) => {
    const m = toKafkaMessage(envelope);
    expect(() => parseKafkaMessage(asReceived({ ...m, headers: { ...m.headers, [header]: value } }))).toThrow(PoisonMessageError);
  });

  it('accepts content-type with parameters and falls back to the key for the subject and to the id for the correlation', () => {
    const m = toKafkaMessage(envelope);
    const headers: Record<string, string> = { ...m.headers, 'content-type': 'application/json; charset=utf-8' };
    delete headers['ce_subject'];
    delete headers['ce_correlationid'];
    const parsed = parseKafkaMessage(asReceived({ ...m, headers }));
    expect(parsed.subject).toBe(m.key);
    expect(parsed.correlationId).toBe(envelope.id);
  });
});
