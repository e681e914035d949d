#!/usr/bin/env node
// Builds every entry point of the package into dist/ and prints each output
// with its raw and gzip size. One run, no watch: `node build.mjs`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { clientEntryAsPackage, packageFromSource } from './scripts/sdk-entry-plugins.mjs';
import { BROWSER_TARGET, CLIENT_SCRIPTS } from './scripts/client-bundles.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Module builds (ESM, CJS) keep every package external so an app's bundler
// dedupes xstate; IIFE builds inline it so a page needs nothing but one file.
const nodeExternals = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

// The client's lazy audio code (src/audio/load-audio.ts) is a dynamic import:
// the ESM build splits it into a chunk (dist/client/chunks/), the CJS build
// inlines it, and the script-tag build loads `audio.iife.js` beside itself.
/** @type {Array<{ name: string, entry: string, outdir: string, base: string, formats: Array<'esm'|'cjs'|'iife'>, platform: 'browser'|'node'|'neutral', globalName?: string, splitting?: boolean, plugins?: import('esbuild').Plugin[], define?: Record<string, string>, bundlesPackages?: boolean }>} */
const targets = [
  { name: 'client', entry: 'src/client/index.ts', outdir: 'client', base: 'index', formats: ['esm', 'cjs'], platform: 'browser', splitting: true },
  ...CLIENT_SCRIPTS.map((script) => ({ ...script, name: `client-${script.base}.iife`, outdir: 'client', formats: ['iife'], platform: 'browser', plugins: script.plugins(root) })),
  { name: 'server', entry: 'src/server/index.ts', outdir: 'server', base: 'index', formats: ['esm', 'cjs'], platform: 'node' },
  { name: 'machines', entry: 'machines/index.ts', outdir: 'machines', base: 'index', formats: ['esm', 'cjs'], platform: 'neutral' },
  { name: 'inspector', entry: 'inspector/index.ts', outdir: 'inspector', base: 'index', formats: ['esm', 'cjs'], platform: 'browser' },
  { name: 'vad-silero', entry: 'vad-silero/index.ts', outdir: 'vad-silero', base: 'index', formats: ['esm', 'cjs'], platform: 'browser' },
  { name: 'emulator', entry: 'emulator/index.ts', outdir: 'emulator', base: 'index', formats: ['esm', 'cjs'], platform: 'node' },
  { name: 'emulator-cli', entry: 'emulator/cli.ts', outdir: 'emulator', base: 'cli', formats: ['esm'], platform: 'node' },
  { name: 'react', entry: 'react/index.ts', outdir: 'react', base: 'index', formats: ['esm', 'cjs'], platform: 'browser', plugins: [clientEntryAsPackage(root)] },
  // React's development build, so the example's <StrictMode> really runs every effect twice.
  { name: 'example-react', entry: 'examples/react/main.tsx', outdir: 'examples/react', base: 'app', formats: ['iife'], platform: 'browser', plugins: [packageFromSource(root)], define: { 'process.env.NODE_ENV': '"development"' } },
  // The compatibility example's ES-module page: the package bundled whole, as an app's bundler would.
  { name: 'example-compat', entry: 'examples/compat/esm.js', outdir: 'examples/compat', base: 'esm', formats: ['esm'], platform: 'browser', plugins: [packageFromSource(root)], bundlesPackages: true },
  { name: 'demo', entry: 'demo/app.ts', outdir: 'demo', base: 'app', formats: ['iife'], platform: 'browser' },
  { name: 'inspector-page', entry: 'inspector/page/app.ts', outdir: 'inspector-page', base: 'app', formats: ['iife'], platform: 'browser' },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const outputs = [];
for (const target of targets) {
  if (!existsSync(join(root, target.entry))) continue;
  for (const format of target.formats) {
    const outdir = join(dist, target.outdir);
    const isBrowserBundle = target.platform === 'browser';
    const result = await build({
      absWorkingDir: root,
      // Named entries (index.js, index.cjs, index.iife.js) in `outdir`; only the ESM build splits chunks off.
      entryPoints: { [`${target.base}${format === 'iife' ? '.iife' : ''}`]: join(root, target.entry) },
      outdir,
      outExtension: { '.js': format === 'cjs' ? '.cjs' : '.js' },
      chunkNames: 'chunks/[name]-[hash]',
      splitting: format === 'esm' && target.splitting === true,
      bundle: true,
      format,
      platform: target.platform === 'neutral' ? 'neutral' : target.platform,
      mainFields: target.platform === 'neutral' ? ['module', 'main'] : undefined,
      target: isBrowserBundle ? BROWSER_TARGET : ['node20'],
      globalName: format === 'iife' ? target.globalName : undefined,
      minify: format === 'iife',
      sourcemap: format === 'iife' ? false : 'linked',
      legalComments: 'none',
      // A script-tag bundle inlines xstate; module builds leave packages to the consumer's resolver.
      external: format === 'iife' || target.bundlesPackages ? [] : nodeExternals,
      banner: target.name === 'emulator-cli' ? { js: '#!/usr/bin/env node' } : undefined,
      logLevel: 'warning',
      // emulator/module-path.ts reads __filename in CJS and import.meta.url in ESM.
      logOverride: format === 'cjs' ? { 'empty-import-meta': 'silent' } : undefined,
      plugins: target.plugins,
      define: target.define,
      jsx: 'automatic',
      metafile: true,
    });
    outputs.push(...Object.keys(result.metafile.outputs).filter((file) => !file.endsWith('.map')).map((file) => join(root, file)));
  }
}

for (const staticDir of [['demo/public', 'demo'], ['inspector/page/public', 'inspector-page'], ['examples/react/public', 'examples/react'], ['examples/compat/public', 'examples/compat']]) {
  const from = join(root, staticDir[0]);
  if (existsSync(from)) cpSync(from, join(dist, staticDir[1]), { recursive: true });
}

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

const rows = outputs.map((file) => {
  const bytes = readFileSync(file);
  return { file: relative(root, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const typeFiles = listFiles(join(dist, 'types')).filter((file) => file.endsWith('.d.ts'));
const width = Math.max(...rows.map((row) => row.file.length), 10);
console.log(`${'output'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
for (const row of rows) {
  console.log(`${row.file.padEnd(width)}  ${formatSize(row.raw).padStart(10)}  ${formatSize(row.gzip).padStart(10)}`);
}
console.log(`${'dist/types'.padEnd(width)}  ${`${typeFiles.length} .d.ts`.padStart(10)}`);

function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
