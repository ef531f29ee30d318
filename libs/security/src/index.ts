export * from './lib/actor';
export * from './lib/access-refusal-recorder';
export * from './lib/permissions';
export * from './lib/policy';
export * from './lib/route-policy';
