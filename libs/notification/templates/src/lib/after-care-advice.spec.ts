import fc from 'fast-check';
import { BODY_REGIONS, TECHNIQUES } from '@massage/contracts';
import { AFTER_CARE_ADVICE_CODES, afterCareAdvice, type WorkDone } from './after-care-advice';

const workDone = fc.record({ technique: fc.constantFrom(...TECHNIQUES), region: fc.constantFrom(...BODY_REGIONS) });
const session = fc.array(workDone, { maxLength: 12 });

describe('afterCareAdvice', () => {
  it('always advises reporting unusual pain, only known codes, each once, in catalogue order', () => {
    fc.assert(
      fc.property(session, (work) => {
        const advice = afterCareAdvice(work);
        expect(advice).toContain('report-unusual-pain');
        expect(new Set(advice).size).toBe(advice.length);
        expect(advice).toEqual(AFTER_CARE_ADVICE_CODES.filter((code) => advice.includes(code)));
      }),
    );
  });

  it('depends on what was worked, not on the order or repetition of the work', () => {
    fc.assert(
      fc.property(session, fc.func(fc.integer()), (work, key) => {
        const reordered = [...work, ...work].sort((a, b) => key(a) - key(b));
        expect(afterCareAdvice(reordered)).toEqual(afterCareAdvice(work));
      }),
    );
  });

  it('adds to, never removes from, the advice of part of the session', () => {
    fc.assert(
      fc.property(session, session, (part, more) => {
        const whole = afterCareAdvice([...part, ...more]);
        for (const code of afterCareAdvice(part)) expect(whole).toContain(code);
      }),
    );
  });

  it('chooses by technique and region', () => {
    const work: WorkDone[] = [
      { technique: 'deep-tissue', region: 'lower-back' },
      { technique: 'swedish', region: 'neck' },
    ];
    expect(afterCareAdvice(work)).toEqual([
      'hydrate',
      'expect-mild-soreness',
      'rest-after-deep-tissue',
      'gentle-stretch-neck',
      'heat-not-ice-lower-back',
      'report-unusual-pain',
    ]);
    expect(afterCareAdvice([{ technique: 'lymphatic-drainage', region: 'left-calf' }])).toEqual([
      'hydrate',
      'take-time-getting-up',
      'walk-after-leg-work',
      'report-unusual-pain',
    ]);
  });

  it('advises only reporting unusual pain when no work is recorded', () => {
    expect(afterCareAdvice([])).toEqual(['report-unusual-pain']);
  });
});
