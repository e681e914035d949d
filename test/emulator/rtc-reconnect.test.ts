import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from './support/peer-fixture.js';
import { createTestHost, RtcTestClient, waitUntil, type TestHost } from './support/rtc-client.js';

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('PeerHost: faults, reconnects and closing', () => {
  let test: TestHost | null = null;
  const clients: RtcTestClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await test?.host.close();
    test = null;
  });

  const connect = async (options?: { microphone?: boolean }) => {
    const client = await RtcTestClient.connect(test!.host, options);
    clients.push(client);
    return client;
  };

  it('cutLink(silence) stops pings and media for its duration, then both resume', async () => {
    test = createTestHost();
    const client = await connect();
    test.host.cutLink(1500, 'silence');
    const cutAt = Date.now();
    client.send('ping');
    await sleep(1300);
    expect(client.messagesOf('ping')).toHaveLength(0);
    const framesDuringCut = client.frames.filter((frame) => frame.at > cutAt + 300 && frame.at < cutAt + 1300);
    expect(framesDuringCut.length).toBeLessThan(3);
    await sleep(500);
    client.send('ping');
    await client.nextMessage('ping');
    const resumedAt = Date.now();
    await waitUntil(() => client.framesSince(resumedAt).length > 10, 5000, 'frames after the cut');
    expect(test.closed).toEqual([]);
  });

  it('renegotiates an ICE restart on the live peer: same channel, media continues', async () => {
    test = createTestHost();
    const client = await connect();
    client.send('change-size', { width: 320, height: 240 });
    await client.restartIce();
    const restartedAt = Date.now();
    await waitUntil(() => client.framesSince(restartedAt).length > 10, 5000, 'frames after the restart');
    client.send('ping');
    await client.nextMessage('ping');
    expect(client.frames.at(-1)).toMatchObject({ width: 320, height: 240 });
    expect(test.logs.some((line) => line.includes('replacing the peer'))).toBe(false);
  });

  it('answers a renegotiation that keeps the ICE credentials with the candidates in use: same peer, media continues', async () => {
    test = createTestHost();
    const client = await connect();
    const answer = await client.renegotiate();
    expect(answer).toMatch(/\r\na=candidate:\S+ \d \S+ \d+ \S+ \d+ typ host/);
    const renegotiatedAt = Date.now();
    await waitUntil(() => client.framesSince(renegotiatedAt).length > 10, 5000, 'frames after the renegotiation');
    client.send('ping');
    await client.nextMessage('ping');
    expect(test.logs.some((line) => line.includes('replacing the peer'))).toBe(false);
  });

  it('cutLink(close) closes the peer; a new offer gets a fresh peer that keeps the avatar and its speech', async () => {
    test = createTestHost();
    const first = await connect();
    first.send('change-size', { width: 320, height: 240 });
    first.send('ttstf', { message: 'x'.repeat(40) }); // 2.4 s of speech
    await first.nextMessage('stf');
    test.host.cutLink(0, 'close');
    await waitUntil(() => first.channel.readyState === 'closed', 5000, 'the client channel to close');

    // A client reconnects with a new peer connection (its data channel died with the old peer).
    const second = await connect();
    await waitUntil(() => test!.connected === 2, 5000, 'onConnected after the reconnect');
    expect(second.frames.at(-1)).toMatchObject({ width: 320, height: 240 });
    second.send('ping');
    await second.nextMessage('ping');
    const from = Date.now();
    await sleep(400);
    // The utterance kept playing through the cut and is still audible.
    expect(Math.max(...second.audioSince(from).map((chunk) => chunk.rms))).toBeGreaterThan(1000);
    expect(test.closed).toEqual([]);
  });

  it('after cutLink(close), an ICE-restart offer from the same client restores media', async () => {
    test = createTestHost();
    const client = await connect();
    test.host.cutLink(0, 'close');
    await waitUntil(() => client.channel.readyState === 'closed', 5000, 'the client channel to close');
    await client.restartIce();
    const restartedAt = Date.now();
    await waitUntil(() => client.framesSince(restartedAt).length > 10, 10_000, 'frames after the restart');
    await waitUntil(() => test!.connected === 2, 5000, 'onConnected after the restart');
  });

  it('rejects an offer it cannot read and still answers the next one', async () => {
    test = createTestHost();
    await expect(test.host.answer({ type: 'offer', sdp: 'v=0 nonsense' })).rejects.toThrow();
    const client = await connect();
    client.send('ping');
    await client.nextMessage('ping');
  });

  it('reports a lost session when no new offer comes after the link went down', async () => {
    test = createTestHost({ lostTimeoutMs: 800 });
    await connect();
    test.host.cutLink(0, 'close');
    await waitUntil(() => test!.closed.length > 0, 5000, 'onClosed');
    expect(test.closed).toEqual(['lost']);
    await expect(test.host.answer({ type: 'offer', sdp: '' })).rejects.toThrow(/closed/);
  });

  it('reports a client close once the grace passes without a new offer', async () => {
    test = createTestHost({ clientCloseGraceMs: 300 });
    (await connect()).close();
    await waitUntil(() => test!.closed.length > 0, 5000, 'onClosed');
    expect(test.closed).toEqual(['client']);
  });

  it('a new peer connection within the close grace keeps the session', async () => {
    test = createTestHost({ clientCloseGraceMs: 1500 });
    (await connect()).close();
    await sleep(200);
    const second = await connect();
    second.send('ping');
    await second.nextMessage('ping');
    await sleep(1600);
    expect(test.closed).toEqual([]);
  });

  it('close() releases the peer, the tracks and every timer', async () => {
    const before = activeTimers();
    test = createTestHost();
    const client = await connect();
    client.send('ttstf', { message: 'speaking while closing' });
    await client.nextMessage('stf');
    test.host.cutLink(5000, 'silence');
    await test.host.close();
    clients.splice(0).forEach((c) => c.close());
    await sleep(100);
    expect(activeTimers()).toBeLessThanOrEqual(before);
    expect(test.closed).toEqual([]);
    const framesAtClose = test.host.stats.framesSent;
    await sleep(200);
    expect(test.host.stats.framesSent).toBe(framesAtClose);
  });
});
