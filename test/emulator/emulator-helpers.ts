/** Shared set-up for the emulator's tests: a started emulator and small request helpers. */
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';

export const WEBRTC_SESSION = {
  capability: ['STF_WEBRTC', 'LLM', 'TTS', 'STT'],
  using_stf_webrtc: true,
  model_style: 'aria',
  prompt: 'prompt-assistant',
  llm_type: 'perso-llm-standard',
  tts_type: 'flite-slt',
  stt_type: 'pocketsphinx-en-us',
};

export const REST_SESSION = {
  capability: ['LLM', 'TTS', 'STT'],
  using_stf_webrtc: false,
  model_style: 'leo',
  prompt: 'prompt-concierge',
  llm_type: 'perso-llm-fast',
  tts_type: 'flite-kal',
  stt_type: 'pocketsphinx-en-us',
};

export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ staticDir: false, ...options, llm: { pace: 0, upstream: null, ...options.llm }, stt: { upstream: null, ...options.stt } });
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A JSON request; the body is parsed when it is JSON. */
export async function call<T = unknown>(
  emulator: Emulator,
  method: string,
  path: string,
  options: { json?: unknown; key?: string | null; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? emulator.apiKey : options.key;
  if (key !== null) headers['PersoLive-APIKey'] = key;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.body as string | Uint8Array<ArrayBuffer> | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(emulator.url + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (an HTML fault page, an SSE stream): callers read `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export async function createSession(emulator: Emulator, params: Record<string, unknown> = WEBRTC_SESSION): Promise<string> {
  const answer = await call<{ session_id: string }>(emulator, 'POST', '/api/v1/session/', { json: params });
  if (answer.status !== 201) throw new Error(`session creation failed: ${answer.status} ${answer.text}`);
  return answer.body.session_id;
}

/** The `data:` payloads of an LLM stream, parsed. */
export function sseEvents(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
