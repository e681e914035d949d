/**
 * Opening and closing real SDK sessions against the emulator, traced by
 * probe.ts: the one way every end-to-end benchmark starts a session.
 */
import { performance } from 'node:perf_hooks';
import type { InspectionEvent } from 'xstate';
import { createSession, createSessionId, getLLMs, type ChatTool, getModelStyles, getPrompts, getSTTs, getTTSs, type Session, type SessionTimeouts } from '../../src/client/index.js';
import { forgetSession, installFetchProbe, traceSession, TracedPeerConnection, type SessionTrace } from './probe.js';

/** An actor of the session's system entered a new state (from the `inspect` option). */
export interface StateChange {
  at: number;
  actor: string;
  state: string;
}

export interface OpenedSession {
  session: Session;
  trace: SessionTrace;
  /** Every state change of every actor of the session, in order; only with `recordStates`. */
  states: StateChange[];
  /** `createSession` was called. */
  startedAt: number;
  /** `createSession` resolved: remote track and open `message` channel. */
  readyAt: number;
}

export interface SessionFactory {
  /** POST /api/v1/session/ with the emulator's first model style, prompt, LLM, TTS and STT. */
  newSessionId(): Promise<string>;
  /** createSession with a traced peer connection; a new session id unless one is given. One at a time: the trace takes the next peer connection made. */
  open(options?: { sessionId?: string; width?: number; height?: number; recordStates?: boolean; clientTools?: ChatTool[]; timeouts?: SessionTimeouts }): Promise<OpenedSession>;
  /** Stops the session and waits until it reports closed. */
  close(opened: OpenedSession): Promise<void>;
}

export async function sessionFactory(apiServer: string, apiKey: string): Promise<SessionFactory> {
  installFetchProbe();
  const [llms, ttsTypes, sttTypes, modelStyles, prompts] = await Promise.all([
    getLLMs({ apiKey, apiServer }),
    getTTSs({ apiKey, apiServer }),
    getSTTs({ apiKey, apiServer }),
    getModelStyles({ apiKey, apiServer }),
    getPrompts({ apiKey, apiServer }),
  ]);
  if (!modelStyles[0] || !prompts[0]) throw new Error('the emulator lists no model style or no prompt');
  const params = {
    using_stf_webrtc: true,
    model_style: modelStyles[0].name,
    prompt: prompts[0].prompt_id,
    ...(llms[0] ? { llm_type: llms[0].name } : {}),
    ...(ttsTypes[0] ? { tts_type: ttsTypes[0].name } : {}),
    ...(sttTypes[0] ? { stt_type: sttTypes[0].name } : {}),
  };
  const newSessionId = (): Promise<string> => createSessionId({ apiKey, apiServer, params });
  return {
    newSessionId,
    async open(options = {}) {
      const sessionId = options.sessionId ?? (await newSessionId());
      const trace = traceSession(sessionId);
      const states: StateChange[] = [];
      const lastState = new Map<string, string>();
      const inspect = (event: InspectionEvent): void => {
        if (event.type !== '@xstate.snapshot') return;
        const value = (event.snapshot as { value?: unknown }).value;
        if (value === undefined) return;
        const state = JSON.stringify(value);
        const actor = (event.actorRef as { id?: string }).id ?? event.actorRef.sessionId;
        if (lastState.get(actor) === state) return;
        lastState.set(actor, state);
        states.push({ at: performance.now(), actor, state });
      };
      const startedAt = performance.now();
      const session = await createSession({
        ...(options.recordStates ? { inspect } : {}),
        sessionId,
        apiServer,
        width: options.width ?? 640,
        height: options.height ?? 360,
        clientTools: options.clientTools ?? [],
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        RTCPeerConnection: TracedPeerConnection,
      });
      return { session, trace, states, startedAt, readyAt: performance.now() };
    },
    async close(opened) {
      const closed = new Promise<void>((resolve) => opened.session.onClose(() => resolve()));
      await opened.session.stopSession();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      forgetSession(opened.trace);
    },
  };
}
