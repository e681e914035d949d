import { describe, expect, it, vi } from 'vitest';
import type { ConnectionQuality, ConnectionQualityLevel, ConnectionState, Session } from '../../src/client/index.js';
import { useSessionFixture } from './harness.js';

// Real WebRTC on a shared 2-core box: generous bounds, no timing assertions.
vi.setConfig({ testTimeout: 90_000 });

const fixture = useSessionFixture();
const open = fixture.open.bind(fixture);

/** Resolves with the first `connection-quality` sample whose level is one of `levels`. */
function qualityReaches(session: Session, levels: ConnectionQualityLevel[], seen: ConnectionQuality[], timeoutMs = 30_000): Promise<ConnectionQuality> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`quality never reached ${levels.join('/')}; saw ${seen.map((q) => q.level).join(', ')}`));
    }, timeoutMs);
    const off = session.on('connection-quality', (quality) => {
      seen.push(quality);
      if (!levels.includes(quality.level)) return;
      clearTimeout(timer);
      off();
      resolve(quality);
    });
  });
}

function statusReaches(session: Session, status: ConnectionState, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the link never became ${status}`));
    }, timeoutMs);
    const off = session.subscribeConnectionState((state) => {
      if (state !== status) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
}

describe('connection quality (getStats every interval while connected)', () => {
  it('falls to poor when the emulator lowers the frame rate, and recovers when it restores it', async () => {
    const session = await open({ timeouts: { qualitySampleIntervalMs: 1000 } });
    expect(session.getConnectionQuality()).toBeNull();
    const seen: ConnectionQuality[] = [];
    const healthy = await qualityReaches(session, ['excellent', 'good'], seen);
    expect(healthy.figures).toMatchObject({ pingsAnswered: expect.any(Number), videoFps: expect.any(Number) });
    expect(healthy.figures!.videoFps).toBeGreaterThan(15);

    fixture.emulator.faults.degradeLink(session.getSessionId(), { fps: 5 });
    const poor = await qualityReaches(session, ['poor'], seen);
    expect(poor.figures!.videoFps).toBeLessThan(12);
    expect(session.getConnectionQuality()?.level).toBe('poor');

    fixture.emulator.faults.degradeLink(session.getSessionId(), {});
    await qualityReaches(session, ['excellent', 'good'], seen);
    console.log(`quality (fps fault): ${seen.map((q) => `${q.level}(${q.figures?.videoFps}fps)`).join(' ')}`);
  });

  it('falls to poor when ping answers come late, and recovers', async () => {
    const session = await open({ timeouts: { qualitySampleIntervalMs: 1000 } });
    const seen: ConnectionQuality[] = [];
    await qualityReaches(session, ['excellent', 'good'], seen);
    fixture.emulator.faults.degradeLink(session.getSessionId(), { pingDelayMs: 1500 });
    const poor = await qualityReaches(session, ['poor'], seen);
    expect(poor.figures!.rttMs).toBeGreaterThan(1000);
    fixture.emulator.faults.degradeLink(session.getSessionId(), {});
    await qualityReaches(session, ['excellent', 'good'], seen);
    console.log(`quality (ping fault): ${seen.map((q) => `${q.level}(${q.figures?.rttMs}ms)`).join(' ')}`);
  });

  it('is lost while the link is down and closed', async () => {
    const session = await open({ timeouts: { qualitySampleIntervalMs: 1000 } });
    await qualityReaches(session, ['excellent', 'good', 'poor'], []);
    const lost = qualityReaches(session, ['lost'], []);
    fixture.emulator.faults.cutLink(session.getSessionId(), 0, 'close');
    expect((await lost).figures).toBeNull();
    session.stopSession();
    expect(session.getConnectionQuality()?.level).toBe('lost');
  });
});

/** A `document` stand-in for Node: an EventTarget whose visibility the test sets. */
class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'hidden';
  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('page visible again / back online', () => {
  it('a healthy link answers the check and stays connected', async () => {
    const page = new FakeDocument();
    const network = new EventTarget();
    const session = await open({ pageEvents: { document: page, window: network } });
    const states: ConnectionState[] = [];
    session.subscribeConnectionState((state) => states.push(state));
    page.show();
    network.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(states).toEqual([]);
    expect(session.getConnectionState()).toBe('connected');
  });

  it('a silently dead link reconnects at once on visibilitychange, where the timer path waits for linkDeadMs', async () => {
    const CUT_MS = 12_000;
    const LINK_DEAD_MS = 8000;
    const page = new FakeDocument();
    const woken = await open({ pageEvents: { document: page, window: new EventTarget() } });
    const timed = await open({ pageEvents: false, timeouts: { linkDeadMs: LINK_DEAD_MS } });

    const cutAt = performance.now();
    fixture.emulator.faults.cutLink(woken.getSessionId(), CUT_MS, 'silence');
    fixture.emulator.faults.cutLink(timed.getSessionId(), CUT_MS, 'silence');
    const wokenDown = statusReaches(woken, 'reconnecting', 10_000);
    const timedDown = statusReaches(timed, 'reconnecting', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const wokeAt = performance.now();
    page.show();
    // The default linkDeadMs is 30 s: reaching `reconnecting` within 10 s can only be the check.
    const wokenDownAt = await wokenDown;
    const wokenUpAt = await statusReaches(woken, 'connected', 20_000);
    const timedDownAt = await timedDown;
    const timedUpAt = await statusReaches(timed, 'connected', 20_000);
    expect(wokenDownAt).toBeGreaterThan(wokeAt);
    console.log(
      `reconnect after a silent cut: visibility check ${Math.round(wokenUpAt - cutAt)} ms from the cut ` +
        `(${Math.round(wokenDownAt - wokeAt)} ms from the wake to reconnecting); ` +
        `timer path (linkDeadMs ${LINK_DEAD_MS}) ${Math.round(timedUpAt - cutAt)} ms (reconnecting after ${Math.round(timedDownAt - cutAt)} ms)`,
    );
  });
});
