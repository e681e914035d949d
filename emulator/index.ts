/**
 * `perso-interactive-sdk-web/emulator`: an offline, protocol-exact Perso
 * Interactive platform for tests and local development.
 *
 * ```ts
 * const emulator = await startEmulator({ port: 0 });
 * // … point the SDK at emulator.url with emulator.apiKey …
 * await emulator.close();
 * ```
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { TerminationReason } from '../src/api/types.js';
import { DEFAULT_LIMITS, type EmulatorContext, type EmulatorLimits, type EngineReport } from './context.js';
import { registerBrowserAssets } from './browser-assets.js';
import { registerDemoRoutes } from './demo-routes.js';
import { LlmService } from './engines/llm/service.js';
import { ScriptedLlmEngine } from './engines/llm/scripted.js';
import { UpstreamLlmEngine, upstreamLlmFromEnv, type UpstreamLlmConfig } from './engines/llm/upstream.js';
import type { LlmRule, StoredLlmRule } from './engines/llm/rules.js';
import type { SttEngine } from './engines/stt/engine.js';
import { PocketsphinxEngine } from './engines/stt/pocketsphinx.js';
import { UpstreamSttEngine, upstreamSttFromEnv, type UpstreamSttConfig } from './engines/stt/upstream.js';
import { FliteEngine } from './engines/tts/flite.js';
import { TTS_VOICES } from './catalog.js';
import { createFaultControls, FaultRegistry, type EmulatorFaults } from './faults.js';
import { OriginPolicy } from './http/origin-policy.js';
import { EmulatorHttpServer, type EmulatorServerHooks } from './http/server.js';
import { landingPage } from './landing-page.js';
import { moduleFile } from './module-path.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerControlRoutes } from './routes/control.js';
import { registerLlmRoute } from './routes/llm.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerSettingsRoutes } from './routes/settings.js';
import { registerSttRoute } from './routes/stt.js';
import { registerTtsRoute } from './routes/tts.js';
import { loadPeerHostFactory, type PeerLinkFactory, type PeerLinkStats } from './sessions/peer-link.js';
import { DEFAULT_REAPER_TIMEOUTS, SessionReaper, type ReaperTimeouts } from './sessions/reaper.js';
import { SessionStore, type EmulatedSessionInfo } from './sessions/store.js';

/** The API key the emulator accepts when none is configured. Public on purpose: it guards nothing real. */
export const DEFAULT_API_KEY = 'perso-emulator-key';

export interface EmulatorLlmOptions {
  /** Milliseconds between streamed chunks of scripted and rule answers; 0 for tests. @default 30 */
  pace?: number;
  /** Rules loaded at start; they win over the engine. */
  rules?: LlmRule[];
  /**
   * An OpenAI-compatible upstream instead of the scripted engine; `null` forces
   * the scripted engine. @default from PERSO_EMULATOR_LLM_URL / _MODEL / _KEY
   */
  upstream?: UpstreamLlmConfig | null;
}

export interface EmulatorSttOptions {
  /** The `pocketsphinx_continuous` binary (path or name on PATH). @default "pocketsphinx_continuous" */
  pocketsphinxPath?: string;
  /** The en-US model directory. @default "/usr/share/pocketsphinx/model/en-us" */
  modelDir?: string;
  /** An OpenAI-compatible upstream instead of PocketSphinx; `null` forces PocketSphinx. @default from PERSO_EMULATOR_STT_URL / _MODEL / _KEY */
  upstream?: UpstreamSttConfig | null;
}

