/**
 * Fault injection: canned answers for the next N requests to a route, broken
 * LLM streams, and the session faults (link cut, expiry) that act through
 * the session store. Faults are consumed in the order they were added.
 */
import { randomUUID } from 'node:crypto';
import type { TerminationReason } from '../src/api/types.js';
import { HttpError, notFound } from './http/respond.js';
import type { InjectedAnswer } from './http/server.js';
import { FULL_FPS, MAX_PING_DELAY_MS, type LinkDegradationSpec } from './rtc/link-degradation.js';
import { compileSafePattern, MAX_PATTERN_LENGTH, PatternError, type SafePattern } from './safe-pattern.js';
import type { SessionStore } from './sessions/store.js';

export const HTML_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Answer the next `count` requests matching `method` and `path` with a canned answer. */
export interface RequestFaultSpec {
  /** HTTP method to match; any method when omitted. */
  method?: string;
  /**
   * The request path to match, whole. A string may use `*` for any run of
   * characters within one path segment (`/api/v1/session/*\/tts/`). A RegExp
   * is searched in the path by a linear-time matcher (emulator/safe-pattern.ts:
   * at most 256 characters; no back-references, look-around, `\b` or `{n,m}`),
   * so no pattern can freeze the emulator.
   */
  path: string | RegExp;
  /** Status of the canned answer. */
  status: number;
  /**
   * `json` (default): `body` as JSON (an `errors` body when omitted);
   * `html`: an nginx-style HTML error page (or `body` as HTML); `empty`: no body at all.
   */
  kind?: 'json' | 'html' | 'empty';
  /** The body: an object (sent as JSON) or raw text. */
  body?: unknown;
  /** How many matching requests get this answer. @default 1 */
  count?: number;
}

export type LlmFaultMode = 'malformed' | 'truncated' | 'error' | 'slow';

/** Break the next `count` LLM streams (of one session, or of any). */
export interface LlmFaultSpec {
  /**
   * `malformed`: a line that is not JSON after the first chunk;
   * `truncated`: the stream ends in the middle of a line;
   * `error`: a line with `status: "error"` and `reason` after the first chunk;
   * `slow`: every chunk waits `delayMs` first.
   */
  mode: LlmFaultMode;
  /** Only streams of this session; any session when omitted. */
  sessionId?: string;
  /** How many streams are affected. @default 1 */
  count?: number;
  /** Delay per chunk for `slow`. @default 1000 */
  delayMs?: number;
  /** The `reason` of an `error` line. @default "Injected LLM failure" */
  reason?: string;
}

export interface ActiveRequestFault {
  id: string;
  method: string | null;
  path: string;
  status: number;
  kind: 'json' | 'html' | 'empty';
  remaining: number;
}

export interface ActiveLlmFault {
  id: string;
  mode: LlmFaultMode;
  sessionId: string | null;
  remaining: number;
  delayMs: number;
  reason: string;
}

interface StoredRequestFault extends ActiveRequestFault {
  matcher: SafePattern;
  answer: InjectedAnswer;
}

export class FaultRegistry {
  private requestFaults: StoredRequestFault[] = [];
  private llmFaults: ActiveLlmFault[] = [];

  addRequestFault(spec: RequestFaultSpec): string {
    const status = Number(spec.status);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new HttpError(400, 'invalid', 'status must be an HTTP status (100-599)', 'status');
    const kind = spec.kind ?? 'json';
    if (!['json', 'html', 'empty'].includes(kind)) throw new HttpError(400, 'invalid', 'kind must be json, html or empty', 'kind');
    if (!(spec.path instanceof RegExp) && (typeof spec.path !== 'string' || spec.path === '')) throw new HttpError(400, 'invalid', 'path is required', 'path');
    const fault: StoredRequestFault = {
      id: randomUUID(),
      method: spec.method ? spec.method.toUpperCase() : null,
      path: String(spec.path),
      status,
      kind,
      remaining: positiveCount(spec.count),
      matcher: spec.path instanceof RegExp ? regexMatcher(spec.path) : globMatcher(spec.path),
      answer: cannedAnswer(kind, status, spec.body),
    };
    this.requestFaults.push(fault);
    return fault.id;
  }

