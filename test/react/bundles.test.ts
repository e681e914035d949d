/**
 * React stays out of the core: bundling the client entry (as the IIFE build
 * does, with nothing external) pulls in no React module, and the built React
 * entry imports React and the client by package name instead of inlining them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DIST, requireBuilt, ROOT } from '../browser/support/dist.js';

const REACT_MODULE = /node_modules\/(react|react-dom|scheduler)\//;

describe('bundles', () => {
  it('the client entry, bundled whole, contains no React', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'src/client/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('node_modules/xstate/')), 'the check sees bundled packages').toBe(true);
    expect(inputs.filter((path) => REACT_MODULE.test(path))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from ["']react/);
  });

  it('the built react entry imports react and the client entry instead of inlining them', () => {
    requireBuilt('react/index.js', 'react/index.cjs', 'client/index.js');
    const esm = readFileSync(join(DIST, 'react/index.js'), 'utf8');
    const cjs = readFileSync(join(DIST, 'react/index.cjs'), 'utf8');
    expect(esm).toMatch(/from "react"/);
    expect(esm).toMatch(/from "perso-interactive-sdk-web\/client"/);
    expect(cjs).toMatch(/require\("react"\)/);
    expect(cjs).toMatch(/require\("perso-interactive-sdk-web\/client"\)/);
    // Nothing of the client's own code (its session facade) is copied in.
    expect(esm).not.toMatch(/class Session\b/);
    expect(readFileSync(join(DIST, 'client/index.js'), 'utf8')).not.toMatch(/["']react["']/);
  });
});
