/**
 * When an SDP carries enough ICE candidates to be sent. The Perso protocol
 * has no trickle ICE: the candidates in the offer (or the emulator's answer)
 * are all the other side ever gets. Waiting for gathering to complete costs
 * ~100 ms even with no ICE server (libwebrtc gathers TCP candidates in a
 * later step) and seconds when a STUN server does not answer, so the wait
 * ends as soon as the SDP holds the kind of candidate the other side needs.
 * docs/client.md ("When the offer goes out") says why each kind is enough.
 */

/** `host`: any local address will do; `reflexive-or-relay`: a STUN or TURN candidate is worth waiting for. */
export type CandidateNeed = 'host' | 'reflexive-or-relay';

/** Why the wait ended. */
export type CandidateWaitOutcome = 'candidate' | 'complete' | 'timeout' | 'aborted';

export interface CandidateWaitOptions {
  need: CandidateNeed;
  /** The longest the wait may last; the SDP then goes out with what was gathered. */
  timeoutMs: number;
  /**
   * After the needed candidate, the wait ends once no candidate has arrived
   * for this long, so the rest of the same burst (one per interface) is in
   * the SDP too. @default 5
   */
  quietMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_QUIET_MS = 5;
const SERVER_URL = /^(stuns?|turns?):/i;
const CANDIDATE_TYPE = /\styp\s+(host|srflx|prflx|relay)\b/;

/** `reflexive-or-relay` when some ICE server has a STUN or TURN url, else `host`. */
export function candidateNeedFor(iceServers: readonly RTCIceServer[]): CandidateNeed {
  const urls = iceServers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  return urls.some((url) => typeof url === 'string' && SERVER_URL.test(url.trim())) ? 'reflexive-or-relay' : 'host';
}

function satisfies(need: CandidateNeed, type: string | undefined): boolean {
  if (type === undefined) return false;
  return need === 'host' ? true : type === 'srflx' || type === 'relay';
}

/**
 * The local candidates as `icecandidate` gives them, from before
 * `setLocalDescription` on, the wait for enough of them, and the SDP to send
 * built from them. Reading `pc.localDescription` while libwebrtc still
 * gathers (its TCP step runs ~100 ms after the first burst) races the
 * signalling thread adding a candidate to that description: in @roamhq/wrtc
 * the getter then crashes the process in `webrtc::SdpSerialize` (a core from
 * the in-process soak showed it). The SDP from `createOffer`/`createAnswer`
 * is a plain string, so this log never touches the native description.
 */
export class LocalCandidateLog {
  readonly candidates: RTCIceCandidate[];
  private readonly onCandidate = (event: RTCPeerConnectionIceEvent): void => {
    if (event.candidate?.candidate) this.candidates.push(event.candidate);
  };

  /**
   * `carriedOver`: the candidates of the ICE credentials still in use. A
   * renegotiation without an ICE restart gathers nothing new, yet its SDP
   * must still list them, as libwebrtc's own description would.
   */
  constructor(
    private readonly pc: RTCPeerConnection,
    carriedOver: readonly RTCIceCandidate[] = [],
  ) {
    this.candidates = [...carriedOver];
    pc.addEventListener('icecandidate', this.onCandidate);
  }

  has(need: CandidateNeed): boolean {
    return this.candidates.some((candidate) => satisfies(need, CANDIDATE_TYPE.exec(candidate.candidate)?.[1]));
  }

  /**
   * Resolves once a candidate of the needed kind has been gathered (and the
   * burst it came in has gone quiet), once gathering is complete, on
   * `timeoutMs`, or when `signal` aborts; never rejects. Call it right after
   * `setLocalDescription`: candidates that fired before it are already logged.
   */
  ready(options: CandidateWaitOptions): Promise<CandidateWaitOutcome> {
    const { pc } = this;
    const { need, timeoutMs, signal } = options;
    const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    if (signal?.aborted) return Promise.resolve('aborted');
    // @roamhq/wrtc often reports 'complete' (and a null candidate) right after setLocalDescription,
    // before the first candidate: gathering only counts as complete once something was gathered.
    const gatheredAll = (): boolean => pc.iceGatheringState === 'complete' && this.candidates.length > 0;
    if (gatheredAll()) return Promise.resolve('complete');
    return new Promise<CandidateWaitOutcome>((resolve) => {
      let quietTimer: ReturnType<typeof setTimeout> | undefined;
      let found = false;
      const finish = (outcome: CandidateWaitOutcome): void => {
        clearTimeout(deadline);
        clearTimeout(quietTimer);
        pc.removeEventListener('icegatheringstatechange', onStateChange);
        pc.removeEventListener('icecandidate', onCandidate);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const waitForQuiet = (): void => {
        found = true;
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => finish('candidate'), quietMs);
      };
      const onStateChange = (): void => {
        if (gatheredAll()) finish('complete');
      };
      const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
        if (!event.candidate) return gatheredAll() ? finish('complete') : undefined;
        if (found || satisfies(need, CANDIDATE_TYPE.exec(event.candidate.candidate)?.[1])) waitForQuiet();
      };
      const onAbort = (): void => finish('aborted');
      const deadline = setTimeout(() => finish('timeout'), timeoutMs);
      pc.addEventListener('icegatheringstatechange', onStateChange);
      pc.addEventListener('icecandidate', onCandidate);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.has(need)) waitForQuiet();
    });
  }

  /** Stops listening and gives `sdp` (a `createOffer`/`createAnswer` SDP) with every candidate logged so far. */
  finish(sdp: string): string {
    this.pc.removeEventListener('icecandidate', this.onCandidate);
    return sdpWithCandidates(sdp, this.candidates);
  }
}

/** `sdp` with an `a=candidate:` line for each candidate at the end of its m-section (by index, else by mid, else the first). */
export function sdpWithCandidates(sdp: string, candidates: readonly Pick<RTCIceCandidate, 'candidate' | 'sdpMid' | 'sdpMLineIndex'>[]): string {
  const ending = sdp.endsWith('\r\n') ? '\r\n' : '';
  const sections: string[][] = [[]];
  for (const line of sdp.split('\r\n').filter((line, index, all) => line !== '' || index < all.length - 1)) {
    if (line.startsWith('m=')) sections.push([]);
    sections.at(-1)!.push(line);
  }
  const media = sections.slice(1);
  for (const { candidate, sdpMid, sdpMLineIndex } of candidates) {
    const byMid = media.findIndex((lines) => sdpMid != null && lines.includes(`a=mid:${sdpMid}`));
    const index = sdpMLineIndex != null && sdpMLineIndex < media.length ? sdpMLineIndex : Math.max(0, byMid);
    const line = `a=${candidate}`;
    if (media[index] && !media[index]!.includes(line)) media[index]!.push(line);
  }
  return sections.flat().join('\r\n') + ending;
}
