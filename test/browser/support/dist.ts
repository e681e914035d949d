/** The built files the browser tests load, checked before any browser starts. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = join(ROOT, 'dist');

/** Throws a message that says what to run when a built file is missing. */
export function requireBuilt(...relativePaths: string[]): void {
  const missing = relativePaths.filter((path) => !existsSync(join(DIST, path)));
  if (missing.length > 0) {
    throw new Error(
      `The browser tests need the build, and dist/ lacks ${missing.map((path) => `dist/${path}`).join(', ')}. ` +
        'Run `npm run build` first (`npm test` builds before testing).',
    );
  }
}

/** Where screenshots and other test outputs go (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');
