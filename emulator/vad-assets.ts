/**
 * Silero VAD's browser files, served at `/vendor/vad/` so a page can use
 * `perso-interactive-sdk-web/vad-silero` with no CDN:
 * `sileroVad({ baseAssetPath: '/vendor/vad/', onnxWASMBasePath: '/vendor/vad/' })`.
 * They come from the optional packages `@ricky0123/vad-web` and
 * `onnxruntime-web`; without them the route answers 404 saying what to install.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EmulatorServerHooks } from './http/server.js';
import { resolveDependencyFile } from './module-path.js';

export const VAD_ASSETS_PATH = '/vendor/vad/';

/** The files a `MicVAD` fetches, and the package each comes from. */
const VAD_FILES: Record<string, { fromPackage: string; type: string }> = {
  'vad.worklet.bundle.min.js': { fromPackage: '@ricky0123/vad-web', type: 'text/javascript; charset=utf-8' },
  'silero_vad_v5.onnx': { fromPackage: '@ricky0123/vad-web', type: 'application/octet-stream' },
  'silero_vad_legacy.onnx': { fromPackage: '@ricky0123/vad-web', type: 'application/octet-stream' },
  'ort-wasm-simd-threaded.wasm': { fromPackage: 'onnxruntime-web', type: 'application/wasm' },
  'ort-wasm-simd-threaded.mjs': { fromPackage: 'onnxruntime-web', type: 'text/javascript; charset=utf-8' },
};

/** The package's `dist/` folder, found from its main file (onnxruntime-web does not export its package.json). */
function packageDist(name: string): string | null {
  try {
    let dir = dirname(resolveDependencyFile(name));
    while (basename(dir) !== 'dist' && dirname(dir) !== dir) dir = dirname(dir);
    return basename(dir) === 'dist' ? dir : null;
  } catch {
    return null;
  }
}

export function registerVadAssets(server: EmulatorServerHooks): void {
  server.registerRoute({
    method: 'GET',
    path: `${VAD_ASSETS_PATH}:file`,
    handler: async ({ res, params }) => {
      const file = VAD_FILES[params.file ?? ''];
      const dir = file && packageDist(file.fromPackage);
      const body = dir ? await readFile(join(dir, params.file!)).catch(() => null) : null;
      if (!file || !body) {
        const message = file ? `${params.file} comes from ${file.fromPackage}: npm install @ricky0123/vad-web onnxruntime-web` : `No VAD file ${params.file}`;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
        return;
      }
      res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': String(body.byteLength), 'Cache-Control': 'max-age=3600' });
      res.end(res.req.method === 'HEAD' ? undefined : body);
    },
  });
}
