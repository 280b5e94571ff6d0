import tseslint from 'typescript-eslint'

const mainSideFolders = ['plugin', 'report', 'hub', 'debug', 'gateway', 'dashboard', 'cli', 'protocol', 'client']

function restrictImports(groups, message) {
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
  }
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/.tmp/', 'bench/.generated/', 'test/compat/*/node_modules/', 'test/compat/*/.runs/', '**/.vitest-async-debug/', 'test/fixtures/real/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'curly': ['error', 'all'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: restrictImports(
      [...mainSideFolders.map(folder => `**/${folder}/**`), 'vitest/node'],
      'src/worker runs inside test workers: it imports only src/shared, vitest and node:*. Put contracts in src/shared.',
    ),
  },
  {
    files: mainSideFolders.map(folder => `src/${folder}/**/*.ts`),
    rules: restrictImports(
      ['**/worker/**'],
      'Main-side code refers to worker code only by file path (see src/plugin/paths.ts); share types through src/shared.',
    ),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrictImports(
      ['node:*', '../**', 'vitest', 'vitest/*'],
      'src/shared holds contracts for both sides: no node:* and no imports outside src/shared.',
    ),
  },
)
