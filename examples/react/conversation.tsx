/** One session's page: the avatar, its states, the chat log, text and voice input, interrupt. */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { AvatarVideo, useChatLog, useChatStates, useConnectionQuality, useConnectionState, useSession, useSessionEvent } from 'perso-interactive-sdk-web/react';
import { ChatState } from 'perso-interactive-sdk-web/client';
import type { ToolCallRecord } from './app.js';
import { VoiceButton } from './voice-button.js';

const CHAT_STATES = Object.values(ChatState);

export function Conversation({ toolCalls }: { toolCalls: readonly ToolCallRecord[] }) {
  const { session, status, error } = useSession();
  const chatStates = useChatStates();
  const chatLog = useChatLog();
  const connection = useConnectionState();
  const [problem, setProblem] = useState<string | null>(null);
  const quality = useConnectionQuality();
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [draft, setDraft] = useState('');

  useSessionEvent('autoplay-blocked', () => setSoundBlocked(true));
  useEffect(() => {
    if (!session) return;
    session.setErrorHandler((turnError) => setProblem(turnError.message));
    return () => {
      session.setErrorHandler(null);
    };
  }, [session]);

  const ready = session !== null && status === 'connected';
  const send = (event: FormEvent): void => {
    event.preventDefault();
    const text = draft.trim();
    if (!session || text === '') return;
    setDraft('');
    session.processChat(text).catch((sendError: unknown) => setProblem(String(sendError)));
  };

  return (
    <section className="conversation">
      <div className="stage">
        <AvatarVideo className="avatar" data-testid="avatar-video" enableSoundClassName="sound-button" />
        <p className="status" data-testid="status" data-status={status}>
          {status}
          {connection && connection !== status ? ` (link ${connection})` : ''}
        </p>
        <p className="quality" data-testid="connection-quality" data-level={quality?.level ?? 'none'}>
          {quality ? `link ${quality.level}${quality.figures?.rttMs != null ? `, ${Math.round(quality.figures.rttMs)} ms` : ''}` : 'measuring the link…'}
        </p>
        <span hidden data-testid="connection-state" data-state={connection ?? 'none'} />
        <span hidden data-testid="session-id" data-session-id={session?.getSessionId() ?? ''} />
      </div>
      {(error || problem) && (
        <p className="problem" role="alert" data-testid="error-message">
          {error?.message ?? problem}
        </p>
      )}
      <ul className="chat-states" aria-label="Chat states">
        {CHAT_STATES.map((state) => (
          <li key={state} data-testid={`badge-${state}`} data-active={String(chatStates.has(state))}>
            {state}
          </li>
        ))}
      </ul>
      <form className="chat-form" onSubmit={send}>
        <input data-testid="chat-input" aria-label="Message" placeholder="Ask the avatar…" value={draft} disabled={!ready} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit" data-testid="chat-send" disabled={!ready}>
          Send
        </button>
        <VoiceButton disabled={!ready} onProblem={setProblem} />
        <button type="button" data-testid="interrupt-button" disabled={!ready} onClick={() => session?.clearBuffer()}>
          Interrupt
        </button>
      </form>
      {soundBlocked && <p className="hint">The browser muted the avatar until you click “Enable sound”.</p>}
      <ol className="chat-log" data-testid="chat-log">
        {[...chatLog].reverse().map((entry, index) => (
          <li key={index} data-testid="chat-message" data-role={entry.isUser ? 'user' : 'assistant'}>
            <strong>{entry.isUser ? 'You' : 'Avatar'}:</strong> <span className="message__text">{entry.text}</span>
          </li>
        ))}
      </ol>
      {toolCalls.length > 0 && (
        <ul className="tool-calls" aria-label="Tool calls">
          {toolCalls.map((call, index) => (
            <li key={index} data-testid="tool-call" data-location={call.location}>
              get_weather({call.location}) → {call.report.temperature}°{call.report.unit === 'celsius' ? 'C' : 'F'}, {call.report.condition}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
