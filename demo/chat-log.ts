/** The conversation: the SDK's chat log (newest first) drawn oldest at the top. */
import type { ChatLogEntry } from './sdk.js';
import { byId, element, formatTime, isScrolledToBottom } from './dom.js';

export class ChatLogView {
  private readonly list = byId('chat-log', HTMLOListElement);
  /** Whether the newest message should stay in view (the person has not scrolled up). */
  private followNewest = true;

  constructor() {
    this.list.addEventListener('scroll', () => {
      this.followNewest = isScrolledToBottom(this.list);
    });
    // A resize (rotation, narrower window) re-wraps the messages; keep the newest in view.
    new ResizeObserver(() => this.scrollIfFollowing()).observe(this.list);
  }

  render(newestFirst: readonly ChatLogEntry[]): void {
    this.list.replaceChildren(...[...newestFirst].reverse().map(renderEntry));
    this.scrollIfFollowing();
  }

  clear(): void {
    this.list.replaceChildren();
    this.followNewest = true;
  }

  private scrollIfFollowing(): void {
    if (this.followNewest) this.list.scrollTop = this.list.scrollHeight;
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
