/**
 * Every session the emulator knows, and the only code that changes a
 * session's status. Status only moves forward:
 * CREATED → EXCHANGED → IN_PROGRESS → TERMINATED (any state may jump to
 * TERMINATED); each step is logged as one line.
 */
import { randomBytes } from 'node:crypto';
import type { Capability, SessionEventType, SessionInfo, SessionStatus, TerminationReason } from '../../src/api/types.js';
import { CAPABILITY_DESCRIPTIONS } from '../catalog.js';
import type { PeerLink, PeerLinkStats } from './peer-link.js';
import type { ResolvedSessionParams } from './resolve-params.js';

export const SESSION_EVENT_TYPES: readonly SessionEventType[] = [
  'SESSION_START',
  'SESSION_DURING',
  'SESSION_LOG',
  'SESSION_END',
  'SESSION_ERROR',
  'SESSION_TTS',
  'SESSION_STT',
  'SESSION_LLM',
];

/** An event a client posted to `/event/create/` (emulator extension: listed in session info). */
export interface RecordedSessionEvent {
  event_id: number;
  event: string;
  detail: string;
  created_at: string;
}

/** Session info as the API answers it, plus the emulator's `events` extension. */
export interface EmulatedSessionInfo extends SessionInfo {
  /** Emulator extension: every event posted to `/event/create/`, oldest first (the last 500). */
  events: RecordedSessionEvent[];
}

export interface SessionRecord {
  readonly id: string;
  readonly params: ResolvedSessionParams;
  readonly createdAt: number;
  status: SessionStatus;
  terminationReason: TerminationReason | null;
  connectedAt: number | null;
  endedAt: number | null;
  /** Last request or media activity, for the idle reaper. */
  lastActivityAt: number;
  events: RecordedSessionEvent[];
  /** The live WebRTC side; dropped when the session ends, so a retained record holds no peer, sources or avatar. */
  peer: PeerLink | null;
  /** The peer's counters when the session ended (its last word for `/_emulator/` readers). */
  endedPeerStats: PeerLinkStats | null;
}

const MAX_EVENTS_KEPT = 500;

export class SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly closingPeers = new Set<Promise<void>>();
  private nextEventId = 1;

  constructor(
    private readonly iceServers: () => RTCIceServer[],
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  create(params: ResolvedSessionParams): SessionRecord {
    const record: SessionRecord = {
      id: newSessionId(),
      params,
      createdAt: this.now(),
      status: 'CREATED',
      terminationReason: null,
      connectedAt: null,
      endedAt: null,
      lastActivityAt: this.now(),
      events: [],
      peer: null,
      endedPeerStats: null,
    };
    this.sessions.set(record.id, record);
    this.log(`session ${record.id} created (${params.modelStyle.name}; ${params.capability.join('+') || 'no capability'})`);
    return record;
  }

  get(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  all(): SessionRecord[] {
    return [...this.sessions.values()];
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  touch(record: SessionRecord): void {
    record.lastActivityAt = this.now();
  }

  markExchanged(record: SessionRecord): void {
    if (record.status !== 'CREATED') return;
    record.status = 'EXCHANGED';
    this.log(`session ${record.id} exchanged (offer answered)`);
  }

  markConnected(record: SessionRecord, how: string): void {
    if (record.status === 'TERMINATED' || record.status === 'IN_PROGRESS') return;
    record.status = 'IN_PROGRESS';
    record.connectedAt = this.now();
    this.touch(record);
    this.log(`session ${record.id} connected (${how})`);
  }

  /** Ends the session (once) and closes its peer; later calls keep the first reason. */
  terminate(record: SessionRecord, reason: TerminationReason, why: string): void {
    if (record.status === 'TERMINATED') return;
    record.status = 'TERMINATED';
    record.terminationReason = reason;
    record.endedAt = this.now();
    this.log(`session ${record.id} terminated: ${reason} (${why})`);
    const peer = record.peer;
    if (!peer) return;
    // A terminated record stays readable for the reaper's retainMs (10 min by
    // default); holding its peer kept every ended session's avatar renderer
    // and native media sources alive that long (~0.8 MB of RSS a session).
    record.endedPeerStats = { ...peer.stats };
    record.peer = null;
    const closing = peer
      .close()
      .catch((error: unknown) => this.log(`session ${record.id} peer close failed: ${(error as Error).message}`))
      .finally(() => this.closingPeers.delete(closing));
    this.closingPeers.add(closing);
  }

  /** Resolves when every peer that terminate() started closing has closed. */
  async peersClosed(): Promise<void> {
    while (this.closingPeers.size > 0) await Promise.all([...this.closingPeers]);
  }

  recordEvent(record: SessionRecord, event: string, detail: string): RecordedSessionEvent {
    const entry: RecordedSessionEvent = { event_id: this.nextEventId++, event, detail, created_at: new Date(this.now()).toISOString() };
    record.events.push(entry);
    if (record.events.length > MAX_EVENTS_KEPT) record.events.splice(0, record.events.length - MAX_EVENTS_KEPT);
    this.touch(record);
    return entry;
  }

  info(record: SessionRecord): EmulatedSessionInfo {
    const p = record.params;
    const end = record.endedAt ?? this.now();
    return {
      session_id: record.id,
      status: record.status,
      termination_reason: record.terminationReason,
      capability: p.capability.map((name): Capability => ({ name, description: CAPABILITY_DESCRIPTIONS[name] ?? null })),
      prompt: p.prompt,
      document: p.document,
      llm_type: p.llmType,
      model_style: p.modelStyle,
      tts_type: p.ttsType && withoutVoice(p.ttsType),
      stt_type: p.sttType,
      ice_servers: this.iceServers(),
      duration_sec: record.connectedAt === null ? 0 : Math.max(0, Math.round((end - record.connectedAt) / 1000)),
      created_at: new Date(record.createdAt).toISOString(),
      padding_left: p.paddingLeft,
      padding_top: p.paddingTop,
      padding_height: p.paddingHeight,
      background_image: p.backgroundImage,
      extra_data: {},
      events: record.events.map((event) => ({ ...event })),
    };
  }

  peerStats(record: SessionRecord): PeerLinkStats | null {
    return record.peer ? { ...record.peer.stats } : record.endedPeerStats && { ...record.endedPeerStats };
  }
}

function withoutVoice<T extends { fliteVoice: string }>(voice: T): Omit<T, 'fliteVoice'> {
  const { fliteVoice: _voice, ...rest } = voice;
  return rest;
}

/** 128 random bits, hex: the id is the session's only credential. */
function newSessionId(): string {
  return randomBytes(16).toString('hex');
}
