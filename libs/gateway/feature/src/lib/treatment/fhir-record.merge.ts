import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/** A part of the record that cannot be merged: the gateway answers 502 rather than a partial or mixed-up record. */
export class FhirRecordMergeError extends Error {}

const isBundle = (value: unknown): value is Bundle => typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'Bundle';
const resourcesOf = (bundle: Bundle): Resource[] => (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/**
 * One client's FHIR R4 record from its two owners (ADR 0023): treatment's Bundle (Practitioner, CarePlan, Goal,
 * Encounter, Procedure, Observation, and a Patient with ids only) and intake's (the Patient with name, birth date and
 * contact, a QuestionnaireResponse per intake). Intake's Patient replaces treatment's in first place, intake's
 * QuestionnaireResponses follow the Practitioners, treatment's other resources keep their order; the bundle keeps
 * treatment's type and timestamp. Every entry's fullUrl is `<base>/<type>/<id>` on treatment's base, so the relative
 * references both write (`Patient/<id>`) resolve inside the bundle. Throws FhirRecordMergeError when a part is not a
 * Bundle, or when intake's resources are not about `clientId` (the other Patient, a response of someone else).
 */
export function mergeFhirRecord(treatment: unknown, intake: unknown, clientId: string): Bundle {
  if (!isBundle(treatment) || !isBundle(intake)) throw new FhirRecordMergeError('a part of the record is not a FHIR Bundle');
  const fromIntake = resourcesOf(intake);
  const patients = fromIntake.filter((r) => r.resourceType === 'Patient');
  const [patient] = patients;
  if (!patient || patients.length > 1 || patient.id !== clientId) throw new FhirRecordMergeError("intake's part does not hold exactly the client's Patient");
  const responses = fromIntake.filter((r) => r.resourceType === 'QuestionnaireResponse');
  const strangers = responses.filter((r) => r.resourceType === 'QuestionnaireResponse' && r.subject?.reference !== `Patient/${clientId}`);
  if (strangers.length > 0) throw new FhirRecordMergeError(`intake's QuestionnaireResponse ${strangers.map((r) => r.id).join(', ')} is not about the client`);

  const entries = treatment.entry ?? [];
  const treatmentPatient = entries.find((e) => e.resource?.resourceType === 'Patient');
  if (treatmentPatient?.resource && treatmentPatient.resource.id !== clientId) throw new FhirRecordMergeError("treatment's Patient is not the client");
  const base = baseOf(treatmentPatient) ?? baseOf(intake.entry?.find((e) => e.resource === patient));
  const entry = (resource: Resource): BundleEntry => ({ ...(base ? { fullUrl: `${base}/${resource.resourceType}/${resource.id as string}` } : {}), resource });
  const kept = entries.filter((e) => e.resource?.resourceType !== 'Patient' && e.resource?.resourceType !== 'QuestionnaireResponse');
  const practitioners = kept.filter((e) => e.resource?.resourceType === 'Practitioner');
  const rest = kept.filter((e) => e.resource?.resourceType !== 'Practitioner');
  return {
    resourceType: 'Bundle',
    type: treatment.type,
    ...(treatment.timestamp ? { timestamp: treatment.timestamp } : {}),
    entry: [entry(patient), ...practitioners, ...responses.map(entry), ...rest],
  };
}

/** `https://massage.example/fhir` from `https://massage.example/fhir/Patient/<id>`. */
function baseOf(e: BundleEntry | undefined): string | undefined {
  const suffix = `/${e?.resource?.resourceType ?? ''}/${e?.resource?.id ?? ''}`;
  return e?.fullUrl?.endsWith(suffix) ? e.fullUrl.slice(0, -suffix.length) : undefined;
}
