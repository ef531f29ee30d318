// Unit tests of the suite's pure logic (counting, statistics); the suite itself runs with `npm run faults`.
module.exports = { displayName: 'faults', preset: '../../jest.preset.js', rootDir: __dirname, testMatch: ['**/*.spec.ts'] };