  /** The canned answer for this request, consuming one use of the first matching fault. */
  intercept(method: string, path: string): InjectedAnswer | null {
    const fault = this.requestFaults.find((item) => (!item.method || item.method === method) && item.matcher.test(path));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.requestFaults = this.requestFaults.filter((item) => item !== fault);
    return fault.answer;
  }

  addLlmFault(spec: LlmFaultSpec): string {
    if (!['malformed', 'truncated', 'error', 'slow'].includes(spec.mode)) {
      throw new HttpError(400, 'invalid', 'mode must be malformed, truncated, error or slow', 'mode');
    }
    const delayMs = spec.delayMs ?? 1000;
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new HttpError(400, 'invalid', 'delayMs must be a non-negative number', 'delayMs');
    const fault: ActiveLlmFault = {
      id: randomUUID(),
      mode: spec.mode,
      sessionId: spec.sessionId ?? null,
      remaining: positiveCount(spec.count),
      delayMs,
      reason: spec.reason ?? 'Injected LLM failure',
    };
    this.llmFaults.push(fault);
    return fault.id;
  }

  /** The fault for the stream about to start in `sessionId`, consuming one use. */
  takeLlmFault(sessionId: string): ActiveLlmFault | null {
    const fault = this.llmFaults.find((item) => item.sessionId === null || item.sessionId === sessionId);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.llmFaults = this.llmFaults.filter((item) => item !== fault);
    return { ...fault };
  }

  list(): { requests: ActiveRequestFault[]; llm: ActiveLlmFault[] } {
    return {
      requests: this.requestFaults.map(({ matcher: _m, answer: _a, ...rest }) => rest),
      llm: this.llmFaults.map((fault) => ({ ...fault })),
    };
  }

  /** Removes one fault by id, or every fault. */
  clear(id?: string): void {
    if (id === undefined) {
      this.requestFaults = [];
      this.llmFaults = [];
      return;
    }
    this.requestFaults = this.requestFaults.filter((fault) => fault.id !== id);
    this.llmFaults = this.llmFaults.filter((fault) => fault.id !== id);
  }
}

/** The fault controls of a running emulator (`emulator.faults`). */
export interface EmulatorFaults {
  /** Answers the next matching requests with a canned answer; returns the fault's id. */
  failRequests(spec: RequestFaultSpec): string;
  /** Breaks the next LLM streams; returns the fault's id. */
  breakLlmStream(spec: LlmFaultSpec): string;
  /** Cuts the session's WebRTC link for `ms`: `silence` stops media and pings, `close` drops the connection. */
  cutLink(sessionId: string, ms: number, mode?: 'silence' | 'close'): void;
  /**
   * Degrades the session's WebRTC link measurably until the next call:
   * video at `fps`, a `dropShare` of its frames dropped, ping answers
   * `pingDelayMs` late. `degradeLink(id, {})` restores it.
   */
  degradeLink(sessionId: string, spec: LinkDegradationSpec): void;
  /**
   * Terminates the session now and closes its peer. The reason defaults to
   * SESSION_EXPIRED_BEFORE_CONNECTION for a session that never connected,
   * MAX_MIN_PER_SESSION_QUOTA_EXCEEDED for one that did.
   */
  expireSession(sessionId: string, reason?: TerminationReason): void;
  list(): { requests: ActiveRequestFault[]; llm: ActiveLlmFault[] };
  /** Removes one fault by id, or every pending fault. */
  clear(id?: string): void;
}

export const TERMINATION_REASONS: readonly TerminationReason[] = [
  'GRACEFUL_TERMINATION',
  'SESSION_EXPIRED_BEFORE_CONNECTION',
  'SESSION_LOST_AFTER_CONNECTION',
  'SESSION_MISC_ERROR',
  'MAX_ACTIVE_SESSION_QUOTA_EXCEEDED',
  'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED',
  'TOTAL_MIN_PER_MONTH_QUOTA_EXCEEDED',
];

