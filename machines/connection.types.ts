import type { ConnectionQuality } from './connection-quality.js';
import type { ClientMessage, ServerMessage } from '../src/protocol/message-channel.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

/** The link as an app sees it (`session.getConnectionState()`). */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * Why a session ended. `manual`: `stopSession()`; `connect-failed`: the link
 * never came up; `link-lost`: it dropped and the reconnect budget ran out;
 * `heartbeat-failed`: a session without WebRTC failed its `SESSION_DURING`;
 * `terminated`: the server ended the session (its session info says
 * TERMINATED), so it is not retried.
 */
export type CloseReason = 'manual' | 'connect-failed' | 'link-lost' | 'heartbeat-failed' | 'terminated';

export interface ConnectionOutcome {
  reason: CloseReason;
  error?: unknown;
  /** With `terminated`: the server's `termination_reason` (e.g. `MAX_MIN_PER_SESSION_QUOTA_EXCEEDED`). */
  terminationReason?: string;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** The part of the session info the chart needs (PROTOCOL.md, "Session info"). */
export interface SessionInfoLike {
  capability: ReadonlyArray<{ name: string }>;
  status?: string;
  termination_reason?: string | null;
}

export interface ConnectionInput {
  width: number;
  height: number;
  /** @default defaultReconnectPolicy */
  reconnectPolicy?: ReconnectPolicy;
}

export interface ConnectionContext {
  /** Generation of the current negotiation; peer results carry it back. */
  attemptId: number;
  retryCount: number;
  /** When the link dropped (the chart's clock, see `chartNow`), while reconnecting. */
  linkLostAt: number | null;
  /** The delay before the next retry; `null` once the policy gave up. */
  retryDelayMs: number | null;
  /** Why the policy could not be followed (it threw, or answered no delay), when that is why it gave up. */
  retryFailure: Error | null;
  hasStf: boolean | null;
  iceServers: IceServer[] | null;
  iceError: unknown;
  size: { width: number; height: number };
  reconnectPolicy: ReconnectPolicy;
  outcome: ConnectionOutcome | null;
  /** Messages sent while the link was not ready, delivered when it is. */
  outbox: ClientMessage[];
  /**
   * Messages sent while ready that the closing channel refused: older than
   * everything in `outbox`, so they are delivered first.
   */
  unsent: ClientMessage[];
}

/** Commands the connection machine sends to its `peer` actor. */
export type PeerCommand =
  | { type: 'negotiate'; attemptId: number; iceRestart: boolean }
  | { type: 'send'; message: ClientMessage };

/** What the `peer` actor reports back. */
export type PeerEvent =
  | { type: 'PEER.NEGOTIATED'; attemptId: number }
  | { type: 'PEER.NEGOTIATION_FAILED'; attemptId: number; error: unknown }
  /** Media flows and the `message` channel is open, after negotiation `attemptId`. */
  | { type: 'PEER.LINK_UP'; attemptId: number }
  | { type: 'PEER.LINK_DOWN'; reason: string }
  /** The channel refused a message (it was closing); reported after the LINK_DOWN that goes with it. */
  | { type: 'PEER.SEND_FAILED'; message: ClientMessage }
  | { type: 'PEER.MESSAGE'; message: ServerMessage }
  /** The avatar's media of the current peer connection (`null` for a new one whose tracks have not arrived). */
  | { type: 'PEER.MEDIA'; stream: MediaStream | null }
  /** The peer cannot work at all (e.g. no RTCPeerConnection implementation). */
  | { type: 'PEER.FAILED'; error: unknown };

export type ConnectionEvent =
  | PeerEvent
  | { type: 'CONNECTION.CLOSE' }
  | { type: 'SEND'; message: ClientMessage }
  | { type: 'CHANGE_SIZE'; width: number; height: number }
  /** From `qualityMonitor`: one sample of the ready link. */
  | { type: 'QUALITY.SAMPLED'; quality: ConnectionQuality }
  /** From `wakeSignals`: the page became visible or the browser went online; check the link now. */
  | { type: 'LINK.CHECK'; reason: LinkCheckReason };

export type LinkCheckReason = 'visible' | 'online';

/** What the connection machine tells the session that invoked it. */
export type ConnectionNotice =
  | { type: 'LINK.STATUS'; status: LinkStatus }
  | { type: 'SERVER.MESSAGE'; message: ServerMessage }
  | { type: 'LINK.MEDIA'; stream: MediaStream | null }
  | { type: 'LINK.QUALITY'; quality: ConnectionQuality };

export interface PeerInput {
  iceServers: IceServer[];
}

export interface SessionEventInput {
  event: 'SESSION_START' | 'SESSION_DURING';
}
