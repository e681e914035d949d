/**
 * The two routes the page's own server offers (the emulator implements them,
 * as an app's backend would with the server entry point). The API key stays on
 * that server: the page only ever holds a session id.
 */
import type { AllSettings } from './sdk.js';

/** The session parameters the page picks; the server adds the key. */
export interface DemoSessionParams {
  using_stf_webrtc: true;
  model_style: string;
  prompt: string;
  llm_type?: string;
  tts_type?: string;
  stt_type?: string;
  background_image?: string;
}

export async function fetchSettings(): Promise<AllSettings> {
  return (await requestJson('/api/settings', { method: 'GET' })) as AllSettings;
}

export async function requestSessionId(params: DemoSessionParams): Promise<string> {
  const answer = await requestJson('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  const sessionId = isRecord(answer) ? answer.sessionId : undefined;
  if (typeof sessionId !== 'string' || sessionId === '') throw new Error('The server answered without a session id');
  return sessionId;
}

async function requestJson(path: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new Error(`Could not reach the demo server (${path})`, { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const reason = isRecord(body) && typeof body.error === 'string' ? body.error : response.statusText;
    throw new Error(`The demo server refused ${path}: ${reason || `HTTP ${response.status}`}`);
  }
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
