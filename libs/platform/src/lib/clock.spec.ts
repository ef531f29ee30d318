import { ManualClock } from './clock';

describe('ManualClock', () => {
  it('fires due timers earliest first, each seeing the clock at its own instant, and none early', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const seen: string[] = [];
    clock.after(2_000, () => seen.push(`b@${clock.now().toISOString()}`));
    clock.after(1_000, () => seen.push(`a@${clock.now().toISOString()}`));
    clock.advance(999);
    expect(seen).toEqual([]);
    clock.advance(1_001);
    expect(seen).toEqual(['a@2026-01-01T00:00:01.000Z', 'b@2026-01-01T00:00:02.000Z']);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:02.000Z');
  });

  it('honours timers armed while firing and cancelled ones never fire', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const cancel = clock.after(10, () => seen.push(-1));
    clock.after(5, () => clock.after(5, () => seen.push(clock.now().getTime())));
    cancel();
    clock.advance(60_000);
    expect(seen).toEqual([new Date('2026-01-01T00:00:00.010Z').getTime()]);
    expect(clock.armed()).toEqual([]);
  });

  it('fires a timer armed with no delay outside an advance on its own, like setTimeout(0); inside an advance, in order', async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    clock.after(0, () => seen.push('immediate'));
    const cancelled = clock.after(0, () => seen.push('cancelled'));
    cancelled();
    expect(seen).toEqual([]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['immediate']);
    clock.after(10, () => clock.after(0, () => seen.push('armed while advancing')));
    clock.after(20, () => seen.push('later'));
    clock.advance(20);
    expect(seen).toEqual(['immediate', 'armed while advancing', 'later']);
  });

  it('does not go back in time', () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    expect(() => clock.advanceTo('2026-05-31T23:59:59Z')).toThrow(/does not go back/);
  });
});
