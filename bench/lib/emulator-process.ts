import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchBuildDir, repoRoot } from './paths.js';

export interface CpuSample {
  /** CPU time of the emulator process (user + system), microseconds. */
  cpuUs: number;
  /** Wall-clock time of the sample, milliseconds. */
  atMs: number;
}

export interface EmulatorProcess {
  url: string;
  apiKey: string;
  pid: number;
  cpu(): Promise<CpuSample>;
  /** RSS and heap of the emulator process after forced collections. */
  memory(): Promise<{ rssMB: number; heapUsedMB: number }>;
  /** How the process ended, once it has; `closedByParent` when close() asked it to. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; closedByParent: boolean }>;
  close(): Promise<void>;
}

type Reply =
  | { type: 'ready'; url: string; apiKey: string }
  | { type: 'cpu'; userUs: number; systemUs: number; atMs: number }
  | { type: 'memory'; rssMB: number; heapUsedMB: number }
  | { type: 'closed' };

function nextReply<T extends Reply['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the emulator process sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: Reply): void => {
      if (message.type === type) finish(null, message as Extract<Reply, { type: T }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`the emulator process exited (${signal ? `killed by ${signal}` : `code ${code}`}) before "${type}"`));
    function finish(error: Error | null, message?: Extract<Reply, { type: T }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * CPU time of a process from /proc (Linux): read without the process's help,
 * so a saturated emulator is measured as promptly as an idle one.
 */
function procCpu(pid: number, ticksPerSecond: number): CpuSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuUs: (ticks / ticksPerSecond) * 1e6, atMs: performance.timeOrigin + performance.now() };
  } catch {
    return null;
  }
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** A fresh emulator on 127.0.0.1 in its own Node process (see emulator-child.ts). */
export async function startEmulatorProcess(options: Record<string, unknown> = { port: 0, llm: { pace: 0, upstream: null }, stt: { upstream: null }, staticDir: false }): Promise<EmulatorProcess> {
  const script = join(benchBuildDir, 'lib', 'emulator-child.mjs');
  if (!existsSync(join(repoRoot, 'dist', 'emulator', 'index.js'))) throw new Error('dist/emulator/index.js does not exist: build the emulator (`node build.mjs`)');
  const child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let closed = false;
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; closedByParent: boolean }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal, closedByParent: closed });
    }),
  );
  /** Asks the child for `type`; a child that has died (a crash the caller reports from `exit`) fails the request, not the process. */
  const request = <T extends Reply['type']>(type: T, message: { type: string }, timeoutMs: number): Promise<Extract<Reply, { type: T }>> => {
    if (exited) return Promise.reject(new Error(`the emulator process has exited; no "${type}"`));
    const reply = nextReply(child, type, timeoutMs);
    return new Promise((resolve, reject) => {
      child.send(message, (error) => error && reject(new Error(`the emulator process did not take "${message.type}": ${error.message}`)));
      reply.then(resolve, reject);
    });
  };
  const ready = await nextReply(child, 'ready', 30_000);
  const ticksPerSecond = clockTicksPerSecond();
  return {
    url: ready.url,
    apiKey: ready.apiKey,
    pid: child.pid!,
    async cpu() {
      const fromProc = procCpu(child.pid!, ticksPerSecond);
      if (fromProc) return fromProc;
      const sample = await request('cpu', { type: 'cpu' }, 10_000);
      return { cpuUs: sample.userUs + sample.systemUs, atMs: sample.atMs };
    },
    async memory() {
      const { rssMB, heapUsedMB } = await request('memory', { type: 'memory' }, 30_000);
      return { rssMB, heapUsedMB };
    },
    exit,
    async close() {
      if (closed || exited) return;
      closed = true;
      await request('closed', { type: 'close' }, 15_000).catch(() => child.kill('SIGKILL'));
    },
  };
}
