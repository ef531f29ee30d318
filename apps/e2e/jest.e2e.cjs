// End-to-end suite: runs the built services as real processes against the real broker, database and SMTP server.
// Named jest.e2e.cjs so `nx run-many -t test` does not pick it up; run it with `nx run e2e:e2e`.
module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.spec.ts'],
  testTimeout: 120000,
};
