import { createActor, fromCallback, fromPromise, sendParent, setup } from 'xstate';
import type { AnyActorRef, CallbackActorLogic, EventObject, SimulatedClock } from 'xstate';
import type { ConnectionEvent, ConnectionNotice, ConnectionOutcome, ConnectionInput } from '../../machines/connection.types.js';
import { sessionMachine } from '../../machines/session.machine.js';
import type { ConnectionMachine } from '../../machines/connection.machine.js';
import type {
  LlmTurnInput,
  RecorderCommand,
  SessionEmitted,
  SessionInput,
  SessionLogInput,
  SynthesisInput,
  TranscriptionInput,
  TurnEvent,
  UploadInput,
} from '../../machines/session.types.js';
import type { VoiceListenerInput } from '../../src/client/voice-actor.js';
import { toChatStates } from '../../machines/chat-states.js';
import { deferred } from './connection-harness.js';
import type { Deferred } from './connection-harness.js';

type TestConnectionEvent =
  | ConnectionEvent
  | { type: 'TEST.NOTIFY'; notice: ConnectionNotice }
  | { type: 'TEST.END'; outcome: ConnectionOutcome };

/** A connection that records what the session sends and says what the test tells it to. */
export function fakeConnection(received: ConnectionEvent[]) {
  return setup({
    types: { events: {} as TestConnectionEvent, input: {} as ConnectionInput, output: {} as ConnectionOutcome, context: {} as { outcome: ConnectionOutcome | null } },
  }).createMachine({
    context: { outcome: null },
    initial: 'open',
    output: ({ context }) => context.outcome ?? { reason: 'manual' },
    states: {
      open: {
        on: {
          'TEST.NOTIFY': { actions: sendParent(({ event }) => (event as { notice: ConnectionNotice }).notice) },
          'TEST.END': { target: 'ended', actions: ({ context, event }) => void (context.outcome = (event as { outcome: ConnectionOutcome }).outcome) },
          '*': { actions: ({ event }) => void received.push(event as ConnectionEvent) },
        },
      },
      ended: { type: 'final' },
    },
  });
}

/** A stand-in turn: the test settles `done` (→ `LLM.DONE` / `LLM.FAILED`) and may report with `sendBack`. */
export interface Turn {
  input: LlmTurnInput;
  done: Deferred<void>;
  signal: AbortSignal;
  sendBack: (event: TurnEvent) => void;
}

export interface SessionOverrides {
  transcribe?: (input: TranscriptionInput) => Promise<string>;
  uploadFile?: (input: UploadInput) => Promise<string>;
  logSessionEvent?: (input: SessionLogInput) => Promise<unknown>;
  /** Runs the chart's delays and its "now" (XState's `SimulatedClock` in tests). */
  clock?: SimulatedClock;
  /** Replaces the stand-in turn (the real turn actor over a scripted stream, say). */
  llmTurn?: CallbackActorLogic<EventObject, LlmTurnInput>;
}

