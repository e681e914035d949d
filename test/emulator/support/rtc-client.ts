/**
 * A small WebRTC client for the emulator's peer, in Node: it offers what the
 * SDK offers (a `message` channel, receive-only audio and video, optionally a
 * microphone track), decodes what comes back and measures it.
 */
import { mouthRect, MOUTH_INTERIOR_MAX_LUMA } from '../../../emulator/avatar/layout.js';
import type { ServerMessage } from '../../../src/protocol/message-channel.js';
import { LocalCandidateLog } from '../../../src/rtc/ice-gathering.js';
import { PeerHost, type PeerCloseReason, type PeerHostOptions } from '../../../emulator/rtc/peer-host.js';
import { media, WrtcPeerConnection, type AudioSink, type AudioSource, type VideoSink } from '../../../emulator/rtc/wrtc.js';

export interface Answerer {
  answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
}

export interface ReceivedFrame {
  at: number;
  width: number;
  height: number;
  /** Pixels in the mouth rectangle dark enough to be the open mouth's inside. */
  mouthDarkPixels: number;
}

export interface ReceivedAudio {
  at: number;
  rms: number;
}

export interface ClientOptions {
  /** Also send a microphone track (legacy two-way voice), fed by `speakIntoMic`. */
  microphone?: boolean;
}

const waitUntil = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export { waitUntil };

function darkPixelsInMouth(frame: { width: number; height: number; data: Uint8Array }): number {
  const rect = mouthRect(frame.width, frame.height);
  let dark = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const row = y * frame.width;
    for (let x = rect.x; x < rect.x + rect.width; x++) if ((frame.data[row + x] as number) <= MOUTH_INTERIOR_MAX_LUMA) dark++;
  }
  return dark;
}

export class RtcTestClient {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  readonly messages: ServerMessage[] = [];
  readonly frames: ReceivedFrame[] = [];
  readonly audio: ReceivedAudio[] = [];
  private readonly sinks: Array<VideoSink | AudioSink> = [];
  private readonly microphone: AudioSource | null;
  private micTimer: NodeJS.Timeout | null = null;
  private candidates: RTCIceCandidate[] = [];
  private readonly answerer: Answerer;

