/**
 * The compatibility example (examples/compat): an app written for the
 * published SDK 1.6.1 the way its README and Example Guide write apps, once
 * with the script-tag build and once as an ES module, driven through its UI
 * in Chromium against the emulator: start, typed chat, a tool, TTS, STT, STF,
 * TTSTF, voice chat, stop.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { getSessionInfo } from '../../src/server/index.js';
import { launchChromium, type RunningChromium } from './support/chromium.js';
import { requireBuilt } from './support/dist.js';
import { synthesizeFakeMicWav, type FakeMicWav } from './support/fake-mic.js';
import { collectPageErrors, type PageErrors } from './support/page-errors.js';

const POCKETSPHINX = '/usr/bin/pocketsphinx_continuous';
const SPOKEN_QUESTION = 'What is the weather in Paris';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
let fakeMic: FakeMicWav;
let browser: RunningChromium;

beforeAll(async () => {
  requireBuilt('examples/compat/index.html', 'examples/compat/esm.html', 'examples/compat/esm.js', 'examples/compat/conversation.js', 'client/index.iife.js');
  emulator = await startEmulator({ port: 0 });
  fakeMic = await synthesizeFakeMicWav({ apiServer: emulator.url, apiKey: emulator.apiKey, text: SPOKEN_QUESTION });
  browser = await launchChromium({ fakeMicWav: fakeMic.path });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  fakeMic?.remove();
});

/** The texts of a list's items with their roles, in page order. */
async function items(page: Page, testId: string): Promise<Array<{ role: string; text: string }>> {
  return page.getByTestId(testId).locator('li').evaluateAll((nodes) => nodes.map((node) => ({ role: (node as HTMLElement).dataset.role ?? '', text: node.textContent ?? '' })));
}

async function badge(page: Page, state: string): Promise<boolean> {
  return (await page.locator(`#chat-states li[data-state="${state}"]`).getAttribute('data-active')) === 'true';
}

async function waitUntilQuiet(page: Page): Promise<void> {
  await expect
    .poll(async () => !(await badge(page, 'LLM')) && !(await badge(page, 'ANALYZING')) && !(await badge(page, 'SPEAKING')) && !(await badge(page, 'RECORDING')), {
      timeout: 90_000,
      interval: 250,
    })
    .toBe(true);
}

async function waitForSpeaking(page: Page): Promise<void> {
  await expect.poll(() => badge(page, 'SPEAKING'), { timeout: 60_000, interval: 100 }).toBe(true);
}

