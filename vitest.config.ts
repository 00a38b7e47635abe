import { defineConfig } from 'vitest/config';

const packages = ['core', 'tools', 'runner', 'testing', 'jobs', 'mcp', 'mimo-agents', 'otel', 'inspector'];

/** One vitest run for the whole workspace; each package is a project, run from source. */
export default defineConfig({
  ssr: { resolve: { conditions: ['@mimo-agents/source', 'module', 'node', 'development|production'] } },
  test: {
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/src/**/*.test.ts`], root: '.' },
      })),
      { extends: true as const, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
    ],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    // Fails any test that writes to console without expecting to.
    setupFiles: ['./scripts/vitest-no-console.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
