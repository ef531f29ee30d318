/**
 * The time scheduling acts at (late cancellations, no-shows, event stamps): injected, so tests move it instead
 * of sleeping. Shaped like the platform's Clock (`now(): Date`); a local token until that one is shared.
 */
export interface SchedulingClock {
  now(): Date;
}

export const SCHEDULING_CLOCK = Symbol('SCHEDULING_CLOCK');

export const systemSchedulingClock: SchedulingClock = { now: () => new Date() };
