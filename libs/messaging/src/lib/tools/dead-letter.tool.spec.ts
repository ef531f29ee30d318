import { deadLetterCommand, selectForReplay, withAuthorizationHint, type DeadLetter } from './dead-letter.tool';

function letter(overrides: Partial<DeadLetter>): DeadLetter {
  return {
    topic: 'g.dlq',
    partition: 0,
    offset: '0',
    eventId: 'e1',
    type: 'massage.intake.IntakeCompleted.v1',
    key: 'k1',
    reason: 'handler-failed',
    error: 'boom',
    attempts: 5,
    consumerGroup: 'g',
    originalTopic: 'intake.events.v1',
    originalPartition: 0,
    originalOffset: '10',
    failedAt: '2026-11-30T10:00:00.000Z',
    original: { key: Buffer.from('k1'), value: Buffer.from('{}'), headers: {} },
    ...overrides,
  };
}

describe('dead-letter replay selection', () => {
  const letters = [
    letter({ offset: '0', eventId: 'a', originalPartition: 1, originalOffset: '5', failedAt: '2026-11-30T08:00:00.000Z' }),
    letter({ offset: '1', eventId: 'b', originalPartition: 0, originalOffset: '9', failedAt: '2026-11-30T09:00:00.000Z' }),
    letter({ offset: '2', eventId: 'c', originalPartition: 0, originalOffset: '3', failedAt: '2026-11-30T10:00:00.000Z' }),
    // `a` again: replayed once, failed again. Only its latest copy goes back.
    letter({ offset: '3', eventId: 'a', originalPartition: 1, originalOffset: '5', failedAt: '2026-11-30T11:00:00.000Z', attempts: 2 }),
    letter({ offset: '4', eventId: null, originalTopic: null, reason: 'unparseable' }),
  ];

  it('picks one event by id, its latest copy', () => {
    expect(selectForReplay(letters, { eventId: 'a' }).map((l) => [l.eventId, l.offset])).toEqual([['a', '3']]);
    expect(selectForReplay(letters, { eventId: 'zzz' })).toEqual([]);
  });

  it('picks those that failed at or after a time', () => {
    expect(selectForReplay(letters, { since: new Date('2026-11-30T09:00:00Z') }).map((l) => l.eventId)).toEqual(['c', 'b', 'a']);
  });

  it('--all takes every replayable one once, in the order they were first consumed (partition, offset), leaving out records without an original topic', () => {
    expect(selectForReplay(letters, { all: true }).map((l) => l.eventId)).toEqual(['c', 'b', 'a']);
  });
});

describe('dlq command line', () => {
  // Refusals happen before any connection: these options would fail if reached.
  const command = deadLetterCommand({
    groups: ['notification'],
    dataSourceOptions: () => {
      throw new Error('must not connect');
    },
    kafka: () => {
      throw new Error('must not connect');
    },
  });

  it('refuses replay without --group, without a selector, or with two', async () => {
    await expect(command(['replay', '--all'])).rejects.toThrow(/replay needs --group \(one of: notification\)/);
    await expect(command(['replay', '--group', 'notification'])).rejects.toThrow(/exactly one of --event-id, --since or --all/);
    await expect(command(['replay', '--group', 'notification', '--all', '--event-id', 'x'])).rejects.toThrow(/exactly one of/);
    await expect(command(['replay', '--group', 'notification', '--since', 'last week'])).rejects.toThrow(/--since must be an ISO 8601 time/);
  });

  it('refuses unknown sub-commands and flags, with the usage', async () => {
    await expect(command(['purge'])).rejects.toThrow(/unknown sub-command "purge"[\s\S]*main\.js dlq list/);
    await expect(command(['list', '--topic', 'x'])).rejects.toThrow(/Unknown option '--topic'/);
    await expect(command(['list', '--limit', '0'])).rejects.toThrow(/--limit must be a positive integer/);
  });
});

describe('dlq command errors', () => {
  it('says which principal to use when Kafka refuses the service principal, and leaves other errors alone', () => {
    const refused = withAuthorizationHint(new Error('Not authorized to access topics: [notification.dlq]')) as Error;
    expect(refused.message).toMatch(/^Not authorized to access topics: \[notification\.dlq\]\nKafka refused this principal: run `dlq` as an operator principal/);
    expect((withAuthorizationHint(new Error('Failed to find group coordinator')) as Error).message).toMatch(/KAFKA_SASL_USERNAME=admin/);
    const other = new Error('connect ECONNREFUSED');
    expect(withAuthorizationHint(other)).toBe(other);
  });
});
