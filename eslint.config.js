// Flat ESLint config for the whole workspace; `npm run lint` fails on any warning.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const reactHooks = require('eslint-plugin-react-hooks');
const globals = require('globals');

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', 'data/**', '.tsbuild/**', 'test/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // shared/ is pure: it may not import server or client code.
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/client/**', '@redress/server', '@redress/client'], message: 'shared/ must stay pure' }] },
      ],
    },
  },
  {
    // One owner per document: only the complaints module writes complaints (through its writer,
    // which records each change on the feed). Other modules read them and ask its commands.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/modules/complaints/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='Complaint'][callee.property.name=/^(updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|findOneAndReplace|findOneAndDelete|findByIdAndDelete|replaceOne|create|insertMany|bulkWrite|deleteOne|deleteMany)$/]",
          message: 'Complaints are written only by the complaints module: call one of its commands (complaints/commands/).',
        },
        {
          selector: "MemberExpression[object.name='Complaint'][property.name='collection']",
          message: 'Complaints are written only by the complaints module: call one of its commands (complaints/commands/).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/complaints/feed/complaintWriter'],
              importNames: ['mutateComplaint', 'insertComplaint', 'rollForward'],
              message: "The complaint writer is the complaints module's own: call one of its commands (complaints/commands/).",
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
