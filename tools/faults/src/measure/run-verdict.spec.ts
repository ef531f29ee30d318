import { countOrderViolations, judgeRun, type CommittedEvent, type ConsumerEvidence } from './run-verdict';

const event = (id: string, seq: number, key = 'client-1', committedAt = 1_000, needsWelcome = true): CommittedEvent => ({
  id,
  seq,
  topic: 'intake.events.v1',
  key,
  type: needsWelcome ? 'IntakeCompleted' : 'ClientContactRecorded',
  committedAt,
  needsWelcome,
});

const evidence = (over: Partial<ConsumerEvidence> = {}): ConsumerEvidence => ({
  handled: new Map(),
  deliveries: new Map(),
  notificationsSent: new Map(),
  mails: new Map(),
  deadLettered: new Set(),
  ...over,
});

/** Evidence of events applied normally: handled at `at`, welcome sent, one mail. */
const applied = (entries: [string, number][]): ConsumerEvidence =>
  evidence({
    handled: new Map(entries.map(([id, at]) => [id, [at]])),
    deliveries: new Map(entries.map(([id, at]) => [id, [{ status: 'sent', sentAt: at }]])),
    notificationsSent: new Map(entries.map(([id]) => [id, 1])),
    mails: new Map(entries.map(([id]) => [id, 1])),
  });

const base = { expectedDeadLetters: new Set<string>(), faultEndedAt: 10_000, lateAfterMs: 2_000 };

describe('judgeRun', () => {
  it('counts nothing wrong when every event is applied once, in order, soon after its commit', () => {
    const verdict = judgeRun({ ...base, committed: [event('a', 1), event('b', 2)], evidence: applied([['a', 1_100], ['b', 1_200]]) });
    expect(verdict).toMatchObject({ events: 2, lost: 0, duplicated: 0, orderViolations: 0, deadLettered: 0, duplicateMails: 0, recoveryMs: 0 });
  });

  it('counts an event without its inbox row, welcome or mail as lost, and the run as not drained', () => {
    const committed = [event('a', 1), event('b', 2, 'client-2'), event('c', 3, 'client-3')];
    const partial = applied([['a', 1_100], ['b', 1_200]]);
    const verdict = judgeRun({ ...base, committed, evidence: { ...partial, mails: new Map([['a', 1]]) } });
    expect(verdict.lost).toBe(2);
    expect(verdict.details).toMatchObject({ notHandled: 1, noMail: 1 });
    expect(verdict.recoveryMs).toBeNull();
  });

  it('counts second applications and repeated mails separately', () => {
    const ev = applied([['a', 1_100]]);
    const verdict = judgeRun({
      ...base,
      committed: [event('a', 1)],
      evidence: { ...ev, deliveries: new Map([['a', [{ status: 'sent', sentAt: 1_100 }, { status: 'sent', sentAt: 1_300 }]]]), mails: new Map([['a', 3]]) },
    });
    expect(verdict).toMatchObject({ lost: 0, duplicated: 1, duplicateMails: 2 });
  });

  it('counts poison in the dead-letter topic as dead-lettered, and poison that vanished as lost', () => {
    const verdict = judgeRun({
      ...base,
      committed: [event('a', 1), event('poison-outbox', 2, 'client-9')],
      evidence: { ...applied([['a', 1_100]]), deadLettered: new Set(['poison-outbox', 'crafted-1']) },
      expectedDeadLetters: new Set(['poison-outbox', 'crafted-1', 'crafted-2']),
    });
    expect(verdict).toMatchObject({ events: 4, lost: 1, deadLettered: 2 });
    expect(verdict.details.poisonNotDeadLettered).toBe(1);
  });

  it('counts an ordinary event that ended in the dead-letter topic as lost, though the backlog drained', () => {
    const verdict = judgeRun({ ...base, committed: [event('a', 1)], evidence: evidence({ deadLettered: new Set(['a']) }) });
    expect(verdict).toMatchObject({ lost: 1, recoveryMs: 0 });
    expect(verdict.details.unexpectedDeadLetters).toBe(1);
  });

  it('measures recovery from the fault end to the last held-up event applied', () => {
    const committed = [event('early', 1, 'k1', 5_000), event('held', 2, 'k2', 8_000), event('after', 3, 'k3', 12_000)];
    const verdict = judgeRun({ ...base, committed, evidence: applied([['early', 5_100], ['held', 14_500], ['after', 14_600]]) });
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
