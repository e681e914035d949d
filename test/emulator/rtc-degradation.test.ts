import { describe, expect, it } from 'vitest';
import { LinkDegradation } from '../../emulator/rtc/link-degradation.js';
import { peerFixture, sleep } from './support/peer-fixture.js';

const keptOf = (degradation: LinkDegradation, frames: number): number => {
  let kept = 0;
  for (let i = 0; i < frames; i++) if (degradation.keepFrame()) kept++;
  return kept;
};

describe('LinkDegradation', () => {
  it('keeps every frame until degraded, then paces to the frame rate and drops its share, repeatably', () => {
    const degradation = new LinkDegradation(7);
    expect(keptOf(degradation, 25)).toBe(25);
    degradation.set({ fps: 10 });
    expect(keptOf(degradation, 250)).toBe(100);
    degradation.set({ dropShare: 0.5 });
    const kept = keptOf(degradation, 1000);
    expect(kept).toBeGreaterThan(400);
    expect(kept).toBeLessThan(600);
    const twin = new LinkDegradation(7);
    twin.set({ fps: 10 });
    keptOf(twin, 250);
    twin.set({ dropShare: 0.5 });
    expect(keptOf(twin, 1000)).toBe(kept);
    degradation.set({});
    expect(keptOf(degradation, 25)).toBe(25);
    expect(degradation.pingDelayMs).toBe(0);
  });
});

describe('PeerHost.degrade', () => {
  const open = peerFixture();

  it('sends fewer video frames at a lower frame rate, and all of them again once restored', async () => {
    const { test, client } = await open();
    await sleep(500);
    const fullFrom = Date.now();
    await sleep(2000);
    const full = client.framesSince(fullFrom).length;
    test.host.degrade({ fps: 5 });
    const degradedFrom = Date.now();
    await sleep(2000);
    const degraded = client.frames.filter((frame) => frame.at >= degradedFrom && frame.at < degradedFrom + 2000).length;
    test.host.degrade({});
    const restoredFrom = Date.now();
    await sleep(2000);
    const restored = client.framesSince(restoredFrom).length;
    expect(degraded).toBeLessThan(full / 2);
    expect(restored).toBeGreaterThan(degraded * 2);
  });

  it('answers pings late, in order, and on time again once restored', async () => {
    const { test, client } = await open();
    test.host.degrade({ pingDelayMs: 1000 });
    const sentAt = Date.now();
    client.send('ping');
    client.send('ping');
    await sleep(700);
    expect(client.messagesOf('ping')).toHaveLength(0);
    await client.nextMessage('ping');
    // Less 1 ms: Node runs timers on the event loop's millisecond clock, so the delay can end up to 1 ms early.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(999);
    test.host.degrade({});
    await sleep(500);
    const before = client.messagesOf('ping').length;
    expect(before).toBe(2);
    client.send('ping');
    await client.nextMessage('ping');
    expect(client.messagesOf('ping')).toHaveLength(3);
  });
});
