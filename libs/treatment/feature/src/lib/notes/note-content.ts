import type { NoteContentBody } from '@massage/treatment-api';
import type { NoteContent } from '@massage/treatment-domain';

const text = (key: 'subjective' | 'objective' | 'assessment' | 'plan', body: NoteContentBody) => (body[key] !== undefined ? { [key]: body[key] } : {});

/**
 * The domain's note content from a request body, or from a jsonb column (which reorders object keys): a plain copy
 * in one key order, optional parts only when given, so two contents compare equal exactly when they say the same.
 */
export function noteContentFrom(body: NoteContentBody): NoteContent {
  return {
    ...text('subjective', body),
    ...text('objective', body),
    rangeOfMotion: body.rangeOfMotion.map((r) => ({ joint: r.joint, ...(r.side !== undefined ? { side: r.side } : {}), movement: r.movement, mode: r.mode, degrees: r.degrees })),
    work: body.work.map((w) => ({ technique: w.technique, region: w.region, pressure: w.pressure, minutes: w.minutes })),
    pain: body.pain.map((p) => ({ region: p.region, before: p.before, ...(p.after !== undefined ? { after: p.after } : {}) })),
    functionScores: body.functionScores.map((f) => ({ goalId: f.goalId, score: f.score })),
    ...text('assessment', body),
    ...text('plan', body),
  };
}
