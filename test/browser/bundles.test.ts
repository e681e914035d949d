/**
 * The published browser builds load as documented: the ESM build imports in
 * a page (xstate resolved through an import map, as an app's bundler or CDN
 * would), and the IIFE build works from a plain <script> tag as the global
 * `PersoInteractive`. Both offer every client export of the README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChromiumPage } from './support/chromium-page.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { SEED_CLIENT_EXPORTS } from '../support/published-exports.js';

/** What a page reports about the SDK module it loaded. */
const PROBE = `
  const chatStates = Object.keys(sdk.ChatState).filter((key) => Number.isNaN(Number(key))).sort();
  const tool = new sdk.ChatTool('get_weather', 'Weather', { type: 'object', properties: {} }, async () => ({}), false);
  window.__probe = {
    exports: Object.keys(sdk).sort(),
    chatStates,
    toolName: tool.name,
    defaultApiServer: sdk.DEFAULT_API_SERVER,
    apiErrorIsError: new sdk.ApiError(500, 'UNKNOWN_ERROR', 'x') instanceof Error,
    ttsRate: sdk.TTS_TARGET_SAMPLE_RATE,
  };
`;

const PAGES = {
  '/esm.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{"imports": {"xstate": "/node_modules/xstate/dist/xstate.esm.js"}}</script>
</head><body><script type="module">
import * as sdk from '/dist/client/index.js';
${PROBE}
</script></body></html>`,
  '/iife.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script src="/dist/client/index.iife.js"></script>
<script>
const sdk = window.PersoInteractive;
${PROBE}
</script></body></html>`,
};

interface Probe {
  exports: string[];
  chatStates: string[];
  toolName: string;
  defaultApiServer: string;
  apiErrorIsError: boolean;
  ttsRate: number;
}

let server: StaticServer;

beforeAll(async () => {
  server = await startStaticServer(PAGES);
});

afterAll(async () => {
  await server?.close();
});

const fixture = useChromiumPage({ built: ['client/index.js', 'client/index.iife.js'] });

async function probe(path: string): Promise<Probe> {
  await fixture.page.goto(`${server.url}${path}`);
  await fixture.page.waitForFunction(() => '__probe' in window, undefined, { timeout: 30_000 });
  return fixture.page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
}

function expectReadmeApi(result: Probe): void {
  expect(result.exports).toEqual(expect.arrayContaining(SEED_CLIENT_EXPORTS));
  expect(result.chatStates).toEqual(['ANALYZING', 'LLM', 'RECORDING', 'SPEAKING', 'TTS']);
  expect(result.toolName).toBe('get_weather');
  expect(result.defaultApiServer).toBe('https://platform.perso.ai');
  expect(result.apiErrorIsError).toBe(true);
  expect(result.ttsRate).toBe(16000);
}

describe('browser builds', () => {
  it('the ESM build imports in a page with xstate from an import map', async () => {
    expectReadmeApi(await probe('/esm.html'));
  }, 60_000);

  it('the IIFE build works from a plain script tag as the global PersoInteractive', async () => {
    expectReadmeApi(await probe('/iife.html'));
  }, 60_000);

  it('both builds export the same names', async () => {
    const esm = await probe('/esm.html');
    const iife = await probe('/iife.html');
    expect(iife.exports).toEqual(esm.exports);
  }, 60_000);
});
