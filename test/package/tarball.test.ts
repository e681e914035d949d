/**
 * The packed tarball, installed into a fresh app: Node imports it by name in
 * ESM and CJS, the script-tag build sits at its documented paths, and
 * TypeScript finds the declarations through the exports map.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../browser/support/dist.js';
import { SEED_CLIENT_EXPORTS, SEED_SERVER_EXPORTS } from '../support/published-exports.js';
import { installPackedApp, PACKAGE_NAME, type PackedApp } from './support/packed-app.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** tsc checks xstate's declarations too: seconds on a quiet machine, over a minute on 2 loaded cores. */
const TSC_BUDGET_MS = 240_000;

let app: PackedApp;

beforeAll(async () => {
  app = await installPackedApp({ type: 'module' });
}, 120_000);

afterAll(() => app?.remove());

/** Runs a script in the app directory and parses the last line it prints as JSON. */
async function nodeInApp(script: string, style: 'esm' | 'cjs'): Promise<unknown> {
  const args = [...(style === 'esm' ? ['--input-type=module'] : ['--input-type=commonjs']), '-e', `${script}; process.exit(0);`];
  const { stdout } = await run(process.execPath, args, { cwd: app.dir });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

function installedFile(path: string): string {
  return realpathSync(join(app.dir, 'node_modules', PACKAGE_NAME, path));
}

describe('the installed tarball in Node', () => {
  for (const [subpath, names] of [['', SEED_CLIENT_EXPORTS], ['/server', SEED_SERVER_EXPORTS]] as const) {
    const specifier = `${PACKAGE_NAME}${subpath}`;
    it(`${specifier} imports as ESM with the published names`, async () => {
      const keys = await nodeInApp(`console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(specifier)}))))`, 'esm');
      expect(keys).toEqual(expect.arrayContaining(names));
    }, 30_000);

    it(`${specifier} requires as CJS with the published names`, async () => {
      const keys = await nodeInApp(`console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`, 'cjs');
      expect(keys).toEqual(expect.arrayContaining(names));
    }, 30_000);
  }

  it('resolves the package to the ESM build for import and the CJS build for require', async () => {
    const esm = await nodeInApp(`console.log(JSON.stringify(import.meta.resolve(${JSON.stringify(PACKAGE_NAME)})))`, 'esm');
    const cjs = await nodeInApp(`console.log(JSON.stringify(require.resolve(${JSON.stringify(PACKAGE_NAME)})))`, 'cjs');
    expect(realpathSync(new URL(esm as string))).toBe(installedFile('dist/client/index.js'));
    expect(realpathSync(cjs as string)).toBe(installedFile('dist/client/index.cjs'));
  }, 30_000);

  it('offers the script-tag build as ./iife, at the seed URL path, and as unpkg/jsdelivr', async () => {
    const resolved = (await nodeInApp(
      `console.log(JSON.stringify([require.resolve('${PACKAGE_NAME}/iife'), require.resolve('${PACKAGE_NAME}/dist/client/index.iife.js')]))`,
      'cjs',
    )) as string[];
    const iife = installedFile('dist/client/index.iife.js');
    expect(resolved.map((path) => realpathSync(path))).toEqual([iife, iife]);
    const manifest = (await nodeInApp(`console.log(JSON.stringify(require('${PACKAGE_NAME}/package.json')))`, 'cjs')) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('browser');
    expect([manifest.unpkg, manifest.jsdelivr]).toEqual(['./dist/client/index.iife.js', './dist/client/index.iife.js']);
  }, 30_000);
});

describe('the installed tarball in TypeScript', () => {
  const APP_SOURCE = `
import { createSession, ChatTool, type Session, type ChatLogEntry } from '${PACKAGE_NAME}';
import { createSessionId } from '${PACKAGE_NAME}/server';

export async function start(sessionId: string): Promise<Session> {
  const session = await createSession({ sessionId, width: 320, height: 240, clientTools: [] });
  session.subscribeChatLog((log: ChatLogEntry[]) => log.length);
  return session;
}
export const tool = new ChatTool('noop', 'Does nothing', { type: 'object', properties: {} }, async () => ({}), false);
export const created: Promise<string> = createSessionId({ apiKey: 'key', params: {} as never });
// The declarations are real, not \`any\`: a wrong argument is an error tsc must report.
// @ts-expect-error sessionId must be a string
void createSession({ sessionId: 1, width: 320, height: 240 });
`;

  async function typecheck(name: string, compilerOptions: Record<string, unknown>): Promise<string> {
    app.write(`${name}.ts`, APP_SOURCE);
    const config = app.write(
      `tsconfig.${name}.json`,
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], ...compilerOptions }, files: [`${name}.ts`] }),
    );
    try {
      await run(process.execPath, [TSC, '-p', config], { cwd: app.dir });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  }

  it('resolves the declarations with moduleResolution bundler', async () => {
    expect(await typecheck('bundler', { module: 'ESNext', moduleResolution: 'Bundler' })).toBe('');
  }, TSC_BUDGET_MS);

  it('resolves the declarations with moduleResolution node16 from an ESM app', async () => {
    expect(await typecheck('node16', { module: 'Node16', moduleResolution: 'Node16' })).toBe('');
  }, TSC_BUDGET_MS);
});
