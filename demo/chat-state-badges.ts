/** The chat-state badges: one per ChatState, lit while that state is on. */
import type { ChatStateSet, PersoSdk } from './sdk.js';

const STATE_NAMES = ['RECORDING', 'LLM', 'ANALYZING', 'SPEAKING', 'TTS'] as const;

export class ChatStateBadges {
  constructor(private readonly sdk: PersoSdk) {}

  render(states: ChatStateSet): void {
    for (const name of STATE_NAMES) {
      const on = states.has(this.sdk.ChatState[name]);
      const badge = document.querySelector<HTMLElement>(`[data-chat-state="${name}"]`);
      if (badge) badge.dataset.active = String(on);
    }
  }

  clear(): void {
    this.render(new Set());
  }
}
