import { assertEvent, assign, emit, enqueueActions, fromCallback, fromPromise, raise, sendTo, setup, stateIn, stopChild } from 'xstate';
import type { EventObject } from 'xstate';
import { connectionMachine } from './connection.machine.js';
import type { ConnectionEvent, ConnectionOutcome, LinkStatus } from './connection.types.js';
import type { ServerMessage } from '../src/protocol/message-channel.js';
import { chartNow } from './clock.js';
import { notProvided } from './not-provided.js';
import type {
  ChatLogEntry,
  LlmTurnInput,
  TurnEnd,
  RecorderCommand,
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionInput,
  SynthesisInput,
  TranscriptionInput,
  RequestQueue,
  SessionLogInput,
  UploadInput,
  UploadRequest,
} from './session.types.js';
import type { VoiceListenerInput } from '../src/client/voice-actor.js';
import { AbortError, LinkUnavailableError, MicrophoneBusyError } from '../src/errors.js';

/** A deadline for the first utterance: its duration plus this margin. */
export const FIRST_UTTERANCE_MARGIN_MS = 2000;
/** Each further utterance while speaking extends the deadline by its duration plus this margin. */
export const NEXT_UTTERANCE_MARGIN_MS = 1000;

/** Speech requested and not started this long after the last progress (beyond what is still playing) is given up. */
export const SPEECH_START_TIMEOUT_MS = 60_000;

const NEVER_MS = 2 ** 31 - 1;

/** How long a `processSTF` upload waits for a link that is reconnecting, unless the input says otherwise. */
export const LINK_WAIT_TIMEOUT_MS = 15_000;

export function linkWaitTimeoutMs(context: SessionContext): number {
  return context.input.linkWaitTimeoutMs ?? LINK_WAIT_TIMEOUT_MS;
}

const QUEUE_OF = { 'UPLOAD.REQUEST': 'uploads', 'TRANSCRIBE.REQUEST': 'transcriptions', 'SESSION_LOG.REQUEST': 'sessionLogs' } as const;
const ACTOR_DONE = 'xstate.done.actor.';
const ACTOR_ERROR = 'xstate.error.actor.';

function speechOfUpload(upload: UploadRequest, fileRef: string): SessionEvent {
  return { type: 'SPEECH.REQUEST', message: { type: 'stf', data: { message: upload.message, file_ref: fileRef, format: upload.format } } };
}

function prepend(log: ChatLogEntry[], text: string, isUser: boolean, nowMs: number): ChatLogEntry[] {
  return [{ text, isUser, timestamp: new Date(nowMs) }, ...log];
}

function stfDuration(event: SessionEvent): number {
  assertEvent(event, 'SERVER.MESSAGE');
  return event.message.type === 'stf' ? Math.max(0, Number(event.message.data.duration) || 0) : 0;
}

/**
 * The one `setup()` of the session chart: every actor, action, guard and delay
 * its regions name. Region configs (`*.region.ts`) are built from it with
 * `createStateConfig`, so each is type-checked against these names.
 */
