import { SchedulingRefusal } from '../http/scheduling-refusal';
import { DEADLOCK_ATTEMPTS, slotTakenFrom, withDeadlockRetry } from './slot-conflict';

/** What TypeORM throws for a failed query: the driver's error under `driverError`. */
const queryFailed = (code: string, constraint?: string) => Object.assign(new Error(`query failed ${code}`), { driverError: { code, constraint } });

describe('appointment write conflicts', () => {
  it('answers an exclusion violation slot-taken, naming the resource its constraint guards', () => {
    expect(slotTakenFrom(queryFailed('23P01', 'appointment_room_free'))).toMatchObject({ status: 409, rule: 'slot-taken', refusals: [{ rule: 'slot-taken', resource: 'room' }] });
    expect(slotTakenFrom(queryFailed('23P01', 'appointment_client_free'))?.refusals).toEqual([{ rule: 'slot-taken', resource: 'client' }]);
    expect(slotTakenFrom(queryFailed('23505'))).toBeUndefined();
    expect(slotTakenFrom(new Error('boom'))).toBeUndefined();
  });

  it('runs a deadlock victim again, and returns what the next run returns', async () => {
    let runs = 0;
    const result = await withDeadlockRetry(async () => {
      runs += 1;
      if (runs < 3) throw queryFailed('40P01');
      return 'booked';
    });
    expect([result, runs]).toEqual(['booked', 3]);
  });

  it('after the last attempt, answers slot-taken; any other error passes through at once', async () => {
    let runs = 0;
    const always = withDeadlockRetry(async () => {
      runs += 1;
      throw queryFailed('40P01');
    });
    await expect(always).rejects.toBeInstanceOf(SchedulingRefusal);
    await expect(always).rejects.toMatchObject({ rule: 'slot-taken' });
    expect(runs).toBe(DEADLOCK_ATTEMPTS);

    let others = 0;
    await expect(
      withDeadlockRetry(async () => {
        others += 1;
        throw queryFailed('23503');
      }),
    ).rejects.toThrow('query failed 23503');
    expect(others).toBe(1);
  });
});
