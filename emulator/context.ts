/** What the route modules share: one per running emulator, no module-level state. */
import type { FaultRegistry } from './faults.js';
import type { LlmService } from './engines/llm/service.js';
import type { SttEngine } from './engines/stt/engine.js';
import type { TtsEngine } from './engines/tts/engine.js';
import type { PeerLinkFactory } from './sessions/peer-link.js';
import type { SessionStore } from './sessions/store.js';
import { FILE_UPLOAD_MAX_BYTES, REQUEST_BODY_MAX_BYTES } from '../src/protocol/limits.js';

export interface EmulatorLimits {
  /** Largest JSON body accepted. @default 1 MiB */
  jsonBodyBytes: number;
  /** Largest upload (STT audio, STF files over WebRTC). @default 20 MiB */
  uploadBytes: number;
  /** Longest text `/tts/` synthesises. @default 2000 */
  ttsTextChars: number;
}

/** The protocol's limits (src/protocol/limits.ts), which the SDK checks before sending. */
export const DEFAULT_LIMITS: EmulatorLimits = { jsonBodyBytes: REQUEST_BODY_MAX_BYTES, uploadBytes: FILE_UPLOAD_MAX_BYTES, ttsTextChars: 2000 };

export interface EmulatorContext {
  apiKey: string;
  store: SessionStore;
  limits: EmulatorLimits;
  iceServers: RTCIceServer[];
  faults: FaultRegistry;
  llm: LlmService;
  tts: TtsEngine;
  stt: SttEngine;
  peerLinkFactory(): Promise<PeerLinkFactory>;
  /** What each engine is, for the banner and `/_emulator/health`. */
  describeEngines(): Promise<EngineReport>;
  /** Signs short-lived download URLs. */
  urlSecret: Buffer;
  log(line: string): void;
}

export interface EngineReport {
  llm: string;
  tts: string;
  stt: string;
  sttAvailable: boolean;
}
