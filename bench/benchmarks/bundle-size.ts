import { build, type BuildOptions, type Metafile } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { runBenchmark } from '../lib/main.js';
import { repoRoot } from '../lib/paths.js';
import { atMost, valueFigure, type Figure } from '../lib/result.js';

const KiB = 1024;
const clientIife = 'dist/client/index.iife.js';
const clientEntry = 'src/client/index.ts';

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
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  globalName: 'PersoInteractive',
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'silent',
};

async function buildClientIife(external: string[]): Promise<{ bytes: Uint8Array; metafile: Metafile }> {
  const output = await build({ ...clientIifeOptions, external });
  return { bytes: output.outputFiles![0]!.contents, metafile: output.metafile! };
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
      figures.push(valueFigure(`${file}:gzip`, `${file} gzip`, 'KiB', size.gzip / KiB, headline ? { target: atMost(24) } : {}));
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
    const inputs = Object.values(whole.metafile.outputs)[0]!.inputs;
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

    const largestInputs = Object.entries(inputs)
      .map(([input, { bytesInOutput }]) => ({ input, bytesInOutput }))
      .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
      .slice(0, 20);
    const distIife = sizes[clientIife];
    return {
      figures,
      details: {
        ...details,
        clientIife: {
          metafileBuild: wholeSizes,
          withXStateExternal: restSizes,
          xstateMinifiedBytes: xstateBytes,
          xstateShareOfMinified: share,
          // The metafile build mirrors build.mjs; a difference means their options drifted apart.
          matchesDist: distIife ? distIife.raw === wholeSizes.raw : null,
          largestInputs,
        },
      },
    };
  },
});
