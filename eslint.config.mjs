// Lint and import boundaries: libraries are used through their index only, never import an
// app, and the domain imports nothing of Nest, Kafka or MongoDB. Formatting is Prettier's.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const DEEP_IMPORTS = [
  { group: ['@app/*/*'], message: 'Use the library through its index: @app/<library>.' },
  {
    group: ['**/libs/*/src', '**/libs/*/src/**', '../../*/src', '../../*/src/**'],
    message: 'Use the library through its index: @app/<library>.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.local/**',
      'coverage/**',
      'infra/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'apps/account-service/src/openapi/openapi-plugin-metadata.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }],
    },
  },
  {
    // Tests read JSON answers of shapes they assert on: `any` there is the point, not a gap.
    files: ['test/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...DEEP_IMPORTS, { group: ['**/apps/**'], message: 'A library never imports an app.' }] },
      ],
    },
  },
  {
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DEEP_IMPORTS,
            { group: ['**/apps/**'], message: 'A library never imports an app.' },
            {
              group: ['@nestjs/*', 'kafkajs', 'mongodb', '@app/*', 'node:*'],
              message: 'The domain is pure: no Nest, Kafka, MongoDB, I/O or other library.',
            },
          ],
        },
      ],
    },
  },
);
