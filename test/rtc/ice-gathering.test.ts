import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { candidateNeedFor, LocalCandidateLog, sdpWithCandidates, type CandidateWaitOptions, type CandidateWaitOutcome } from '../../src/rtc/ice-gathering.js';

/** The part of a peer connection the wait reads; the test gathers candidates by hand. */
class GatheringPeer extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering';
  /** Listening from before setLocalDescription, as the SDK and the emulator do. */
  readonly log = new LocalCandidateLog(this as unknown as RTCPeerConnection);

  gather(type: 'host' | 'srflx' | 'relay', address = '192.0.2.2'): void {
    const candidate = `candidate:1 1 udp 2122194687 ${address} 5000 typ ${type}`;
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { candidate, sdpMid: '0', sdpMLineIndex: 0 } }));
  }

  complete(): void {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: null }));
  }
}

function track(promise: Promise<CandidateWaitOutcome>): { outcome: CandidateWaitOutcome | null } {
  const state: { outcome: CandidateWaitOutcome | null } = { outcome: null };
  void promise.then((outcome) => (state.outcome = outcome));
  return state;
}

const wait = (peer: GatheringPeer, options: CandidateWaitOptions) => track(peer.log.ready(options));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('candidateNeedFor', () => {
  it('asks for a STUN or TURN candidate only when an ICE server has such a url', () => {
    expect(candidateNeedFor([])).toBe('host');
    expect(candidateNeedFor([{ urls: [] }])).toBe('host');
    expect(candidateNeedFor([{ urls: 'stun:stun.example.org:3478' }])).toBe('reflexive-or-relay');
    expect(candidateNeedFor([{ urls: ['turns:turn.example.org', 'turn:turn.example.org'] }])).toBe('reflexive-or-relay');
    expect(candidateNeedFor([{ urls: ' STUN:stun.example.org' }])).toBe('reflexive-or-relay');
  });
});

describe('LocalCandidateLog.ready', () => {
  it('with no ICE server, ends once the first host candidate burst goes quiet, long before gathering completes', async () => {
    const peer = new GatheringPeer();
    const state = wait(peer, { need: 'host', timeoutMs: 1000, quietMs: 5 });
    peer.gather('host', '192.0.2.2');
    await vi.advanceTimersByTimeAsync(3);
    peer.gather('host', '127.0.0.1');
    await vi.advanceTimersByTimeAsync(4);
    expect(state.outcome).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(state.outcome).toBe('candidate');
    expect(peer.log.finish('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n')).toContain('a=candidate:1 1 udp 2122194687 127.0.0.1 5000 typ host\r\n');
  });

  it('with a STUN server, host candidates are not enough: it waits for a server-reflexive one', async () => {
    const peer = new GatheringPeer();
    const state = wait(peer, { need: 'reflexive-or-relay', timeoutMs: 1000, quietMs: 5 });
    peer.gather('host');
    await vi.advanceTimersByTimeAsync(200);
    expect(state.outcome).toBeNull();
    peer.gather('srflx', '203.0.113.7');
    await vi.advanceTimersByTimeAsync(5);
    expect(state.outcome).toBe('candidate');
  });

  it('a relay candidate is as good as a server-reflexive one', async () => {
    const peer = new GatheringPeer();
    const state = wait(peer, { need: 'reflexive-or-relay', timeoutMs: 1000, quietMs: 5 });
    peer.gather('relay', '203.0.113.9');
    await vi.advanceTimersByTimeAsync(5);
    expect(state.outcome).toBe('candidate');
  });

  it('is bounded: a STUN server that never answers delays the offer by timeoutMs, no more', async () => {
    const peer = new GatheringPeer();
    const state = wait(peer, { need: 'reflexive-or-relay', timeoutMs: 300 });
    peer.gather('host');
    await vi.advanceTimersByTimeAsync(299);
    expect(state.outcome).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(state.outcome).toBe('timeout');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends when gathering completes without the needed kind, and at once when it already had', async () => {
    const peer = new GatheringPeer();
    const state = wait(peer, { need: 'reflexive-or-relay', timeoutMs: 1000 });
    peer.gather('host');
    peer.complete();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.outcome).toBe('complete');
    const again = wait(peer, { need: 'host', timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(again.outcome).toBe('complete');
  });

  it('reads candidates gathered before it was called from the local description', async () => {
    const peer = new GatheringPeer();
    peer.gather('srflx');
    const state = wait(peer, { need: 'reflexive-or-relay', timeoutMs: 1000, quietMs: 5 });
    await vi.advanceTimersByTimeAsync(5);
    expect(state.outcome).toBe('candidate');
  });

  it('ends on abort and leaves no timer or listener behind', async () => {
    const peer = new GatheringPeer();
    const controller = new AbortController();
    const state = wait(peer, { need: 'host', timeoutMs: 1000, signal: controller.signal });
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.outcome).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
    peer.gather('host');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a completion reported before any candidate', () => {
  it('(as @roamhq/wrtc does right after setLocalDescription) is not the end: the wait goes on to the candidates', async () => {
    const peer = new GatheringPeer();
    peer.complete();
    const state = wait(peer, { need: 'host', timeoutMs: 1000, quietMs: 5 });
    await vi.advanceTimersByTimeAsync(1);
    expect(state.outcome).toBeNull();
    peer.iceGatheringState = 'gathering';
    peer.gather('host', '192.0.2.2');
    peer.complete();
    await vi.advanceTimersByTimeAsync(1);
    expect(state.outcome).toBe('complete');
    expect(peer.log.candidates).toHaveLength(1);
  });
});

describe('a renegotiation that keeps the ICE credentials', () => {
  it('lists the candidates carried over, and its wait ends at once once gathering is complete', async () => {
    const first = new GatheringPeer();
    first.gather('host', '192.0.2.2');
    first.complete();
    const renegotiation = new LocalCandidateLog(first as unknown as RTCPeerConnection, first.log.candidates);
    const state = track(renegotiation.ready({ need: 'host', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.outcome).toBe('complete');
    expect(renegotiation.finish('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n')).toContain('a=candidate:1 1 udp 2122194687 192.0.2.2 5000 typ host\r\n');
    expect(first.log.candidates).toHaveLength(1);
  });
});

describe('sdpWithCandidates', () => {
  const SDP = ['v=0', 'a=group:BUNDLE 0 1', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=mid:1', ''].join('\r\n');

  it('puts each candidate at the end of its m-section, by index, else by mid, once each', () => {
    const host = 'candidate:1 1 udp 2122194687 192.0.2.2 5000 typ host';
    const tcp = 'candidate:2 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active';
    const out = sdpWithCandidates(SDP, [
      { candidate: host, sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: tcp, sdpMid: '1', sdpMLineIndex: null },
      { candidate: host, sdpMid: '0', sdpMLineIndex: 0 },
    ]);
    expect(out.split('\r\n')).toEqual(['v=0', 'a=group:BUNDLE 0 1', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', `a=${host}`, 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=mid:1', `a=${tcp}`, '']);
  });

  it('leaves an SDP with no candidates as it is', () => {
    expect(sdpWithCandidates(SDP, [])).toBe(SDP);
  });
});
