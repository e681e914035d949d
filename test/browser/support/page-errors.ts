/**
 * Collects what a page reports as broken (console errors, uncaught
 * exceptions) so each test can fail on the ones it did not expect.
 */
import type { Page } from 'playwright-core';

export interface PageErrors {
  /** Everything collected so far, oldest first. */
  readonly all: readonly string[];
  /** Those not matching `allowed`. */
  unexpected(allowed?: readonly RegExp[]): string[];
  /** Forgets what was collected (for example after a deliberate failure). */
  reset(): void;
}

export function collectPageErrors(page: Page): PageErrors {
  const collected: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') collected.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => collected.push(`pageerror: ${error.stack ?? error.message}`));
  return {
    get all() {
      return collected;
    },
    unexpected(allowed = []) {
      return collected.filter((text) => !allowed.some((pattern) => pattern.test(text)));
    },
    reset() {
      collected.length = 0;
    },
  };
}
