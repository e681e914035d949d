import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { RtcTestClient, type Answerer } from './support/rtc-client.js';
import { call, createSession, start, waitFor } from './emulator-helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ llm: { pace: 0 } });
});
afterAll(() => emulator.close());

/** Answers offers the way the SDK gets them answered: through POST /exchange/. */
const exchangeAnswerer = (id: string): Answerer => ({
  async answer(offer) {
    const { status, body, text } = await call<{ server_sdp: RTCSessionDescriptionInit }>(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { key: null, json: { client_sdp: offer } });
    if (status !== 200) throw new Error(`exchange failed: ${status} ${text}`);
    return body.server_sdp;
  },
});

describe('a session over a real WebRTC link (PeerHost)', () => {
  it('goes CREATED → EXCHANGED → IN_PROGRESS, speaks with Flite, survives a silence cut, and ends gracefully when the client leaves', async () => {
    const id = await createSession(emulator);
    expect(emulator.sessions.get(id)!.status).toBe('CREATED');
    const client = await RtcTestClient.connect(exchangeAnswerer(id));
    try {
      await waitFor(() => emulator.sessions.get(id)!.status === 'IN_PROGRESS', 10_000, 'IN_PROGRESS');
      client.send('ttstf', { message: 'Hello from the emulator.' });
      await waitFor(() => client.messages.some((message) => message.type === 'stf'), 15_000, 'an stf message');
      const stf = client.messages.find((message) => message.type === 'stf') as { data: { message: string; duration: number } };
      expect(stf.data.duration).toBeGreaterThan(500);
      const stats = emulator.sessions.peerStats(id)!;
      expect(stats.utterancesPlayed).toBeGreaterThanOrEqual(1);
      expect(stats.framesSent).toBeGreaterThan(0);

      expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/cut-link`, { json: { ms: 300, mode: 'silence' } })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(emulator.sessions.get(id)!.status).toBe('IN_PROGRESS');
    } finally {
      client.close();
    }
    await waitFor(() => emulator.sessions.get(id)!.status === 'TERMINATED', 15_000, 'termination');
    expect(emulator.sessions.get(id)!.termination_reason).toBe('GRACEFUL_TERMINATION');
    expect(emulator.sessions.get(id)!.duration_sec).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
