import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import importPlugin from 'eslint-plugin-import';

// Which project kinds may depend on which (STYLE.md §4). An app never depends on an app; a plain-TS
// core never depends on NestJS glue, nor imports NestJS, TypeORM or Kafka clients itself.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib-core', 'type:lib-nest'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib-core', 'type:testing', 'type:tooling'] },
  // Running the system as processes (npm start, apps/e2e): no Nest, no service code, only lib-core (and
  // the kafkajs fixes, for the load driver's own Kafka client).
  {
    sourceTag: 'type:tooling',
    onlyDependOnLibsWithTags: ['type:lib-core', 'type:lib-kafka', 'type:tooling'],
  },
  {
    sourceTag: 'type:lib-nest',
    onlyDependOnLibsWithTags: ['type:lib-core', 'type:lib-kafka', 'type:lib-nest'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:lib-core', 'type:lib-kafka', 'type:lib-nest', 'type:testing'],
  },
  // Fixes to the kafkajs client itself, for anything that creates one: kafkajs and nothing else.
  { sourceTag: 'type:lib-kafka', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'type:lib-core',
    onlyDependOnLibsWithTags: ['type:lib-core'],
    bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express', '@opentelemetry/sdk-*'],
  },
];

// Tests of any project may also use the test harness.
const testDepConstraints = depConstraints.map((constraint) => ({
  ...constraint,
  onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'],
}));

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    banTransitiveDependencies: true,
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/node_modules', '**/dist', '**/tmp', '**/coverage', '.nx', '.flowline'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { import: importPlugin },
    // Relative imports resolve to .ts files; a cycle between projects is refused by Nx itself.
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
      'import/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/__tests__/**/*.ts', 'apps/e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testDepConstraints) },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
];
