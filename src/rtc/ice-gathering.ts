/**
 * Resolves once the peer has gathered its ICE candidates, or after
 * `timeoutMs`: the Perso protocol has no trickle ICE, so the offer must carry
 * its candidates. Sending what was gathered by the deadline beats failing.
 */
export function iceGatheringComplete(pc: RTCPeerConnection, timeoutMs: number, signal: AbortSignal): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      pc.removeEventListener('icecandidate', onCandidate);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const onChange = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (!event.candidate) done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
    pc.addEventListener('icecandidate', onCandidate);
    signal.addEventListener('abort', done, { once: true });
  });
}
