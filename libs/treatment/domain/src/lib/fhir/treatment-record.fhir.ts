import type { Bundle } from '@medplum/fhirtypes';
import type { SessionNote } from '../session-note.types';
import type { TreatmentPlan } from '../treatment-plan.types';

/** What intake knows of the client and chose to share in an export (names and contact are intake's). */
export interface ClientDemographics {
  given?: string[];
  family?: string;
  birthDate?: string;
  phone?: string;
  email?: string;
}
/** An intake answer, by the form's question id (`linkId`), with nested answers for groups. */
export interface IntakeAnswerItem {
  linkId: string;
  text?: string;
  answers?: (string | number | boolean | { code: string; system?: string; display?: string })[];
  items?: IntakeAnswerItem[];
}
export interface IntakeAnswers {
  intakeId: string;
  /** The form's canonical url and version the client saw and signed. */
  questionnaireUrl: string;
  questionnaireVersion: string;
  submittedAt: Date;
  items: IntakeAnswerItem[];
}
export interface TreatmentRecord {
  clientId: string;
  demographics?: ClientDemographics;
  plans: TreatmentPlan[];
  notes: SessionNote[];
  intake?: IntakeAnswers;
}
export interface FhirExportOptions {
  /** Base of the resources' fullUrls (`<base>/Patient/<id>`). */
  baseUrl?: string;
  /** The bundle's timestamp (the export's instant; no clock in the domain). */
  exportedAt: Date;
}

export function toFhirBundle(_record: TreatmentRecord, _options: FhirExportOptions): Bundle {
  throw new Error('not implemented');
}
