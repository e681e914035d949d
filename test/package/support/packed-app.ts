/**
 * The package as a user gets it: `npm pack` of the built repo, installed with
 * a real `npm install <tarball>` into a fresh app directory, so the tests see
 * only what the tarball ships and resolve it by name through its exports map.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../browser/support/dist.js';

const run = promisify(execFile);

export const PACKAGE_NAME = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;

export interface PackedApp {
  /** The temp app's directory; `node_modules/perso-interactive-sdk-web` is the installed tarball. */
  dir: string;
  tarball: string;
  /** Writes a file into the app, relative to its directory. */
  write(path: string, text: string): string;
  remove(): void;
}

/** Packs the repo (which must be built) and installs the tarball into a new app directory. */
export async function installPackedApp(appPackageJson: Record<string, unknown> = {}): Promise<PackedApp> {
  if (!existsSync(join(ROOT, 'dist/client/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` builds)');
  const base = mkdtempSync(join(tmpdir(), 'perso-packed-'));
  try {
    const { stdout } = await run('npm', ['pack', '--pack-destination', base, '--silent'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = join(base, stdout.trim().split('\n').at(-1)!);
    const dir = join(base, 'app');
    await run('mkdir', [dir]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, version: '0.0.0', ...appPackageJson }, null, 2));
    // The dependencies (xstate, ws, …) come from npm's cache when they are in it, else the registry.
    await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return {
      dir,
      tarball,
      write(path, text) {
        const file = join(dir, path);
        writeFileSync(file, text);
        return file;
      },
      remove: () => rmSync(base, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
}