export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /**
   * More names the `Host` header may carry (beside 127.0.0.1, localhost, [::1]
   * and `host`), e.g. a LAN address or tunnel name; others get 421 (DNS rebinding).
   */
  allowedHosts?: string[];
  /**
   * Browser origins allowed to call the emulator beside its own
   * (`http://127.0.0.1:<port>`, `http://localhost:<port>`, …); `'*'` allows any
   * web page (then any site the developer visits can drive it). Others get 403.
   */
  corsOrigins?: string[];
  /** The API key organisation-scoped routes require. @default "perso-emulator-key" */
  apiKey?: string;
  llm?: EmulatorLlmOptions;
  stt?: EmulatorSttOptions;
  limits?: Partial<EmulatorLimits>;
  /** Session expiry and clean-up. */
  timeouts?: Partial<ReaperTimeouts>;
  /** What `/ice-servers/` answers. @default [] (host candidates on 127.0.0.1 suffice) */
  iceServers?: RTCIceServer[];
  /** The built package (`dist/`): the SDK script, the inspector page and the demo are served from it. @default the package's dist */
  distDir?: string;
  /** Directory served at `/`, or false for none. @default `${distDir}/demo` */
  staticDir?: string | false;
  /** Receives one line per session step and per server problem. @default silent */
  log?: (line: string) => void;
  /** Environment for the upstream settings. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Builds each session's WebRTC peer. @default PeerHost from emulator/rtc */
  peerLinkFactory?: PeerLinkFactory;
}

/** LLM rules of a running emulator. */
export interface EmulatorLlmControls {
  /** Adds a rule (first match wins); returns its id. */
  addRule(rule: LlmRule): string;
  removeRule(id: string): boolean;
  clearRules(): void;
  readonly rules: readonly StoredLlmRule[];
}

/** Read access to sessions, for tests. */
export interface EmulatorSessions {
  get(id: string): EmulatedSessionInfo | undefined;
  list(): EmulatedSessionInfo[];
  /** The peer's media figures, or null before the first offer. */
  peerStats(id: string): PeerLinkStats | null;
}

