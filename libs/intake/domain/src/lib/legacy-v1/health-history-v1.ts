import type { BodyRegion, ConditionCode, MedicationCode } from '@massage/contracts';

/**
 * Form v1's health history, as the `intake.health_history` column still holds it for intakes taken before
 * form v2 (read-only: no new intake is written in this shape). Migration 1766000000000 maps it to v2
 * answers with `healthAnswersFromV1`.
 */
export interface HealthHistoryV1 {
  conditions: { code: ConditionCode; note?: string }[];
  medications: { code: MedicationCode; name: string }[];
  recentInjuryOrSurgery: { present: boolean; description?: string; date?: string };
  painAreas: { region: BodyRegion; rating: number }[];
}