  private constructor(answerer: Answerer, options: ClientOptions) {
    this.answerer = answerer;
    this.pc = new WrtcPeerConnection({ iceServers: [] });
    this.channel = this.pc.createDataChannel('message', { protocol: 'message' });
    this.channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') this.messages.push(JSON.parse(event.data) as ServerMessage);
    });
    this.microphone = options.microphone ? new media.RTCAudioSource() : null;
    if (this.microphone) this.pc.addTrack(this.microphone.createTrack());
    this.pc.addTransceiver('audio', { direction: 'recvonly' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.addEventListener('track', (event: RTCTrackEvent) => this.receive(event.track));
  }

  /** Offers, lets `answerer` answer, and waits for the channel and the first video frame. */
  static async connect(answerer: Answerer, options: ClientOptions = {}): Promise<RtcTestClient> {
    const client = new RtcTestClient(answerer, options);
    await client.negotiate();
    await waitUntil(() => client.channel.readyState === 'open' && client.frames.length > 0, 15_000, 'the message channel and a first video frame');
    return client;
  }

  /** A new offer on the same peer connection (ICE restart, as the SDK reconnects). */
  async restartIce(): Promise<void> {
    await this.negotiate({ iceRestart: true });
  }

  /** A new offer on the same peer connection that keeps its ICE credentials; answers the emulator's answer SDP. */
  async renegotiate(): Promise<string> {
    return this.negotiate();
  }

  send(type: string, data: Record<string, unknown> = {}): void {
    this.channel.send(JSON.stringify({ type, data }));
  }

  sendRaw(text: string): void {
    this.channel.send(text);
  }

  messagesOf<T extends ServerMessage['type']>(type: T): Array<Extract<ServerMessage, { type: T }>> {
    return this.messages.filter((message): message is Extract<ServerMessage, { type: T }> => message.type === type);
  }

  async nextMessage<T extends ServerMessage['type']>(type: T, timeoutMs = 10_000): Promise<Extract<ServerMessage, { type: T }>> {
    const seen = this.messagesOf(type).length;
    await waitUntil(() => this.messagesOf(type).length > seen, timeoutMs, `a ${type} message`);
    return this.messagesOf(type)[seen] as Extract<ServerMessage, { type: T }>;
  }

  framesSince(at: number): ReceivedFrame[] {
    return this.frames.filter((frame) => frame.at >= at);
  }

  audioSince(at: number, until = Infinity): ReceivedAudio[] {
    return this.audio.filter((chunk) => chunk.at >= at && chunk.at < until);
  }

  /** Uploads a file on a new `file` channel as the SDK does; resolves with the server's text answer. */
  async upload(bytes: Uint8Array, chunkBytes = 64 * 1024): Promise<string> {
    const channel = this.pc.createDataChannel('file', { protocol: 'file' });
    channel.binaryType = 'arraybuffer';
    const texts: string[] = [];
    channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') texts.push(event.data);
    });
    await waitUntil(() => texts.length > 0, 10_000, 'the file channel to be ready');
    for (let offset = 0; offset < bytes.byteLength && channel.readyState === 'open'; offset += chunkBytes) {
      channel.send(bytes.slice(offset, offset + chunkBytes));
      await waitUntil(() => channel.bufferedAmount <= 512 * 1024, 10_000, 'the upload buffer to drain');
    }
    if (channel.readyState === 'open') channel.send(new ArrayBuffer(0));
    await waitUntil(() => texts.length > 1, 10_000, 'the file_ref');
    channel.close();
    return texts[1] as string;
  }

  /** Feeds the microphone track with a tone for `ms`. */
  speakIntoMic(ms: number, frequency = 300): Promise<void> {
    const source = this.microphone;
    if (!source) throw new Error('connected without a microphone');
    const rate = 48_000;
    let frame = 0;
    return new Promise((resolve) => {
      this.micTimer = setInterval(() => {
        const samples = new Int16Array(rate / 100);
        for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * frequency * (frame * samples.length + i)) / rate));
        source.onData({ samples, sampleRate: rate });
        if (++frame * 10 >= ms) {
          this.stopMic();
          resolve();
        }
      }, 10);
    });
  }

  close(): void {
    this.stopMic();
    for (const sink of this.sinks) sink.stop();
    this.sinks.length = 0;
    for (const sender of this.pc.getSenders()) sender.track?.stop();
    this.pc.close();
  }

  private stopMic(): void {
    if (this.micTimer) clearInterval(this.micTimer);
    this.micTimer = null;
  }

  /** As the SDK does: the offer is built from the candidate log, never by reading pc.localDescription (see LocalCandidateLog). */
  private async negotiate(options?: RTCOfferOptions): Promise<string> {
    const offer = await this.pc.createOffer(options);
    const log = new LocalCandidateLog(this.pc, options?.iceRestart ? [] : this.candidates);
    let sdp: string;
    try {
      await this.pc.setLocalDescription(offer);
      await log.ready({ need: 'host', timeoutMs: 2000 });
    } finally {
      sdp = log.finish(offer.sdp ?? '');
      this.candidates = log.candidates;
    }
    const answer = await this.answerer.answer({ type: 'offer', sdp });
    await this.pc.setRemoteDescription(answer);
    return answer.sdp ?? '';
  }

  private receive(track: MediaStreamTrack): void {
    if (track.kind === 'video') {
      const sink = new media.RTCVideoSink(track);
      sink.onframe = ({ frame }) => {
        this.frames.push({ at: Date.now(), width: frame.width, height: frame.height, mouthDarkPixels: darkPixelsInMouth(frame) });
      };
      this.sinks.push(sink);
      return;
    }
    const sink = new media.RTCAudioSink(track);
    sink.ondata = ({ samples }) => {
      let sum = 0;
      for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) ** 2;
      this.audio.push({ at: Date.now(), rms: Math.sqrt(sum / Math.max(1, samples.length)) });
    };
    this.sinks.push(sink);
  }
}

/** Speech-like test audio: a tone whose loudness swings 4 times a second (so the mouth must move), 16 kHz. */
export function fakeSpeech(ms: number, sampleRate = 16_000): Int16Array {
  const samples = new Int16Array(Math.round((ms / 1000) * sampleRate));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    const envelope = 0.15 + 0.85 * Math.abs(Math.sin(2 * Math.PI * 2 * t));
    samples[i] = Math.round(12_000 * envelope * Math.sin(2 * Math.PI * 220 * t));
  }
  return samples;
}

/** A fake `synthesize`: 60 ms of speech-like audio per character. */
export async function fakeSynthesize(text: string): Promise<{ samples: Int16Array; sampleRate: number }> {
  return { samples: fakeSpeech(text.length * 60), sampleRate: 16_000 };
}

export interface TestHost {
  host: PeerHost;
  logs: string[];
  connected: number;
  closed: PeerCloseReason[];
}

/** A PeerHost with fakes for the engines; `overrides` replace any option. */
export function createTestHost(overrides: Partial<PeerHostOptions> = {}): TestHost {
  const state: Omit<TestHost, 'host'> = { logs: [], connected: 0, closed: [] };
  const host = new PeerHost({
    sessionId: 'test-session',
    modelStyle: { name: 'aria', model: 'aria', style: 'casual' },
    synthesize: fakeSynthesize,
    transcribe: async () => 'hello emulator',
    maxUploadBytes: 1024 * 1024,
    log: (line) => state.logs.push(line),
    onConnected: () => state.connected++,
    onClosed: (reason) => state.closed.push(reason),
    iceServers: [],
    ...overrides,
  });
  return Object.assign(state, { host });
}
