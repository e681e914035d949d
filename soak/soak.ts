/**
 * The soak suite's body (bundled and started by soak/run.mjs with
 * --expose-gc): every scenario against the emulator in its own process,
 * then in this process beside the SDK. Prints one line of figures per
 * scenario and a closing line; exits non-zero on any crash, lost turn,
 * failed call, or an RSS slope above target in a full run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHost, type EmulatorHost, type HostMode } from './emulator-host.js';
import { concurrentTurns, createSpeakStopCycles, everyMessageType, hangUpWhileAnswering, ttsBesideLiveSession, ttstfUnderGc, type ScenarioResult } from './scenarios.js';

/** Emulator RSS growth per create → speak → stop cycle after warm-up, full run, own process. */
const RSS_SLOPE_TARGET_MB = 0.1;

interface Plan {
  concurrent: { sessions: number; turns: number };
  cycles: { count: number; warmUp: number; sampleEvery: number };
  hangUps: number;
  ttsRequests: number;
  ttstfUtterances: number;
  fidelityRounds: number;
}

const args = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mode: { type: 'string' },
    only: { type: 'string' },
    sessions: { type: 'string' },
    turns: { type: 'string' },
    cycles: { type: 'string' },
    requests: { type: 'string' },
    'hang-ups': { type: 'string' },
    utterances: { type: 'string' },
  },
}).values;
const quick = args.quick === true;
const SCENARIOS = ['concurrent', 'cycles', 'hangup', 'ttstf', 'tts', 'fidelity', 'teardown'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const modes: HostMode[] = args.mode ? [parseMode(args.mode)] : ['own-process', 'in-process'];
const only = args.only?.split(',').map(parseScenario);
const runs = (name: ScenarioName): boolean => only === undefined || only.includes(name);

function parseMode(value: string): HostMode {
  if (value === 'own-process' || value === 'in-process') return value;
  throw new Error(`--mode must be own-process or in-process, not "${value}"`);
}

function parseScenario(value: string): ScenarioName {
  if ((SCENARIOS as readonly string[]).includes(value)) return value as ScenarioName;
  throw new Error(`--only takes a comma-separated list of ${SCENARIOS.join(', ')}, not "${value}"`);
}

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${flag} must be a positive integer, not "${value}"`);
  return parsed;
}

const basePlans: Record<HostMode, Plan> = quick
  ? {
      'own-process': { concurrent: { sessions: 3, turns: 3 }, cycles: { count: 24, warmUp: 8, sampleEvery: 4 }, hangUps: 40, ttsRequests: 30, ttstfUtterances: 4, fidelityRounds: 1 },
      'in-process': { concurrent: { sessions: 2, turns: 2 }, cycles: { count: 10, warmUp: 4, sampleEvery: 2 }, hangUps: 20, ttsRequests: 10, ttstfUtterances: 2, fidelityRounds: 1 },
    }
  : {
      // 1000 cycles, not 200: glibc grows its heap in steps of ~3.5 MB at unforeseeable cycles, and one
      // step inside a 150-cycle window alone reads as 0.1 MB a session (docs/emulator.md, "Soak").
      'own-process': { concurrent: { sessions: 10, turns: 20 }, cycles: { count: 1000, warmUp: 100, sampleEvery: 10 }, hangUps: 300, ttsRequests: 500, ttstfUtterances: 40, fidelityRounds: 3 },
      'in-process': { concurrent: { sessions: 10, turns: 5 }, cycles: { count: 100, warmUp: 30, sampleEvery: 10 }, hangUps: 100, ttsRequests: 100, ttstfUtterances: 20, fidelityRounds: 2 },
    };

/** The plan with any counts given on the command line (for investigating one scenario). */
function planFor(mode: HostMode): Plan {
  const base = basePlans[mode];
  const cycles = count(args.cycles, base.cycles.count, 'cycles');
  return {
    concurrent: { sessions: count(args.sessions, base.concurrent.sessions, 'sessions'), turns: count(args.turns, base.concurrent.turns, 'turns') },
    // A shorter run given on the command line keeps its first quarter as warm-up.
    cycles: { ...base.cycles, count: cycles, warmUp: args.cycles === undefined ? base.cycles.warmUp : Math.min(base.cycles.warmUp, Math.max(1, Math.floor(cycles / 4))) },
    hangUps: count(args['hang-ups'], base.hangUps, 'hang-ups'),
    ttsRequests: count(args.requests, base.ttsRequests, 'requests'),
    ttstfUtterances: count(args.utterances, base.ttstfUtterances, 'utterances'),
    fidelityRounds: base.fidelityRounds,
  };
}

const problems: string[] = [];
let lost = 0;

function report(mode: HostMode, name: string, host: EmulatorHost, result: ScenarioResult, startedAt: number): void {
  lost += Number(result.figures.lost ?? 0);
  const figures = Object.entries(result.figures).map(([key, value]) => `${key} ${value}`).join(', ');
  console.log(`soak [${mode}] ${name}: ${figures} (${((performance.now() - startedAt) / 1000).toFixed(0)} s)`);
  for (const failure of result.failures.slice(0, 5)) console.log(`  failed: ${failure}`);
  if (result.failures.length > 5) console.log(`  … and ${result.failures.length - 5} more`);
  problems.push(...result.failures.map((failure) => `[${mode}] ${name}: ${failure}`));
  const crash = host.crash();
  if (crash) throw new Error(`${crash} during ${name}`);
}

async function soak(mode: HostMode): Promise<void> {
  const plan = planFor(mode);
  const host = await startHost(mode);
  try {
    let startedAt = performance.now();
    if (runs('concurrent')) report(mode, 'concurrent turns', host, await concurrentTurns(host, plan.concurrent.sessions, plan.concurrent.turns), startedAt);
    if (runs('cycles')) {
      startedAt = performance.now();
      const cycles = await createSpeakStopCycles(host, plan.cycles.count, plan.cycles.warmUp, plan.cycles.sampleEvery);
      report(mode, 'create → speak → stop', host, cycles, startedAt);
      if (!quick && mode === 'own-process' && !(cycles.slopeMBPerSession < RSS_SLOPE_TARGET_MB)) {
        problems.push(`[${mode}] emulator RSS grows ${cycles.slopeMBPerSession.toFixed(3)} MB a session after warm-up (target < ${RSS_SLOPE_TARGET_MB})`);
      }
    }
    if (runs('hangup')) {
      startedAt = performance.now();
      report(mode, 'hang up while the avatar answers', host, await hangUpWhileAnswering(host, plan.hangUps), startedAt);
    }
    if (runs('ttstf')) {
      startedAt = performance.now();
      report(mode, 'ttstf under forced GC', host, await ttstfUnderGc(host, plan.ttstfUtterances), startedAt);
    }
    if (runs('tts')) {
      startedAt = performance.now();
      report(mode, 'processTTS beside a live session', host, await ttsBesideLiveSession(host, plan.ttsRequests), startedAt);
    }
    if (runs('fidelity')) {
      startedAt = performance.now();
      report(mode, 'every message type', host, await everyMessageType(host, plan.fidelityRounds), startedAt);
    }
  } catch (error) {
    // A call that failed because the emulator died: give its exit a moment to be seen, and name it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const crash = host.crash();
    problems.push(`[${mode}] ${crash ? `${crash}: ` : ''}${error instanceof Error ? error.message : String(error)}`);
    console.log(`soak [${mode}] stopped: ${problems.at(-1)}`);
  } finally {
    await host.close().catch(() => undefined);
  }
}

/**
 * libwebrtc's exit-time teardown: the probe's process ends on its own
 * (`natural`, known to SIGSEGV) or through process.exit as the emulator's does
 * (`exit`, which must never crash). The first count is a figure, the second a check.
 */
async function teardown(runsEach: number): Promise<void> {
  const probe = join(dirname(fileURLToPath(import.meta.url)), '..', 'teardown-probe.mjs');
  const crashes = { natural: 0, exit: 0 };
  for (const how of ['natural', 'exit'] as const) {
    for (let run = 0; run < runsEach; run += 1) {
      const { status, signal } = spawnSync(process.execPath, [probe, how], { stdio: 'ignore', timeout: 60_000 });
      if (signal || status !== 0) crashes[how] += 1;
    }
  }
  console.log(`soak teardown: process ending on its own after libwebrtc media: ${crashes.natural} of ${runsEach} crashed; through process.exit: ${crashes.exit} of ${runsEach} crashed`);
  if (crashes.exit > 0) problems.push(`teardown: ${crashes.exit} of ${runsEach} processes leaving through process.exit were killed by a signal or exited non-zero`);
}

for (const mode of modes) await soak(mode);
if (runs('teardown')) await teardown(quick ? 2 : 10);
const crashes = problems.filter((problem) => /killed by|exited with code|teardown:/.test(problem)).length;
console.log(`soak${quick ? ' (quick)' : ''}: ${crashes} crashes, ${lost} lost turns, ${problems.length} problems`);
for (const problem of problems) console.log(`  ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
