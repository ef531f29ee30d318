import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { fhirBundleIssues, fhirIssues } from '@massage/testing';
import { FHIR_BASE, FHIR_CLIENT, intakePart, treatmentPart } from './fhir-record.fixtures';
import { FhirRecordMergeError, mergeFhirRecord } from './fhir-record.merge';

const resourcesOf = (b: Bundle): Resource[] => (b.entry ?? []).map((e) => e.resource as Resource);

describe('mergeFhirRecord', () => {
  const merged = mergeFhirRecord(treatmentPart(), intakePart(), FHIR_CLIENT);

  it("puts intake's named Patient in place of treatment's, the intake's answers after the practitioners, treatment's resources in their order", () => {
    expect(merged).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-03-20T12:00:00.000Z' });
    expect(resourcesOf(merged).map((r) => r.resourceType)).toEqual(['Patient', 'Practitioner', 'QuestionnaireResponse', 'CarePlan', 'Encounter', 'Observation']);
    const patients = resourcesOf(merged).filter((r): r is Patient => r.resourceType === 'Patient');
    expect(patients).toEqual([resourcesOf(intakePart())[0]]);
    expect(patients[0]?.name).toEqual([{ use: 'official', family: 'Okafor', given: ['Maya'] }]);
  });

  it('keeps one base for every fullUrl and every Patient reference on the client, so they resolve inside the bundle', () => {
    const urls = (merged.entry ?? []).map((e) => e.fullUrl);
    expect(urls.every((u) => u === `${FHIR_BASE}/${u?.split('/').slice(-2).join('/')}`)).toBe(true);
    expect(new Set(urls).size).toBe(urls.length);
    const references = JSON.stringify(merged).match(/"reference":"Patient\/[^"]+"/g) ?? [];
    expect(references.length).toBeGreaterThanOrEqual(4);
    expect(new Set(references)).toEqual(new Set([`"reference":"Patient/${FHIR_CLIENT}"`]));
    const targets = new Set(resourcesOf(merged).map((r) => `${r.resourceType}/${r.id}`));
    const dangling = [...JSON.stringify(merged).matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]).filter((r) => !targets.has(r as string));
    expect(dangling).toEqual([]);
  });

  it("takes treatment's base when intake writes another one", () => {
    const elsewhere = intakePart();
    for (const e of elsewhere.entry ?? []) e.fullUrl = e.fullUrl?.replace(FHIR_BASE, 'https://intake.internal/fhir');
    expect(mergeFhirRecord(treatmentPart(), elsewhere, FHIR_CLIENT).entry?.map((e) => e.fullUrl?.startsWith(FHIR_BASE))).toEqual([true, true, true, true, true, true]);
  });

  it('validates as FHIR R4 with zero errors and zero warnings, every resource and the bundle (@medplum/core)', () => {
    expect(fhirBundleIssues(merged)).toEqual([]);
    // The validator does refuse a broken resource, so zero issues means something.
    const { status: _dropped, ...broken } = resourcesOf(merged).find((r) => r.resourceType === 'QuestionnaireResponse') as Resource & { status: string };
    void _dropped;
    expect(fhirIssues(broken as Resource)).toEqual([expect.stringContaining('QuestionnaireResponse.status')]);
  });

  it.each([
    ['a part that is not a Bundle', () => mergeFhirRecord({ resourceType: 'OperationOutcome' }, intakePart(), FHIR_CLIENT)],
    ["intake's Patient of another client", () => mergeFhirRecord(treatmentPart(), intakePart('0a0a0a0a-0000-4000-8000-000000000000'), FHIR_CLIENT)],
    ["treatment's Patient of another client", () => mergeFhirRecord(treatmentPart('0a0a0a0a-0000-4000-8000-000000000000'), intakePart(), FHIR_CLIENT)],
    [
      "an intake's answers about someone else",
      () => {
        const part = intakePart();
        const qr = part.entry?.[1]?.resource;
        if (qr?.resourceType === 'QuestionnaireResponse') qr.subject = { reference: 'Patient/someone-else' };
        return mergeFhirRecord(treatmentPart(), part, FHIR_CLIENT);
      },
    ],
    ['no Patient from intake', () => mergeFhirRecord(treatmentPart(), { ...intakePart(), entry: intakePart().entry?.slice(1) }, FHIR_CLIENT)],
  ])('refuses %s (FhirRecordMergeError: the gateway answers 502)', (_case, merge) => {
    expect(merge).toThrow(FhirRecordMergeError);
  });
});
