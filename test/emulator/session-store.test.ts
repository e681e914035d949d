import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../emulator/sessions/store.js';
import type { PeerLink } from '../../emulator/sessions/peer-link.js';
import type { ResolvedSessionParams } from '../../emulator/sessions/resolve-params.js';

function fakePeer(): PeerLink & { closed: boolean } {
  return {
    closed: false,
    answer: async () => ({ type: 'answer', sdp: '' }),
    cutLink: () => undefined,
    degrade: () => undefined,
    async close() {
      this.closed = true;
    },
    stats: { framesSent: 3, utterancesPlayed: 1, width: 320, height: 180 },
  };
}

const params = { modelStyle: { name: 'aria' }, capability: ['STF_WEBRTC'] } as unknown as ResolvedSessionParams;

describe('SessionStore', () => {
  // A terminated record stays readable for 10 minutes: holding its peer kept
  // every ended session's avatar renderer and native media sources alive that long.
  it('lets go of a terminated session’s peer, after closing it, and keeps its last stats', async () => {
    const store = new SessionStore(() => [], () => undefined);
    const record = store.create(params);
    const peer = fakePeer();
    record.peer = peer;
    store.terminate(record, 'GRACEFUL_TERMINATION', 'test');
    await store.peersClosed();
    expect(peer.closed).toBe(true);
    expect(record.peer).toBeNull();
    expect(store.peerStats(record)).toEqual({ framesSent: 3, utterancesPlayed: 1, width: 320, height: 180 });
  });
});
