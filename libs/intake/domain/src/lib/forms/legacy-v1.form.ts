import { BODY_REGIONS, CONDITION_CODES, MEDICATION_CODES, PRESSURE_PREFERENCES } from '@massage/contracts';
import type { FormQuestion, IntakeFormDefinition } from './form-definition';

const V1_QUESTIONS: readonly FormQuestion[] = [
  { field: 'conditions', asks: 'Which of these conditions do you have?', required: true, codes: CONDITION_CODES, reAsk: 'if-changed', feeds: [] },
  { field: 'medications', asks: 'Which medications do you take?', required: true, codes: MEDICATION_CODES, reAsk: 'if-changed', feeds: [] },
  { field: 'recentInjuryOrSurgery', asks: 'A recent injury or surgery? What, when?', required: true, reAsk: 'if-changed', feeds: [] },
  { field: 'painAreas', asks: 'Where does it hurt, and how much (0–10)?', required: true, codes: BODY_REGIONS, reAsk: 'every-visit', feeds: [] },
  { field: 'goals', asks: 'What would you like the treatment to achieve?', required: true, reAsk: 'if-changed', feeds: [] },
  { field: 'pressurePreference', asks: 'Which pressure do you prefer?', required: true, codes: PRESSURE_PREFERENCES, reAsk: 'every-visit', feeds: [] },
  { field: 'consent', asks: 'Consent to treatment (the text was not versioned).', required: true, reAsk: 'if-changed', feeds: [] },
];

function retiredV1(version: string): IntakeFormDefinition {
  return {
    version,
    status: 'retired',
    publishedOn: '2025-01-01',
    retiredOn: '2026-11-01',
    answers: 'health-history-v1',
    consentTextVersions: [],
    questions: V1_QUESTIONS,
  };
}

/**
 * Form v1 (`health_history`: condition codes without region or date, one free-text injury-or-surgery, pressure
 * light…deep). Retired, read-only: its intakes stay readable (their answers migrated to v2 best-effort,
 * migration 1766000000000) and a new submission naming it is refused. v1 took any label as its version;
 * these are the labels its clients sent.
 */
export const LEGACY_V1_FORMS: readonly IntakeFormDefinition[] = ['2025.1', '2026.1', '2026.2'].map(retiredV1);
