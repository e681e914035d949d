/**
 * One session start as timestamps at the SDK's boundaries, in whatever clock
 * the client ran on (Node's or the page's `performance.now()`), and the
 * phases the session-start benchmark reports from them.
 */
export interface RequestMark {
  method: string;
  /** The path after `/api/v1/session/{id}/` ('' for session info). */
  endpoint: string;
  sentAt: number;
  answeredAt?: number;
}

export interface StartMarks {
  /** `createSession` was called. */
  startedAt: number;
  requests: RequestMark[];
  /** `setLocalDescription` called with the offer: ICE gathering starts. */
  localDescriptionAt?: number;
  iceGatheringCompleteAt?: number;
  trackAt: number[];
  channelOpenAt?: number;
  /** `createSession` resolved. */
  readyAt: number;
  firstFrameAt?: number;
}

/** Milestones of one session start, in ms after `createSession` was called. */
export interface StartTimeline {
  firstRequest: number;
  sessionInfoSent: number;
  sessionInfo: number;
  iceServersSent: number;
  iceServers: number;
  localDescription: number | null;
  iceGathered: number | null;
  offerSent: number;
  answer: number;
  firstTrack: number;
  channelOpen: number;
  ready: number;
  firstFrame: number | null;
}

function request(marks: StartMarks, method: string, endpoint: string): { sentAt: number; answeredAt: number } {
  const found = marks.requests.find((candidate) => candidate.method === method && candidate.endpoint === endpoint);
  if (found?.answeredAt === undefined) throw new Error(`${method} /${endpoint} was not answered`);
  return { sentAt: found.sentAt, answeredAt: found.answeredAt };
}

export function timelineOf(marks: StartMarks): StartTimeline {
  if (marks.trackAt.length === 0 || marks.channelOpenAt === undefined) {
    throw new Error('the session became ready without a track or an open channel in the marks');
  }
  const since = (at: number): number => at - marks.startedAt;
  const info = request(marks, 'GET', '');
  const ice = request(marks, 'GET', 'ice-servers/');
  const exchange = request(marks, 'POST', 'exchange/');
  return {
    firstRequest: since(Math.min(...marks.requests.map((candidate) => candidate.sentAt))),
    sessionInfoSent: since(info.sentAt),
    sessionInfo: since(info.answeredAt),
    iceServersSent: since(ice.sentAt),
    iceServers: since(ice.answeredAt),
    localDescription: marks.localDescriptionAt === undefined ? null : since(marks.localDescriptionAt),
    iceGathered: marks.iceGatheringCompleteAt === undefined ? null : since(marks.iceGatheringCompleteAt),
    offerSent: since(exchange.sentAt),
    answer: since(exchange.answeredAt),
    firstTrack: since(Math.min(...marks.trackAt)),
    channelOpen: since(marks.channelOpenAt),
    ready: since(marks.readyAt),
    firstFrame: marks.firstFrameAt === undefined ? null : since(marks.firstFrameAt),
  };
}

export interface Phase {
  key: string;
  label: string;
  of(timeline: StartTimeline): number | null;
}

const discovered = (t: StartTimeline): number => Math.max(t.sessionInfo, t.iceServers);

/**
 * Phases, in the order the SDK goes through them. Session info and ICE
 * servers are fetched in parallel (the chart's `discovering` state), and so
 * media and the channel come up in parallel after the answer: those pairs
 * are each measured from their common start. ICE gathering goes on after
 * the offer is sent; its "complete" is shown for comparison only.
 */
export const PHASES: Phase[] = [
  { key: 'setup', label: 'phase: setup (createSession → first request)', of: (t) => t.firstRequest },
  { key: 'sessionInfo', label: 'phase: session info (GET /session/{id}/)', of: (t) => t.sessionInfo - t.sessionInfoSent },
  { key: 'iceServers', label: 'phase: ICE servers (GET /ice-servers/)', of: (t) => t.iceServers - t.iceServersSent },
  { key: 'discovery', label: 'phase: both answered (createSession → info + ICE)', of: discovered },
  { key: 'offer', label: 'phase: offer (peer, createOffer, first candidates)', of: (t) => t.offerSent - discovered(t) },
  {
    key: 'offerCreation',
    label: '  of which: createOffer → setLocalDescription',
    of: (t) => (t.localDescription === null ? null : t.localDescription - discovered(t)),
  },
  {
    key: 'candidateWait',
    label: '  of which: setLocalDescription → offer sent (candidate wait)',
    of: (t) => (t.localDescription === null ? null : t.offerSent - t.localDescription),
  },
  {
    key: 'iceGathering',
    label: '  for comparison: setLocalDescription → gathering "complete"',
    of: (t) => (t.localDescription === null || t.iceGathered === null ? null : t.iceGathered - t.localDescription),
  },
  { key: 'exchange', label: 'phase: exchange (POST /exchange/ round trip)', of: (t) => t.answer - t.offerSent },
  { key: 'firstMedia', label: 'phase: first media (answer → remote track)', of: (t) => t.firstTrack - t.answer },
  { key: 'channelOpen', label: 'phase: channel open (answer → message open)', of: (t) => t.channelOpen - t.answer },
  { key: 'readySignal', label: 'phase: SDK ready after last of track/open', of: (t) => t.ready - Math.max(t.firstTrack, t.channelOpen) },
  { key: 'total', label: 'createSession → ready (total)', of: (t) => t.ready },
  { key: 'firstFrame', label: 'createSession → first decoded video frame', of: (t) => t.firstFrame },
];
