// The compose check against the running system (compose.running.check.ts): run by
// scripts/containers-test.sh once docker-compose.yml is up, never by `nx test compose-check`.
module.exports = {
  displayName: 'compose-running',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/compose.running.check.ts'],
  testTimeout: 120000,
};
