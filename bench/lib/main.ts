import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { captureEnvironment } from './environment.js';
import { resultsDir } from './paths.js';
import type { BenchmarkResult, Figure } from './result.js';

export interface BenchmarkContext {
  quick: boolean;
  /** The repetition count for this run: `full` normally, `quick` with --quick. */
  reps(full: number, quick: number): number;
  /** Progress on stderr, so stdout stays free for the final summary. */
  log(message: string): void;
  /** Something that could not be measured: recorded in the result, the rest goes on. */
  error(message: string): void;
}

export interface BenchmarkOutput {
  figures: Figure[];
  details?: Record<string, unknown>;
}

export interface BenchmarkDefinition {
  name: string;
  title: string;
  run(context: BenchmarkContext): Promise<BenchmarkOutput>;
}

/**
 * The body of every benchmark process: runs one benchmark, writes
 * bench/results/<name>.json and exits. A crash still writes a result that
 * says what went wrong, so the suite's table shows it.
 */
export async function runBenchmark(definition: BenchmarkDefinition): Promise<void> {
  const quick = process.argv.includes('--quick');
  const environment = captureEnvironment();
  const errors: string[] = [];
  const context: BenchmarkContext = {
    quick,
    reps: (full, quickCount) => (quick ? quickCount : full),
    log: (message) => process.stderr.write(`[${definition.name}] ${message}\n`),
    error: (message) => {
      errors.push(message);
      process.stderr.write(`[${definition.name}] not measured: ${message}\n`);
    },
  };
  const started = performance.now();
  let output: BenchmarkOutput = { figures: [] };
  try {
    output = await definition.run(context);
  } catch (error) {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.stderr.write(`[${definition.name}] failed: ${errors.at(-1)}\n`);
  }
  const result: BenchmarkResult = {
    name: definition.name,
    title: definition.title,
    quick,
    environment,
    durationMs: Math.round(performance.now() - started),
    figures: output.figures,
    details: output.details ?? {},
    errors,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${definition.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  // Peer connections and sockets of a benchmark must not keep the suite waiting.
  process.exit(errors.length > 0 && output.figures.length === 0 ? 1 : 0);
}
