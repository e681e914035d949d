import { build, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BROWSER_TARGET, CLIENT_GLOBAL_NAME, scriptTagLoader } from '../../scripts/client-bundles.mjs';
import { runBenchmark } from '../lib/main.js';
import { groupCosts, moduleCosts, UNMAPPED, type ModuleCost } from '../lib/module-costs.js';
import { repoRoot } from '../lib/paths.js';
import { atMost, valueFigure, type Figure } from '../lib/result.js';

const KiB = 1024;
const clientIife = 'dist/client/index.iife.js';
const clientEntry = 'src/client/index.ts';
const clientEsm = 'dist/client/index.js';
/** How many modules the printed per-module lists show (the JSON has them all). */
const TOP_MODULES = 25;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function compressedSizes(bytes: Uint8Array): Sizes {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Every JavaScript bundle build.mjs wrote (declarations and source maps are not shipped code). */
function distBundles(): string[] {
  const dist = join(repoRoot, 'dist');
  return listFiles(dist)
    .filter((file) => /\.(c|m)?js$/.test(file) && !relative(dist, file).startsWith('types'))
    .map((file) => relative(repoRoot, file))
    .sort();
}

/** The options build.mjs uses for the client's script-tag bundle. */
const clientIifeOptions: BuildOptions = {
  entryPoints: [join(repoRoot, clientEntry)],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: BROWSER_TARGET,
  globalName: CLIENT_GLOBAL_NAME,
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: true,
  sourcemap: 'external',
  outdir: join(repoRoot, 'bench/.out/bundle'),
  plugins: [scriptTagLoader],
  logLevel: 'silent',
};

interface BuiltBundle {
  bytes: Uint8Array;
  metafile: Metafile;
  modules: ModuleCost[];
}

function javascriptOutput(files: OutputFile[], path?: string): { code: OutputFile; map: OutputFile } {
  const code = files.find((file) => file.path.endsWith('.js') && (path === undefined || file.path === path));
  const map = code && files.find((file) => file.path === `${code.path}.map`);
  if (!code || !map) throw new Error(`esbuild wrote no ${path ?? 'JavaScript'} with a source map`);
  return { code, map };
}

/** A module's name in the report: the path in the repo, or the package file under node_modules. */
function moduleName(source: string): string {
  const packageIndex = source.lastIndexOf('node_modules/');
  if (packageIndex >= 0) return source.slice(packageIndex);
  return source.replace(/^(\.\.\/)+/, '');
}

/** xstate as one group, the SDK by folder (machines, src/client, src/api, …). */
function moduleGroup(module: string): string {
  if (module === UNMAPPED) return module;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (packageMatch) return packageMatch[1]!;
  const parts = module.split('/');
  return parts[0] === 'src' ? parts.slice(0, 2).join('/') : parts[0]!;
}

function costsOf(code: OutputFile, map: OutputFile): Promise<ModuleCost[]> {
  return moduleCosts(code.text, JSON.parse(map.text) as { sources: string[]; mappings: string }, moduleName);
}

async function buildClientIife(external: string[]): Promise<BuiltBundle> {
  const output = await build({ ...clientIifeOptions, external });
  const { code, map } = javascriptOutput(output.outputFiles!);
  return { bytes: code.contents, metafile: output.metafile!, modules: await costsOf(code, map) };
}

interface AppBundle {
  /** What the page downloads before the app runs: the entry and the chunks it imports statically. */
  initial: Sizes;
  /** The chunks loaded by dynamic import(), on first use. */
  lazy: Sizes;
  lazyFiles: string[];
  modules: ModuleCost[];
}

/**
 * The app of issue 12: `import { createSession }` and nothing else, bundled by
 * esbuild for the browser (ESM, minified, splitting so lazy chunks stay out,
 * xstate bundled) from the shipped ESM build, dist/client/index.js; esbuild
 * composes that build's source map, so modules keep their source names.
 */
async function buildCreateSessionApp(): Promise<AppBundle> {
  const output = await build({
    stdin: {
      contents: `import { createSession } from './${clientEsm}';\nglobalThis.createSession = createSession;\n`,
      resolveDir: repoRoot,
      sourcefile: 'app.js',
    },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: BROWSER_TARGET,
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    sourcemap: 'external',
    outdir: join(repoRoot, 'bench/.out/app'),
    entryNames: 'app',
    logLevel: 'silent',
  });
  const metafile = output.metafile!;
  const relativeOut = (file: OutputFile): string => relative(repoRoot, file.path);
  const entryPath = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint !== undefined)!;
  const initialPaths = new Set<string>();
  const visit = (path: string): void => {
    if (initialPaths.has(path)) return;
    initialPaths.add(path);
    for (const imported of metafile.outputs[path]!.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entryPath);
  const scripts = output.outputFiles!.filter((file) => file.path.endsWith('.js'));
  const initial = scripts.filter((file) => initialPaths.has(relativeOut(file)));
  const lazy = scripts.filter((file) => !initialPaths.has(relativeOut(file)));
  const sum = (files: OutputFile[]): Sizes =>
    files.map((file) => compressedSizes(file.contents)).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const modules = (await Promise.all(initial.map((file) => costsOf(file, javascriptOutput(output.outputFiles!, file.path).map)))).flat();
  return {
    initial: sum(initial),
    lazy: sum(lazy),
    lazyFiles: lazy.map(relativeOut),
    modules: groupCosts(modules, (module) => module),
  };
}

function formatModules(title: string, modules: readonly ModuleCost[]): string {
  const rows = modules.map((cost) => `  ${(cost.gzip / KiB).toFixed(2).padStart(6)} KiB gz  ${(cost.minified / KiB).toFixed(1).padStart(6)} KiB min  ${cost.module}`);
  return [title, ...rows].join('\n');
}

const isXState = (input: string): boolean => /node_modules\/(xstate|@xstate)\//.test(input);

await runBenchmark({
  name: 'bundle-size',
  title: 'Bundle size of every dist entry point (raw, gzip -9, brotli -q 11)',
  async run(context) {
    const figures: Figure[] = [];
    const files = distBundles();
    if (files.length === 0) context.error('dist/ has no bundles: run `node build.mjs` first');
    const sizes: Record<string, Sizes> = {};
    for (const file of files) {
      sizes[file] = compressedSizes(readFileSync(join(repoRoot, file)));
      const size = sizes[file]!;
      // The table shows gzip for every bundle and all three sizes for the script-tag client.
      const headline = file === clientIife;
      figures.push(valueFigure(`${file}:raw`, `${file} raw`, 'KiB', size.raw / KiB, { detail: !headline }));
      figures.push(valueFigure(`${file}:gzip`, `${file} gzip`, 'KiB', size.gzip / KiB, headline ? { target: atMost(30) } : {}));
      figures.push(valueFigure(`${file}:brotli`, `${file} brotli`, 'KiB', size.brotli / KiB, { detail: !headline }));
    }
    if (files.length > 0 && !sizes[clientIife]) context.error(`${clientIife} is missing from dist/`);

    const details: Record<string, unknown> = { sizes };
    if (!existsSync(join(repoRoot, clientEntry))) {
      context.error(`${clientEntry} does not exist yet: no XState share`);
      return { figures, details };
    }
    const whole = await buildClientIife([]);
    const withoutXState = await buildClientIife(['xstate']);
    const inputs = Object.entries(whole.metafile.outputs).find(([path]) => path.endsWith('.js'))![1].inputs;
    const xstateBytes = Object.entries(inputs)
      .filter(([input]) => isXState(input))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    const wholeSizes = compressedSizes(whole.bytes);
    const restSizes = compressedSizes(withoutXState.bytes);
    const share = xstateBytes / whole.bytes.length;
    figures.push(valueFigure('xstate:minified', 'client IIFE: XState minified bytes', 'KiB', xstateBytes / KiB, {
      note: 'sum of bytesInOutput of node_modules/xstate inputs in an esbuild metafile',
    }));
    figures.push(valueFigure('xstate:share', 'client IIFE: XState share of minified', '%', share * 100));
    figures.push(valueFigure('xstate:gzip-marginal', 'client IIFE: XState marginal gzip', 'KiB', (wholeSizes.gzip - restSizes.gzip) / KiB, {
      note: 'gzip of the IIFE minus gzip of the same build with xstate external',
    }));
    figures.push(valueFigure('sdk:gzip', 'client IIFE: SDK code alone gzip', 'KiB', restSizes.gzip / KiB));

    const app = await buildCreateSessionApp();
    figures.push(valueFigure('app:createSession:gzip', 'app importing only createSession: initial gzip', 'KiB', app.initial.gzip / KiB, {
      target: atMost(26),
      note: 'esbuild, browser, ESM, minified, from dist/client/index.js, xstate bundled; lazy chunks not counted',
    }));
    figures.push(valueFigure('app:createSession:raw', 'app importing only createSession: initial minified', 'KiB', app.initial.raw / KiB, { detail: true }));
    figures.push(valueFigure('app:createSession:lazy-gzip', 'app importing only createSession: lazy chunks gzip', 'KiB', app.lazy.gzip / KiB));

    const iifeGroups = groupCosts(whole.modules, moduleGroup);
    const appGroups = groupCosts(app.modules, moduleGroup);
    context.log(formatModules('client IIFE by folder (marginal gzip in bundle order):', iifeGroups));
    context.log(formatModules(`client IIFE, top ${TOP_MODULES} modules:`, whole.modules.slice(0, TOP_MODULES)));
    context.log(formatModules('createSession-only app by folder:', appGroups));
    context.log(formatModules(`createSession-only app, top ${TOP_MODULES} modules:`, app.modules.slice(0, TOP_MODULES)));
    const distIife = sizes[clientIife];
    return {
      figures,
      details: {
        ...details,
        modules: {
          note: 'gzip: marginal gzip bytes of each module in bundle order (they add up to the bundle gzip); minified: characters in the output',
          clientIife: { groups: iifeGroups, modules: whole.modules },
          createSessionApp: { groups: appGroups, modules: app.modules, initial: app.initial, lazy: app.lazy, lazyFiles: app.lazyFiles },
        },
        clientIife: {
          metafileBuild: wholeSizes,
          withXStateExternal: restSizes,
          xstateMinifiedBytes: xstateBytes,
          xstateShareOfMinified: share,
          // The metafile build mirrors build.mjs; a difference means their options drifted apart.
          matchesDist: distIife ? distIife.raw === wholeSizes.raw : null,
        },
      },
    };
  },
});
