import type { BenchmarkResult, Figure } from './result.js';

/** Three significant digits, no exponent, thousands kept whole. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function targetText(figure: Figure): string {
  return figure.target ? `${figure.target.comparison} ${formatNumber(figure.target.value)}` : '';
}

function verdict(figure: Figure): string {
  if (figure.met === undefined) return '';
  return figure.met ? 'met' : 'MISSED';
}

const columns = ['benchmark', 'figure', 'median', 'p95', 'min', 'max', 'unit', 'target', ''] as const;

function rowsOf(result: BenchmarkResult): string[][] {
  const rows = result.figures.filter((figure) => !figure.detail).map((figure) => {
    const spread = figure.summary
      ? [figure.summary.median, figure.summary.p95, figure.summary.min, figure.summary.max].map(formatNumber)
      : [formatNumber(figure.value ?? Number.NaN), '', '', ''];
    return [result.name, figure.label, ...spread, figure.unit, targetText(figure), verdict(figure)];
  });
  for (const error of result.errors) {
    rows.push([result.name, `not measured: ${error.split('\n')[0]!.slice(0, 110)}`, '', '', '', '', '', '', '']);
  }
  return rows;
}

/** One plain-text table for every figure of every benchmark, targets checked against the median. */
export function formatTable(results: readonly BenchmarkResult[]): string {
  const rows = [columns.slice() as string[], ...results.flatMap(rowsOf)];
  const widths = columns.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4, 5]);
  const lines = rows.map((row) =>
    row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}

/** The same table as Markdown, for docs/performance.md. */
export function formatMarkdownTable(results: readonly BenchmarkResult[]): string {
  const header = ['benchmark', 'figure', 'median', 'p95', 'min', 'max', 'unit', 'target', 'status'];
  const body = results.flatMap(rowsOf).map((row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body].join('\n');
}

/** Every bundle of a bundle-size result, one line each, as Markdown. */
export function formatBundleMarkdown(result: BenchmarkResult): string {
  const sizes = (result.details.sizes ?? {}) as Record<string, { raw: number; gzip: number; brotli: number }>;
  const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
  const lines = Object.entries(sizes).map(([file, size]) => `| ${file} | ${kib(size.raw)} | ${kib(size.gzip)} | ${kib(size.brotli)} |`);
  return ['| bundle | raw KiB | gzip KiB | brotli KiB |', '| --- | ---: | ---: | ---: |', ...lines].join('\n');
}
