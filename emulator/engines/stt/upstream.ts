/** Speech to text through an OpenAI-compatible `POST {url}/audio/transcriptions`. */
import { encodeWav16 } from '../../audio/pcm16.js';
import type { SttEngine, SttStatus } from './engine.js';
import { TARGET_RATE, toPcm16kMono } from './wav-input.js';

export interface UpstreamSttConfig {
  /** Base URL (e.g. `http://127.0.0.1:8000/v1`) or the full `/audio/transcriptions` URL. */
  url: string;
  model: string;
  apiKey?: string;
}

/** Upstream settings from PERSO_EMULATOR_STT_URL / _MODEL / _KEY, or null when no URL is set. */
export function upstreamSttFromEnv(env: NodeJS.ProcessEnv): UpstreamSttConfig | null {
  const url = env.PERSO_EMULATOR_STT_URL?.trim();
  if (!url) return null;
  const config: UpstreamSttConfig = { url, model: env.PERSO_EMULATOR_STT_MODEL?.trim() || 'whisper-1' };
  if (env.PERSO_EMULATOR_STT_KEY) config.apiKey = env.PERSO_EMULATOR_STT_KEY;
  return config;
}

export class UpstreamSttEngine implements SttEngine {
  private readonly endpoint: string;

  constructor(private readonly config: UpstreamSttConfig) {
    const base = config.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/audio/transcriptions') ? base : `${base}/audio/transcriptions`;
  }

  async status(): Promise<SttStatus> {
    return { available: true, detail: `upstream ${this.config.model} at ${this.endpoint}` };
  }

  async transcribe(wav: Uint8Array, language?: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([encodeWav16(toPcm16kMono(wav), TARGET_RATE)], { type: 'audio/wav' }), 'speech.wav');
    form.append('model', this.config.model);
    if (language) form.append('language', language.split(/[-_]/)[0]!);
    const headers: Record<string, string> = {};
    if (this.config.apiKey) headers.Authorization = `Bearer ${this.config.apiKey}`;
    const response = await fetch(this.endpoint, { method: 'POST', body: form, headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`The upstream STT answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { text?: unknown };
    if (typeof body.text !== 'string') throw new Error('The upstream STT answer has no text');
    return body.text.trim();
  }
}
