/**
 * The browser tests' fixture: one Chromium (launchChromium: a fresh profile,
 * fake media devices) and one page for the whole test file, optionally on a
 * real emulator's origin with a fake microphone that says a sentence.
 *
 * It opens everything in beforeAll and closes it in afterAll (the browser and
 * its profile first, then the emulator, then the microphone's file). After
 * each test, what the page reported as broken (console errors, uncaught
 * exceptions) fails that test and is forgotten, so the next test starts clean.
 *
 *   const fixture = useChromiumPage({ built: ['demo/index.html'], emulator: {}, open: '/' });
 *   it('…', async () => { await fixture.page.getByTestId('start-button').click(); });
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { launchChromium, type ChromiumOptions, type RunningChromium } from './chromium.js';
import { requireBuilt } from './dist.js';
import { synthesizeFakeMicWav, type FakeMicWav } from './fake-mic.js';
import { collectPageErrors, type PageErrors } from './page-errors.js';

export interface ChromiumPageOptions {
  /** Files under dist/ the page loads, checked first so a missing build says what to run. @default [] */
  built?: string[];
  /** Starts an emulator on a free port before the browser; `microphoneSays` is synthesised by its TTS. */
  emulator?: { microphoneSays?: { text: string; leadSilenceSec?: number } };
  /** How Chromium starts; the fake microphone's file is filled in by `emulator.microphoneSays`. */
  chromium?: Omit<ChromiumOptions, 'fakeMicWav'>;
  /** Runs on the new page before it loads anything: init scripts, routes, request listeners. */
  prepare?(page: Page): Promise<unknown> | void;
  /** The path on the emulator's origin the page opens; without it the page stays blank. */
  open?: string;
  /** Console errors the running test provokes on purpose; asked after each test. @default () => [] */
  allowedErrors?(): readonly RegExp[];
}

export interface ChromiumPage {
  readonly browser: RunningChromium;
  readonly page: Page;
  /** Only with the `emulator` option. */
  readonly emulator: Emulator;
  /** Only with `emulator.microphoneSays`. */
  readonly fakeMic: FakeMicWav;
  /** Checks another page's errors after each test too (a tab the test opened). */
  watch(other: Page): void;
}

/**
 * Registers the hooks; call it at the top of a test file, outside any describe. A file's own
 * beforeAll registered after this call runs after it (vitest runs them in order), so it may use the emulator.
 */
export function useChromiumPage(options: ChromiumPageOptions = {}): ChromiumPage {
  let emulator: Emulator | undefined;
  let fakeMic: FakeMicWav | undefined;
  let browser: RunningChromium | undefined;
  let page: Page | undefined;
  const watched: PageErrors[] = [];

  // A real session in Chromium on a shared 2-core box: starting all this alone can take tens of seconds.
  beforeAll(async () => {
    requireBuilt(...(options.built ?? []));
    if (options.emulator) {
      emulator = await startEmulator({ port: 0 });
      const says = options.emulator.microphoneSays;
      if (says) fakeMic = await synthesizeFakeMicWav({ apiServer: emulator.url, apiKey: emulator.apiKey, ...says });
    }
    browser = await launchChromium({ ...options.chromium, fakeMicWav: fakeMic?.path });
    page = await browser.context.newPage();
    watched.push(collectPageErrors(page));
    await options.prepare?.(page);
    if (options.open !== undefined) await page.goto(`${required(emulator, 'the emulator option').url}${options.open}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    fakeMic?.remove();
  });

  afterEach(() => {
    const allowed = options.allowedErrors?.() ?? [];
    const unexpected = watched.flatMap((errors) => errors.unexpected(allowed));
    for (const errors of watched) errors.reset();
    expect(unexpected).toEqual([]);
  });

  return {
    get browser() {
      return required(browser, 'a launched browser');
    },
    get page() {
      return required(page, 'an open page');
    },
    get emulator() {
      return required(emulator, 'the emulator option');
    },
    get fakeMic() {
      return required(fakeMic, 'emulator.microphoneSays');
    },
    watch(other) {
      watched.push(collectPageErrors(other));
    },
  };
}

/** What a test reads before beforeAll ran, or without the option that makes it, is a mistake in the test: say which. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`useChromiumPage: this needs ${what} (read inside a test or hook, after beforeAll)`);
  return value;
}
