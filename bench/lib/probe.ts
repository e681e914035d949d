/**
 * Timestamps at the SDK's boundaries, taken in the benchmark process without
 * touching the SDK: a `fetch` wrapper (REST calls, first LLM stream byte) and
 * an `RTCPeerConnection` subclass handed to `createSession` (remote tracks,
 * `message` channel open, every message sent and received, decoded video
 * frames). All times are `performance.now()` milliseconds of this process.
 */
import wrtc from '@roamhq/wrtc';
import { performance } from 'node:perf_hooks';
import { MOUTH_INTERIOR_MAX_LUMA, mouthRect, type Rect } from '../../emulator/avatar/layout.js';

export interface RequestTiming {
  method: string;
  /** The path after `/api/v1/session/{id}/` ('' for session info), or the whole path otherwise. */
  endpoint: string;
  sentAt: number;
  /** The response headers arrived (fetch resolved). */
  answeredAt?: number;
  /** First chunk of the response body, for streamed (LLM) answers. */
  firstChunkAt?: number;
  /** Last chunk of the response body, for streamed (LLM) answers. */
  endedAt?: number;
  /** Every body chunk of a streamed (LLM) answer as it arrived, decoded. */
  bodyChunks?: Array<{ at: number; text: string }>;
  status?: number;
}

export interface ChannelMessage {
  type: string;
  at: number;
  data?: unknown;
}

export interface VideoCounter {
  frames: number;
  firstFrameAt?: number;
  lastFrameAt?: number;
  /** Longest time between two frames since the caller last set it to 0: a stall that a frame-rate average hides. */
  maxGapMs: number;
  /** Dark (open-mouth interior) pixels in the avatar's mouth rectangle, last frame. */
  mouthPixels: number;
  /** Frames whose mouth opening differs from the previous frame's: a moving mouth. */
  mouthChanges: number;
  /** The widest opening seen, in dark pixels. */
  mouthPixelsMax: number;
  width: number;
  height: number;
  stop(): void;
}

export interface SessionTrace {
  sessionId: string;
  requests: RequestTiming[];
  peerCreatedAt?: number;
  /** `setLocalDescription` called with the offer: ICE gathering starts. */
  localDescriptionAt?: number;
  iceGatheringCompleteAt?: number;
  trackAt: number[];
  channelOpenAt?: number;
  sent: ChannelMessage[];
  received: ChannelMessage[];
  video?: VideoCounter;
  peer?: RTCPeerConnection;
}

const traces = new Map<string, SessionTrace>();
/** The trace of the session being created: its peer connection is the next one made. */
let awaitingPeer: SessionTrace | undefined;
let fetchWrapped = false;

const SESSION_PATH = /\/api\/v1\/session\/([^/]+)\/(.*)$/;

function traceRequest(url: string, method: string): RequestTiming | undefined {
  const match = SESSION_PATH.exec(new URL(url).pathname);
  const trace = match ? traces.get(decodeURIComponent(match[1]!)) : undefined;
  if (!trace) return undefined;
  const timing: RequestTiming = { method, endpoint: match![2]!, sentAt: performance.now() };
  trace.requests.push(timing);
  return timing;
}