export function createFaultControls(registry: FaultRegistry, store: SessionStore, log: (line: string) => void): EmulatorFaults {
  const session = (id: string) => {
    const record = store.get(id);
    if (!record) throw notFound(`Session "${id}" does not exist.`);
    return record;
  };
  return {
    failRequests: (spec) => registry.addRequestFault(spec),
    breakLlmStream: (spec) => registry.addLlmFault(spec),
    cutLink(sessionId, ms, mode = 'silence') {
      const record = session(sessionId);
      if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, 'invalid', 'ms must be a non-negative number', 'ms');
      if (mode !== 'silence' && mode !== 'close') throw new HttpError(400, 'invalid', 'mode must be silence or close', 'mode');
      if (!record.peer || record.status === 'TERMINATED') {
        throw new HttpError(409, 'invalid', `Session "${sessionId}" has no live WebRTC link to cut.`);
      }
      log(`session ${sessionId} link cut for ${ms} ms (${mode}) by fault injection`);
      record.peer.cutLink(ms, mode);
    },
    degradeLink(sessionId, spec) {
      const record = session(sessionId);
      checkDegradation(spec);
      if (!record.peer || record.status === 'TERMINATED') {
        throw new HttpError(409, 'invalid', `Session "${sessionId}" has no live WebRTC link to degrade.`);
      }
      log(`session ${sessionId} link degraded ${JSON.stringify(spec)} by fault injection`);
      record.peer.degrade(spec);
    },
    expireSession(sessionId, reason) {
      const record = session(sessionId);
      if (reason !== undefined && !TERMINATION_REASONS.includes(reason)) {
        throw new HttpError(400, 'invalid', `reason must be one of ${TERMINATION_REASONS.join(', ')}`, 'reason');
      }
      const chosen = reason ?? (record.connectedAt === null ? 'SESSION_EXPIRED_BEFORE_CONNECTION' : 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED');
      store.terminate(record, chosen, 'expired by fault injection');
    },
    list: () => registry.list(),
    clear: (id) => registry.clear(id),
  };
}

function checkDegradation(spec: LinkDegradationSpec): void {
  const { fps, dropShare, pingDelayMs } = spec;
  if (fps !== undefined && !(typeof fps === 'number' && fps >= 1 && fps <= FULL_FPS)) {
    throw new HttpError(400, 'invalid', `fps must be a number from 1 to ${FULL_FPS}`, 'fps');
  }
  if (dropShare !== undefined && !(typeof dropShare === 'number' && dropShare >= 0 && dropShare < 1)) {
    throw new HttpError(400, 'invalid', 'dropShare must be a number from 0 to below 1', 'dropShare');
  }
  if (pingDelayMs !== undefined && !(typeof pingDelayMs === 'number' && pingDelayMs >= 0 && pingDelayMs <= MAX_PING_DELAY_MS)) {
    throw new HttpError(400, 'invalid', `pingDelayMs must be a number of milliseconds from 0 to ${MAX_PING_DELAY_MS}`, 'pingDelayMs');
  }
}

function cannedAnswer(kind: 'json' | 'html' | 'empty', status: number, body: unknown): InjectedAnswer {
  if (kind === 'empty') return { status, body: '', contentType: null };
  if (kind === 'html') return { status, body: typeof body === 'string' ? body : HTML_502_PAGE, contentType: 'text/html' };
  if (typeof body === 'string') return { status, body, contentType: 'application/json' };
  const json = body ?? { errors: [{ code: 'injected_fault', detail: `Injected fault (HTTP ${status})`, attr: null }] };
  return { status, body: JSON.stringify(json), contentType: 'application/json' };
}

function globMatcher(glob: string): SafePattern {
  if (glob.length > MAX_PATTERN_LENGTH) throw new HttpError(400, 'invalid', `path is longer than ${MAX_PATTERN_LENGTH} characters`, 'path');
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return compileSafePattern(`^${escaped}$`, '', Infinity);
}

function regexMatcher(regex: RegExp): SafePattern {
  try {
    return compileSafePattern(regex.source, regex.flags);
  } catch (error) {
    if (error instanceof PatternError) throw new HttpError(400, 'invalid', `Unsupported regex: ${error.message}`, 'regex');
    throw error;
  }
}

function positiveCount(count: number | undefined): number {
  if (count === undefined) return 1;
  if (!Number.isInteger(count) || count < 1) throw new HttpError(400, 'invalid', 'count must be a positive integer', 'count');
  return count;
}
