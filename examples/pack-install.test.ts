// Packs every publishable package, installs the tarballs into a fresh project outside the workspace
// (dependencies from the registry, as a user would get them) and runs an agent from there. A file missing
// from `files`, a wrong `exports` entry or a dependency declared in the wrong place fails here.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

/** Every non-private package under packages/. */
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true) as {
  dir: string;
  manifest: { name: string };
}[];

// npm must not inherit pnpm's settings from the environment (npm_config_*, npm_package_*).
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));

let work = '';
let project = '';
const tarballs = new Map<string, string>();

const agentScript = `import { createClient } from '@mimo-agents/core';
import { run } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

// Every package must load from its tarball, even those this agent does not use.
const names = ${JSON.stringify(packages.map(({ manifest }) => manifest.name))};
const exports = Object.fromEntries(
  await Promise.all(names.map(async (name) => [name, Object.keys(await import(name)).sort()])),
);
const server = await startTestServer({ strict: true });
const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 18 }),
});
const agent = { name: 'weather', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools: [getWeather] };
const result = await run({ client, agent, input: 'Weather in Paris?' });
console.log(JSON.stringify({ status: result.status, turns: result.turns.length, finalOutput: result.finalOutput, calls: server.calls.length, exports }));
await client.close();
await server.close();
`;

const consumerTs = `import { createClient, type MimoClient } from '@mimo-agents/core';
import { type Agent, type RunResult, run } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city: city.toUpperCase(), tempC: 18 }),
});
export const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', tools: [getWeather] };
export async function once(server: TestServer): Promise<string | undefined> {
  const client: MimoClient = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const result: RunResult = await run({ client, agent, input: 'Weather in Paris?' });
  return result.finalOutput;
}
export const start: () => Promise<TestServer> = startTestServer;
`;

beforeAll(async () => {
  await run(
    bin('turbo'),
    [
      'run',
      'build',
      ...packages.map(({ manifest }) => `--filter=${manifest.name}`),
      '--output-logs=errors-only',
    ],
    {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  work = await mkdtemp(join(tmpdir(), 'mimo-pack-'));
  for (const { dir, manifest } of packages) {
    // `pnpm pack` rewrites workspace:* to the real versions, as `pnpm publish` does.
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', work], { cwd: dir });
    const tarball = stdout.trim().split('\n').at(-1) ?? '';
    expect(tarball).toMatch(/\.tgz$/);
    tarballs.set(manifest.name, tarball);
  }
  project = join(work, 'consumer');
  await run('mkdir', ['-p', project]);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.values(), 'zod@^4'],
    {
      cwd: project,
      env: cleanEnv,
    },
  );
  await writeFile(join(project, 'agent.mjs'), agentScript);
  await writeFile(join(project, 'consumer.ts'), consumerTs);
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2023',
        lib: ['es2023'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      files: ['consumer.ts'],
    }),
  );
}, 180_000);

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

describe('packed packages', () => {
  it('finds the packages to publish', () => {
    expect([...tarballs.keys()]).toEqual(
      expect.arrayContaining([
        '@mimo-agents/core',
        '@mimo-agents/tools',
        '@mimo-agents/runner',
        '@mimo-agents/testing',
      ]),
    );
  });

  it('ship dist with .js and .d.ts, no tests, and no workspace: ranges', async () => {
    for (const [name, tarball] of tarballs) {
      const { stdout: list } = await run('tar', ['tzf', tarball]);
      expect(list, name).toContain('package/dist/index.js\n');
      expect(list, name).toContain('package/dist/index.d.ts\n');
      expect(list, name).not.toMatch(/\.test(-d)?\.(ts|js)\n/);
      // Test fixtures stay in the repository: \`test-support\` folders, and \`testing\` folders inside a package.
      expect(list, name).not.toMatch(/\/test-support\//);
      expect(list, name).not.toMatch(/^package\/(src|dist)\/(.*\/)?testing\//m);
      const { stdout: manifest } = await run('tar', ['xzOf', tarball, 'package/package.json']);
      expect(manifest, name).not.toContain('workspace:');
    }
  });

  it('pass publint --strict', async () => {
    for (const [name, tarball] of tarballs) {
      const { stdout } = await run(bin('publint'), ['run', tarball, '--strict']);
      expect(stdout, name).toContain('All good!');
    }
  }, 60_000);

  it('pass @arethetypeswrong/cli (esm-only profile)', async () => {
    for (const tarball of tarballs.values()) {
      // attw exits non-zero on any problem, which rejects here with its report.
      await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color']);
    }
  }, 60_000);
});

describe('installed from the tarballs outside the workspace', () => {
  it('type-checks a TypeScript consumer against the shipped .d.ts', async () => {
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
      cwd: project,
    });
  });

  it('runs an agent against the installed test server', async () => {
    const { stdout } = await run(process.execPath, ['agent.mjs'], { cwd: project });
    const result = JSON.parse(stdout.trim()) as {
      status: string;
      turns: number;
      finalOutput: string;
      calls: number;
      exports: Record<string, string[]>;
    };
    expect(result).toMatchObject({ status: 'completed', turns: 2, calls: 2 });
    expect(result.finalOutput).toContain('get_weather: {"city":"Paris","tempC":18}');
    // Each installed package exports, at runtime, exactly what its workspace source index exports.
    expect(Object.keys(result.exports).sort()).toEqual(packages.map(({ manifest }) => manifest.name).sort());
    for (const { dir, manifest } of packages) {
      const source = (await import(pathToFileURL(join(dir, 'src', 'index.ts')).href)) as object;
      const expected = Object.keys(source).sort();
      expect(expected.length, manifest.name).toBeGreaterThan(0);
      expect(result.exports[manifest.name], manifest.name).toEqual(expected);
    }
  });

  it('installs the mimo-test-server command', () => {
    expect(existsSync(join(project, 'node_modules', '.bin', 'mimo-test-server'))).toBe(true);
  });
});
