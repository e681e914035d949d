import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { speak, startSession } from './session-harness.js';
import { toLinkStatus } from '../../machines/chat-states.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('avatar: ANALYZING and SPEAKING', () => {
  it('counts speech requests: ANALYZING stays on while any is pending', async () => {
    const s = startSession();
    s.send(speak('one'));
    s.send(speak('two'));
    expect(s.chatStates()).toEqual(['ANALYZING']);
    expect(s.sentMessages('ttstf')).toHaveLength(2);
    s.serverStf(1_000);
    expect(s.chatStates()).toEqual(['ANALYZING', 'SPEAKING']);
    s.serverStf(1_000);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    expect(s.actor.getSnapshot().context.pendingSpeech).toBe(0);
  });

  it('speaks for the first duration + 2 s', async () => {
    const s = startSession();
    s.send(speak('hi'));
    s.serverStf(3_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.chatStates()).toEqual([]);
  });

  it('extends the deadline by duration + 1 s for each further stf while speaking', async () => {
    const s = startSession();
    s.send(speak('one'));
    s.send(speak('two'));
    s.serverStf(3_000); // deadline 5 000
    await vi.advanceTimersByTimeAsync(4_000);
    s.serverStf(2_000); // deadline 5 000 + 3 000 = 8 000
    await vi.advanceTimersByTimeAsync(3_999);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.chatStates()).toEqual([]);
  });

  it('ignores a server stf when nothing is pending and nothing is speaking', async () => {
    const s = startSession();
    s.serverStf(3_000);
    expect(s.chatStates()).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.chatStates()).toEqual([]);
  });

  it('goes back to ANALYZING only, when speech is still pending as the deadline passes', async () => {
    const s = startSession();
    s.send(speak('one'));
    s.serverStf(500);
    s.send(speak('two'));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(s.chatStates()).toEqual(['ANALYZING']);
  });
});

describe('avatar: a request the server never starts', () => {
  it('gives up ANALYZING 60 s after the last progress, beyond what is still playing, and reports it', async () => {
    const s = startSession();
    s.send(speak('one'));
    s.send(speak('two'));
    s.serverStf(10_000); // speaking until 12 000; 'two' still pending
    await vi.advanceTimersByTimeAsync(71_000);
    expect(s.chatStates()).toEqual(['ANALYZING']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.chatStates()).toEqual([]);
    expect(s.emitted).toContainEqual({ type: 'error', error: new Error('The avatar did not start the requested speech in time') });
  });

  it('restarts the wait with every new request', async () => {
    const s = startSession();
    s.send(speak('one'));
    await vi.advanceTimersByTimeAsync(50_000);
    s.send(speak('two'));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(s.chatStates()).toEqual(['ANALYZING']);
    expect(s.actor.getSnapshot().context.pendingSpeech).toBe(2);
  });
});

describe('clearBuffer', () => {
  it('sends clear-buffer and turns ANALYZING and SPEAKING off', async () => {
    const s = startSession();
    s.send(speak('one'));
    s.send(speak('two'));
    s.serverStf(5_000);
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.chatStates()).toEqual([]);
    expect(s.sentMessages('clear-buffer')).toHaveLength(1);
    s.serverStf(1_000);
    expect(s.chatStates()).toEqual([]);
  });

  it('cancels an LLM turn while it streams, keeping the text shown so far', async () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Tell me a story' });
    s.show('t1', 'Once upon');
    expect(s.chatStates()).toEqual(['LLM']);
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.chatStates()).toEqual([]);
    expect(s.turns[0]!.signal.aborted).toBe(true);
    expect(s.actor.getSnapshot().context.chatLog.map((e) => [e.text, e.isUser])).toEqual([
      ['Once upon', false],
      ['Tell me a story', true],
    ]);
  });

  it('cancels an LLM turn while it runs tools', async () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Weather?' });
    s.send({ type: 'LLM.PHASE', turnId: 't1', phase: 'runningTools' });
    expect(s.actor.getSnapshot().matches({ active: { llm: { active: 'runningTools' } } })).toBe(true);
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.turns[0]!.signal.aborted).toBe(true);
    expect(s.actor.getSnapshot().matches({ active: { llm: 'idle' } })).toBe(true);
    expect(s.actor.getSnapshot().context.chatLog).toHaveLength(1);
  });

  it('drops pending TTS results: their actors stop and their callers get nothing', async () => {
    const s = startSession();
    s.send({ type: 'TTS.REQUEST', requestId: 'a', text: 'one' });
    s.send({ type: 'TTS.REQUEST', requestId: 'b', text: 'two' });
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.chatStates()).toEqual([]);
    expect([...s.syntheses.values()].map((x) => x.stopped)).toEqual([true, true]);
    expect(s.emitted).toEqual([
      { type: 'reply.done', requestId: 'a' },
      { type: 'reply.done', requestId: 'b' },
    ]);
  });

  it('leaves a recording running: RECORDING is the user’s microphone', async () => {
    const s = startSession();
    s.send({ type: 'STT.START', requestId: 'r' });
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.chatStates()).toEqual(['RECORDING']);
  });
});

