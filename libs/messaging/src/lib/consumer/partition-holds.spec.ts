import type { Consumer } from 'kafkajs';
import type { Clock } from './clock';
import { PartitionHolds } from './partition-holds';

type Call = [string, unknown];

function fakeConsumer(calls: Call[]): Pick<Consumer, 'pause' | 'resume' | 'seek'> {
  return {
    pause: (tps) => void calls.push(['pause', tps]),
    resume: (tps) => void calls.push(['resume', tps]),
    seek: (tpo) => void calls.push(['seek', tpo]),
  };
}

describe('PartitionHolds', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const clock: Clock = { now: () => 1_000_000 };

  it('pauses a partition, then seeks it back to the held record and resumes it when the record is due', () => {
    const calls: Call[] = [];
    const holds = new PartitionHolds(fakeConsumer(calls), clock);
    holds.reset({ t: [0, 1] });
    holds.hold({ topic: 't', partition: 0 }, '42', clock.now() + 500);
    expect(calls).toEqual([['pause', [{ topic: 't', partitions: [0] }]]]);
    expect(holds.list()).toEqual([{ topic: 't', partition: 0, offset: '42', until: 1_000_500 }]);

    jest.advanceTimersByTime(499);
    expect(calls).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(calls.slice(1)).toEqual([
      ['seek', { topic: 't', partition: 0, offset: '42' }],
      ['resume', [{ topic: 't', partitions: [0] }]],
    ]);
    expect(holds.list()).toEqual([]);
  });

  it('on a new assignment drops every hold and resumes the held partitions (kafkajs keeps pauses across rebalances)', () => {
    const calls: Call[] = [];
    const holds = new PartitionHolds(fakeConsumer(calls), clock);
    holds.reset({ t: [0] });
    holds.hold({ topic: 't', partition: 0 }, '7', clock.now() + 60_000);
    holds.reset({ t: [1] });
    expect(calls.slice(1)).toEqual([['resume', [{ topic: 't', partitions: [0] }]]]);
    jest.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(2); // the dropped hold's timer never fires
  });

  it('does not seek a partition it no longer owns', () => {
    const calls: Call[] = [];
    const holds = new PartitionHolds(fakeConsumer(calls), clock);
    holds.hold({ topic: 't', partition: 3 }, '1', clock.now());
    jest.advanceTimersByTime(0);
    expect(calls.map(([name]) => name)).toEqual(['pause', 'resume']);
  });
});
