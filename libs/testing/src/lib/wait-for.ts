export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  readonly intervalMs?: number;
  /** What is awaited, in words: it names the failure when the deadline passes. */
  readonly description?: string;
}

/**
 * Polls `probe` until it returns a truthy value and resolves with that value. A probe that throws
 * counts as "not yet"; the last error is reported if the deadline passes. Tests use this instead
 * of sleeping for a guessed time.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const description = options.description ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const cause = lastError === undefined ? '' : `; last error: ${errorMessage(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${description}${cause}`, {
        cause: lastError,
      });
    }
    await delay(Math.min(intervalMs, remaining));
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
