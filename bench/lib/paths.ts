import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${start}`);
    directory = parent;
  }
  return directory;
}

/** The repository root, found from this (bundled) file's location. */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const resultsDir = join(repoRoot, 'bench', 'results');
export const benchBuildDir = join(repoRoot, 'bench', '.out');
