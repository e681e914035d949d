// What build.mjs and the bundle-size benchmark share about the client's
// browser bundles, so the benchmark measures exactly what is shipped.
import { join } from 'node:path';

// Browsers from 2021–22 on. Below these, esbuild rewrites every class field
// as a helper call (1 KB gzip of the IIFE); every browser the SDK needs
// anyway (AudioWorklet, WebRTC data channels, requestVideoFrameCallback in
// Safari 15.4+) is well past them.
export const BROWSER_TARGET = ['es2022', 'chrome94', 'firefox93', 'safari16'];
export const CLIENT_GLOBAL_NAME = 'PersoInteractive';

/**
 * The script-tag build loads its lazy audio code as a second script: this
 * swaps src/audio/load-audio.ts for src/audio/load-audio.script.ts.
 */
export const scriptTagLoader = {
  name: 'script-tag-audio-loader',
  setup(context) {
    // Relative to the importer, wherever it is (src/audio, src/audio/vad, src/client).
    context.onResolve({ filter: /\/load-audio\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\.js$/, '.script.ts')) }));
  },
};

/**
 * The script-tag audio chunk throws the main script's error classes: its
 * `../errors.js` imports read them from the registry (src/audio/script-chunks.ts).
 */
export function sharedErrors(root) {
  return {
    name: 'script-chunk-shared-errors',
    setup(context) {
      context.onResolve({ filter: /\/errors\.js$/ }, () => ({ path: 'errors', namespace: 'script-chunk-shared' }));
      context.onLoad({ filter: /.*/, namespace: 'script-chunk-shared' }, () => ({
        contents: `module.exports = require(${JSON.stringify(join(root, 'src/audio/script-chunks.ts'))}).scriptChunkRegistry().errors;`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/** The entry point and output name of each script-tag client file, relative to the repo. */
export const CLIENT_SCRIPTS = [
  { entry: 'src/client/index.ts', base: 'index', globalName: CLIENT_GLOBAL_NAME, plugins: () => [scriptTagLoader] },
  { entry: 'src/audio/audio-codec.script.ts', base: 'audio', plugins: (root) => [sharedErrors(root)] },
];
