/**
 * The WebRTC side of a session, as the session store sees it. The real
 * implementation is `PeerHost` (emulator/rtc/peer-host.ts), loaded only when
 * the first offer arrives so REST-only use never loads libwebrtc; tests may
 * inject any object of this shape.
 */
import type { LinkDegradationSpec } from '../rtc/link-degradation.js';

export interface PeerLinkOptions {
  sessionId: string;
  /** The avatar; `configs` carry the catalog's look keys (skin, hair, hair_style, outfit, background). */
  modelStyle: { name: string; model: string; style: string; configs?: ReadonlyArray<{ key: string; value: string }> };
  synthesize(text: string): Promise<{ samples: Int16Array; sampleRate: number }>;
  transcribe(wav: Uint8Array, language?: string): Promise<string>;
  maxUploadBytes: number;
  log(line: string): void;
  /** Media is flowing: the session becomes IN_PROGRESS. */
  onConnected(): void;
  onClosed(reason: 'client' | 'lost' | 'server'): void;
  iceServers: RTCIceServer[];
}

export interface PeerLinkStats {
  framesSent: number;
  utterancesPlayed: number;
  width: number;
  height: number;
  /** `clear-buffer` messages that stopped speech: arrival and first silent frame, Unix-epoch ms (PeerHost records them). */
  clearSilences?: Array<{ receivedAt: number; silentAt: number }>;
}

export interface PeerLink {
  /** Answers the first offer and every ICE-restart offer. */
  answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
  cutLink(ms: number, mode: 'silence' | 'close'): void;
  /** Lowers the frame rate, drops frames, delays ping answers; `{}` restores the link. */
  degrade(spec: LinkDegradationSpec): void;
  close(): Promise<void>;
  readonly stats: PeerLinkStats;
}

export type PeerLinkFactory = (options: PeerLinkOptions) => PeerLink;

let peerHostFactory: Promise<PeerLinkFactory> | null = null;

/** The `PeerHost`-backed factory, imported once on first use. */
export function loadPeerHostFactory(): Promise<PeerLinkFactory> {
  peerHostFactory ??= import('../rtc/peer-host.js').then(
    ({ PeerHost }) => {
      endProcessWithoutNativeTeardown();
      return (options: PeerLinkOptions) => new PeerHost(options);
    },
    (error: unknown) => {
      peerHostFactory = null;
      throw error;
    },
  );
  return peerHostFactory;
}

let exitHookInstalled = false;

/**
 * libwebrtc (`@roamhq/wrtc`) crashes with SIGSEGV in its native teardown when
 * a process that created media sources ends on its own; leaving through
 * `process.exit` skips that teardown. So once the WebRTC side is loaded, a
 * process whose event loop has drained leaves through `process.exit`, with
 * its exit code — `exit` listeners still run.
 */
function endProcessWithoutNativeTeardown(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('beforeExit', (code) => process.exit(process.exitCode ?? code));
}
