/** The conversation: the SDK's chat log (newest first) drawn oldest at the top. */
import type { ChatLogEntry } from './sdk.js';
import { byId, element, formatTime, keepScrolledToBottom } from './dom.js';

export class ChatLogView {
  private readonly list = byId('chat-log', HTMLOListElement);

  render(newestFirst: readonly ChatLogEntry[]): void {
    const items = [...newestFirst].reverse().map(renderEntry);
    keepScrolledToBottom(this.list, () => this.list.replaceChildren(...items));
  }

  clear(): void {
    this.list.replaceChildren();
  }
}

function renderEntry(entry: ChatLogEntry): HTMLLIElement {
  const role = entry.isUser ? 'user' : 'assistant';
  const item = element('li', 'message');
  item.dataset.role = role;
  item.dataset.testid = 'chat-message';
  item.append(
    element('p', 'message__text', entry.text),
    element('span', 'message__meta', `${entry.isUser ? 'You' : 'Avatar'} · ${formatTime(entry.timestamp)}`),
  );
  return item;
}