/** Presses a push-to-talk button, lets the fake microphone say its question, presses again. */
async function speakThrough(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await button.click();
  await expect.poll(() => button.getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('recording');
  await page.waitForTimeout((fakeMic.speechSec + 2.5) * 1000);
  await button.click();
  await expect.poll(() => button.getAttribute('data-state'), { timeout: 90_000, interval: 250 }).toBe('idle');
}

function wordsOf(text: string): number {
  const heard = new Set(text.toLowerCase().split(/[^a-z']+/));
  return SPOKEN_QUESTION.toLowerCase().split(' ').filter((word) => heard.has(word)).length;
}

describe.each([
  { flavour: 'the script tag (PersoInteractive global)', path: '/examples/compat/' },
  { flavour: 'an ES module import', path: '/examples/compat/esm.html' },
])('the compatibility example through $flavour', ({ path }) => {
  let page: Page;
  let errors: PageErrors;

  beforeAll(async () => {
    page = await browser.context.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${emulator.url}${path}`);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
  });

  afterEach(async () => {
    expect(errors.unexpected()).toEqual([]);
    expect(await items(page, 'errors')).toEqual([]);
  });

  it('starts a session and shows the avatar', async () => {
    await page.getByTestId('start-button').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-status'), { timeout: 60_000, interval: 100 }).toBe('connected');
    expect(emulator.sessions.get((await page.getByTestId('session-id').textContent()) ?? '')?.status).toBe('IN_PROGRESS');
    await expect.poll(() => page.evaluate(() => !(document.getElementById('video') as HTMLVideoElement).paused), { timeout: 30_000, interval: 250 }).toBe(true);
  }, 90_000);

  it('answers typed chat (processChat) in the chat log, running the weather tool', async () => {
    await page.getByTestId('chat-input').fill("What's the weather in Paris?");
    await page.getByTestId('chat-send').click();
    await expect.poll(async () => (await items(page, 'chat-log')).map((item) => item.role), { timeout: 60_000, interval: 250 }).toEqual(['user', 'assistant']);
    const [question, answer] = await items(page, 'chat-log');
    expect(question!.text).toBe("What's the weather in Paris?");
    expect(answer!.text).toMatch(/22|sunny/i);
    expect(await items(page, 'tool-calls')).toEqual([{ role: 'tool-call', text: 'get_weather(Paris)' }]);
    await waitForSpeaking(page);
    await waitUntilQuiet(page);
  }, 120_000);

  it('speaks a scripted line (processTTSTF), which joins the chat log as the avatar’s', async () => {
    await page.getByTestId('say-button').click();
    await waitForSpeaking(page);
    expect((await items(page, 'chat-log')).at(-1)).toEqual({ role: 'assistant', text: 'Welcome! How can I help you today?' });
    await waitUntilQuiet(page);
  }, 90_000);

  it('synthesises audio on its own (processTTS) and has the avatar speak a file (processSTF → file_ref)', async () => {
    await page.getByTestId('tts-button').click();
    await expect.poll(() => page.getByTestId('tts-audio').getAttribute('data-bytes'), { timeout: 30_000, interval: 100 }).toMatch(/^[1-9]\d*$/);
    expect(await page.getByTestId('tts-size').textContent()).toMatch(/bytes \(audio\//);
    await page.getByTestId('stf-button').click();
    await expect.poll(() => page.getByTestId('file-ref').textContent(), { timeout: 30_000, interval: 100 }).toMatch(/^file_/);
    await waitForSpeaking(page);
    await waitUntilQuiet(page);
  }, 90_000);

  it('streams processLLM → processTTS → processSTF into its own bubbles; the chat log is left alone', async () => {
    const logBefore = await items(page, 'chat-log');
    await page.getByTestId('chat-input').fill("What's the weather in Berlin?");
    await page.getByTestId('pipeline-send').click();
    await expect.poll(async () => (await items(page, 'stream')).at(-1)?.role, { timeout: 60_000, interval: 250 }).toBe('assistant');
    await waitForSpeaking(page);
    const stream = await items(page, 'stream');
    expect(stream[0]).toEqual({ role: 'user', text: "What's the weather in Berlin?" });
    expect(stream).toContainEqual({ role: 'tool', text: 'get_weather' });
    expect(stream.at(-1)!.text).toMatch(/22|sunny/i);
    expect(await items(page, 'chat-log')).toEqual(logBefore);
    await waitUntilQuiet(page);
  }, 120_000);

  it.skipIf(!existsSync(POCKETSPHINX))('transcribes the microphone with the published toggle (STT)', async () => {
    await speakThrough(page, 'stt-button');
    const transcript = (await page.getByTestId('transcript').textContent()) ?? '';
    expect(wordsOf(transcript), `heard "${transcript}"`).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('chat-input').inputValue()).toBe(transcript);
  }, 150_000);

  it.skipIf(!existsSync(POCKETSPHINX))('answers a spoken question (voice chat: STT → LLM → TTS → STF)', async () => {
    const before = (await items(page, 'stream')).length;
    await speakThrough(page, 'voice-button');
    await expect.poll(async () => (await items(page, 'stream')).slice(before).at(-1)?.role, { timeout: 90_000, interval: 250 }).toBe('assistant');
    const turn = (await items(page, 'stream')).slice(before);
    expect(turn[0]!.role).toBe('user');
    expect(wordsOf(turn[0]!.text), `heard "${turn[0]!.text}"`).toBeGreaterThanOrEqual(3);
    await waitForSpeaking(page);
    await waitUntilQuiet(page);
  }, 180_000);

  it('stops: the session is terminated on the emulator', async () => {
    const sessionId = (await page.getByTestId('session-id').textContent()) ?? '';
    await page.getByTestId('stop-button').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-status'), { timeout: 10_000, interval: 100 }).toBe('closed');
    await expect.poll(async () => (await getSessionInfo({ sessionId, apiServer: emulator.url })).status, { timeout: 30_000, interval: 250 }).toBe('TERMINATED');
  }, 60_000);
});
