/**
 * An app as a user writes it: `import { createSession } from
 * 'perso-interactive-sdk-web'`, the packed tarball installed with npm, bundled
 * for the browser by esbuild, Vite and webpack. Each bundler must pick the ESM
 * build (never the script-tag IIFE, whose `createSession` a bundler sees as
 * undefined), and each bundle must connect to the emulator in Chromium and
 * show the avatar's video.
 */
import { build as esbuild } from 'esbuild';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { launchChromium, type RunningChromium } from '../browser/support/chromium.js';
import { collectPageErrors, type PageErrors } from '../browser/support/page-errors.js';
import { newSessionId } from '../e2e/harness.js';
import { installPackedApp, PACKAGE_NAME, type PackedApp } from './support/packed-app.js';
import { serveDirectory, type ServedDirectory } from './support/serve-directory.js';

const APP_MAIN = `
import { createSession } from '${PACKAGE_NAME}';

window.connectAvatar = async (apiServer, sessionId) => {
  const session = await createSession({ apiServer, sessionId, width: 320, height: 240 });
  const video = document.querySelector('video');
  session.setSrc(video);
  await new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
  const shown = { state: session.getConnectionState(), videoWidth: video.videoWidth, sessionId: session.getSessionId() };
  session.stopSession();
  return shown;
};
window.createSessionType = typeof createSession;
`;

function pageHtml(script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><video autoplay muted playsinline></video>${script}</body></html>`;
}

interface BundledApp {
  /** The directory to serve; its index.html loads the bundle. */
  outDir: string;
  /** The package files the bundler took, relative to the installed package. */
  packageFiles: string[];
  /** The bundle's JavaScript. */
  code: string;
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let app: PackedApp;
let served: ServedDirectory;
let emulator: Emulator;
let browser: RunningChromium;
let page: Page;
let errors: PageErrors;

beforeAll(async () => {
  app = await installPackedApp({ type: 'module' });
  mkdirSync(join(app.dir, 'src'));
  app.write('src/main.js', APP_MAIN);
  served = await serveDirectory();
  // The app is on an origin of its own, as on a real site: the emulator must allow it.
  emulator = await startEmulator({ port: 0, corsOrigins: [served.url] });
  browser = await launchChromium();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await served?.close();
  app?.remove();
});

afterEach(() => {
  const unexpected = errors.unexpected();
  errors.reset();
  expect(unexpected).toEqual([]);
});

/** Package files among absolute or app-relative paths, as paths inside the installed package. */
function packageFilesAmong(paths: Iterable<string>): string[] {
  const installed = realpathSync(join(app.dir, 'node_modules', PACKAGE_NAME));
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = path.startsWith('/') ? path : join(app.dir, path);
    const index = absolute.indexOf(`node_modules/${PACKAGE_NAME}/`);
    if (index >= 0) files.add(absolute.slice(index + `node_modules/${PACKAGE_NAME}/`.length));
    else if (absolute.startsWith(`${installed}/`)) files.add(absolute.slice(installed.length + 1));
  }
  return [...files].sort();
}

async function bundleWithEsbuild(): Promise<BundledApp> {
  const outDir = join(app.dir, 'out-esbuild');
  const result = await esbuild({
    absWorkingDir: app.dir,
    entryPoints: ['src/main.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    outdir: outDir,
    metafile: true,
    logLevel: 'silent',
  });
  // The bug this guards against showed as a warning: `Import "createSession" will always be undefined`.
  expect(result.warnings.map((warning) => warning.text)).toEqual([]);
  app.write('out-esbuild/index.html', pageHtml('<script type="module" src="/main.js"></script>'));
  return { outDir, packageFiles: packageFilesAmong(Object.keys(result.metafile.inputs)), code: readFileSync(join(outDir, 'main.js'), 'utf8') };
}

async function bundleWithVite(): Promise<BundledApp> {
  const { build } = await import('vite');
  const outDir = join(app.dir, 'out-vite');
  app.write('index.html', pageHtml('<script type="module" src="/src/main.js"></script>'));
  const warnings: string[] = [];
  const output = await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      // PLUGIN_TIMINGS says a plugin was slow (a loaded machine), nothing about what was bundled.
      rollupOptions: { onwarn: (warning) => void (warning.code === 'PLUGIN_TIMINGS' || warnings.push(warning.message)) },
    },
  });
  expect(warnings).toEqual([]);
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => ('output' in result ? result.output : []));
  const jsChunks = chunks.filter((chunk): chunk is Extract<typeof chunk, { type: 'chunk' }> => chunk.type === 'chunk');
  return {
    outDir,
    packageFiles: packageFilesAmong(jsChunks.flatMap((chunk) => chunk.moduleIds)),
    code: jsChunks.map((chunk) => chunk.code).join('\n'),
  };
}

async function bundleWithWebpack(): Promise<BundledApp> {
  const { default: webpack } = await import('webpack');
  const outDir = join(app.dir, 'out-webpack');
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) => {
    webpack(
      {
        mode: 'production',
        context: app.dir,
        entry: './src/main.js',
        target: 'web',
        output: { path: outDir, filename: 'main.js' },
        performance: { hints: false },
      },
      (error, result) => (error || !result ? reject(error ?? new Error('webpack gave no stats')) : resolve(result)),
    );
  });
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  expect(info.errors ?? []).toEqual([]);
  expect(info.warnings ?? []).toEqual([]);
  app.write('out-webpack/index.html', pageHtml('<script src="/main.js"></script>'));
  return { outDir, packageFiles: packageFilesAmong(stats.compilation.fileDependencies), code: readFileSync(join(outDir, 'main.js'), 'utf8') };
}

const BUNDLERS = [
  ['esbuild (platform browser)', bundleWithEsbuild],
  ['Vite', bundleWithVite],
  ['webpack (target web)', bundleWithWebpack],
] as const;

describe('an app that imports createSession from the installed tarball', () => {
  for (const [bundlerName, bundle] of BUNDLERS) {
    it(`bundled by ${bundlerName}, takes the ESM build and connects to the emulator in Chromium`, async () => {
      const bundled = await bundle();
      const builds = bundled.packageFiles.filter((file) => file.endsWith('.js') || file.endsWith('.cjs'));
      expect(builds).toContain('dist/client/index.js');
      expect(builds.filter((file) => file.includes('.iife.'))).toEqual([]);
      expect(bundled.code).not.toContain('PersoInteractive');

      served.serve(bundled.outDir);
      await page.goto(`${served.url}/`);
      await page.waitForFunction(() => 'createSessionType' in window, undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { createSessionType: string }).createSessionType)).toBe('function');
      const sessionId = await newSessionId(emulator);
      const shown = await page.evaluate(
        ([apiServer, id]) =>
          (window as unknown as { connectAvatar(a: string, s: string): Promise<{ state: string; videoWidth: number; sessionId: string }> }).connectAvatar(
            apiServer!,
            id!,
          ),
        [emulator.url, sessionId],
      );
      expect(shown).toEqual({ state: 'connected', videoWidth: expect.any(Number), sessionId });
      expect(shown.videoWidth).toBeGreaterThan(0);
      expect(emulator.sessions.peerStats(sessionId)).not.toBeNull();
    }, 300_000);
  }
});
