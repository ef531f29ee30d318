import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy value the probe returns', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('awaits async probes and treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not ready');
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('throws with the description when the deadline passes', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, description: 'the moon to turn blue' })).rejects.toThrow(
      /Timed out after 30 ms .*waiting for the moon to turn blue$/,
    );
  });

  it('reports the last error of a probe that kept failing', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5, description: 'the broker' },
      ),
    ).rejects.toThrow(/waiting for the broker; last error: connection refused/);
  });

  it('probes at least once even with a zero timeout', async () => {
    await expect(waitFor(() => 42, { timeoutMs: 0 })).resolves.toBe(42);
  });
});
