/**
 * vitest global setup (runs in vitest's main process): names the signal of a
 * test worker process that dies natively. vitest itself only reports the
 * broken IPC channel ("Channel closed"), which hides whether libwebrtc
 * segfaulted or something aborted; scripts/test.mjs repeats these lines.
 */
import { ChildProcess } from 'node:child_process';

export function setup(): () => void {
  const emit = ChildProcess.prototype.emit;
  ChildProcess.prototype.emit = function (this: ChildProcess, event: string | symbol, ...args: unknown[]) {
    const signal = args[1];
    // `killed` is set when vitest (or anyone) called kill(): a worker stopped on purpose is no crash.
    if (event === 'exit' && typeof signal === 'string' && !this.killed) {
      process.stderr.write(`\nTest worker process ${this.pid} died by ${signal} (${this.spawnargs.slice(1).join(' ')})\n`);
    }
    return (emit as (this: ChildProcess, ...all: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  return () => {
    ChildProcess.prototype.emit = emit;
  };
}
