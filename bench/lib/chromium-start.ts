/**
 * Session starts in Debian's Chromium: the client IIFE, served by the
 * emulator, runs `createSession` in a page of the emulator's origin, as an
 * app would; `setSrc` puts the avatar on a muted `<video>` when it resolves
 * and `requestVideoFrameCallback` marks the first decoded frame. An init
 * script observes the boundaries (fetch, RTCPeerConnection) without
 * touching the SDK; all marks are the page's `performance.now()`.
 */
import { launchChromium, type RunningChromium } from '../../test/browser/support/chromium.js';
import { openSdkPage } from './emulator-page.js';
import type { StartMarks } from './start-marks.js';

/** Runs in the page before the SDK: notes the marks of the start in `window.__start`. */
function observeBoundaries(): void {
  type Marks = {
    startedAt: number;
    requests: Array<{ method: string; endpoint: string; sentAt: number; answeredAt?: number }>;
    localDescriptionAt?: number;
    iceGatheringCompleteAt?: number;
    trackAt: number[];
    channelOpenAt?: number;
  };
  const page = window as unknown as { __start?: Marks };
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      const marks = page.__start;
      if (!marks) return;
      this.addEventListener('track', () => marks.trackAt.push(performance.now()));
      this.addEventListener('icegatheringstatechange', () => {
        if (this.iceGatheringState === 'complete') marks.iceGatheringCompleteAt ??= performance.now();
      });
    }

    override async setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
      if (page.__start) page.__start.localDescriptionAt ??= performance.now();
      await super.setLocalDescription(description);
    }

    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      const channel = super.createDataChannel(label, init);
      const marks = page.__start;
      if (marks && label === 'message') channel.addEventListener('open', () => (marks.channelOpenAt ??= performance.now()));
      return channel;
    }
  } as typeof RTCPeerConnection;
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const match = /\/api\/v1\/session\/[^/]+\/(.*)$/.exec(new URL(url, location.href).pathname);
    const marks = page.__start;
    if (!match || !marks) return nativeFetch(input, init);
    const mark: Marks['requests'][number] = { method: init?.method ?? 'GET', endpoint: match[1]!, sentAt: performance.now() };
    marks.requests.push(mark);
    const response = await nativeFetch(input, init);
    mark.answeredAt = performance.now();
    return response;
  };
}

/** Runs in the page: one session start, its marks, then a clean stop. */
async function startOnce({ sessionId, apiServer }: { sessionId: string; apiServer: string }): Promise<StartMarks> {
  type Sdk = {
    createSession(options: object): Promise<{
      setSrc(video: HTMLVideoElement): void;
      stopSession(): Promise<void> | void;
      onClose(callback: () => void): () => void;
    }>;
  };
  const page = window as unknown as { __start?: StartMarks; PersoInteractive: Sdk };
  const marks: StartMarks = { startedAt: performance.now(), requests: [], trackAt: [], readyAt: 0 };
  page.__start = marks;
  const session = await page.PersoInteractive.createSession({ sessionId, apiServer, width: 640, height: 360, clientTools: [] });
  marks.readyAt = performance.now();
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  const firstFrame = new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
  session.setSrc(video);
  void video.play().catch(() => undefined);
  marks.firstFrameAt = await Promise.race([firstFrame, new Promise<undefined>((resolve) => setTimeout(resolve, 5000))]);
  page.__start = undefined;
  const closed = new Promise<void>((resolve) => session.onClose(() => resolve()));
  await session.stopSession();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
  video.remove();
  return marks;
}

export interface ChromiumStarter {
  /** One `createSession` in the page, with a session id made by the caller. */
  start(sessionId: string): Promise<StartMarks>;
  close(): Promise<void>;
}

export async function chromiumStarter(apiServer: string): Promise<ChromiumStarter> {
  let browser: RunningChromium | undefined;
  try {
    browser = await launchChromium();
    const { page, pageErrors } = await openSdkPage(browser.context, {
      origin: apiServer,
      path: '/__bench/session-start.html',
      prepare: (fresh) => fresh.addInitScript(observeBoundaries),
    });
    const running = browser;
    return {
      async start(sessionId) {
        const marks = await page.evaluate(startOnce, { sessionId, apiServer });
        if (pageErrors.length > 0) throw new Error(`the page reported errors: ${pageErrors.splice(0).join('; ')}`);
        return marks;
      },
      close: () => running.close(),
    };
  } catch (error) {
    await browser?.close();
    throw error;
  }
}