export const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    emitted: {} as SessionEmitted,
    output: {} as ConnectionOutcome,
  },
  actors: {
    connection: connectionMachine,
    llmTurn: fromCallback<EventObject, LlmTurnInput>(notProvided('llmTurn')),
    synthesize: fromCallback<EventObject, SynthesisInput>(notProvided('synthesize')),
    recorder: fromCallback<RecorderCommand>(notProvided('recorder')),
    transcribe: fromPromise<string, TranscriptionInput>(notProvided('transcribe')),
    uploadFile: fromPromise<string, UploadInput>(notProvided('uploadFile')),
    logSessionEvent: fromPromise<unknown, SessionLogInput>(notProvided('logSessionEvent')),
    voiceListener: fromCallback<EventObject, VoiceListenerInput>(notProvided('voiceListener')),
  },
  actions: {
    sendSpeech: sendTo('connection', ({ event }): ConnectionEvent => {
      assertEvent(event, 'SPEECH.REQUEST');
      return { type: 'SEND', message: event.message };
    }),
    sendSize: sendTo('connection', ({ event }): ConnectionEvent => {
      assertEvent(event, 'CHANGE_SIZE');
      return { type: 'CHANGE_SIZE', width: event.width, height: event.height };
    }),
    recordClose: assign({ outcome: (_, params: SessionContext['outcome']) => params }),
    /** Tells the server the client ended the session (`SESSION_END`); provided by src/client, fire-and-forget. */
    announceSessionEnd: (_, _params: undefined) => {},
    reportCloseError: enqueueActions(({ context, enqueue }) => {
      if (context.outcome?.error !== undefined) enqueue.emit({ type: 'error', error: context.outcome.error });
    }),
    storeConnectionQuality: assign({
      connectionQuality: ({ event }) => {
        assertEvent(event, 'LINK.QUALITY');
        return event.quality;
      },
    }),
    markConnectionLost: assign({
      connectionQuality: ({ context }) => (context.connectionQuality ? { level: 'lost', measured: 'lost', figures: null, at: performance.now() } : null),
    }),
    reportConnectionQuality: enqueueActions(({ context, enqueue }) => {
      if (context.connectionQuality) enqueue.emit({ type: 'connection-quality', quality: context.connectionQuality });
    }),
    storeRemoteStream: assign({
      remoteStream: ({ event }) => {
        assertEvent(event, 'LINK.MEDIA');
        return event.stream;
      },
    }),
    queueRequest: assign({
      requests: ({ context, event }) => {
        assertEvent(event, ['UPLOAD.REQUEST', 'TRANSCRIBE.REQUEST', 'SESSION_LOG.REQUEST']);
        const { type, ...request } = event;
        const queue = QUEUE_OF[type];
        return { ...context.requests, [queue]: [...context.requests[queue], request] };
      },
    }),
    /**
     * Answers the oldest request of a queue with what its actor (invoked with
     * the queue's name as id) did, and takes it off; a transcription's text is
     * also a `transcript`, an upload's file is then spoken.
     */
    answerRequest: enqueueActions(({ context, enqueue, event }) => {
      const failed = event.type.startsWith(ACTOR_ERROR);
      const queue = event.type.slice((failed ? ACTOR_ERROR : ACTOR_DONE).length) as RequestQueue;
      const [head, ...rest] = context.requests[queue];
      if (!head) return;
      const answer = event as { output?: string; error?: unknown };
      if (failed) enqueue.emit({ type: 'reply.failed', requestId: head.requestId, error: answer.error });
      else {
        if (queue === 'transcriptions') enqueue.emit({ type: 'transcript', text: answer.output! });
        // A session-log event answers nothing (the server's answer is of no use to the app).
        enqueue.emit({ type: 'reply.done', requestId: head.requestId, ...(queue === 'sessionLogs' ? {} : { value: answer.output }) });
        if (queue === 'uploads') enqueue.raise(speechOfUpload(head as UploadRequest, answer.output!));
      }
      enqueue.assign({ requests: { ...context.requests, [queue]: rest } });
    }),
    failUploadNoLink: enqueueActions(({ context, enqueue }) => {
      const [head, ...rest] = context.requests.uploads;
      enqueue.emit({ type: 'reply.failed', requestId: head!.requestId, error: new LinkUnavailableError('processSTF', 'timeout', linkWaitTimeoutMs(context)) });
      enqueue.assign({ requests: { ...context.requests, uploads: rest } });
    }),
    reportError: emit((_, params: { error: unknown }): SessionEmitted => ({ type: 'error', error: params.error })),

    countSpeechRequest: enqueueActions(({ context, enqueue, event }) => {
      assertEvent(event, 'SPEECH.REQUEST');
      enqueue.assign({ pendingSpeech: context.pendingSpeech + 1 });
      enqueue.emit({ type: 'speech.requested', turnId: event.turnId ?? null });
    }),
    settleSpeechRequest: enqueueActions(({ context, enqueue, event }) => {
      enqueue.assign({ pendingSpeech: Math.max(0, context.pendingSpeech - 1) });
      enqueue.emit({ type: 'speech.started', durationMs: stfDuration(event) });
    }),
    startSpeaking: assign({
      speakingUntil: ({ event, system }) => chartNow(system) + stfDuration(event) + FIRST_UTTERANCE_MARGIN_MS,
    }),
    extendSpeaking: assign({
      speakingUntil: ({ context, event, system }) => (context.speakingUntil ?? chartNow(system)) + stfDuration(event) + NEXT_UTTERANCE_MARGIN_MS,
    }),
    stopSpeaking: enqueueActions(({ enqueue }) => {
      enqueue.assign({ speakingUntil: null });
      enqueue.emit({ type: 'speech.stopped', cleared: false });
    }),
    forgetSpeech: enqueueActions(({ enqueue }) => {
      enqueue.assign({ pendingSpeech: 0, speakingUntil: null });
      enqueue.emit({ type: 'speech.stopped', cleared: true });
    }),
    forgetPendingSpeech: enqueueActions(({ enqueue }) => {
      enqueue.assign({ pendingSpeech: 0 });
      enqueue.emit({ type: 'speech.abandoned' });
    }),

    startTurn: enqueueActions(({ context, enqueue, event }) => {
      assertEvent(event, 'LLM.REQUEST');
      const turnCount = context.turnCount + 1;
      const turnId = event.turnId ?? `chart-turn-${turnCount}`;
      enqueue.assign({
        turnCount,
        llmTurn: {
          turnId,
          message: event.message,
          speak: event.speak ?? false,
          streamed: event.streamed ?? false,
          logged: event.logged ?? true,
          historyStart: context.history.length,
          draft: { text: '' },
        },
      });
      enqueue.emit({ type: 'llm.start', turnId, message: event.message });
    }),
    logUserMessage: assign({
      chatLog: ({ context, event, system }) => {
        assertEvent(event, 'LLM.REQUEST');
        return event.logged === false ? context.chatLog : prepend(context.chatLog, event.message, true, chartNow(system));
      },
      history: ({ context, event }) => {
        assertEvent(event, 'LLM.REQUEST');
        return [...context.history, { role: 'user', type: 'message', content: event.message }];
      },
    }),
    commitEntry: assign({
      history: ({ context, event }) => {
        assertEvent(event, 'LLM.COMMIT');
        return [...context.history, event.entry];
      },
    }),
    rollBackHistory: assign({ history: ({ context }) => context.history.slice(0, context.llmTurn?.historyStart ?? context.history.length) }),
    logAssistantMessage: assign({
      chatLog: ({ context, event, system }) => {
        assertEvent(event, 'LLM.MESSAGE');
        return event.text && context.llmTurn?.logged ? prepend(context.chatLog, event.text, false, chartNow(system)) : context.chatLog;
      },
    }),
    /** `processTTSTF`: the app's line is an assistant message of the conversation, as published. */
    logSpokenLine: assign(({ context, event, system }) => {
      assertEvent(event, 'SPEECH.REQUEST');
      if (!event.logged) return {};
      const { text } = event.logged;
      return { chatLog: prepend(context.chatLog, text, false, chartNow(system)), history: [...context.history, { role: 'assistant', type: 'message', content: text }] };
    }),
    requestTurnSpeech: raise(({ event }): SessionEvent => {
      assertEvent(event, 'LLM.SPEECH');
      return { type: 'SPEECH.REQUEST', message: { type: 'ttstf', data: { message: event.text } }, turnId: event.turnId };
    }),
    reportToolActivity: emit(({ event }): SessionEmitted => {
      assertEvent(event, 'LLM.TOOL');
      return { type: 'tool-activity', turnId: event.turnId, activity: event.activity };
    }),
    reportTurnError: enqueueActions(({ context, enqueue, event }) => {
      assertEvent(event, ['LLM.ERROR', 'LLM.FAILED']);
      if (!context.llmTurn?.streamed) enqueue.emit({ type: 'error', error: event.error });
    }),
    /** The text shown so far goes to the chat log (the turn ended before finishing its message). */
    commitDraft: assign({
      chatLog: ({ context, system }) =>
        context.llmTurn?.draft.text && context.llmTurn.logged ? prepend(context.chatLog, context.llmTurn.draft.text, false, chartNow(system)) : context.chatLog,
    }),
    /** The turn was stopped from outside, so its runner could not commit the text shown so far: the chart does. */
    keepDraftInHistory: assign({
      history: ({ context }) =>
        context.llmTurn?.draft.text ? [...context.history, { role: 'assistant', type: 'message', content: context.llmTurn.draft.text }] : context.history,
    }),
    endTurn: enqueueActions(({ context, enqueue, event }, params: { reason: TurnEnd }) => {
      if (context.llmTurn) {
        const error = event.type === 'LLM.FAILED' ? { error: event.error } : {};
        enqueue.emit({ type: 'llm.end', turnId: context.llmTurn.turnId, reason: params.reason, ...error });
      }
      enqueue.assign({ llmTurn: null });
    }),

    spawnSynthesis: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'TTS.REQUEST');
      const input: SynthesisInput = { requestId: event.requestId, text: event.text, options: event.options };
      enqueue.spawnChild('synthesize', { id: event.requestId, input });
    }),
    trackSynthesis: assign({
      ttsRequests: ({ context, event }) => {
        assertEvent(event, 'TTS.REQUEST');
        return [...context.ttsRequests, event.requestId];
      },
    }),
    releaseSynthesis: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, ['TTS.SETTLED', 'TTS.FAILED']);
      enqueue(stopChild(event.requestId));
    }),
    forgetSynthesis: assign({
      ttsRequests: ({ context, event }) => {
        assertEvent(event, ['TTS.SETTLED', 'TTS.FAILED']);
        return context.ttsRequests.filter((id) => id !== event.requestId);
      },
    }),
    replySynthesis: emit(({ event }): SessionEmitted => {
      assertEvent(event, ['TTS.SETTLED', 'TTS.FAILED']);
      return event.type === 'TTS.SETTLED'
        ? { type: 'reply.done', requestId: event.requestId, value: event.audio }
        : { type: 'reply.failed', requestId: event.requestId, error: event.error };
    }),
    dropSyntheses: enqueueActions(({ context, enqueue }) => {
      for (const requestId of context.ttsRequests) {
        enqueue(stopChild(requestId));
        enqueue.emit({ type: 'reply.done', requestId });
      }
      enqueue.assign({ ttsRequests: [] });
    }),

    stopSyntheses: enqueueActions(({ context, enqueue }) => {
      for (const requestId of context.ttsRequests) enqueue(stopChild(requestId));
      enqueue.assign({ ttsRequests: [] });
    }),

    storeSttStart: assign({
      sttRequestId: ({ event }) => {
        assertEvent(event, 'STT.START');
        return event.requestId;
      },
      recordingTimeoutMs: ({ event }) => {
        assertEvent(event, 'STT.START');
        return event.timeoutMs ?? null;
      },
    }),
    storeSttStop: assign({
      sttRequestId: ({ event }) => {
        assertEvent(event, 'STT.STOP');
        return event.requestId;
      },
      sttLanguage: ({ event }) => {
        assertEvent(event, 'STT.STOP');
        return event.language;
      },
    }),
    clearSttRequest: assign({ sttRequestId: null, sttLanguage: undefined }),
    replySttDone: enqueueActions(({ context, enqueue }, params: { text?: string }) => {
      if (context.sttRequestId) enqueue.emit({ type: 'reply.done', requestId: context.sttRequestId, value: params.text });
      if (params.text !== undefined) enqueue.emit({ type: 'transcript', text: params.text });
    }),
    replySttFailed: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
      if (context.sttRequestId) enqueue.emit({ type: 'reply.failed', requestId: context.sttRequestId, error: params.error });
      else enqueue.emit({ type: 'error', error: params.error });
    }),
    sendRecordStart: sendTo('connection', (): ConnectionEvent => ({ type: 'SEND', message: { type: 'record-start', data: {} } })),
    sendRecordEnd: sendTo('connection', ({ context }): ConnectionEvent => ({
      type: 'SEND',
      message: { type: 'record-end-stt', data: context.sttLanguage === undefined ? {} : { language: context.sttLanguage } },
    })),
    sendClearBuffer: sendTo('connection', (): ConnectionEvent => ({ type: 'SEND', message: { type: 'clear-buffer', data: {} } })),
    stopRecorder: sendTo('recorder', { type: 'stop' } satisfies RecorderCommand),
    storeRecordedFile: assign({
      lastRecordedAudioFile: ({ event }) => {
        assertEvent(event, 'RECORDER.STOPPED');
        return event.file;
      },
    }),
    // Hands-free listening (listening.region.ts).
    startListening: assign({
      listening: ({ event }) => {
        assertEvent(event, 'LISTEN.START');
        return { request: event.request, requestId: event.requestId, utterances: [], transcript: null };
      },
    }),
    stopListening: assign({ listening: null }),
    replyListening: enqueueActions(({ context, enqueue }) => {
      const requestId = context.listening?.requestId;
      if (!requestId) return;
      enqueue.emit({ type: 'reply.done', requestId });
      enqueue.assign({ listening: { ...context.listening!, requestId: null } });
    }),
    replyAlreadyListening: emit(({ event }) => {
      assertEvent(event, 'LISTEN.START');
      return { type: 'reply.done' as const, requestId: event.requestId };
    }),
    replyListeningStopped: enqueueActions(({ context, enqueue }) => {
      const requestId = context.listening?.requestId;
      if (requestId) enqueue.emit({ type: 'reply.failed', requestId, error: new AbortError('stopListening() was called before the microphone was live') });
    }),
    replyListeningFailed: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
      const requestId = context.listening?.requestId;
      if (requestId) enqueue.emit({ type: 'reply.failed', requestId, error: params.error });
      else enqueue.emit({ type: 'error', error: params.error });
    }),
    emitSpeechStart: emit({ type: 'speech-start' as const }),
    emitSpeechEnd: emit(({ event }) => {
      assertEvent(event, 'VOICE.SPEECH_END');
      return { type: 'speech-end' as const, durationMs: event.durationMs };
    }),
    /** What `clearBuffer()` does, then BARGE_IN: raised events run in order, so the llm region has committed the stopped answer by then. */
    bargeIn: enqueueActions(({ enqueue }) => {
      enqueue.raise({ type: 'CLEAR_BUFFER' });
      enqueue.raise({ type: 'BARGE_IN' });
    }),
    markAnswerInterrupted: assign({
      chatLog: ({ context }) => {
        const [newest, ...older] = context.chatLog;
        return newest && !newest.isUser ? [{ ...newest, interrupted: true as const }, ...older] : context.chatLog;
      },
    }),
    emitBargeIn: emit({ type: 'barge-in' as const }),
    // Hands-free listening and a startProcessSTT() recording each need the microphone to themselves.
    refuseListening: emit(({ event }) => {
      assertEvent(event, 'LISTEN.START');
      return { type: 'reply.failed' as const, requestId: event.requestId, error: new MicrophoneBusyError('startListening', 'recording') };
    }),
    refuseRecording: emit(({ event }) => {
      assertEvent(event, 'STT.START');
      return { type: 'reply.failed' as const, requestId: event.requestId, error: new MicrophoneBusyError('startProcessSTT', 'listening') };
    }),
    queueUtterance: assign({
      listening: ({ context, event }) => {
        assertEvent(event, 'VOICE.SPEECH_END');
        return { ...context.listening!, utterances: [...context.listening!.utterances, event.file] };
      },
    }),
    takeTranscript: enqueueActions(({ context, enqueue }, params: { text: string }) => {
      enqueue.assign({ listening: { ...context.listening!, utterances: context.listening!.utterances.slice(1), transcript: params.text } });
      enqueue.emit({ type: 'transcript', text: params.text });
    }),
    dropUtterance: enqueueActions(({ context, enqueue }, params: { error: unknown }) => {
      enqueue.assign({ listening: { ...context.listening!, utterances: context.listening!.utterances.slice(1) } });
      enqueue.emit({ type: 'error', error: params.error });
    }),
    forgetTranscript: assign({ listening: ({ context }) => context.listening && { ...context.listening, transcript: null } }),
    requestVoiceTurn: raise(({ context }): SessionEvent => ({
      type: 'LLM.REQUEST',
      message: context.listening!.transcript!,
      speak: context.listening!.request.speak,
    })),
  },
  guards: {
    shouldBargeIn: ({ context }) =>
      context.listening?.request.bargeIn === true && (context.llmTurn !== null || context.pendingSpeech > 0 || context.speakingUntil !== null),
    isListening: ({ context }) => context.listening !== null,
    /** A startProcessSTT() recording is capturing the microphone (locally, or on the voice-chat uplink). */
    isRecording: stateIn({ active: { input: 'capturing' } }),
    isRecordingUplink: stateIn({ active: { input: { uplink: 'recording' } } }),
    hasQueuedUtterance: ({ context }) => (context.listening?.utterances.length ?? 0) > 0,
    /** Recognisers answer noise with nothing, or with bracketed fillers such as `[noise]`. */
    transcriptHasNoWords: ({ context }) => !/[\p{L}\p{N}]/u.test((context.listening?.transcript ?? '').replace(/\[[^\]]*\]|<[^>]*>/g, '')),
    llmIsIdle: ({ context }) => context.llmTurn === null,
    hasQueued: ({ context }, params: { queue: RequestQueue }) => context.requests[params.queue].length > 0,
    linkIsUp: stateIn({ active: { link: 'connected' } }),
    reports: ({ event }, params: { status: LinkStatus }) => event.type === 'LINK.STATUS' && event.status === params.status,
    serverSent: ({ event }, params: { type: ServerMessage['type'] }) =>
      event.type === 'SERVER.MESSAGE' && event.message.type === params.type,
    hasPendingSpeech: ({ context }) => context.pendingSpeech > 0,
    isLastPendingSpeech: ({ context }) => context.pendingSpeech <= 1,
    noSynthesisPending: ({ context }) => context.ttsRequests.length === 0,
    phaseIs: ({ event }, params: { phase: 'streaming' | 'runningTools' }) => event.type === 'LLM.PHASE' && event.phase === params.phase,
    isCurrentTurn: ({ context, event }) => 'turnId' in event && context.llmTurn !== null && context.llmTurn.turnId === event.turnId,
    isValidRequest: ({ event }) => event.type === 'LLM.REQUEST' && typeof event.message === 'string' && event.message.trim() !== '',
    usesUplinkAudio: ({ context }) => context.voiceChat,
    awaitsTranscript: ({ context }) => context.sttRequestId !== null,
  },
  delays: {
    speakingDeadlineMs: ({ context, system }) => Math.max(0, (context.speakingUntil ?? 0) - chartNow(system)),
    speechStartTimeoutMs: ({ context, system }) => SPEECH_START_TIMEOUT_MS + Math.max(0, (context.speakingUntil ?? 0) - chartNow(system)),
    recordingTimeoutMs: ({ context }) => context.recordingTimeoutMs ?? NEVER_MS,
    uplinkSttTimeoutMs: 30_000,
    linkWaitTimeoutMs: ({ context }) => linkWaitTimeoutMs(context),
  },
});
