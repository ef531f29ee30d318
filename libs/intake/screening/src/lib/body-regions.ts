import { BODY_REGIONS, type BodyRegion } from '@massage/contracts';

/**
 * Everything distal to a region (further from the trunk along the same limb), for rules that say "and
 * everything distal to it" (VARIC severe, DVT history, lymph nodes). Trunk regions have nothing distal,
 * except the gluteal region, whose veins and lymph drain both legs (the conservative reading).
 */
export const DISTAL_OF: Readonly<Record<BodyRegion, readonly BodyRegion[]>> = {
  head: [],
  neck: [],
  'upper-back': [],
  'mid-back': [],
  'lower-back': [],
  chest: [],
  abdomen: [],
  'left-shoulder': ['left-arm', 'left-hand'],
  'right-shoulder': ['right-arm', 'right-hand'],
  'left-arm': ['left-hand'],
  'right-arm': ['right-hand'],
  'left-hand': [],
  'right-hand': [],
  'left-hip': ['left-thigh', 'left-knee', 'left-calf', 'left-foot'],
  'right-hip': ['right-thigh', 'right-knee', 'right-calf', 'right-foot'],
  gluteal: [
    'left-thigh',
    'left-knee',
    'left-calf',
    'left-foot',
    'right-thigh',
    'right-knee',
    'right-calf',
    'right-foot',
  ],
  'left-thigh': ['left-knee', 'left-calf', 'left-foot'],
  'right-thigh': ['right-knee', 'right-calf', 'right-foot'],
  'left-knee': ['left-calf', 'left-foot'],
  'right-knee': ['right-calf', 'right-foot'],
  'left-calf': ['left-foot'],
  'right-calf': ['right-foot'],
  'left-foot': [],
  'right-foot': [],
};

/** The legs, as the table's "legs" (PREG, VARIC mild): thighs, knees, calves and feet, in BODY_REGIONS order. */
export const LEGS: readonly BodyRegion[] = BODY_REGIONS.filter((r) => /-(thigh|knee|calf|foot)$/.test(r));

const REGION_ORDER = new Map<BodyRegion, number>(BODY_REGIONS.map((r, i) => [r, i]));

/** The regions in BODY_REGIONS order, each once (results compare deep-equal). */
export function sortRegions(regions: Iterable<BodyRegion>): BodyRegion[] {
  return [...new Set(regions)].sort((a, b) => (REGION_ORDER.get(a) ?? 0) - (REGION_ORDER.get(b) ?? 0));
}

/** The regions and everything distal to them, in BODY_REGIONS order. */
export function withDistal(regions: readonly BodyRegion[]): BodyRegion[] {
  return sortRegions(regions.flatMap((r) => [r, ...DISTAL_OF[r]]));
}
