#!/usr/bin/env node
// The benchmark suite's single entry: `node bench/run.mjs [--quick] [--only name[,name]] [--list]`.
// Bundles the TypeScript benchmarks with esbuild, runs each in its own Node
// process (fresh emulator, fresh heap, --expose-gc), collects
// bench/results/<name>.json and prints one table. Figures, not pass/fail:
// the exit code is non-zero only when a benchmark could not run at all.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', '.out');
const resultsDir = join(root, 'bench', 'results');

/** In run order; budgets bound each process (a hung peer must not hang the suite). */
const benchmarks = [
  { name: 'bundle-size', budgetS: { full: 60, quick: 60 } },
  { name: 'sse-throughput', budgetS: { full: 300, quick: 120 } },
  { name: 'llm-turn', budgetS: { full: 120, quick: 60 } },
  { name: 'session-start', budgetS: { full: 120, quick: 60 } },
  { name: 'first-speech', budgetS: { full: 120, quick: 60 } },
  { name: 'turn-timeline', budgetS: { full: 240, quick: 120 } },
  { name: 'hands-free', budgetS: { full: 300, quick: 150 } },
  { name: 'vad', budgetS: { full: 600, quick: 240 } },
  { name: 'memory', budgetS: { full: 240, quick: 90 } },
  // Capacity adds sessions until a step fails: its budget is sized for the steps up to its bound.
  { name: 'capacity', budgetS: { full: 1200, quick: 420 } },
];

function parseArguments(argv) {
  const options = { quick: false, only: null, list: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--quick') options.quick = true;
    else if (argument === '--list') options.list = true;
    else if (argument === '--only') options.only = (options.only ?? []).concat(String(argv[++index] ?? '').split(','));
    else if (argument.startsWith('--only=')) options.only = (options.only ?? []).concat(argument.slice(7).split(','));
    else throw new Error(`unknown argument ${argument}; usage: node bench/run.mjs [--quick] [--only name[,name]] [--list]`);
  }
  const known = new Set(benchmarks.map((benchmark) => benchmark.name));
  for (const name of options.only ?? []) {
    if (!known.has(name)) throw new Error(`unknown benchmark "${name}"; known: ${[...known].join(', ')}`);
  }
  return options;
}

async function bundle(entry) {
  try {
    await build({
      entryPoints: [join(root, entry)],
      outdir: outDir,
      outbase: join(root, 'bench'),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: ['node20'],
      // Packages (xstate, @roamhq/wrtc's native binding, esbuild) load from node_modules as they are.
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    return null;
  } catch (error) {
    const messages = error?.errors?.map((message) => `${message.location?.file ?? ''}: ${message.text}`) ?? [String(error)];
    return `bundling ${entry} failed: ${messages.slice(0, 3).join('; ')}`;
  }
}

function runProcess(file, quick, budgetS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', file, ...(quick ? ['--quick'] : [])], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => {
      process.stderr.write(`bench: ${file} exceeded its ${budgetS} s budget; stopping it\n`);
      child.kill('SIGKILL');
    }, budgetS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

function failedResult(name, quick, message) {
  return { name, title: name, quick, environment: null, durationMs: 0, figures: [], details: {}, errors: [message] };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.list) {
    for (const benchmark of benchmarks) console.log(benchmark.name);
    return;
  }
  const selected = benchmarks.filter((benchmark) => options.only === null || options.only.includes(benchmark.name));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });

  // The emulator's process script may fail to bundle; the benchmarks that need it say so.
  const [reportError, emulatorError, ...bundleErrors] = await Promise.all([
    bundle('bench/lib/report.ts'),
    bundle('bench/lib/emulator-child.ts'),
    ...selected.map((benchmark) => bundle(`bench/benchmarks/${benchmark.name}.ts`)),
  ]);
  if (reportError) throw new Error(reportError);
  if (emulatorError) process.stderr.write(`bench: ${emulatorError}\n`);
  const { formatTable, formatMarkdownTable, formatBundleMarkdown } = await import(pathToFileURL(join(outDir, 'lib', 'report.mjs')).href);

  const results = [];
  for (const [index, benchmark] of selected.entries()) {
    const resultFile = join(resultsDir, `${benchmark.name}.json`);
    if (bundleErrors[index]) {
      const result = failedResult(benchmark.name, options.quick, bundleErrors[index]);
      writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
      results.push(result);
      continue;
    }
    const startedAt = Date.now();
    process.stderr.write(`bench: ${benchmark.name}${options.quick ? ' (quick)' : ''}\n`);
    const budgetS = options.quick ? benchmark.budgetS.quick : benchmark.budgetS.full;
    const exit = await runProcess(join(outDir, 'benchmarks', `${benchmark.name}.mjs`), options.quick, budgetS);
    const written = existsSync(resultFile) && statSync(resultFile).mtimeMs >= startedAt;
    if (written) {
      results.push(JSON.parse(readFileSync(resultFile, 'utf8')));
    } else {
      const reason = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const result = failedResult(benchmark.name, options.quick, `process ${reason} before writing a result`);
      writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
      results.push(result);
    }
  }

  console.log(`\n${formatTable(results)}`);
  if (options.only === null) {
    const bundles = results.find((result) => result.name === 'bundle-size');
    const sections = [formatMarkdownTable(results), ...(bundles ? [formatBundleMarkdown(bundles)] : [])];
    writeFileSync(join(resultsDir, 'summary.md'), `${sections.join('\n\n')}\n`);
  }
  if (results.some((result) => result.figures.length === 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