/** Notes when the first and the last body chunk arrive, passing every chunk on unchanged. */
function timedBody(body: ReadableStream<Uint8Array>, timing: RequestTiming): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const chunks: Array<{ at: number; text: string }> = (timing.bodyChunks = []);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      const now = performance.now();
      if (done) {
        timing.endedAt = now;
        controller.close();
        return;
      }
      timing.firstChunkAt ??= now;
      chunks.push({ at: now, text: decoder.decode(value, { stream: true }) });
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Wraps `globalThis.fetch` once; only requests to sessions being traced are timed. */
export function installFetchProbe(): void {
  if (fetchWrapped) return;
  fetchWrapped = true;
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const timing = traceRequest(url, method);
    const response = await original(input, init);
    if (!timing) return response;
    timing.answeredAt = performance.now();
    timing.status = response.status;
    if (!timing.endpoint.startsWith('llm/') || !response.body) return response;
    return new Response(timedBody(response.body, timing), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Starts tracing a session; its peer connection is the next `TracedPeerConnection` made. */
export function traceSession(sessionId: string): SessionTrace {
  const trace: SessionTrace = { sessionId, requests: [], trackAt: [], sent: [], received: [] };
  traces.set(sessionId, trace);
  awaitingPeer = trace;
  return trace;
}

export function forgetSession(trace: SessionTrace): void {
  trace.video?.stop();
  traces.delete(trace.sessionId);
  delete trace.peer;
  if (awaitingPeer === trace) awaitingPeer = undefined;
}

function messageType(data: unknown): ChannelMessage {
  const at = performance.now();
  if (typeof data !== 'string') return { type: '(binary)', at };
  try {
    const parsed = JSON.parse(data) as { type?: unknown; data?: unknown };
    return { type: typeof parsed.type === 'string' ? parsed.type : '(untyped)', at, data: parsed.data };
  } catch {
    return { type: '(text)', at };
  }
}

/** Openings that differ by fewer pixels than this are codec noise, not a moving mouth. */
const MOUTH_CHANGE_MIN_PIXELS = 3;

/**
 * Counts decoded frames of a remote video track and reads the avatar's mouth
 * opening in each: the dark pixels inside the emulator's published mouth
 * rectangle for that frame size (emulator/avatar/layout.ts).
 */
export function countVideoFrames(track: MediaStreamTrack): VideoCounter {
  const sink = new wrtc.nonstandard.RTCVideoSink(track);
  let rect: Rect | undefined;
  const counter: VideoCounter = {
    frames: 0,
    maxGapMs: 0,
    mouthPixels: 0,
    mouthChanges: 0,
    mouthPixelsMax: 0,
    width: 0,
    height: 0,
    stop: () => sink.stop(),
  };
  sink.addEventListener('frame', (event) => {
    const { frame } = event as unknown as { frame: { width: number; height: number; data: Uint8Array } };
    const now = performance.now();
    counter.frames += 1;
    counter.firstFrameAt ??= now;
    if (counter.lastFrameAt !== undefined) counter.maxGapMs = Math.max(counter.maxGapMs, now - counter.lastFrameAt);
    counter.lastFrameAt = now;
    if (frame.width !== counter.width || frame.height !== counter.height) {
      counter.width = frame.width;
      counter.height = frame.height;
      rect = mouthRect(frame.width, frame.height);
    }
    const pixels = darkPixels(frame.data, frame.width, rect!);
    if (counter.frames > 1 && Math.abs(pixels - counter.mouthPixels) >= MOUTH_CHANGE_MIN_PIXELS) counter.mouthChanges += 1;
    counter.mouthPixels = pixels;
    counter.mouthPixelsMax = Math.max(counter.mouthPixelsMax, pixels);
  });
  return counter;
}

function darkPixels(luma: Uint8Array, width: number, rect: Rect): number {
  let count = 0;
  for (let row = rect.y; row < rect.y + rect.height; row += 1) {
    const start = row * width + rect.x;
    for (let index = start; index < start + rect.width; index += 1) if (luma[index]! <= MOUTH_INTERIOR_MAX_LUMA) count += 1;
  }
  return count;
}

/**
 * @roamhq/wrtc's peer connection, observed. Passed to `createSession` as its
 * `RTCPeerConnection`; attaches itself to the session being traced.
 */
export class TracedPeerConnection extends wrtc.RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    const trace = awaitingPeer;
    awaitingPeer = undefined;
    if (!trace) return;
    trace.peerCreatedAt = performance.now();
    trace.peer = this;
    this.addEventListener('track', (event) => {
      trace.trackAt.push(performance.now());
      const { track } = event as RTCTrackEvent;
      if (track.kind === 'video' && !trace.video) trace.video = countVideoFrames(track);
    });
    this.addEventListener('icegatheringstatechange', () => {
      if (this.iceGatheringState === 'complete') trace.iceGatheringCompleteAt ??= performance.now();
    });
    const setLocalDescription = this.setLocalDescription.bind(this);
    this.setLocalDescription = (description?: RTCLocalSessionDescriptionInit): Promise<void> => {
      trace.localDescriptionAt ??= performance.now();
      return setLocalDescription(description);
    };
    const createDataChannel = this.createDataChannel.bind(this);
    this.createDataChannel = (label: string, init?: RTCDataChannelInit): RTCDataChannel => {
      const channel = createDataChannel(label, init);
      if (label !== 'message') return channel;
      channel.addEventListener('open', () => {
        trace.channelOpenAt ??= performance.now();
      });
      channel.addEventListener('message', (event) => trace.received.push(messageType((event as MessageEvent).data)));
      const send = channel.send.bind(channel);
      channel.send = (data: string | Blob | ArrayBuffer | ArrayBufferView) => {
        trace.sent.push(messageType(data));
        send(data as string);
      };
      return channel;
    };
  }
}
