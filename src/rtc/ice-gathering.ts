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
const SDP_CANDIDATE_TYPES = /^a=candidate:.*\styp\s+(host|srflx|prflx|relay)\b/gm;

/** `reflexive-or-relay` when some ICE server has a STUN or TURN url, else `host`. */
export function candidateNeedFor(iceServers: readonly RTCIceServer[]): CandidateNeed {
  const urls = iceServers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  return urls.some((url) => typeof url === 'string' && SERVER_URL.test(url.trim())) ? 'reflexive-or-relay' : 'host';
}

function satisfies(need: CandidateNeed, type: string | undefined): boolean {
  if (type === undefined) return false;
  return need === 'host' ? true : type === 'srflx' || type === 'relay';
}

function sdpHasCandidate(sdp: string | undefined, need: CandidateNeed): boolean {
  if (!sdp) return false;
  for (const match of sdp.matchAll(SDP_CANDIDATE_TYPES)) if (satisfies(need, match[1])) return true;
  return false;
}

/**
 * Resolves once the local description holds a candidate of the needed kind
 * (and the burst it came in has gone quiet), once gathering is complete, on
 * `timeoutMs`, or when `signal` aborts; never rejects. Call it right after
 * `setLocalDescription`: candidates that fired before it are read from the SDP.
 */
export function localCandidatesReady(pc: RTCPeerConnection, options: CandidateWaitOptions): Promise<CandidateWaitOutcome> {
  const { need, timeoutMs, signal } = options;
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  if (signal?.aborted) return Promise.resolve('aborted');
  if (pc.iceGatheringState === 'complete') return Promise.resolve('complete');
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
      if (pc.iceGatheringState === 'complete') finish('complete');
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (!event.candidate) return finish('complete');
      if (found || satisfies(need, CANDIDATE_TYPE.exec(event.candidate.candidate)?.[1])) waitForQuiet();
    };
    const onAbort = (): void => finish('aborted');
    const deadline = setTimeout(() => finish('timeout'), timeoutMs);
    pc.addEventListener('icegatheringstatechange', onStateChange);
    pc.addEventListener('icecandidate', onCandidate);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (sdpHasCandidate(pc.localDescription?.sdp, need)) waitForQuiet();
  });
}
