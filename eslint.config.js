import tseslint from 'typescript-eslint'

const mainSideFolders = ['plugin', 'report', 'hub', 'debug', 'gateway', 'dashboard', 'cli', 'protocol', 'client']

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib']

function restrictImports(groups, message) {
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
  }
}

export default tseslint.config(
  { ignores: ['dist/', '.scratch/', 'node_modules/', 'test/.tmp/', 'bench/.generated/', 'test/compat/*/node_modules/', 'test/compat/*/.runs/', '**/.vitest-async-debug/', 'test/fixtures/real/'] },
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
    // The page (HTML report and live dashboard) runs in a browser: no Node modules; from the rest of src only
    // src/shared, whose own rule keeps it free of node:* (its pure helpers serve the terminal and the page alike).
    files: ['src/dashboard/client/**/*.{ts,tsx}'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map(name => `${name}/*`)], message: 'src/dashboard/client runs in the browser: no Node modules.' },
          { group: [...mainSideFolders.filter(folder => folder !== 'dashboard'), 'worker'].map(folder => `**/${folder}/**`).concat('**/dashboard/server/**', '../server/**', '../../server/**', '../../../server/**'), message: 'src/dashboard/client runs in the browser: it imports only preact, uplot, its own files and types from src/shared.' },
        ],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrictImports(
      ['node:*', '../**', 'vitest', 'vitest/*'],
      'src/shared holds contracts for both sides: no node:* and no imports outside src/shared.',
    ),
  },
)
