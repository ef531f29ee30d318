/** The technique catalogue; a therapist qualifies in some, and screening may block some for a client. */
export const TECHNIQUES = [
  'swedish',
  'deep-tissue',
  'myofascial-release',
  'trigger-point',
  'sports',
  'neuromuscular',
  'lymphatic-drainage',
  'prenatal',
  // Added for screening (screening-rules.md: DVT_HX, VARIC, OSTEO, SURG name them).
  'percussion',
  'joint-mobilisation',
  'rib-springing',
  'scar-work',
] as const;
export type Technique = (typeof TECHNIQUES)[number];
