import { decodeWav16, resamplePcm16 } from '../audio/pcm16.js';
import { parseColor } from '../avatar/color.js';
import { fitFrameSize } from '../avatar/frame-size.js';
import { lookFor, type AvatarLook, type ModelStyleRef } from '../avatar/looks.js';
import { mouthOpening } from '../avatar/motion.js';
import { seedFrom } from '../avatar/prng.js';
import { AvatarRenderer } from '../avatar/renderer.js';
import { AUDIO_FRAME_MS, AUDIO_FRAMES_PER_VIDEO_FRAME, durationMs, PLAYOUT_RATE, SAMPLES_PER_FRAME } from './audio-format.js';
import { receiveFile } from './file-receiver.js';
import { uploadRefusal } from './playable-upload.js';
import { LinkDegradation, type LinkDegradationSpec } from './link-degradation.js';
import { MediaClock } from './media-clock.js';
import { encodeMessage, parseClientMessage, type ClientMessage, type ServerMessage } from '../../src/protocol/message-channel.js';
import { Playout } from './playout.js';
import { RtcPeer } from './rtc-peer.js';
import { UplinkRecorder } from './uplink-recorder.js';
import { UploadStore } from './uploads.js';
import { media, type AudioSource, type VideoSource } from './wrtc.js';

export type PeerCloseReason = 'client' | 'lost' | 'server';

export interface PeerHostOptions {
  sessionId: string;
  /** `configs` (the catalog's look keys: skin, hair, hair_style, outfit, background) are used when present. */
  modelStyle: ModelStyleRef;
  /** Text to speech (Flite: 16 kHz mono); any rate is resampled. */
  synthesize(text: string): Promise<{ samples: Int16Array; sampleRate: number }>;
  /** Speech to text; throws an Error with `.code` on failure. */
  transcribe(wav: Uint8Array, language?: string): Promise<string>;
  maxUploadBytes: number;
  log(line: string): void;
  /** The connection reached `connected` (first time and after every reconnect). */
  onConnected(): void;
  /** Called at most once; `close()` itself does not call it. */
  onClosed(reason: PeerCloseReason): void;
  iceServers: RTCIceServer[];
  /** How long a lost (disconnected, failed or server-closed) link may stay down without a new connection. @default 10000 */
  lostTimeoutMs?: number;
  /**
   * A client closing its `message` channel ends the session after this grace,
   * unless a new offer comes first. A clean close is how a client leaves
   * (`stopSession()`, a closed page), so by default it ends the session at once
   * and the id cannot be re-attached. @default 0
   */
  clientCloseGraceMs?: number;
}

export interface PeerHostStats {
  /** Video frames handed to the encoder. */
  framesSent: number;
  /** Utterances that started playing (one `stf` message each). */
  utterancesPlayed: number;
  width: number;
  height: number;
  /**
   * The latest `clear-buffer` messages that stopped speech (at most
   * MAX_CLEAR_SILENCES): when each arrived and when the first silent frame
   * went out, in Unix-epoch ms (`performance.timeOrigin + performance.now()`,
   * comparable with a browser's on the same machine) — how long a barge-in
   * really took, measured where the avatar's voice is made.
   */
  clearSilences: ClearSilence[];
}

export interface ClearSilence {
  receivedAt: number;
  silentAt: number;
}

/** Enough for a benchmark's repetitions in one session; older ones are dropped. */
const MAX_CLEAR_SILENCES = 32;

const DEFAULT_SIZE = { width: 640, height: 360 };
const DEFAULT_LOST_TIMEOUT_MS = 10_000;
const DEFAULT_CLIENT_CLOSE_GRACE_MS = 0;
/** Frames older than this are skipped after an event-loop stall instead of being sent in a burst. */
const MAX_BACKLOG_FRAMES = 10;
/** The clock wakes every 20 ms (two audio frames), matching Opus's packet length. */
const CLOCK_TICK_MS = 20;

