import fc from 'fast-check';
import { PRESSURE_LEVELS, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { screeningRefusals, type Restriction } from '@massage/clinical-restrictions';
import { amendNote, noteVersion, openNote, saveNote, signNote } from './session-note.lifecycle';
import type { NoteContent, SessionWork } from './session-note.types';
import { TREATMENT_REFUSAL_RULES } from './treatment-refusal';
import { planRefusals, type ScreeningContext } from './work-safety';
import { CLIENT, LOCATION, OTHER_THERAPIST, THERAPIST, content } from '../test/fixtures';

const TECHS: Technique[] = ['swedish', 'deep-tissue', 'trigger-point', 'lymphatic-drainage'];
const REGIONS: BodyRegion[] = ['neck', 'upper-back', 'left-calf', 'abdomen'];
const RULES = ['VARIC', 'ANTICOAG', 'SURG', 'OSTEO', 'FEVER'];
const START = new Date('2026-03-10T14:00:00Z');

const scope = <T,>(xs: T[]) => fc.oneof(fc.constant('all' as const), fc.subarray(xs, { minLength: 1, maxLength: 2 }));
const restrictionArb: fc.Arbitrary<Restriction> = fc.record(
  {
    rule: fc.constantFrom(...RULES),
    kind: fc.oneof({ weight: 1, arbitrary: fc.constant('ABSOLUTE' as const) }, { weight: 8, arbitrary: fc.constantFrom('LOCAL' as const, 'MODIFY' as const, 'CLEARANCE' as const) }),
    techniques: scope(TECHS),
    regions: scope(REGIONS),
    maxPressure: fc.constantFrom<PressureLevel | 'none'>(...PRESSURE_LEVELS, 'none'),
  },
  { requiredKeys: ['rule', 'kind', 'techniques', 'regions'] },
);
const contextArb: fc.Arbitrary<ScreeningContext> = fc.record({
  screening: fc.option(
    fc.record({ screeningId: fc.constant('scr'), outcome: fc.constantFrom('cleared' as const, 'modified' as const, 'restricted' as const), restrictions: fc.array(restrictionArb, { maxLength: 3 }) }),
    { nil: undefined, freq: 10 },
  ),
  clearances: fc.constant([]),
});
const workArb: fc.Arbitrary<SessionWork[]> = fc.uniqueArray(
  fc.record({ technique: fc.constantFrom(...TECHS), region: fc.constantFrom(...REGIONS), pressure: fc.constantFrom(...PRESSURE_LEVELS), minutes: fc.integer({ min: 1, max: 30 }) }),
  { minLength: 1, maxLength: 5, selector: (w) => `${w.technique}|${w.region}|${w.pressure}` },
);
const draft = () => openNote({ noteId: 'n', appointmentId: 'a', clientId: CLIENT, therapistId: THERAPIST, locationId: LOCATION, startsAt: START }, START);

describe('treatment records (properties)', () => {
  it('saving a note: every refusal names a rule (and a screening rule of the client), a stranger learns only not-your-session, and saved work is allowed line by line', () => {
    const seen = { saved: 0, refused: 0 };
    fc.assert(
      fc.property(contextArb, workArb, fc.boolean(), (context, work, stranger) => {
        const res = saveNote(draft(), content({ work }), { userId: stranger ? OTHER_THERAPIST : THERAPIST }, context);
        if (stranger) {
          expect(res).toEqual({ ok: false, refusals: [{ rule: 'not-your-session', therapistId: THERAPIST }] });
          return;
        }
        const codes = (context.screening?.restrictions ?? []).map((r) => r.rule);
        seen[res.ok ? 'saved' : 'refused']++;
        if (!res.ok) {
          for (const r of res.refusals) {
            expect(TREATMENT_REFUSAL_RULES).toContain(r.rule);
            if (r.rule === 'contraindicated' || r.rule === 'clearance-required') {
              expect(codes).toContain(r.screeningRule);
              for (const i of r.items) expect(i).toBeLessThan(work.length);
            }
            if (r.rule === 'deferred') for (const c of r.screeningRules) expect(codes).toContain(c);
          }
          return;
        }
        // Saved: each line, judged on its own, is allowed by the screening too.
        for (const line of work) expect(screeningRefusals(context.screening, context.clearances, [line], new Date(START.getTime() + 3_600_000))).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // Both branches must be exercised, or the property proves little.
    expect(seen.saved).toBeGreaterThan(25);
    expect(seen.refused).toBeGreaterThan(25);
  });

  it('a plan the screening allows has every cell (technique × region at its pressure) allowed alone; a refused plan names the rule of each refusal', () => {
    fc.assert(
      fc.property(contextArb, fc.subarray(TECHS, { minLength: 1 }), fc.subarray(REGIONS, { minLength: 1 }), fc.constantFrom(...PRESSURE_LEVELS), (context, techniques, focusRegions, maxPressure) => {
        const refusals = planRefusals({ techniques, focusRegions, maxPressure }, context, START);
        const codes = (context.screening?.restrictions ?? []).map((r) => r.rule);
        for (const r of refusals) if (r.rule === 'contraindicated' || r.rule === 'clearance-required') expect(codes).toContain(r.screeningRule);
        const anyCellRefused = techniques.some((technique) =>
          focusRegions.some((region) => planRefusals({ techniques: [technique], focusRegions: [region], maxPressure }, context, START).length > 0),
        );
        expect(refusals.length > 0).toBe(anyCellRefused);
      }),
      { numRuns: 500 },
    );
  });

  it('amendments append versions: version 1 stays the signed content, each amendment makes the next, the note reads the last', () => {
    const cleared: ScreeningContext = { screening: { screeningId: 's', outcome: 'cleared', restrictions: [] }, clearances: [] };
    const signed = signNote({ ...draft(), content: content() }, { userId: THERAPIST }, cleared, START);
    if (!signed.ok) throw new Error('fixture');
    const assessments = fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(assessments, (texts) => {
        let note = signed.value;
        const written: NoteContent[] = [note.content];
        texts.forEach((text, i) => {
          const next = { ...note.content, assessment: `${text} (${i})` };
          const res = amendNote(note, { amendmentId: `amd-${i}`, kind: 'correction', reason: 'typo', content: next }, { userId: THERAPIST }, cleared, new Date(START.getTime() + (i + 1) * 60_000));
          if (!res.ok) throw new Error(JSON.stringify(res.refusals));
          note = res.value;
          written.push(next);
        });
        expect(note.versions.map((v) => v.version)).toEqual(written.map((_, i) => i + 1));
        expect(noteVersion(note, 1)?.content).toEqual(content());
        written.forEach((c, i) => expect(noteVersion(note, i + 1)?.content).toEqual(c));
        expect(note.amendments.map((a) => a.version)).toEqual(texts.map((_, i) => i + 2));
        expect(note.content).toEqual(written[written.length - 1]);
        expect(note.status).toBe('signed');
      }),
      { numRuns: 100 },
    );
  });
});
