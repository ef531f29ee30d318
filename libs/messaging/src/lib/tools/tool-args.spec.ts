import { isoTimeFlag, parseToolFlags, positiveIntFlag, subCommand } from './tool-args';

describe('operator tool flags', () => {
  const usage = 'usage: main.js thing do [--name N] [--on]';
  const options = { name: { type: 'string' }, on: { type: 'boolean' } } as const;

  it('parses known flags', () => {
    expect(parseToolFlags(['--name', 'x', '--on'], options, usage)).toEqual({ name: 'x', on: true });
    expect(parseToolFlags(['--name=y'], options, usage)).toEqual({ name: 'y' });
    expect(parseToolFlags([], options, usage)).toEqual({});
  });

  it('refuses an unknown flag, a missing value and a stray argument, with the usage', () => {
    expect(() => parseToolFlags(['--bogus'], options, usage)).toThrow(/Unknown option '--bogus'[\s\S]*usage: main\.js thing/);
    expect(() => parseToolFlags(['--name'], options, usage)).toThrow(/--name[\s\S]*usage:/);
    expect(() => parseToolFlags(['stray'], options, usage)).toThrow(/stray[\s\S]*usage:/);
  });

  it('splits the sub-command and refuses an unknown or missing one', () => {
    expect(subCommand(['list', '--x'], ['list', 'replay'] as const, usage)).toEqual({ sub: 'list', rest: ['--x'] });
    expect(() => subCommand(['drop'], ['list', 'replay'] as const, usage)).toThrow(/unknown sub-command "drop"[\s\S]*usage:/);
    expect(() => subCommand([], ['list'] as const, usage)).toThrow(/missing sub-command/);
  });

  it('reads positive integers and ISO times, refusing anything else', () => {
    expect(positiveIntFlag('limit', undefined, 100, usage)).toBe(100);
    expect(positiveIntFlag('limit', '7', 100, usage)).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'ten', '']) expect(() => positiveIntFlag('limit', bad, 100, usage)).toThrow(/--limit must be a positive integer/);
    expect(isoTimeFlag('since', '2026-11-30T09:00:00Z', usage).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(isoTimeFlag('since', '2026-11-30', usage).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    for (const bad of ['yesterday', '30/11/2026', '2026-13-45T00:00:00Z']) expect(() => isoTimeFlag('since', bad, usage)).toThrow(/--since must be an ISO 8601 time/);
  });
});
