/**
 * Chromium pages for the benchmarks, on the emulator's origin (the SDK's
 * requests must be same-origin) with HTML the benchmark supplies through a
 * route: the benchmarks start the emulator without its static files.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface EmulatorPage {
  page: Page;
  /**
   * The page's uncaught exceptions, for the benchmark to report. Console errors are left out:
   * onnxruntime writes its warnings there (vad), and a benchmark measures, it does not judge the log.
   */
  pageErrors: string[];
}

export interface EmulatorPageOptions {
  /** The emulator's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Where the HTML is served, under `/__bench/` so it never shadows an emulator route. */
  path: string;
  html: string;
  /** Runs before the page loads: init scripts that observe the SDK's boundaries. */
  prepare?(page: Page): Promise<unknown>;
}

/** The client IIFE as the emulator serves it, and nothing else: a page for `PersoInteractive.createSession`. */
export const SDK_PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script src="/sdk/perso-interactive.iife.js"></script></body></html>';

export async function openEmulatorPage(browser: BrowserContext, options: EmulatorPageOptions): Promise<EmulatorPage> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await options.prepare?.(page);
  await page.route(`${options.origin}${options.path}`, (route) => route.fulfill({ contentType: 'text/html', body: options.html }));
  await page.goto(`${options.origin}${options.path}`);
  return { page, pageErrors };
}

/** A page of SDK_PAGE_HTML, returned once the SDK's global is there. */
export async function openSdkPage(browser: BrowserContext, options: Omit<EmulatorPageOptions, 'html'>): Promise<EmulatorPage> {
  const opened = await openEmulatorPage(browser, { ...options, html: SDK_PAGE_HTML });
  await opened.page.waitForFunction(() => 'PersoInteractive' in window, undefined, { timeout: 30_000 });
  return opened;
}