export interface Emulator {
  /** `http://host:port`: the SDK's `apiServer`. */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  /** What runs each engine (for banners and logs). */
  readonly engines: EngineReport;
  /** The directory served at `/`, or null. */
  readonly staticDir: string | null;
  readonly faults: EmulatorFaults;
  readonly llm: EmulatorLlmControls;
  readonly sessions: EmulatorSessions;
  /** Route and WebSocket-upgrade registration for the demo and inspector. */
  readonly server: EmulatorServerHooks;
  /** Ends every session, closes every peer, socket, worker and timer. Idempotent. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const log = options.log ?? (() => undefined);
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const iceServers = options.iceServers ?? [];
  const limits: EmulatorLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const timeouts: ReaperTimeouts = { ...DEFAULT_REAPER_TIMEOUTS, ...options.timeouts };
  const distDir = options.distDir ?? defaultDistDir();
  const staticDir = options.staticDir === false ? null : options.staticDir ?? join(distDir, 'demo');

  const store = new SessionStore(() => iceServers, log);
  const faults = new FaultRegistry();
  const llmUpstream = options.llm?.upstream === undefined ? upstreamLlmFromEnv(env) : options.llm.upstream;
  const pace = options.llm?.pace ?? 30;
  const llm = new LlmService(llmUpstream ? new UpstreamLlmEngine(llmUpstream) : new ScriptedLlmEngine(), pace);
  for (const rule of options.llm?.rules ?? []) llm.rules.add(rule);
  const tts = new FliteEngine();
  const sttUpstream = options.stt?.upstream === undefined ? upstreamSttFromEnv(env) : options.stt.upstream;
  const stt: SttEngine = sttUpstream
    ? new UpstreamSttEngine(sttUpstream)
    : new PocketsphinxEngine({
        ...(options.stt?.pocketsphinxPath ? { binary: options.stt.pocketsphinxPath } : {}),
        ...(options.stt?.modelDir ? { modelDir: options.stt.modelDir } : {}),
      });

  const describeEngines = async (): Promise<EngineReport> => {
    const sttStatus = await stt.status();
    const llmDescription = llm.engine.paced ? `${llm.engine.description} (${pace} ms per chunk)` : llm.engine.description;
    const voices = TTS_VOICES.map((voice) => `${voice.name} (${voice.fliteVoice})`).join(', ');
    return { llm: llmDescription, tts: `${tts.description}; voices ${voices}`, stt: sttStatus.detail, sttAvailable: sttStatus.available };
  };

  const context: EmulatorContext = {
    apiKey,
    store,
    limits,
    iceServers,
    faults,
    llm,
    tts,
    stt,
    peerLinkFactory: options.peerLinkFactory ? async () => options.peerLinkFactory! : loadPeerHostFactory,
    describeEngines,
    urlSecret: randomBytes(32),
    log,
  };

  const policy = new OriginPolicy({ host: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts ?? [], corsOrigins: options.corsOrigins ?? [] });
  const http = new EmulatorHttpServer({
    apiKey,
    policy,
    staticDir,
    intercept: (method, path) => faults.intercept(method, path),
    landingPage,
    log,
  });
  registerSettingsRoutes(http, context);
  registerSessionRoutes(http, context);
  registerLlmRoute(http, context);
  registerTtsRoute(http, context);
  registerSttRoute(http, context);
  registerAssetRoutes(http, context);
  registerControlRoutes(http, context);
  registerDemoRoutes(http, context);
  const inspectorHub = registerBrowserAssets(http, distDir, (origin) => policy.isOriginAllowed(origin));

  const reaper = new SessionReaper(store, timeouts);
  const engines = await describeEngines();
  const { url, port } = await http.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  reaper.start();

  let closing: Promise<void> | null = null;
  const info = (id: string) => {
    const record = store.get(id);
    return record && store.info(record);
  };

  return {
    url,
    port,
    apiKey,
    engines,
    staticDir: staticDir && existsSync(staticDir) ? staticDir : null,
    faults: createFaultControls(faults, store, log),
    llm: {
      addRule: (rule) => llm.rules.add(rule),
      removeRule: (id) => llm.rules.remove(id),
      clearRules: () => llm.rules.clear(),
      get rules() {
        return llm.rules.list();
      },
    },
    sessions: {
      get: info,
      list: () => store.all().map((record) => store.info(record)),
      peerStats: (id) => {
        const record = store.get(id);
        return record ? store.peerStats(record) : null;
      },
    },
    server: http,
    close() {
      closing ??= (async () => {
        reaper.stop();
        for (const record of store.all()) store.terminate(record, 'SESSION_MISC_ERROR' satisfies TerminationReason, 'emulator shut down');
        await store.peersClosed();
        await inspectorHub.close();
        await http.close();
        await tts.close();
      })();
      return closing;
    },
  };
}

/** dist/ of this package, whether this code runs from dist/emulator or from the TypeScript sources. */
function defaultDistDir(): string {
  const here = dirname(moduleFile);
  return basename(dirname(here)) === 'dist' ? resolve(here, '..') : resolve(here, '../dist');
}

export { synthesize } from './engines/tts/flite.js';
export { createInspectorHub, inspectorPageRoutes } from './inspector-hub.js';
export type { InspectorHub, InspectorHubOptions } from './inspector-hub.js';
export { SDK_SCRIPT_PATH } from './browser-assets.js';
export { transcribe } from './engines/stt/pocketsphinx.js';
export { loadRulesFile } from './engines/llm/rules-file.js';
export type { SynthesizedSpeech } from './engines/tts/engine.js';
export type { LlmRule, LlmRuleJson, StoredLlmRule } from './engines/llm/rules.js';
export type { UpstreamLlmConfig } from './engines/llm/upstream.js';
export type { UpstreamSttConfig } from './engines/stt/upstream.js';
export type { LinkDegradationSpec } from './rtc/link-degradation.js';
export type { EmulatorFaults, RequestFaultSpec, LlmFaultSpec, LlmFaultMode, ActiveLlmFault, ActiveRequestFault } from './faults.js';
export type { EmulatorLimits, EngineReport } from './context.js';
export type { ReaperTimeouts } from './sessions/reaper.js';
export type { EmulatedSessionInfo, RecordedSessionEvent } from './sessions/store.js';
export type { PeerLink, PeerLinkFactory, PeerLinkOptions, PeerLinkStats } from './sessions/peer-link.js';
export type { EmulatorServerHooks, UpgradeHandler } from './http/server.js';
export type { RouteDefinition, RequestContext, RouteHandler } from './http/router.js';
