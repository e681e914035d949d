/** Where this module's file is, in every form it ships in (TS source, ESM bundle, CJS bundle). */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const moduleFile: string = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);

/** `require.resolve` from this module, for files inside dependencies (e.g. a .wasm). */
export function resolveDependencyFile(specifier: string): string {
  return createRequire(moduleFile).resolve(specifier);
}
