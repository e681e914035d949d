/**
 * Speech to text with PocketSphinx, spawned per request on a temporary
 * 16 kHz mono WAV, one at a time (recognition takes about a core).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { encodeWav16 } from '../../audio/pcm16.js';
import { POCKETSPHINX_INSTALL_HINT, SttUnavailableError, type SttEngine, type SttStatus } from './engine.js';
import { TARGET_RATE, toPcm16kMono } from './wav-input.js';

export interface PocketsphinxOptions {
  /** The `pocketsphinx_continuous` binary: a path, or a name looked up on PATH. @default "pocketsphinx_continuous" */
  binary?: string;
  /** The en-US model directory. @default "/usr/share/pocketsphinx/model/en-us" */
  modelDir?: string;
  /** Longest a recognition may run. @default 60000 */
  timeoutMs?: number;
}

export class PocketsphinxEngine implements SttEngine {
  private readonly binary: string;
  private readonly modelDir: string;
  private readonly timeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PocketsphinxOptions = {}) {
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async status(): Promise<SttStatus> {
    const binary = await findExecutable(this.binary);
    if (!binary) return { available: false, detail: `unavailable: ${this.binary} not found; ${POCKETSPHINX_INSTALL_HINT}` };
    const model = await access(join(this.modelDir, 'en-us'), constants.R_OK).then(() => true, () => false);
    if (!model) return { available: false, detail: `unavailable: no model in ${this.modelDir}; ${POCKETSPHINX_INSTALL_HINT}` };
    return { available: true, detail: `pocketsphinx (${binary}, en-US)` };
  }

  transcribe(wav: Uint8Array, _language?: string): Promise<string> {
    const pcm = toPcm16kMono(wav);
    const run = this.queue.then(() => this.recognise(pcm));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async recognise(pcm: Int16Array): Promise<string> {
    const status = await this.status();
    if (!status.available) throw new SttUnavailableError(`Speech to text is unavailable: ${status.detail}`);
    const dir = await mkdtemp(join(tmpdir(), 'perso-stt-'));
    try {
      const file = join(dir, 'speech.wav');
      await writeFile(file, encodeWav16(pcm, TARGET_RATE));
      const args = [
        '-infile', file,
        '-logfn', devNull,
        '-hmm', join(this.modelDir, 'en-us'),
        '-lm', join(this.modelDir, 'en-us.lm.bin'),
        '-dict', join(this.modelDir, 'cmudict-en-us.dict'),
      ];
      const output = await this.spawnRecogniser(args);
      return output.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private spawnRecogniser(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT' ? new SttUnavailableError(`${this.binary} is not installed; ${POCKETSPHINX_INSTALL_HINT}`) : error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(stdout);
        else reject(new Error(`pocketsphinx failed (${signal ?? `exit code ${code}`}): ${stderr.trim().slice(-300)}`));
      });
    });
  }
}

async function findExecutable(binary: string): Promise<string | null> {
  const candidates = isAbsolute(binary) || binary.includes('/') ? [binary] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, binary));
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

let sharedEngine: PocketsphinxEngine | null = null;

/** Transcribes a WAV file (any rate, channels and depth) with the default PocketSphinx set-up. */
export function transcribe(wav: Uint8Array, language?: string): Promise<string> {
  sharedEngine ??= new PocketsphinxEngine();
  return sharedEngine.transcribe(wav, language);
}
