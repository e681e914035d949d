/** Push to talk: the first press records the microphone, the second sends what it heard as a question. */
import { useState } from 'react';
import { useSession } from 'perso-interactive-sdk-web/react';

type MicState = 'idle' | 'recording' | 'transcribing';

export function VoiceButton({ disabled, onProblem }: { disabled: boolean; onProblem: (message: string) => void }) {
  const { session } = useSession();
  const [mic, setMic] = useState<MicState>('idle');

  const toggle = async (): Promise<void> => {
    if (!session) return;
    try {
      if (mic === 'idle') {
        setMic('recording');
        await session.startProcessSTT();
        return;
      }
      if (mic !== 'recording') return;
      setMic('transcribing');
      const text = await session.stopProcessSTT();
      setMic('idle');
      if (text.trim() !== '') await session.processChat(text);
    } catch (error) {
      setMic('idle');
      onProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <button type="button" data-testid="mic-button" data-state={mic} disabled={disabled || mic === 'transcribing'} aria-pressed={mic === 'recording'} onClick={() => void toggle()}>
      {mic === 'recording' ? 'Stop and send' : mic === 'transcribing' ? 'Listening…' : 'Speak'}
    </button>
  );
}
