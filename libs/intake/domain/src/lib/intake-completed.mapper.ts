import type { IntakeCompletedV1 } from '@massage/contracts';
import type { CompletedIntake } from './intake-submission';

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The public IntakeCompleted payload of a stored intake: ids and codes only. Condition notes,
 * medication names, the injury description, goals' text and the signed name never leave intake.
 */
export function toIntakeCompletedPayload(intake: CompletedIntake): IntakeCompletedV1 {
  return {
    intakeId: intake.id,
    clientId: intake.clientId,
    locationId: intake.locationId,
    formVersion: intake.formVersion,
    completedAt: intake.submittedAt,
    consentGivenAt: intake.consent.signedAt,
    conditionCodes: unique(intake.conditions.map((c) => c.code)),
    medicationCodes: unique(intake.medications.map((m) => m.code)),
    recentInjuryOrSurgery: intake.recentInjuryOrSurgery.present,
    painReports: intake.painAreas.map((p) => ({ region: p.region, rating: p.rating })),
    pressurePreference: intake.pressurePreference,
    goalCount: intake.goals.length,
  };
}
