import { encodeMessage, MESSAGE_CHANNEL, parseServerMessage } from '../protocol/message-channel.js';
import type { ClientMessage, ServerMessage } from '../protocol/message-channel.js';
import { candidateNeedFor, LocalCandidateLog, type CandidateNeed } from './ice-gathering.js';

export type ExchangeSdp = (offer: RTCSessionDescriptionInit, signal: AbortSignal) => Promise<RTCSessionDescriptionInit>;

export interface PeerLinkOptions {
  iceServers: RTCIceServer[];
  RTCPeerConnection: typeof RTCPeerConnection;
  exchange: ExchangeSdp;
  /** Sent to the server on the audio transceiver (legacy voice chat); receive-only without it. */
  localAudioTrack?: MediaStreamTrack | null;
  /**
   * The longest an offer waits for the candidate it needs (a server-reflexive
   * or relay one with STUN/TURN servers, else a host one) before it goes out
   * with what was gathered. @default 1000
   */
  iceGatheringTimeoutMs?: number;
  /** The longest `hangUp()` waits for the server to close its side. @default 1000 */
  hangUpWaitMs?: number;
}

export type PeerLinkEvent =
  | { type: 'state' }
  | { type: 'message'; message: ServerMessage }
  | { type: 'stream'; stream: MediaStream };

/** Long enough for a STUN answer or a TURN allocation over a slow link; only a dead ICE server makes the offer wait this long. */
const DEFAULT_ICE_GATHERING_TIMEOUT_MS = 1000;

/** The server closes its side within milliseconds of `SESSION_END`; this only bounds a server that never does. */
const DEFAULT_HANG_UP_WAIT_MS = 1000;

const LIVE_ICE_STATES = new Set<RTCIceConnectionState>(['connected', 'completed']);

/**
 * One `RTCPeerConnection` to the avatar renderer with its `message` channel
 * (PROTOCOL.md, "The WebRTC link"). Reports changes as events; decides nothing.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  private stream: MediaStream | null = null;
  private trackSeen = false;
  private readonly listeners = new Set<(event: PeerLinkEvent) => void>();
  private readonly iceGatheringTimeoutMs: number;
  private readonly candidateNeed: CandidateNeed;
  /** `hangUp()` or `close()` was called: nothing more is sent. */
  private ended = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.iceGatheringTimeoutMs = options.iceGatheringTimeoutMs ?? DEFAULT_ICE_GATHERING_TIMEOUT_MS;
    this.candidateNeed = candidateNeedFor(options.iceServers);
    this.pc = new options.RTCPeerConnection({ iceServers: options.iceServers });
    this.channel = this.pc.createDataChannel(MESSAGE_CHANNEL, { protocol: MESSAGE_CHANNEL });
    if (options.localAudioTrack) this.pc.addTransceiver(options.localAudioTrack, { direction: 'sendrecv' });
    else this.pc.addTransceiver('audio', { direction: 'recvonly' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });

    const changed = (): void => this.emit({ type: 'state' });
    this.pc.addEventListener('connectionstatechange', changed);
    this.pc.addEventListener('iceconnectionstatechange', changed);
    this.channel.addEventListener('open', changed);
    this.channel.addEventListener('close', changed);
    this.channel.addEventListener('message', (event: MessageEvent) => {
      const message = parseServerMessage(event.data);
      if (message) this.emit({ type: 'message', message });
    });
    this.pc.addEventListener('track', (event: RTCTrackEvent) => this.onTrack(event));
  }

  get remoteStream(): MediaStream | null {
    return this.stream;
  }

  subscribe(listener: (event: PeerLinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Media has arrived, the `message` channel is open and the transport is connected. */
  isUp(): boolean {
    return this.trackSeen && this.channel.readyState === 'open' && this.transportConnected();
  }

  /** The link cannot come back with an ICE restart: a new peer connection is needed. */
  isBroken(): boolean {
    const state = this.pc.connectionState as RTCPeerConnectionState | undefined;
    return this.channel.readyState === 'closing' || this.channel.readyState === 'closed' || state === 'failed' || state === 'closed';
  }

  describe(): string {
    return `connection ${this.pc.connectionState ?? 'n/a'}, ICE ${this.pc.iceConnectionState}, channel ${this.channel.readyState}`;
  }

  /** Offer → `/exchange/` → answer; with `iceRestart`, new ICE credentials on the same connection. */
  async negotiate(iceRestart: boolean, signal: AbortSignal): Promise<void> {
    const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
    const log = new LocalCandidateLog(this.pc);
    let sdp: string;
    try {
      await this.pc.setLocalDescription(offer);
      await log.ready({ need: this.candidateNeed, timeoutMs: this.iceGatheringTimeoutMs, signal });
    } finally {
      sdp = log.finish(offer.sdp ?? '');
    }
    signal.throwIfAborted();
    const answer = await this.options.exchange({ type: 'offer', sdp }, signal);
    signal.throwIfAborted();
    await this.pc.setRemoteDescription(answer);
    this.emit({ type: 'state' });
  }

  send(message: ClientMessage): boolean {
    if (this.ended || this.channel.readyState !== 'open') return false;
    this.channel.send(encodeMessage(message));
    return true;
  }

  /**
   * Ends a link the session is done with: nothing more is sent, and the peer
   * connection closes once the server has closed its side (as it does on
   * `SESSION_END`), or after `hangUpWaitMs`. Closing first would race the
   * server's last sends, and @roamhq/wrtc, the emulator's WebRTC, crashes
   * (SIGSEGV in `RTCDataChannel::Send`) when a channel the other side closes
   * reaches `closed` during a send (docs/emulator.md, "Ending a link").
   */
  hangUp(): void {
    this.listeners.clear();
    if (this.ended) return;
    this.ended = true;
    // Only an open channel can carry the server's last sends.
    if (this.channel.readyState !== 'open' || this.isBroken()) return this.close();
    const finish = (): void => {
      clearTimeout(timer);
      this.channel.removeEventListener('close', serverClosed);
      this.pc.removeEventListener('connectionstatechange', serverClosed);
      this.close();
    };
    const serverClosed = (): void => {
      if (this.isBroken()) finish();
    };
    const timer = setTimeout(finish, this.options.hangUpWaitMs ?? DEFAULT_HANG_UP_WAIT_MS);
    this.channel.addEventListener('close', serverClosed);
    this.pc.addEventListener('connectionstatechange', serverClosed);
  }

  /** Closes the channel and the peer connection now. */
  close(): void {
    this.ended = true;
    this.listeners.clear();
    try {
      this.channel.close();
    } finally {
      this.pc.close();
    }
  }

  private transportConnected(): boolean {
    const state = this.pc.connectionState as RTCPeerConnectionState | undefined;
    return state === undefined ? LIVE_ICE_STATES.has(this.pc.iceConnectionState) : state === 'connected';
  }

  private onTrack(event: RTCTrackEvent): void {
    this.trackSeen = true;
    const stream = event.streams[0] ?? this.stream ?? (typeof MediaStream === 'function' ? new MediaStream() : null);
    if (stream && !stream.getTracks().includes(event.track)) stream.addTrack(event.track);
    if (stream && stream !== this.stream) {
      this.stream = stream;
      this.emit({ type: 'stream', stream });
    }
    this.emit({ type: 'state' });
  }

  private emit(event: PeerLinkEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
