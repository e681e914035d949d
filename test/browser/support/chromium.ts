/**
 * Debian's Chromium, headless, driven by playwright-core: a fresh profile,
 * granted fake camera/microphone (optionally fed from a WAV file) and
 * autoplay allowed without a gesture (unless `autoplayPolicy: 'browser-default'`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumOptions {
  /**
   * A WAV file the fake microphone plays. Chromium starts it afresh for each
   * getUserMedia stream and, with `%noloop`, plays it once, then silence.
   */
  fakeMicWav?: string;
  /** @default { width: 1280, height: 800 } */
  viewport?: { width: number; height: number };
  /**
   * `no-user-gesture-required` (default) passes `--autoplay-policy`;
   * `browser-default` passes no autoplay flag, so sound needs a user gesture as for a visitor.
   * @default 'no-user-gesture-required'
   */
  autoplayPolicy?: 'no-user-gesture-required' | 'browser-default';
}

export interface RunningChromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile. Safe to call twice. */
  close(): Promise<void>;
}

export function chromiumArgs(fakeMicWav?: string, autoplayPolicy: ChromiumOptions['autoplayPolicy'] = 'no-user-gesture-required'): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(autoplayPolicy === 'browser-default' ? [] : ['--autoplay-policy=no-user-gesture-required']),
    ...(fakeMicWav ? [`--use-file-for-fake-audio-capture=${fakeMicWav}%noloop`] : []),
  ];
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<RunningChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (npm test runs scripts/setup.mjs, which does)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'perso-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs(options.fakeMicWav, options.autoplayPolicy),
      viewport: options.viewport ?? { width: 1280, height: 800 },
      timeout: 60_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  return {
    context,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