/**
 * The emulator's side of one session's WebRTC link: a real peer that renders
 * a lip-synced avatar. One media clock drives the voice (10 ms frames) and
 * the video (every fourth audio frame, 25 fps); the mouth opens with the
 * loudness of the audio sent in the same 40 ms.
 */
export class PeerHost {
  private readonly options: PeerHostOptions;
  private readonly renderer: AvatarRenderer;
  private readonly playout: Playout;
  private readonly clock: MediaClock;
  private readonly videoSource: VideoSource = new media.RTCVideoSource();
  private readonly audioSource: AudioSource = new media.RTCAudioSource();
  private readonly uploads = new UploadStore();
  private readonly recorder: UplinkRecorder;
  private readonly pcm = new Int16Array(SAMPLES_PER_FRAME);
  private peer: RtcPeer | null = null;
  private messageChannel: RTCDataChannel | null = null;
  private readonly fileChannels = new Set<RTCDataChannel>();
  private windowSumOfSquares = 0;
  private windowSamples = 0;
  private silencedUntil = 0;
  private readonly degradation: LinkDegradation;
  private readonly delayedPings = new Set<NodeJS.Timeout>();
  private connected = false;
  private lostTimer: NodeJS.Timeout | null = null;
  private clientCloseTimer: NodeJS.Timeout | null = null;
  private finished = false;
  private negotiation: Promise<unknown> = Promise.resolve();
  private readonly counters = { framesSent: 0, utterancesPlayed: 0 };
  private readonly clearSilences: ClearSilence[] = [];
  /** Set by a `clear-buffer` that stopped speech: the next frame, silent, completes its record. */
  private clearReceivedAt: number | null = null;

  constructor(options: PeerHostOptions) {
    this.options = options;
    this.renderer = new AvatarRenderer(lookFor(options.modelStyle), seedFrom(options.sessionId), DEFAULT_SIZE.width, DEFAULT_SIZE.height);
    this.degradation = new LinkDegradation(seedFrom(options.sessionId));
    this.playout = new Playout((message, sampleCount) => this.utteranceStarted(message, sampleCount));
    this.clock = new MediaClock(AUDIO_FRAME_MS, CLOCK_TICK_MS, MAX_BACKLOG_FRAMES, (index, timeMs) => this.mediaFrame(index, timeMs));
    this.recorder = new UplinkRecorder(options.log);
  }

  get stats(): PeerHostStats {
    return { ...this.counters, width: this.renderer.width, height: this.renderer.height, clearSilences: this.clearSilences.map((entry) => ({ ...entry })) };
  }