describe('llm', () => {
  it('runs a turn: LLM on, user and assistant messages in the chat log newest-first, LLM off when done', async () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi' });
    expect(s.turns[0]!.input).toMatchObject({ turnId: 't1', history: [{ role: 'user', type: 'message', content: 'Hi' }], speak: false });
    s.send({ type: 'LLM.PHASE', turnId: 't1', phase: 'runningTools' });
    s.send({ type: 'LLM.PHASE', turnId: 't1', phase: 'streaming' });
    s.show('t1', 'Hel');
    // As the turn actor does: a finished message leaves nothing shown-but-unfinished.
    s.show('t1', '');
    s.send({ type: 'LLM.MESSAGE', turnId: 't1', text: 'Hello there.' });
    s.turns[0]!.done.resolve();
    await flush();
    expect(s.chatStates()).toEqual([]);
    expect(s.actor.getSnapshot().context.chatLog.map((e) => e.text)).toEqual(['Hello there.', 'Hi']);
  });

  it('starts a turn the chart is sent with no facade involved: it names it, speaks its messages and keeps its history', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', message: 'Hello', speak: true });
    const turn = s.turns[0]!;
    expect(turn.input).toMatchObject({ turnId: 'chart-turn-1', history: [{ role: 'user', type: 'message', content: 'Hello' }], speak: true, tools: [] });
    turn.sendBack({ type: 'LLM.COMMIT', turnId: 'chart-turn-1', entry: { role: 'assistant', type: 'message', content: 'Hi there.' } });
    turn.sendBack({ type: 'LLM.MESSAGE', turnId: 'chart-turn-1', text: 'Hi there.' });
    turn.sendBack({ type: 'LLM.SPEECH', turnId: 'chart-turn-1', text: 'Hi there.' });
    expect(s.sentMessages('ttstf')).toEqual([{ type: 'ttstf', data: { message: 'Hi there.' } }]);
    expect(s.chatStates()).toEqual(['ANALYZING', 'LLM']);
    turn.sendBack({ type: 'LLM.DONE', turnId: 'chart-turn-1' });
    expect(s.chatStates()).toEqual(['ANALYZING']);
    const { context } = s.actor.getSnapshot();
    expect(context.history).toEqual([
      { role: 'user', type: 'message', content: 'Hello' },
      { role: 'assistant', type: 'message', content: 'Hi there.' },
    ]);
    expect(context.chatLog.map((e) => e.text)).toEqual(['Hi there.', 'Hello']);
    expect(s.emitted).toContainEqual({ type: 'llm.end', turnId: 'chart-turn-1', reason: 'done' });
  });

  it('keeps a processLLM turn (logged: false) out of the chat log, in the history, unspoken', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true, logged: false });
    const turn = s.turns[0]!;
    turn.sendBack({ type: 'LLM.COMMIT', turnId: 't1', entry: { role: 'assistant', type: 'message', content: 'Hello.' } });
    turn.sendBack({ type: 'LLM.MESSAGE', turnId: 't1', text: 'Hello.' });
    s.show('t1', 'And mo');
    s.send({ type: 'LLM.CANCEL', turnId: 't1' });
    const { context } = s.actor.getSnapshot();
    expect(context.chatLog).toEqual([]);
    expect(context.history.map((entry) => entry.content)).toEqual(['Hi', 'Hello.', 'And mo']);
    expect(s.sentMessages('ttstf')).toEqual([]);
  });

  it("puts the app's own spoken line (processTTSTF) into the history and the chat log, but not the turn's own speech", () => {
    const s = startSession();
    s.send({ type: 'SPEECH.REQUEST', message: { type: 'ttstf', data: { message: 'Welcome!' } }, logged: { text: 'Welcome!' } });
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', speak: true });
    s.turns[0]!.sendBack({ type: 'LLM.COMMIT', turnId: 't1', entry: { role: 'assistant', type: 'message', content: 'Hello.' } });
    s.turns[0]!.sendBack({ type: 'LLM.MESSAGE', turnId: 't1', text: 'Hello.' });
    s.turns[0]!.sendBack({ type: 'LLM.SPEECH', turnId: 't1', text: 'Hello.' });
    s.turns[0]!.sendBack({ type: 'LLM.DONE', turnId: 't1' });
    const { context } = s.actor.getSnapshot();
    expect(context.chatLog.map((e) => [e.text, e.isUser])).toEqual([
      ['Hello.', false],
      ['Hi', true],
      ['Welcome!', false],
    ]);
    expect(context.history).toEqual([
      { role: 'assistant', type: 'message', content: 'Welcome!' },
      { role: 'user', type: 'message', content: 'Hi' },
      { role: 'assistant', type: 'message', content: 'Hello.' },
    ]);
    expect(s.sentMessages('ttstf').map((m) => (m.data as { message: string }).message)).toEqual(['Welcome!', 'Hello.']);
  });

  it('ignores a request without text, and events of a turn that is not running', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', message: '  ' });
    expect(s.turns).toHaveLength(0);
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi' });
    s.send({ type: 'LLM.DONE', turnId: 'stale' });
    s.send({ type: 'LLM.COMMIT', turnId: 'stale', entry: { role: 'assistant', type: 'message', content: 'old' } });
    expect(s.chatStates()).toEqual(['LLM']);
    expect(s.actor.getSnapshot().context.history).toEqual([{ role: 'user', type: 'message', content: 'Hi' }]);
  });

  it('reports a turn error to the error handler only when nobody streams the turn', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true });
    s.turns[0]!.sendBack({ type: 'LLM.ERROR', turnId: 't1', error: new Error('streamed') });
    s.turns[0]!.sendBack({ type: 'LLM.DONE', turnId: 't1' });
    s.send({ type: 'LLM.REQUEST', turnId: 't2', message: 'Hi' });
    s.turns[1]!.sendBack({ type: 'LLM.ERROR', turnId: 't2', error: new Error('reported') });
    expect(s.emitted.filter((e) => e.type === 'error')).toEqual([{ type: 'error', error: new Error('reported') }]);
  });

  it('keeps the text shown so far in the history when the turn is cancelled or aborted', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Story?' });
    s.show('t1', 'Once upon');
    s.send({ type: 'LLM.ABORT', turnId: 't1' });
    expect(s.actor.getSnapshot().context.history).toEqual([
      { role: 'user', type: 'message', content: 'Story?' },
      { role: 'assistant', type: 'message', content: 'Once upon' },
    ]);
    expect(s.emitted).toContainEqual({ type: 'llm.end', turnId: 't1', reason: 'aborted' });
  });

  it('cancels only the named turn', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi' });
    s.send({ type: 'LLM.CANCEL', turnId: 'other' });
    expect(s.chatStates()).toEqual(['LLM']);
    s.show('t1', 'Hel');
    s.send({ type: 'LLM.CANCEL', turnId: 't1' });
    expect(s.chatStates()).toEqual([]);
    expect(s.turns[0]!.signal.aborted).toBe(true);
    expect(s.actor.getSnapshot().context.chatLog.map((e) => e.text)).toEqual(['Hel', 'Hi']);
  });

  it('runs one turn at a time', () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'first' });
    expect(s.actor.getSnapshot().can({ type: 'LLM.REQUEST', turnId: 't2', message: 'second' })).toBe(false);
  });

  it('reports a failed turn as an error and ends it', async () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi' });
    s.turns[0]!.done.reject(new Error('LLM down'));
    await flush();
    expect(s.chatStates()).toEqual([]);
    expect(s.emitted).toContainEqual({ type: 'error', error: new Error('LLM down') });
  });
});

