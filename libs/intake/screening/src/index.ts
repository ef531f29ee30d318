export * from './lib/screening.types';
export * from './lib/body-regions';
export * from './lib/rule-table-2026-1';
export * from './lib/rule-table.schema';
export * from './lib/screen';
export * from './lib/clearance-rules';
export { compileRuleTable, resolveTechniques } from './lib/compile-rule-table';