export function startSession(input: Partial<SessionInput> = {}, overrides: SessionOverrides = {}) {
  const received: ConnectionEvent[] = [];
  const emitted: SessionEmitted[] = [];
  const turns: Turn[] = [];
  const syntheses = new Map<string, { input: SynthesisInput; stopped: boolean; sendBack: (event: EventObject) => void }>();
  const recorder = { starts: 0, stops: 0, commands: [] as RecorderCommand[], sendBack: null as ((event: EventObject) => void) | null };
  const transcriptions: TranscriptionInput[] = [];
  const uploads: UploadInput[] = [];
  const sessionLogs: SessionLogInput[] = [];
  const voice = { starts: 0, stops: 0, inputs: [] as VoiceListenerInput[] };

  const machine = sessionMachine.provide({
    actors: {
      // The stand-in speaks the same events but has its own context, which the session never reads.
      connection: fakeConnection(received) as unknown as ConnectionMachine,
      llmTurn: fromCallback<EventObject, LlmTurnInput>(({ input, sendBack }) => {
        const controller = new AbortController();
        const done = deferred<void>();
        const tell = (event: TurnEvent): void => {
          if (!controller.signal.aborted) sendBack(event);
        };
        turns.push({ input, done, signal: controller.signal, sendBack: tell });
        done.promise.then(
          () => tell({ type: 'LLM.DONE', turnId: input.turnId }),
          (error: unknown) => tell({ type: 'LLM.FAILED', turnId: input.turnId, error }),
        );
        return () => controller.abort();
      }),
      synthesize: fromCallback<EventObject, SynthesisInput>(({ input, sendBack }) => {
        const entry = { input, stopped: false, sendBack };
        syntheses.set(input.requestId, entry);
        return () => void (entry.stopped = true);
      }),
      recorder: fromCallback<RecorderCommand>(({ sendBack, receive }) => {
        recorder.starts++;
        recorder.sendBack = sendBack;
        receive((command) => recorder.commands.push(command));
        return () => void recorder.stops++;
      }),
      voiceListener: fromCallback<EventObject, VoiceListenerInput>(({ input }) => {
        voice.starts++;
        voice.inputs.push(input);
        return () => void voice.stops++;
      }),
      transcribe: fromPromise<string, TranscriptionInput>(async ({ input }) => {
        transcriptions.push(input);
        return overrides.transcribe ? overrides.transcribe(input) : 'hello world';
      }),
      uploadFile: fromPromise<string, UploadInput>(async ({ input }) => {
        uploads.push(input);
        return overrides.uploadFile ? overrides.uploadFile(input) : `file-ref-${uploads.length}`;
      }),
      logSessionEvent: fromPromise<unknown, SessionLogInput>(async ({ input }) => {
        sessionLogs.push(input);
        return overrides.logSessionEvent ? overrides.logSessionEvent(input) : {};
      }),
    },
  });
  const provided = overrides.llmTurn ? machine.provide({ actors: { llmTurn: overrides.llmTurn } }) : machine;
  const actor = createActor(provided, { input: { width: 640, height: 360, ...input }, ...(overrides.clock ? { clock: overrides.clock } : {}) });
  for (const type of ['reply.done', 'reply.failed', 'transcript', 'error', 'llm.end', 'speech-start', 'speech-end', 'barge-in'] as const) {
    actor.on(type, (event) => emitted.push(event));
  }
  actor.start();
  const connection = () => actor.getSnapshot().children.connection as AnyActorRef | undefined;
  return {
    actor,
    received,
    emitted,
    turns,
    syntheses,
    recorder,
    transcriptions,
    uploads,
    sessionLogs,
    voice,
    send: actor.send.bind(actor),
    chatStates: () => [...toChatStates(actor.getSnapshot())].sort(),
    notify: (notice: ConnectionNotice) => connection()?.send({ type: 'TEST.NOTIFY', notice }),
    endConnection: (outcome: ConnectionOutcome) => connection()?.send({ type: 'TEST.END', outcome }),
    serverStf: (duration: number, message = 'utterance') =>
      connection()?.send({ type: 'TEST.NOTIFY', notice: { type: 'SERVER.MESSAGE', message: { type: 'stf', data: { message, duration } } } }),
    /** The turn actor's view of the text shown so far of `turnId`'s current message (its `draft`). */
    show: (turnId: string, text: string) => {
      const turn = turns.find((candidate) => candidate.input.turnId === turnId);
      if (!turn) throw new Error(`no turn ${turnId} was started`);
      turn.input.draft.text = text;
    },
    sentMessages: (type?: string) =>
      received.flatMap((e) => (e.type === 'SEND' && (type === undefined || e.message.type === type) ? [e.message] : [])),
  };
}

export function speak(text: string) {
  return { type: 'SPEECH.REQUEST', message: { type: 'ttstf', data: { message: text } } } as const;
}

