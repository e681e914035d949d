/** Reading the demo page's state from a test, through its data attributes. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export type ChatStateName = 'RECORDING' | 'LLM' | 'ANALYZING' | 'SPEAKING' | 'TTS';

export interface BadgeChange {
  state: ChatStateName;
  active: boolean;
  /** `performance.now()` in the page. */
  at: number;
}

interface BadgeWindow {
  __badgeChanges?: BadgeChange[];
}

/**
 * Records every badge change from now on, in the page, so a state that is on
 * only briefly is not missed between two polls.
 */
export async function recordBadgeChanges(page: Page): Promise<void> {
  await page.evaluate(() => {
    const target = window as BadgeWindow;
    if (target.__badgeChanges) return;
    const changes: BadgeChange[] = [];
    target.__badgeChanges = changes;
    new MutationObserver((records) => {
      for (const record of records) {
        const badge = record.target as HTMLElement;
        const active = badge.dataset.active === 'true';
        if (record.oldValue === String(active)) continue;
        changes.push({ state: badge.dataset.chatState as ChatStateName, active, at: performance.now() });
      }
    }).observe(document.getElementById('chat-states') as HTMLElement, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-active'],
      attributeOldValue: true,
    });
  });
}

/** The changes recorded so far for one state (all states when omitted). */
export async function badgeChanges(page: Page, state?: ChatStateName): Promise<BadgeChange[]> {
  const all = await page.evaluate(() => (window as BadgeWindow).__badgeChanges ?? []);
  return state ? all.filter((change) => change.state === state) : all;
}

/** The badges that are on, read in one step so a hand-over (ANALYZING → SPEAKING) is never seen half done. */
export async function activeBadges(page: Page): Promise<ChatStateName[]> {
  return page.locator('[data-chat-state][data-active="true"]').evaluateAll((badges) =>
    badges.map((badge) => (badge as HTMLElement).dataset.chatState as ChatStateName),
  );
}

export async function isBadgeActive(page: Page, state: ChatStateName): Promise<boolean> {
  return (await page.getByTestId(`badge-${state}`).getAttribute('data-active')) === 'true';
}

export async function connectionState(page: Page): Promise<string | null> {
  return page.getByTestId('connection-state').getAttribute('data-state');
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
}

/** Types `question` into the chat box and sends it. */
export async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
}

/** Waits for an assistant message after the user message that matches `question`. */
export async function waitForAnswer(page: Page, question: RegExp, timeoutMs = 60_000): Promise<string> {
  let answer = '';
  await expect
    .poll(
      async () => {
        const messages = await chatMessages(page);
        let asked = -1;
        messages.forEach((m, index) => {
          if (m.role === 'user' && question.test(m.text)) asked = index;
        });
        answer = asked >= 0 ? (messages.slice(asked + 1).find((m) => m.role === 'assistant')?.text ?? '') : '';
        return answer.length > 0;
      },
      { timeout: timeoutMs, interval: 250 },
    )
    .toBe(true);
  return answer;
}

/** The conversation as shown, oldest first. */
export async function chatMessages(page: Page): Promise<ChatMessage[]> {
  return page.getByTestId('chat-message').evaluateAll((items) =>
    items.map((item) => ({
      role: (item as HTMLElement).dataset.role as 'user' | 'assistant',
      text: item.querySelector('.message__text')?.textContent ?? '',
    })),
  );
}

export interface VideoSample {
  width: number;
  height: number;
  playing: boolean;
  /** How many different frames were seen among the samples. */
  distinctFrames: number;
}

/** Draws the avatar video to a canvas `count` times and counts different pictures. */
export async function sampleVideo(page: Page, count: number, intervalMs: number): Promise<VideoSample> {
  return page.evaluate(
    async ({ count, intervalMs }) => {
      const video = document.getElementById('avatar-video') as HTMLVideoElement;
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, video.videoWidth);
      canvas.height = Math.max(1, video.videoHeight);
      const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
      const seen = new Set<string>();
      for (let i = 0; i < count; i++) {
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let hash = 0x811c9dc5;
        for (let p = 0; p < pixels.length; p += 4) hash = Math.imul(hash ^ (pixels[p]! + (pixels[p + 1]! << 8) + (pixels[p + 2]! << 16)), 0x01000193);
        seen.add((hash >>> 0).toString(16));
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return { width: video.videoWidth, height: video.videoHeight, playing: !video.paused && video.readyState >= 2, distinctFrames: seen.size };
    },
    { count, intervalMs },
  );
}

/** The error banner's text, or null while it is hidden. */
export async function bannerText(page: Page): Promise<string | null> {
  const banner = page.getByTestId('error-banner');
  return (await banner.isVisible()) ? await page.getByTestId('error-message').textContent() : null;
}

/**
 * Presses Start and waits for the connection pill to say connected; fails
 * with what the page told the person when it does not.
 */
export async function startSession(page: Page, timeoutMs = 90_000): Promise<void> {
  const start = page.getByTestId('start-button');
  await page.waitForFunction(() => !(document.getElementById('start-button') as HTMLButtonElement).disabled, undefined, { timeout: 30_000 });
  await start.click();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await connectionState(page);
    if (state === 'connected') return;
    const banner = await bannerText(page);
    if (banner !== null) throw new Error(`the session did not start (connection ${state}): ${banner}`);
    if (Date.now() > deadline) throw new Error(`the session did not connect within ${timeoutMs} ms (connection ${state})`);
    await page.waitForTimeout(250);
  }
}

export interface SpokenTurn {
  /** The user's transcribed message and the assistant's answer. */
  question: ChatMessage;
  answer: ChatMessage;
  /** How many words of `spoken` the transcript brought back. */
  wordsHeard: number;
}

/**
 * One spoken turn through a page's push-to-talk button (`mic-button`, whose
 * `data-state` says `recording`): press, let the fake microphone play its
 * file for `holdSec`, press again, and wait for the user message and the
 * answer it starts. The fake microphone restarts its file for each capture,
 * late on a loaded machine: `untilHeard`, when given, is awaited before the
 * hold starts (a page's level meter showing the speech, say).
 */
export async function speakThroughMicButton(page: Page, spoken: string, holdSec: number, untilHeard?: () => Promise<void>): Promise<SpokenTurn> {
  const before = (await chatMessages(page)).length;
  const mic = page.getByTestId('mic-button');
  await mic.click();
  await expect.poll(() => mic.getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('recording');
  await expect.poll(() => isBadgeActive(page, 'RECORDING'), { timeout: 10_000, interval: 100 }).toBe(true);
  await untilHeard?.();
  await page.waitForTimeout(holdSec * 1000);
  await mic.click();
  let added: ChatMessage[] = [];
  await expect
    .poll(
      async () => {
        added = (await chatMessages(page)).slice(before);
        return added.map((message) => message.role);
      },
      { timeout: 90_000, interval: 250 },
    )
    .toEqual(['user', 'assistant']);
  const heard = new Set(added[0]!.text.toLowerCase().split(/[^a-z']+/));
  const wordsHeard = spoken.toLowerCase().split(' ').filter((word) => heard.has(word)).length;
  return { question: added[0]!, answer: added[1]!, wordsHeard };
}
