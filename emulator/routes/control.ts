/**
 * The emulator's own control API under `/_emulator/` (API key required,
 * except `health`): session inspection, fault injection and LLM rules — the
 * same controls the `startEmulator` handle offers, for tests in other
 * languages or processes.
 */
import type { TerminationReason } from '../../src/api/types.js';
import type { EmulatorContext } from '../context.js';
import { isRecord, readJsonObject } from '../http/body.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { invalid, notFound, sendJson } from '../http/respond.js';
import type { RouteHandler } from '../http/router.js';
import { createFaultControls, type LlmFaultSpec, type RequestFaultSpec } from '../faults.js';
import { ruleFromJson, ruleToJson } from '../engines/llm/rules.js';
import type { LinkDegradationSpec } from '../rtc/link-degradation.js';

export function registerControlRoutes(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  const faults = createFaultControls(emulator.faults, emulator.store, emulator.log);
  const route = (method: string, path: string, handler: RouteHandler, auth = true) => server.registerRoute({ method, path, auth, handler });
  const body = (req: Parameters<RouteHandler>[0]['req']) => readJsonObject(req, emulator.limits.jsonBodyBytes);

  route('GET', '/_emulator/health', async ({ res }) => sendJson(res, 200, { ok: true, engines: await emulator.describeEngines() }), false);

  route('GET', '/_emulator/sessions', ({ res }) => {
    sendJson(res, 200, emulator.store.all().map((record) => emulator.store.info(record)));
  });

  route('GET', '/_emulator/sessions/:id', ({ res, params }) => {
    const record = emulator.store.get(params.id!);
    if (!record) throw notFound(`Session "${params.id}" does not exist.`);
    sendJson(res, 200, { ...emulator.store.info(record), peer: emulator.store.peerStats(record) });
  });

  route('POST', '/_emulator/sessions/:id/cut-link', async ({ req, res, params }) => {
    const { ms, mode } = await body(req);
    if (typeof ms !== 'number') throw invalid('ms', 'ms must be a number of milliseconds');
    if (mode !== undefined && mode !== 'silence' && mode !== 'close') throw invalid('mode', 'mode must be "silence" or "close"');
    faults.cutLink(params.id!, ms, mode);
    sendJson(res, 200, { ok: true });
  });

  route('POST', '/_emulator/sessions/:id/degrade', async ({ req, res, params }) => {
    const { fps, dropShare, pingDelayMs } = await body(req);
    faults.degradeLink(params.id!, { fps, dropShare, pingDelayMs } as LinkDegradationSpec);
    sendJson(res, 200, { ok: true });
  });
  route('DELETE', '/_emulator/sessions/:id/degrade', ({ res, params }) => {
    faults.degradeLink(params.id!, {});
    sendJson(res, 200, { ok: true });
  });

  route('POST', '/_emulator/sessions/:id/expire', async ({ req, res, params }) => {
    const { reason } = await body(req);
    if (reason !== undefined && typeof reason !== 'string') throw invalid('reason', 'reason must be a termination reason');
    faults.expireSession(params.id!, reason as TerminationReason | undefined);
    sendJson(res, 200, emulator.store.info(emulator.store.get(params.id!)!));
  });

  route('GET', '/_emulator/faults', ({ res }) => sendJson(res, 200, faults.list()));
  route('DELETE', '/_emulator/faults', ({ res }) => {
    faults.clear();
    sendJson(res, 200, { ok: true });
  });
  route('DELETE', '/_emulator/faults/:id', ({ res, params }) => {
    faults.clear(params.id!);
    sendJson(res, 200, { ok: true });
  });

  route('POST', '/_emulator/faults/requests', async ({ req, res }) => {
    const spec = await body(req);
    if (spec.regex !== undefined) {
      if (typeof spec.regex !== 'string') throw invalid('regex', 'regex must be a string');
      try {
        spec.path = new RegExp(spec.regex);
      } catch (error) {
        throw invalid('regex', `Invalid regex: ${(error as Error).message}`);
      }
    }
    if (spec.method !== undefined && typeof spec.method !== 'string') throw invalid('method', 'method must be a string');
    if (spec.count !== undefined && typeof spec.count !== 'number') throw invalid('count', 'count must be a number');
    sendJson(res, 201, { id: faults.failRequests(spec as unknown as RequestFaultSpec) });
  });

  route('POST', '/_emulator/faults/llm', async ({ req, res }) => {
    const spec = await body(req);
    for (const [key, type] of [['sessionId', 'string'], ['count', 'number'], ['delayMs', 'number'], ['reason', 'string']] as const) {
      if (spec[key] !== undefined && typeof spec[key] !== type) throw invalid(key, `${key} must be a ${type}`);
    }
    sendJson(res, 201, { id: faults.breakLlmStream(spec as unknown as LlmFaultSpec) });
  });

  route('GET', '/_emulator/llm/rules', ({ res }) => sendJson(res, 200, emulator.llm.rules.list().map(ruleToJson)));
  route('POST', '/_emulator/llm/rules', async ({ req, res }) => {
    const json = await body(req);
    const rules = Array.isArray(json.rules) ? json.rules : [json];
    const parsed = rules.map((rule: unknown) => ruleFromJson(isRecord(rule) ? rule : null));
    sendJson(res, 201, { ids: parsed.map((rule) => emulator.llm.rules.add(rule)) });
  });
  route('DELETE', '/_emulator/llm/rules', ({ res }) => {
    emulator.llm.rules.clear();
    sendJson(res, 200, { ok: true });
  });
  route('DELETE', '/_emulator/llm/rules/:id', ({ res, params }) => {
    if (!emulator.llm.rules.remove(params.id!)) throw notFound(`No rule "${params.id}"`);
    sendJson(res, 200, { ok: true });
  });
}
