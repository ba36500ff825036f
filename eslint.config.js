// ESLint flat config: typescript-eslint's recommended rules, no stage importing inputs/ (main.ts
// maps the inputs to each stage's options), and Prettier owning the formatting. Import cycles are
// refused by dpdm in `npm run lint`.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '__tests__/fixtures/', 'demo/example-layer/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../inputs/*'],
              message:
                'Stages take their own options type; only main.ts (and publishing.ts, its AWS half) maps the inputs.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/inputs/**/*.ts', 'src/main.ts', 'src/publishing.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettier
)
