import { CURRENT_INTAKE_FORM } from '@massage/intake-domain';
import type { SubmitIntakeRequest } from './intake.api';

/**
 * A complete, valid intake on the current form with nothing alarming to report: lower-back pain, standard
 * pressure. The OpenAPI example, and the body tests, the demo and the load tools start from (spread and
 * change what a case needs). `signedAt` must be recent: consent lasts a year and may not be in the future.
 */
export function exampleSubmitIntakeRequest(signedAt: string, signedName = 'Ada Lovelace'): SubmitIntakeRequest {
  return {
    formVersion: CURRENT_INTAKE_FORM.version,
    answers: {
      conditions: [],
      surgeries: [],
      fractures: [],
      devices: [],
      medications: [],
      symptomsToday: [],
      painAreas: [{ region: 'lower-back', rating: 5 }],
      pressurePreference: 'P3',
    },
    goals: ['Sit through a workday without back pain'],
    consent: { given: true, textVersion: CURRENT_INTAKE_FORM.consentTextVersions[0] ?? '', signedName, signedAt },
  };
}
