/**
 * The built emulator in a process of its own, so its CPU time is measured apart
 * from the clients' and a benchmark's heap holds only the SDK. Started by
 * emulator-process.ts with its options as JSON in argv[2]; speaks IPC:
 * parent → `{type:'cpu'}` | `{type:'memory'}` | `{type:'close'}`; child → `{type:'ready', url, apiKey}`,
 * `{type:'cpu', userUs, systemUs, atMs}`, `{type:'memory', rssMB, heapUsedMB}` (after
 * forced collections; needs --expose-gc, which fork passes on), `{type:'closed'}`. (On Linux the
 * parent reads the CPU time from /proc instead; `cpu` is the fallback.)
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

/** The part of the emulator's API this process uses. */
interface EmulatorModule {
  startEmulator(options: Record<string, unknown>): Promise<{ url: string; apiKey: string; close(): Promise<void> }>;
}

type Request = { type: 'cpu' } | { type: 'memory' } | { type: 'close' };

// The built emulator, as users run it: it finds its own assets from dist/.
const { startEmulator } = (await import(pathToFileURL(join(repoRoot, 'dist', 'emulator', 'index.js')).href)) as EmulatorModule;
const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const emulator = await startEmulator(options);

/** Memory after full collections, with turns of the event loop between so weak callbacks and finalizers run. */
async function settledMemory(): Promise<{ rssMB: number; heapUsedMB: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < 3; pass += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: rss / 2 ** 20, heapUsedMB: heapUsed / 2 ** 20 };
}

function send(message: object): void {
  process.send?.(message);
}

process.on('message', async (request: Request) => {
  if (request.type === 'cpu') {
    const usage = process.cpuUsage();
    send({ type: 'cpu', userUs: usage.user, systemUs: usage.system, atMs: performance.timeOrigin + performance.now() });
  } else if (request.type === 'memory') {
    send({ type: 'memory', ...(await settledMemory()) });
  } else if (request.type === 'close') {
    await emulator.close();
    send({ type: 'closed' });
    process.exit(0);
  }
});
// The parent going away must not leave an emulator behind.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready', url: emulator.url, apiKey: emulator.apiKey });
