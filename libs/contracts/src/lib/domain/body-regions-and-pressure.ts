/** Body regions a therapist treats and a client reports pain in (codes, not free text). */
export const BODY_REGIONS = [
  'head',
  'neck',
  'upper-back',
  'mid-back',
  'lower-back',
  'left-shoulder',
  'right-shoulder',
  'left-arm',
  'right-arm',
  'left-hand',
  'right-hand',
  'chest',
  'abdomen',
  'left-hip',
  'right-hip',
  'gluteal',
  'left-thigh',
  'right-thigh',
  'left-knee',
  'right-knee',
  'left-calf',
  'right-calf',
  'left-foot',
  'right-foot',
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];
export const PRESSURE_PREFERENCES = ['light', 'medium', 'firm', 'deep'] as const;
export type PressurePreference = (typeof PRESSURE_PREFERENCES)[number];
