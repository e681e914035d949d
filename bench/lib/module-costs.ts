/**
 * What each source module costs in a minified bundle, from the bundle and its
 * source map: minified characters, and marginal gzip bytes — how much the
 * gzip of the bundle grows when that module's code is appended to all the
 * code before it. Marginal costs add up exactly to the bundle's gzip size and
 * credit each module with what it shares with earlier code, which a gzip of
 * each module alone would count twice.
 */
import { constants, createGzip, gzipSync } from 'node:zlib';

export interface ModuleCost {
  module: string;
  minified: number;
  gzip: number;
}

interface SourceMapJson {
  sources: string[];
  mappings: string;
}

/** Code esbuild writes itself (the wrapper, helpers), with no source position. */
export const UNMAPPED = '(esbuild runtime)';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** One segment's VLQ fields (generated column, source, line, column, name), as deltas. */
function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character ${JSON.stringify(char)} in a source map`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return fields;
}

/** Contiguous runs of the generated code, each with the source it came from. */
function sourceRuns(code: string, map: SourceMapJson): Array<{ start: number; source: string }> {
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index >= 0; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const runs: Array<{ start: number; source: string }> = [];
  let sourceIndex = 0;
  map.mappings.split(';').forEach((line, lineNumber) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeSegment(segment);
      column += fields[0]!;
      let source = UNMAPPED;
      if (fields.length >= 4) {
        sourceIndex += fields[1]!;
        source = map.sources[sourceIndex] ?? UNMAPPED;
      }
      if (runs.at(-1)?.source !== source) runs.push({ start: (lineStarts[lineNumber] ?? code.length) + column, source });
    }
  });
  if (runs[0]?.start !== 0) runs.unshift({ start: 0, source: UNMAPPED });
  return runs;
}

/**
 * Compressed bytes after each of `pieces`, from one gzip stream flushed
 * (Z_SYNC_FLUSH) at every boundary: linear in the bundle's size, where
 * compressing every prefix anew would be quadratic.
 */
async function compressedGrowth(pieces: readonly string[]): Promise<number[]> {
  const gzip = createGzip({ level: 9 });
  let emitted = 0;
  gzip.on('data', (chunk: Buffer) => {
    emitted += chunk.length;
  });
  const growth: number[] = [];
  for (const piece of pieces) {
    const before = emitted;
    gzip.write(piece);
    await new Promise<void>((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    growth.push(emitted - before);
  }
  gzip.end();
  return growth;
}

/**
 * Per module, in descending gzip cost; `normalize` maps a source-map path to
 * a module name. The flushes add a few bytes each, so the growths are scaled
 * to add up to the bundle's real gzip size.
 */
export async function moduleCosts(code: string, map: SourceMapJson, normalize: (source: string) => string = (source) => source): Promise<ModuleCost[]> {
  const runs = sourceRuns(code, map);
  const pieces = runs.map((run, index) => code.slice(run.start, runs[index + 1]?.start ?? code.length));
  const growth = await compressedGrowth(pieces);
  const scale = gzipSync(code, { level: 9 }).length / Math.max(1, growth.reduce((sum, bytes) => sum + bytes, 0));
  const costs = new Map<string, ModuleCost>();
  runs.forEach((run, index) => {
    const name = run.source === UNMAPPED ? UNMAPPED : normalize(run.source);
    const cost = costs.get(name) ?? { module: name, minified: 0, gzip: 0 };
    cost.minified += pieces[index]!.length;
    cost.gzip += growth[index]! * scale;
    costs.set(name, cost);
  });
  return [...costs.values()].sort((a, b) => b.gzip - a.gzip);
}

/** Sums module costs by a grouping (a folder, a package). */
export function groupCosts(costs: readonly ModuleCost[], groupOf: (module: string) => string): ModuleCost[] {
  const groups = new Map<string, ModuleCost>();
  for (const cost of costs) {
    const name = groupOf(cost.module);
    const group = groups.get(name) ?? { module: name, minified: 0, gzip: 0 };
    group.minified += cost.minified;
    group.gzip += cost.gzip;
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => b.gzip - a.gzip);
}
