module.exports = { displayName: 'intake-api', preset: '../../../jest.preset.js', passWithNoTests: true };
