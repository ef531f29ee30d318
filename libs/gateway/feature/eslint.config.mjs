import baseConfig from '../../../eslint.config.mjs';

// The gateway has no database: keep TypeORM and pg (and the platform's database entry point) out of its bundle.
const noDatabase = 'The gateway has no database; TypeORM and pg must stay out of its bundle.';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@massage/platform-database', message: noDatabase }],
          patterns: [{ group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', '@nestjs/typeorm'], message: noDatabase }],
        },
      ],
    },
  },
];
