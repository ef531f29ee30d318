import type { PressureLevel, PressurePreference } from '@massage/contracts';

/**
 * Form v1's pressure words on Walton's P1–P5 scale. "light" is P2, not P1: P1 is lotioning (aloe on
 * sunburn), which nobody books as a massage; a light Swedish massage is heavy lotioning. "medium" is
 * standard Swedish (P3), "firm" leans body weight in (P4), "deep" is the deepest level (P5). One-to-one
 * and in order, so v1's answers keep their distinctions and map back exactly.
 */
export const PRESSURE_LEVEL_OF_V1: Readonly<Record<PressurePreference, PressureLevel>> = {
  light: 'P2',
  medium: 'P3',
  firm: 'P4',
  deep: 'P5',
};

/** The v1 word for a level (for the deprecated IntakeCompleted v1): P1 is lighter than any v1 word, so "light". */
export const V1_PRESSURE_OF_LEVEL: Readonly<Record<PressureLevel, PressurePreference>> = {
  P1: 'light',
  P2: 'light',
  P3: 'medium',
  P4: 'firm',
  P5: 'deep',
};