describe('tts', () => {
  it('stays on while any synthesis is in flight and answers each by request id', async () => {
    const s = startSession();
    s.send({ type: 'TTS.REQUEST', requestId: 'a', text: 'one', options: { locale: 'en' } });
    s.send({ type: 'TTS.REQUEST', requestId: 'b', text: 'two' });
    expect(s.syntheses.get('a')!.input).toEqual({ requestId: 'a', text: 'one', options: { locale: 'en' } });
    const audio = new Blob(['x']);
    s.send({ type: 'TTS.SETTLED', requestId: 'a', audio });
    expect(s.chatStates()).toEqual(['TTS']);
    s.send({ type: 'TTS.FAILED', requestId: 'b', error: new Error('500') });
    expect(s.chatStates()).toEqual([]);
    expect(s.emitted).toEqual([
      { type: 'reply.done', requestId: 'a', value: audio },
      { type: 'reply.failed', requestId: 'b', error: new Error('500') },
    ]);
    expect([...s.syntheses.values()].every((x) => x.stopped)).toBe(true);
  });
});

describe('input', () => {
  it('records, stops, transcribes and remembers the recording', async () => {
    const s = startSession();
    s.send({ type: 'STT.START', requestId: 'start' });
    expect(s.chatStates()).toEqual(['RECORDING']);
    s.send({ type: 'RECORDER.STARTED' });
    expect(s.emitted).toEqual([{ type: 'reply.done', requestId: 'start' }]);
    s.send({ type: 'STT.STOP', requestId: 'stop', language: 'en' });
    expect(s.recorder.commands).toEqual([{ type: 'stop' }]);
    expect(s.chatStates()).toEqual([]);
    const file = new File(['RIFF'], 'recording.wav', { type: 'audio/wav' });
    s.send({ type: 'RECORDER.STOPPED', file });
    await flush();
    expect(s.transcriptions).toEqual([{ file, language: 'en' }]);
    expect(s.emitted.slice(1)).toEqual([
      { type: 'reply.done', requestId: 'stop', value: 'hello world' },
      { type: 'transcript', text: 'hello world' },
    ]);
    expect(s.actor.getSnapshot().context.lastRecordedAudioFile).toBe(file);
    expect(s.actor.getSnapshot().matches({ active: { input: 'idle' } })).toBe(true);
    expect(s.recorder.stops).toBe(1);
  });

  it('stops by itself after the timeout and transcribes when asked', async () => {
    const s = startSession();
    s.send({ type: 'STT.START', requestId: 'start', timeoutMs: 5_000 });
    s.send({ type: 'RECORDER.STARTED' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.recorder.commands).toEqual([{ type: 'stop' }]);
    s.send({ type: 'RECORDER.STOPPED', file: new File([], 'r.wav') });
    expect(s.actor.getSnapshot().matches({ active: { input: 'recorded' } })).toBe(true);
    expect(s.chatStates()).toEqual([]);
    s.send({ type: 'STT.STOP', requestId: 'stop' });
    await flush();
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'stop', value: 'hello world' });
  });

  it('answers a failed recorder start and a failed transcription with reply.failed', async () => {
    const s = startSession({}, { transcribe: async () => Promise.reject(new Error('stt 500')) });
    s.send({ type: 'STT.START', requestId: 'a' });
    s.send({ type: 'RECORDER.FAILED', error: new Error('mic denied') });
    expect(s.emitted).toEqual([{ type: 'reply.failed', requestId: 'a', error: new Error('mic denied') }]);
    s.send({ type: 'STT.START', requestId: 'b' });
    s.send({ type: 'RECORDER.STARTED' });
    s.send({ type: 'STT.STOP', requestId: 'c' });
    s.send({ type: 'RECORDER.STOPPED', file: new File([], 'r.wav') });
    await flush();
    expect(s.emitted.at(-1)).toEqual({ type: 'reply.failed', requestId: 'c', error: new Error('stt 500') });
  });

  it('cannot stop a recording that was never started', () => {
    const s = startSession();
    expect(s.actor.getSnapshot().can({ type: 'STT.STOP', requestId: 'x' })).toBe(false);
  });

  it('uses record-start / record-end-stt and the server transcript in legacy voice chat', async () => {
    const s = startSession({ voiceChat: true });
    s.send({ type: 'STT.START', requestId: 'start' });
    expect(s.sentMessages('record-start')).toHaveLength(1);
    expect(s.emitted).toEqual([{ type: 'reply.done', requestId: 'start' }]);
    expect(s.chatStates()).toEqual(['RECORDING']);
    s.send({ type: 'STT.STOP', requestId: 'stop', language: 'ko' });
    expect(s.sentMessages('record-end-stt')).toEqual([{ type: 'record-end-stt', data: { language: 'ko' } }]);
    s.notify({ type: 'SERVER.MESSAGE', message: { type: 'stt', data: { text: 'annyeong' } } });
    expect(s.emitted.slice(1)).toEqual([
      { type: 'reply.done', requestId: 'stop', value: 'annyeong' },
      { type: 'transcript', text: 'annyeong' },
    ]);
    expect(s.recorder.starts).toBe(0);
  });

  it('fails a legacy transcription on stt-error or after 30 s of silence', async () => {
    const s = startSession({ voiceChat: true });
    s.send({ type: 'STT.START', requestId: 'a' });
    s.send({ type: 'STT.STOP', requestId: 'b' });
    s.notify({ type: 'SERVER.MESSAGE', message: { type: 'stt-error', data: { code: 'no_speech' } } });
    expect(s.emitted.at(-1)).toMatchObject({ type: 'reply.failed', requestId: 'b' });
    s.send({ type: 'STT.START', requestId: 'c' });
    s.send({ type: 'STT.STOP', requestId: 'd' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(s.emitted.at(-1)).toMatchObject({ type: 'reply.failed', requestId: 'd' });
  });
});

describe('link and closing', () => {
  it('mirrors the connection status and forwards size changes', () => {
    const s = startSession();
    expect(toLinkStatus(s.actor.getSnapshot())).toBe('connecting');
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    expect(toLinkStatus(s.actor.getSnapshot())).toBe('connected');
    s.notify({ type: 'LINK.STATUS', status: 'reconnecting' });
    expect(toLinkStatus(s.actor.getSnapshot())).toBe('reconnecting');
    s.send({ type: 'CHANGE_SIZE', width: 10, height: 20 });
    expect(s.received).toContainEqual({ type: 'CHANGE_SIZE', width: 10, height: 20 });
  });

  it('closes when the connection ends, reporting its error, and keeps the chat log', async () => {
    const s = startSession();
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi' });
    s.endConnection({ reason: 'link-lost', error: new Error('gone') });
    const snapshot = s.actor.getSnapshot();
    expect(snapshot.status).toBe('done');
    expect(snapshot.output).toEqual({ reason: 'link-lost', error: new Error('gone') });
    expect(toLinkStatus(snapshot)).toBe('closed');
    expect(s.emitted).toContainEqual({ type: 'error', error: new Error('gone') });
    expect(s.turns[0]!.signal.aborted).toBe(true);
    expect(snapshot.context.chatLog).toHaveLength(1);
  });
});
