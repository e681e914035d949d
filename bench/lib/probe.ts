/**
 * Timestamps at the SDK's boundaries, taken in the benchmark process without
 * touching the SDK: a `fetch` wrapper (REST calls, first LLM stream byte) and
 * an `RTCPeerConnection` subclass handed to `createSession` (remote tracks,
 * `message` channel open, every message sent and received, decoded video
 * frames). All times are `performance.now()` milliseconds of this process.
 */
import wrtc from '@roamhq/wrtc';
import { performance } from 'node:perf_hooks';

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
  status?: number;
}

export interface ChannelMessage {
  type: string;
  at: number;
  data?: unknown;
}

export interface VideoCounter {
  frames: number;
  /** Frames whose sampled luma differs from the previous frame's. */
  changedFrames: number;
  firstFrameAt?: number;
  width: number;
  height: number;
  stop(): void;
}

export interface SessionTrace {
  sessionId: string;
  requests: RequestTiming[];
  peerCreatedAt?: number;
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

/** Counts decoded frames of a remote video track and notices when the picture changes. */
export function countVideoFrames(track: MediaStreamTrack): VideoCounter {
  const sink = new wrtc.nonstandard.RTCVideoSink(track);
  let previous = -1;
  const counter: VideoCounter = {
    frames: 0,
    changedFrames: 0,
    width: 0,
    height: 0,
    stop: () => sink.stop(),
  };
  sink.addEventListener('frame', (event) => {
    const { frame } = event as unknown as { frame: { width: number; height: number; data: Uint8Array } };
    counter.frames += 1;
    counter.firstFrameAt ??= performance.now();
    counter.width = frame.width;
    counter.height = frame.height;
    const checksum = lumaChecksum(frame.data, frame.width, frame.height);
    if (previous !== -1 && checksum !== previous) counter.changedFrames += 1;
    previous = checksum;
  });
  return counter;
}

/** A hash of every 2nd luma sample of every 2nd row: cheap, and any moving mouth changes it. */
function lumaChecksum(data: Uint8Array, width: number, height: number): number {
  let hash = 0x811c9dc5;
  for (let row = 0; row < height; row += 2) {
    const start = row * width;
    for (let column = 0; column < width; column += 2) hash = Math.imul(hash ^ data[start + column]!, 0x01000193);
  }
  return hash >>> 0;
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
