import { countOrderViolations, judgeRun, type CommittedEvent, type ConsumerEvidence } from './run-verdict';

const event = (id: string, seq: number, key = 'client-1', committedAt = 1_000, welcomes = true): CommittedEvent => ({
  id,
  seq,
  topic: 'intake.events.v1',
  key,
  type: welcomes ? 'IntakeCompleted' : 'ClientContactRecorded',
  committedAt,
  welcomes,
});

const evidence = (over: Partial<ConsumerEvidence> = {}): ConsumerEvidence => ({
  handled: new Map(),
  deliveries: new Map(),
  notificationsSent: new Map(),
  mails: new Map(),
  deadLettered: new Set(),
  ...over,
});

/**
 * Evidence of events applied normally: each handled at `at`; each client (the events' key, `client-1` unless
 * given) welcomed once, by its first event listed, with one NotificationSent and one mail.
 */
const applied = (entries: [string, number, string?][]): ConsumerEvidence => {
  const firstOfClient = new Map<string, [string, number]>();
  for (const [id, at, client = 'client-1'] of entries) if (!firstOfClient.has(client)) firstOfClient.set(client, [id, at]);
  return evidence({
    handled: new Map(entries.map(([id, at]) => [id, [at]])),
    deliveries: new Map([...firstOfClient].map(([client, [trigger, at]]) => [client, [{ trigger, status: 'sent', sentAt: at }]])),
    notificationsSent: new Map([...firstOfClient.values()].map(([trigger]) => [trigger, 1])),
    mails: new Map([...firstOfClient.values()].map(([trigger]) => [trigger, 1])),
  });
};

const base = { expectedDeadLetters: new Set<string>(), faultEndedAt: 10_000, lateAfterMs: 2_000 };

describe('judgeRun', () => {
  it('counts nothing wrong when every event is applied once, in order, soon after its commit', () => {
    const verdict = judgeRun({ ...base, committed: [event('a', 1), event('b', 2)], evidence: applied([['a', 1_100], ['b', 1_200]]) });
    expect(verdict).toMatchObject({ events: 2, lost: 0, duplicated: 0, orderViolations: 0, deadLettered: 0, duplicateMails: 0, recoveryMs: 0 });
  });

  it('counts an event without its inbox row, and a client without its welcome mail, as lost, and the run as not drained', () => {
    const committed = [event('a', 1), event('b', 2, 'client-2'), event('c', 3, 'client-3')];
    const partial = applied([['a', 1_100], ['b', 1_200, 'client-2']]);
    const verdict = judgeRun({ ...base, committed, evidence: { ...partial, mails: new Map([['a', 1]]) } });
    expect(verdict.lost).toBe(3); // c not handled, client-2 without mail, client-3 not welcomed
    expect(verdict.details).toMatchObject({ notHandled: 1, noMail: 1, notWelcomed: 1 });
    expect(verdict.recoveryMs).toBeNull();
  });

  it('welcomes a client once for all its completed intakes (both versions of each): nothing lost or duplicated', () => {
    const committed = [event('v1-a', 1), event('v2-a', 2), event('contact', 3, 'client-1', 1_000, false), event('v1-b', 4), event('v2-b', 5)];
    const verdict = judgeRun({ ...base, committed, evidence: applied([['v1-a', 1_100], ['v2-a', 1_110], ['contact', 1_120], ['v1-b', 1_130], ['v2-b', 1_140]]) });
    expect(verdict).toMatchObject({ events: 5, lost: 0, duplicated: 0, duplicateMails: 0, recoveryMs: 0 });
  });

  it('counts a second welcome of a client as duplicated and its mail as a duplicate mail', () => {
    const ev = applied([['v1-a', 1_100], ['v1-b', 1_200]]);
    const twice = [{ trigger: 'v1-a', status: 'sent', sentAt: 1_100 }, { trigger: 'v1-b', status: 'sent', sentAt: 1_200 }];
    const verdict = judgeRun({
      ...base,
      committed: [event('v1-a', 1), event('v1-b', 2)],
      evidence: { ...ev, deliveries: new Map([['client-1', twice]]), mails: new Map([['v1-a', 1], ['v1-b', 1]]) },
    });
    expect(verdict).toMatchObject({ lost: 0, duplicated: 1, duplicateMails: 1 });
  });

  it('counts second applications and repeated mails separately', () => {
    const ev = applied([['a', 1_100]]);
    const verdict = judgeRun({ ...base, committed: [event('a', 1)], evidence: { ...ev, handled: new Map([['a', [1_100, 1_300]]]), mails: new Map([['a', 3]]) } });
    expect(verdict).toMatchObject({ lost: 0, duplicated: 1, duplicateMails: 2 });
  });

  it('counts poison in the dead-letter topic as dead-lettered, and poison that vanished as lost', () => {
    const verdict = judgeRun({
      ...base,
      committed: [event('a', 1), event('poison-outbox', 2, 'client-9')],
      evidence: { ...applied([['a', 1_100]]), deadLettered: new Set(['poison-outbox', 'crafted-1']) }, // client-9: its welcome is the poison
      expectedDeadLetters: new Set(['poison-outbox', 'crafted-1', 'crafted-2']),
    });
    expect(verdict).toMatchObject({ events: 4, lost: 1, deadLettered: 2 });
    expect(verdict.details.poisonNotDeadLettered).toBe(1);
  });

  it('counts an ordinary event that ended in the dead-letter topic as lost, though the backlog drained', () => {
    const verdict = judgeRun({ ...base, committed: [event('a', 1)], evidence: evidence({ deadLettered: new Set(['a']) }) });
    expect(verdict).toMatchObject({ lost: 2, recoveryMs: 0 }); // the event, and its client's welcome
    expect(verdict.details).toMatchObject({ unexpectedDeadLetters: 1, notWelcomed: 1 });
  });

  it('measures recovery from the fault end to the last held-up event applied', () => {
    const committed = [event('early', 1, 'k1', 5_000), event('held', 2, 'k2', 8_000), event('after', 3, 'k3', 12_000)];
    const verdict = judgeRun({ ...base, committed, evidence: applied([['early', 5_100, 'k1'], ['held', 14_500, 'k2'], ['after', 14_600, 'k3']]) });
    expect(verdict.recoveryMs).toBe(4_600);
  });
});

describe('countOrderViolations', () => {
  it('counts events of one key handled before an earlier one, per topic and key', () => {
    const committed = [event('a1', 1, 'a'), event('a2', 2, 'a'), event('a3', 3, 'a'), event('b1', 4, 'b'), event('b2', 5, 'b')];
    const handled = new Map([
      ['a1', 30],
      ['a2', 10],
      ['a3', 20],
      ['b1', 5],
      ['b2', 6],
    ]);
    expect(countOrderViolations(committed, handled)).toBe(2);
  });

  it('ignores events not handled', () => {
    expect(countOrderViolations([event('a1', 1), event('a2', 2)], new Map([['a2', 1]]))).toBe(0);
  });
});
