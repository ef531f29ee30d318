import nx from '@nx/eslint-plugin';
import globals from 'globals';

// Module boundaries: services meet only in shared libs and on Kafka; domain code stays framework-free.
const noDatabaseInGateway = 'The gateway has no database; TypeORM and pg must stay out of its bundle.';
const frameworkImports = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'nodemailer', 'express'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/tmp', '**/.data', '**/webpack.config.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Scope: a service reaches only its own libs and the shared ones.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
            { sourceTag: 'scope:scheduling', onlyDependOnLibsWithTags: ['scope:scheduling', 'scope:shared'] },
            { sourceTag: 'scope:treatment', onlyDependOnLibsWithTags: ['scope:treatment', 'scope:shared'] },
            { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared'] },
            // The gateway may use a service's published API types, never its domain or features.
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared', 'type:api'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'type:api'] },
            // Type: layers point inwards.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:messaging', 'type:contracts', 'type:domain', 'type:api'] },
            // A feature may use a shared feature (scope:shared, e.g. the audit trail); scope rules keep services apart.
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:messaging', 'type:platform', 'type:api', 'type:testing', 'type:feature'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts'] },
            // An API lib derives its DTOs' limits from its own service's domain (ADR 0011); scope rules keep it there.
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: ['typeorm', 'kafkajs', 'pg'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: frameworkImports },
            // Benchmarks measure shared libs and the domain code of a service (the screening engine); the booking bench
            // drives scheduling's built service through its API constants and types.
            { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:shared', 'scope:intake', 'scope:scheduling'] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:messaging', 'type:contracts', 'type:platform', 'type:testing', 'type:domain', 'type:api'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:api'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  // The gateway has no database: TypeORM and pg (and @massage/platform-database) stay out of its bundle.
  {
    files: ['apps/gateway/**/*.ts', 'libs/gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@massage/platform-database', '@massage/audit', '@massage/idempotency'].map((name) => ({ name, message: noDatabaseInGateway })),
          patterns: [{ group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', '@nestjs/typeorm'], message: noDatabaseInGateway }],
        },
      ],
    },
  },
  // Config files and scripts run on Node as CommonJS.
  { files: ['**/*.cjs', '**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
];
