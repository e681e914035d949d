/**
 * The built package as a consumer sees it: every `exports` entry resolves by
 * the package's own name, in ESM and CJS, to a module offering the published
 * names, and every `types` path in the map exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEED_CLIENT_EXPORTS, SEED_SERVER_EXPORTS } from '../support/published-exports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, Record<string, string> | string>;
};

const EXPECTED: Record<string, string[]> = {
  '.': SEED_CLIENT_EXPORTS,
  './client': SEED_CLIENT_EXPORTS,
  './server': SEED_SERVER_EXPORTS,
  './machines': ['sessionMachine', 'connectionMachine', 'toChatStates', 'ChatState'],
  './inspector': ['attachInspector', 'createInspectorObserver', 'toInspectorMessage'],
  './react': ['usePersoSession', 'PersoSessionProvider', 'useChatStates', 'useChatLog', 'useConnectionState', 'useSessionEvent', 'AvatarVideo', 'useChatTool', 'defineTool', 'useConnectionQuality'],
  './emulator': ['startEmulator', 'synthesize', 'createInspectorHub'],
};

function exportedNames(specifier: string, style: 'esm' | 'cjs'): string[] {
  const load = style === 'esm' ? `await import(${JSON.stringify(specifier)})` : `require(${JSON.stringify(specifier)})`;
  // process.exit: a process that loaded @roamhq/wrtc can crash when it ends on its own.
  const script = `console.log(JSON.stringify(Object.keys(${load}))); process.exit(0);`;
  const output = execFileSync(process.execPath, [...(style === 'esm' ? ['--input-type=module'] : []), '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as string[];
}

describe('the built package', () => {
  it('is built (npm test builds first)', () => {
    expect(existsSync(join(root, 'dist/client/index.iife.js')), 'run `npm run build` first').toBe(true);
  });

  for (const [subpath, names] of Object.entries(EXPECTED)) {
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    for (const style of ['esm', 'cjs'] as const) {
      it(`${specifier} (${style}) offers ${names.length} published names`, () => {
        expect(exportedNames(specifier, style)).toEqual(expect.arrayContaining(names));
      }, 60_000);
    }
  }

  it('every path in the exports map and the bin exists', () => {
    const paths = Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
    const missing = [...paths, ...Object.values(pkg.bin)].filter((path) => !existsSync(join(root, path)));
    expect(missing).toEqual([]);
  });
});
