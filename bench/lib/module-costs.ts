/**
 * What each source module costs in a minified bundle, from the bundle and its
 * source map: minified characters, and marginal gzip bytes — how much the
 * gzip of the bundle grows when that module's code is appended to all the
 * code before it. Marginal costs add up exactly to the bundle's gzip size and
 * credit each module with what it shares with earlier code, which a gzip of
 * each module alone would count twice.
 */
import { gzipSync } from 'node:zlib';

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

/** Per module, in descending gzip cost; `normalize` maps a source-map path to a module name. */
export function moduleCosts(code: string, map: SourceMapJson, normalize: (source: string) => string = (source) => source): ModuleCost[] {
  const runs = sourceRuns(code, map);
  const costs = new Map<string, ModuleCost>();
  let previousGzip = 0;
  runs.forEach((run, index) => {
    const end = runs[index + 1]?.start ?? code.length;
    const gzip = gzipSync(code.slice(0, end), { level: 9 }).length;
    const name = run.source === UNMAPPED ? UNMAPPED : normalize(run.source);
    const cost = costs.get(name) ?? { module: name, minified: 0, gzip: 0 };
    cost.minified += end - run.start;
    cost.gzip += gzip - previousGzip;
    costs.set(name, cost);
    previousGzip = gzip;
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
