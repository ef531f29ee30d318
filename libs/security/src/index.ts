export * from './lib/actor';
export * from './lib/access-refusal-recorder';
