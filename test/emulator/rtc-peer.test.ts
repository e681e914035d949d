import { describe, expect, it } from 'vitest';
import { peerFixture, sleep } from './support/peer-fixture.js';
import { waitUntil } from './support/rtc-client.js';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

describe('PeerHost: connection, video, speech', () => {
  const openPeer = peerFixture();

  it('connects and streams video at the requested size, about 25 fps', async () => {
    const { test, client } = await openPeer();
    await waitUntil(() => test.connected === 1, 5000, 'onConnected');

    client.send('change-size', { width: 640, height: 360 });
    await waitUntil(() => client.frames.at(-1)?.width === 640, 5000, '640×360 frames');
    const start = Date.now();
    await sleep(2000);
    const frames = client.framesSince(start);
    expect(frames.every((frame) => frame.width === 640 && frame.height === 360)).toBe(true);
    // 25 fps is 50 frames in 2 s; a loaded 2-core box may drop some.
    expect(frames.length).toBeGreaterThan(25);
    expect(frames.length).toBeLessThan(60);

    client.send('change-size', { width: 320, height: 240 });
    await waitUntil(() => client.frames.at(-1)?.width === 320 && client.frames.at(-1)?.height === 240, 5000, '320×240 frames');
    expect(test.host.stats).toMatchObject({ width: 320, height: 240 });
    expect(test.host.stats.framesSent).toBeGreaterThan(25);
  });

  it('caps the size at 1280×720 keeping the aspect ratio, with even sides', async () => {
    const { test, client } = await openPeer();
    client.send('change-size', { width: 1921, height: 1081 });
    await waitUntil(() => test.host.stats.width !== 640, 5000, 'the resize');
    expect(test.host.stats).toMatchObject({ width: 1278, height: 720 });
    client.send('change-size', { width: -5, height: 100 });
    client.send('change-size', { width: 'wide', height: 100 });
    await sleep(200);
    expect(test.host.stats).toMatchObject({ width: 1278, height: 720 });
  });

  it('answers ping with ping and survives bad messages', async () => {
    const { test, client } = await openPeer();
    client.sendRaw('not json');
    client.sendRaw('{"type":"no-such-type","data":{}}');
    client.sendRaw('{"data":{}}');
    client.send('ttstf', {});
    client.send('ping');
    await client.nextMessage('ping');
    expect(test.logs.filter((line) => line.includes('ignored message'))).toHaveLength(4);
  });

  it('speaks ttstf: an stf message with the audio duration, sound while speaking, silence when idle, a moving mouth', async () => {
    const { test, client } = await openPeer();
    await sleep(600);
    const idleFrom = Date.now();
    await sleep(1000);
    const idleUntil = Date.now();

    const text = 'Hello there, nice to meet you!';
    client.send('ttstf', { message: text });
    const stf = await client.nextMessage('stf');
    const speakingFrom = Date.now();
    expect(stf.data.message).toBe(text);
    expect(Math.abs(stf.data.duration - text.length * 60)).toBeLessThan(text.length * 60 * 0.1);
    await sleep(1200);
    const speakingUntil = Date.now();
    await sleep(stf.data.duration - 1200 + 800);
    const quietFrom = Date.now();
    await sleep(600);

    const loud = mean(client.audioSince(speakingFrom + 200, speakingUntil).map((chunk) => chunk.rms));
    const idle = mean(client.audioSince(idleFrom, idleUntil).map((chunk) => chunk.rms));
    const after = mean(client.audioSince(quietFrom).map((chunk) => chunk.rms));
    expect(loud).toBeGreaterThan(1000);
    expect(idle).toBeLessThan(50);
    expect(after).toBeLessThan(50);

    const mouthWhileIdle = client.frames.filter((f) => f.at >= idleFrom && f.at < idleUntil).map((f) => f.mouthDarkPixels);
    const mouthWhileSpeaking = client.frames.filter((f) => f.at >= speakingFrom + 200 && f.at < speakingUntil).map((f) => f.mouthDarkPixels);
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(mouthWhileIdle.length).toBeGreaterThan(10);
    expect(mouthWhileSpeaking.length).toBeGreaterThan(10);
    // Closed and still while idle; opening and closing with the loudness while speaking.
    expect(spread(mouthWhileSpeaking)).toBeGreaterThan(100);
    expect(Math.max(...mouthWhileSpeaking)).toBeGreaterThan(5 * (Math.max(...mouthWhileIdle) + 10));
    expect(spread(mouthWhileIdle)).toBeLessThan(spread(mouthWhileSpeaking) / 5);
    expect(test.host.stats.utterancesPlayed).toBe(1);
  });

  it('plays utterances in order, announcing each as it starts', async () => {
    const { client } = await openPeer({
      synthesize: async (text) => {
        // The first one is slow to synthesise; order must still hold.
        if (text === 'first') await sleep(300);
        return { samples: new Int16Array(16_000 * 0.4).fill(3000), sampleRate: 16_000 };
      },
    });
    client.send('ttstf', { message: 'first' });
    client.send('ttstf', { message: 'second' });
    await waitUntil(() => client.messagesOf('stf').length === 2, 5000, 'two stf messages');
    const [first, second] = client.messagesOf('stf');
    expect(first?.data).toEqual({ message: 'first', duration: 400 });
    expect(second?.data).toEqual({ message: 'second', duration: 400 });
  });

  it('clear-buffer stops speech within a few frames and drops the queue', async () => {
    const { test, client } = await openPeer();
    client.send('ttstf', { message: 'a long sentence that keeps going for quite a while' });
    client.send('ttstf', { message: 'never spoken' });
    await client.nextMessage('stf');
    await sleep(500);
    const sentAt = performance.timeOrigin + performance.now();
    client.send('clear-buffer');
    const clearedAt = Date.now();
    await sleep(1000);
    // The host notes when the message arrived and when its first silent frame went out (for the barge-in benchmark).
    const [silence, ...more] = test.host.stats.clearSilences;
    expect(more).toEqual([]);
    expect(silence!.receivedAt).toBeGreaterThanOrEqual(sentAt);
    expect(silence!.silentAt).toBeGreaterThanOrEqual(silence!.receivedAt);
    // A clear-buffer with nothing playing silences nothing and is not noted.
    client.send('clear-buffer');
    await sleep(100);
    expect(test.host.stats.clearSilences).toHaveLength(1);
    // Generous bound: audio is silent again 300 ms after the message was sent.
    const afterClear = client.audioSince(clearedAt + 300).map((chunk) => chunk.rms);
    expect(afterClear.length).toBeGreaterThan(20);
    expect(Math.max(...afterClear)).toBeLessThan(100);
    expect(client.messagesOf('stf')).toHaveLength(1);
    expect(test.host.stats.utterancesPlayed).toBe(1);
  });

  it('changes the look with set-template and keeps streaming', async () => {
    const { test, client } = await openPeer();
    client.send('set-template', { model: 'leo', dress: 'orange' });
    client.send('set-template', { dress: 'no-such-colour' });
    client.send('set-template', { model: 'nobody' });
    const before = client.frames.length;
    await waitUntil(() => client.frames.length > before + 10, 5000, 'more frames');
    expect(test.logs.some((line) => line.includes('unknown dress'))).toBe(true);
    expect(test.logs.some((line) => line.includes('unknown model'))).toBe(true);
  });
});
