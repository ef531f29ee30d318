export * from './lib/treatment-plan.types';
export * from './lib/session-note.types';
export * from './lib/treatment-refusal';
export * from './lib/work-safety';
export * from './lib/treatment-plan';
export * from './lib/session-note.lifecycle';
export * from './lib/outcomes';
export * from './lib/fhir/treatment-record.fhir';
export { TREATMENT_LIMITS } from './lib/field-rules';
