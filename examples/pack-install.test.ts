// Follows docs/getting-started.md's "today" route word for word: `./dev pack <folder>` writes every
// package's tarball into one folder, a fresh project outside the workspace runs
// `npm install <folder>/mimo-agents-*.tgz zod` (dependencies from the registry, as a user gets them)
// and `npm install --save-dev @types/node`, then runs the README's quick start (examples/quickstart.ts,
// copied as is) on the Node the machine has after bootstrap and type-checks it with skipLibCheck: false.
// A file missing from `files`, a wrong `exports` entry or a dependency declared in the wrong place fails here.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
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
let packs = '';
let project = '';
let server: TestServer;
const tarballs = new Map<string, string>();

/** The shell words from docs/getting-started.md, with its folder names. */
const installWords = (folder: string): string => `npm install ${folder}/mimo-agents-*.tgz zod`;
const typesWords = 'npm install --save-dev @types/node';

const agentScript = `// Every package and entry must load from its tarball, even those this agent does not use.
const names = ${JSON.stringify([...packages.map(({ manifest }) => manifest.name), 'mimo-agents/testing', 'mimo-agents/jobs'])};
const exports = Object.fromEntries(
  await Promise.all(names.map(async (name) => [name, Object.keys(await import(name)).sort()])),
);
console.log(JSON.stringify({ exports }));
`;

// The other entries, type-checked against the shipped .d.ts beside the quick start.
const consumerTs = `import { type Agent, createClient, type MimoClient, type RunResult, run, tool } from 'mimo-agents';
import { type AgentWorker, createAgentWorker, createRedisCheckpointStore } from 'mimo-agents/jobs';
import { startTestServer, type TestServer } from 'mimo-agents/testing';
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
export const worker: typeof createAgentWorker = createAgentWorker;
export const store: typeof createRedisCheckpointStore = createRedisCheckpointStore;
export type Worker = AgentWorker;
`;

/** A Node older than 22 on this machine (the system Node of dev and CI machines), if any. */
async function findOldNode(): Promise<string | undefined> {
  const found = await run('which', ['-a', 'node']).then(
    ({ stdout }) => stdout.split('\n').filter((line) => line !== ''),
    () => [] as string[],
  );
  for (const path of new Set([...found, '/usr/bin/node', '/usr/local/bin/node'])) {
    if (!existsSync(path)) continue;
    const major = await run(path, ['-p', 'process.versions.node']).then(
      ({ stdout }) => Number.parseInt(stdout, 10),
      () => Number.NaN,
    );
    if (major < 22) return path;
  }
  return undefined;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mimo-pack-'));
  packs = join(work, 'packs');
  // `./dev pack <folder>`: builds every package and writes the tarballs (pnpm pack rewrites workspace:*).
  const { stdout } = await run(join(root, 'dev'), ['pack', packs], {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  for (const tarball of readdirSync(packs).filter((file) => file.endsWith('.tgz'))) {
    const { stdout: manifest } = await run('tar', ['xzOf', join(packs, tarball), 'package/package.json']);
    tarballs.set((JSON.parse(manifest) as { name: string }).name, join(packs, tarball));
  }
  expect(stdout.trim().split('\n').sort()).toEqual([...tarballs.values()].sort());
  project = join(work, 'my-project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'my-project', type: 'module' }));
  // The docs' words, run by a shell (which expands the glob), outside the workspace.
  for (const words of [installWords(packs), typesWords]) {
    await run('bash', ['-c', `${words} --no-audit --no-fund --prefer-offline`], {
      cwd: project,
      env: cleanEnv,
    });
  }
  await copyFile(join(root, 'examples', 'quickstart.ts'), join(project, 'quickstart.ts'));
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
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: ['quickstart.ts', 'consumer.ts'],
    }),
  );
  server = await startTestServer({ strict: true, demoModel: true });
}, 180_000);

afterAll(async () => {
  await server?.close();
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
        '@mimo-agents/jobs',
        '@mimo-agents/otel',
        'mimo-agents',
      ]),
    );
    expect(tarballs.size).toBe(packages.length);
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
  it('records every tarball as a dependency of the project, as the docs promise', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...tarballs.keys(), 'zod'].sort());
    expect(manifest.dependencies['mimo-agents']).toMatch(/^file:.*mimo-agents-0\.1\.0\.tgz$/);
    expect(Object.keys(manifest.devDependencies)).toEqual(['@types/node']);
  });

  it('type-checks the quick start and every entry against the shipped .d.ts, skipLibCheck: false', async () => {
    // tsc exits non-zero on any error, in our .d.ts or in a dependency's, which rejects with the report.
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
      cwd: project,
    });
  }, 120_000);

  it('runs the quick start (examples/quickstart.ts as is) on this Node', async () => {
    const { stdout, stderr } = await run(process.execPath, ['quickstart.ts'], {
      cwd: project,
      env: { ...cleanEnv, MIMO_API_KEY: server.apiKey, MIMO_BASE_URL: server.url, NODE_NO_WARNINGS: '1' },
    });
    expect(stderr).toBe('');
    expect(stdout).toBe(
      '(local demo model) Based on get_weather: {"city":"Paris","tempC":18}. That answers "Weather in Paris?".\n',
    );
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
  });

  it('exports from each installed package exactly what its workspace source exports', async () => {
    const { stdout } = await run(process.execPath, ['agent.mjs'], { cwd: project });
    const { exports } = JSON.parse(stdout.trim()) as { exports: Record<string, string[]> };
    const entries = [
      ...packages.map(({ dir, manifest }) => [manifest.name, join(dir, 'src', 'index.ts')] as const),
      ['mimo-agents/testing', join(root, 'packages', 'mimo-agents', 'src', 'testing.ts')] as const,
      ['mimo-agents/jobs', join(root, 'packages', 'mimo-agents', 'src', 'jobs.ts')] as const,
    ];
    expect(Object.keys(exports).sort()).toEqual(entries.map(([name]) => name).sort());
    for (const [name, file] of entries) {
      const expected = Object.keys((await import(pathToFileURL(file).href)) as object).sort();
      expect(expected.length, name).toBeGreaterThan(0);
      expect(exports[name], name).toEqual(expected);
    }
  });

  it('installs the mimo-test-server command', () => {
    expect(existsSync(join(project, 'node_modules', '.bin', 'mimo-test-server'))).toBe(true);
  });

  it('on the machine’s Node < 22, stops at import with the clear error instead of crashing in undici', async () => {
    const old = await findOldNode();
    // Without an old Node here, the installed check is given Node 20's version string instead.
    const script =
      old === undefined
        ? "import('./node_modules/@mimo-agents/core/dist/runtime/check-node-version.js').then((m) => m.checkNodeVersion('20.20.2')).then(() => console.log('passed'), (error) => console.log(error.name + ': ' + error.message));"
        : "import('mimo-agents').then(() => console.log('loaded'), (error) => console.log(error.name + ': ' + error.message));";
    const { stdout } = await run(old ?? process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
    });
    expect(stdout).toMatch(
      /^UnsupportedRuntimeError: mimo-agents needs Node >= 22; this is 2\d\.\d+\.\d+\. Fix: /,
    );
  });
});