  /**
   * Answers the client's offer once its first host candidates are gathered. A later offer
   * from the same client peer connection (an ICE restart) renegotiates the
   * live peer; an offer after `cutLink(…, 'close')`, or from a new client peer
   * connection, gets a fresh peer — the avatar, its queue and uploads stay.
   */
  answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    const result = this.negotiation.then(() => this.negotiate(offer));
    this.negotiation = result.catch(() => undefined);
    return result;
  }

  /**
   * Fault injection. `silence`: for `ms`, pings go unanswered and no media is
   * sent (the peer itself stays up). `close`: the peer is closed now (`ms` is
   * not used); the client must send a new offer.
   */
  cutLink(ms: number, mode: 'silence' | 'close'): void {
    if (this.finished) return;
    if (mode === 'silence') {
      this.silencedUntil = performance.now() + ms;
      this.options.log(`rtc: link silenced for ${ms} ms`);
      return;
    }
    this.options.log('rtc: peer closed by fault injection; waiting for a new offer');
    this.closePeer();
    this.startLostTimer();
  }

  /**
   * Fault injection: from now on, send video at `spec.fps`, drop a share of
   * its frames and answer pings `spec.pingDelayMs` late; `{}` restores the link.
   */
  degrade(spec: LinkDegradationSpec): void {
    if (this.finished) return;
    this.degradation.set(spec);
    this.options.log(`rtc: link degraded ${JSON.stringify(spec)}`);
  }

  /** Releases the peer, tracks, sinks and timers. Idempotent; does not call `onClosed`. */
  async close(): Promise<void> {
    this.release();
  }

  private async negotiate(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    if (this.finished) throw new Error('the session link is closed');
    this.clearClientCloseTimer();
    if (this.peer && !this.peer.accepts(offer)) {
      this.options.log('rtc: offer from a new client peer connection; replacing the peer');
      this.closePeer();
    }
    const fresh = !this.peer;
    const peer = this.peer ?? this.createPeer();
    this.peer = peer;
    let answer: RTCSessionDescriptionInit;
    try {
      answer = await peer.answer(offer);
    } catch (error) {
      // A peer that never negotiated is useless; the next offer starts afresh.
      if (fresh && peer === this.peer) this.closePeer();
      throw error;
    }
    if (this.finished) throw new Error('the session link closed while answering');
    if (this.lostTimer) this.restartLostTimer();
    this.clock.start();
    return answer;
  }

  private createPeer(): RtcPeer {
    const tracks = [this.videoSource.createTrack(), this.audioSource.createTrack()];
    const peer: RtcPeer = new RtcPeer(this.options.iceServers, tracks, {
      onMessageChannel: (channel) => this.attachMessageChannel(channel),
      onFileChannel: (channel) => this.attachFileChannel(channel),
      onUplinkTrack: (track) => {
        this.options.log('rtc: client sends audio; keeping it for record-start');
        this.recorder.attach(track);
      },
      onConnectionState: (state) => {
        if (peer === this.peer) this.connectionStateChanged(state);
      },
      log: this.options.log,
    });
    return peer;
  }

  private closePeer(): void {
    const channel = this.messageChannel;
    this.messageChannel = null;
    channel?.close();
    for (const fileChannel of this.fileChannels) fileChannel.close();
    this.fileChannels.clear();
    this.recorder.close();
    this.peer?.close();
    this.peer = null;
    this.connected = false;
  }

  private connectionStateChanged(state: RTCPeerConnectionState): void {
    if (state === 'connected') {
      this.clearLostTimer();
      if (!this.connected) {
        this.connected = true;
        this.options.log('rtc: connected');
        this.options.onConnected();
      }
      return;
    }
    if (state === 'disconnected' || state === 'failed') {
      this.connected = false;
      this.options.log(`rtc: connection ${state}`);
      this.startLostTimer();
    }
  }

  private startLostTimer(): void {
    if (this.lostTimer || this.finished) return;
    this.lostTimer = setTimeout(() => {
      this.lostTimer = null;
      this.options.log(`rtc: no working link for ${this.lostTimeoutMs} ms; session lost`);
      this.finish('lost');
    }, this.lostTimeoutMs);
  }

  private restartLostTimer(): void {
    this.clearLostTimer();
    if (!this.connected) this.startLostTimer();
  }

  private clearLostTimer(): void {
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
  }

  private clearClientCloseTimer(): void {
    if (this.clientCloseTimer) clearTimeout(this.clientCloseTimer);
    this.clientCloseTimer = null;
  }

  private get lostTimeoutMs(): number {
    return this.options.lostTimeoutMs ?? DEFAULT_LOST_TIMEOUT_MS;
  }

  private finish(reason: PeerCloseReason): void {
    if (this.finished) return;
    this.release();
    this.options.onClosed(reason);
  }

  private release(): void {
    if (this.finished) return;
    this.finished = true;
    this.clock.stop();
    this.clearLostTimer();
    this.clearClientCloseTimer();
    for (const timer of this.delayedPings) clearTimeout(timer);
    this.delayedPings.clear();
    this.closePeer();
    this.playout.clear();
    this.uploads.clear();
  }

  private get silenced(): boolean {
    return performance.now() < this.silencedUntil;
  }

  // --- media -------------------------------------------------------------

  private mediaFrame(index: number, timeMs: number): void {
    const played = this.playout.nextFrame(this.pcm);
    if (this.clearReceivedAt !== null) this.noteClearSilence(this.clearReceivedAt);
    this.windowSumOfSquares += played.sumOfSquares;
    this.windowSamples += this.pcm.length;
    const sending = this.peer !== null && !this.silenced;
    if (sending) this.audioSource.onData({ samples: this.pcm, sampleRate: PLAYOUT_RATE });
    if (index % AUDIO_FRAMES_PER_VIDEO_FRAME !== AUDIO_FRAMES_PER_VIDEO_FRAME - 1) return;
    const rms = Math.sqrt(this.windowSumOfSquares / this.windowSamples);
    this.windowSumOfSquares = 0;
    this.windowSamples = 0;
    if (!sending || !this.degradation.keepFrame()) return;
    const { image } = this.renderer.render(timeMs, mouthOpening(rms));
    this.videoSource.onFrame(image);
    this.counters.framesSent++;
  }

  private noteClearSilence(receivedAt: number): void {
    this.clearReceivedAt = null;
    this.clearSilences.push({ receivedAt, silentAt: epochNow() });
    if (this.clearSilences.length > MAX_CLEAR_SILENCES) this.clearSilences.shift();
  }

  private utteranceStarted(message: string, sampleCount: number): void {
    this.counters.utterancesPlayed++;
    const duration = durationMs(sampleCount, PLAYOUT_RATE);
    this.send({ type: 'stf', data: { message, duration } });
  }

  // --- channels ----------------------------------------------------------

  private attachMessageChannel(channel: RTCDataChannel): void {
    this.messageChannel = channel;
    channel.addEventListener('message', (event: MessageEvent) => {
      if (channel === this.messageChannel) this.received(event.data);
    });
    channel.addEventListener('close', () => {
      if (channel !== this.messageChannel || this.finished) return;
      this.messageChannel = null;
      this.options.log('rtc: the client closed the message channel');
      this.clearClientCloseTimer();
      // A timer even without grace: the peer is not closed from inside its own channel's event.
      this.clientCloseTimer = setTimeout(() => this.finish('client'), this.options.clientCloseGraceMs ?? DEFAULT_CLIENT_CLOSE_GRACE_MS);
    });
  }

  private attachFileChannel(channel: RTCDataChannel): void {
    this.fileChannels.add(channel);
    channel.addEventListener('close', () => this.fileChannels.delete(channel));
    receiveFile(channel, { store: this.uploads, maxBytes: this.options.maxUploadBytes, log: this.options.log, refusal: uploadRefusal });
  }

  private send(message: ServerMessage): void {
    const channel = this.messageChannel;
    if (!channel || channel.readyState !== 'open') return;
    try {
      channel.send(encodeMessage(message));
    } catch (error) {
      this.options.log(`rtc: could not send ${message.type}: ${(error as Error).message}`);
    }
  }

  private received(raw: unknown): void {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      this.options.log(`rtc: ignored message: ${parsed.reason}`);
      return;
    }
    try {
      this.handle(parsed.message);
    } catch (error) {
      this.options.log(`rtc: ${parsed.message.type} failed: ${(error as Error).message}`);
    }
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'ping':
        this.answerPing();
        return;
      case 'ttstf':
        this.speakText(message.data.message);
        return;
      case 'stf':
        this.speakUpload(message.data.message, message.data.file_ref, message.data.format);
        return;
      case 'change-size':
        this.resize(message.data.width, message.data.height);
        return;
      case 'set-template':
        this.changeLook(message.data.model, message.data.dress);
        return;
      case 'clear-buffer':
        if (this.playout.speaking) this.clearReceivedAt ??= epochNow();
        this.playout.clear();
        return;
      case 'record-start':
        if (!this.recorder.hasTrack) this.options.log('rtc: record-start without a client audio track; the transcript will be an error');
        this.recorder.start();
        return;
      case 'record-end-stt':
        this.afterBurst(() => void this.transcribeUplink(message.data.language));
        return;
      case 'record-end-translate':
        this.options.log('rtc: record-end-translate: no translation engine; answering the transcript in the source language');
        this.afterBurst(() => void this.transcribeUplink(message.data.src_lang || undefined));
        return;
    }
  }

  private answerPing(): void {
    const answer = (): void => {
      if (!this.silenced) this.send({ type: 'ping', data: {} });
    };
    const delayMs = this.degradation.pingDelayMs;
    if (delayMs === 0) return answer();
    const timer = setTimeout(() => {
      this.delayedPings.delete(timer);
      answer();
    }, delayMs);
    this.delayedPings.add(timer);
  }

  private speakText(text: string): void {
    const audio = this.options.synthesize(text).then(({ samples, sampleRate }) => resamplePcm16(samples, sampleRate, PLAYOUT_RATE));
    audio.catch((error: Error) => this.options.log(`rtc: ttstf: synthesis failed, utterance dropped: ${error.message}`));
    this.playout.enqueue(text, audio);
  }

  private speakUpload(text: string, fileRef: string, format: string): void {
    const file = this.uploads.get(fileRef);
    if (!file) {
      this.options.log(`rtc: stf: unknown or expired file_ref ${fileRef}; ignored`);
      return;
    }
    if (format !== 'wav') {
      this.options.log(`rtc: stf: format ${JSON.stringify(format)} is not supported by the emulator (WAV only); ignored`);
      return;
    }
    const { samples, sampleRate } = decodeWav16(file);
    this.playout.enqueue(text, Promise.resolve(resamplePcm16(samples, sampleRate, PLAYOUT_RATE)));
  }

  private resize(width: number, height: number): void {
    const size = fitFrameSize(width, height);
    if (!size) {
      this.options.log(`rtc: change-size ${width}×${height} ignored`);
      return;
    }
    if (size.width !== width || size.height !== height) this.options.log(`rtc: change-size ${width}×${height} rendered as ${size.width}×${size.height}`);
    this.renderer.setSize(size.width, size.height);
  }

  private changeLook(model: string | undefined, dress: string | undefined): void {
    let look: AvatarLook = model ? lookFor({ name: model, model, style: '' }) : this.renderer.currentLook;
    if (model && look.model === 'default') this.options.log(`rtc: set-template: unknown model ${JSON.stringify(model)}; showing the default figure`);
    if (dress) {
      const outfit = parseColor(dress);
      if (outfit) look = { ...look, outfit };
      else this.options.log(`rtc: set-template: unknown dress ${JSON.stringify(dress)}; outfit unchanged`);
    }
    this.renderer.setLook(look);
  }

  /**
   * A recording's end with no recording started waits for the rest of the
   * messages already delivered in the same turn of the event loop: on a new
   * channel @roamhq/wrtc can hand over the newest message before the ones
   * that arrived while it was making the channel's JavaScript object (a
   * `record-start` sent 1 ms earlier then comes second). docs/emulator.md,
   * "Known limits".
   */
  private afterBurst(end: () => void): void {
    if (this.recorder.recording) end();
    else setImmediate(end);
  }

  private async transcribeUplink(language: string | undefined): Promise<void> {
    const hadTrack = this.recorder.hasTrack;
    const wav = this.recorder.stop();
    if (!wav) {
      this.send({ type: 'stt-error', data: { code: 'not_recording' } });
      return;
    }
    if (!hadTrack) {
      this.send({ type: 'stt-error', data: { code: 'no_audio_track' } });
      return;
    }
    try {
      const text = await this.options.transcribe(wav, language);
      this.send({ type: 'stt', data: { text } });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.options.log(`rtc: transcription failed: ${(error as Error).message}`);
      this.send({ type: 'stt-error', data: { code: typeof code === 'string' && code ? code : 'stt_failed' } });
    }
  }
}

/** Unix-epoch ms with sub-ms precision, on the same time line as a browser's `performance.timeOrigin + performance.now()`. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
