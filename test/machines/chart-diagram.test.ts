/** The chart pictures in docs/images are drawn from the machines; this keeps them in step with the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartPictures } from '../../scripts/chart-pictures.js';

describe('chart pictures', () => {
  for (const { file, svg } of chartPictures()) {
    it(`${file} is up to date (else run: node scripts/chart-diagram.mjs)`, () => {
      expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8') === svg).toBe(true);
    });
  }

  it('draws every state of the session chart, eventless transitions included', () => {
    const session = chartPictures()[0]!.svg;
    for (const state of ['capturing', 'runningTools', 'synthesizing', 'analyzing', 'speaking', 'answering', 'closed (final)']) expect(session).toContain(`>${state}<`);
    expect(session).toContain('always [hasQueuedUtterance] → transcribing');
  });
});
