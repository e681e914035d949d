/**
 * The emulator under soak, in one of the two ways developers run it: in a
 * process of its own (the `perso-emulator` shape; its crash is seen as the
 * child's exit signal) or in this process beside the SDK (a crash takes this
 * process down, which soak/run.mjs reports by signal). Both answer the
 * emulator's memory after forced collections.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulatorProcess } from '../bench/lib/emulator-process.js';
import { repoRoot } from '../bench/lib/paths.js';

export type HostMode = 'own-process' | 'in-process';

export interface EmulatorHost {
  mode: HostMode;
  url: string;
  apiKey: string;
  sttAvailable: boolean;
  /** RSS and heap of the process the emulator runs in, after forced collections. */
  memory(): Promise<{ rssMB: number; heapUsedMB: number }>;
  /** A native crash of an own-process emulator (signal or unexpected exit), else null. */
  crash(): string | null;
  close(): Promise<void>;
}

const OPTIONS = { port: 0, llm: { pace: 0, upstream: null }, stt: { upstream: null }, staticDir: false };

async function sttAvailable(url: string): Promise<boolean> {
  const health = (await (await fetch(`${url}/_emulator/health`)).json()) as { engines?: { sttAvailable?: boolean } };
  return health.engines?.sttAvailable === true;
}

export async function settledMemory(): Promise<{ rssMB: number; heapUsedMB: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (soak/run.mjs does)');
  for (let pass = 0; pass < 3; pass += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: rss / 2 ** 20, heapUsedMB: heapUsed / 2 ** 20 };
}

export async function startHost(mode: HostMode): Promise<EmulatorHost> {
  if (mode === 'own-process') {
    const child = await startEmulatorProcess(OPTIONS);
    let ended: string | null = null;
    void child.exit.then(({ code, signal, closedByParent }) => {
      if (!closedByParent) ended = signal ? `emulator process killed by ${signal}` : `emulator process exited with code ${code}`;
    });
    return { mode, url: child.url, apiKey: child.apiKey, sttAvailable: await sttAvailable(child.url), memory: () => child.memory(), crash: () => ended, close: () => child.close() };
  }
  const { startEmulator } = (await import(pathToFileURL(join(repoRoot, 'dist', 'emulator', 'index.js')).href)) as {
    startEmulator(options: object): Promise<{ url: string; apiKey: string; close(): Promise<void> }>;
  };
  const emulator = await startEmulator(OPTIONS);
  return { mode, url: emulator.url, apiKey: emulator.apiKey, sttAvailable: await sttAvailable(emulator.url), memory: settledMemory, crash: () => null, close: () => emulator.close() };
}
