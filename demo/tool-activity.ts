/** The "tool activity" panel: each client-tool call, its arguments, and its result, from the session's tool events. */
import { byId, element, formatTime, keepScrolledToBottom } from './dom.js';
import type { Session } from './sdk.js';

interface ToolCallEntry {
  /** Shows what the tool answered. */
  succeed(result: unknown): void;
  /** Shows why the tool failed. */
  fail(error: unknown): void;
}

export class ToolActivityView {
  private readonly list = byId('tool-activity', HTMLOListElement);

  /** Follows the session's `tool-start` / `tool-end` / `tool-error` events; answers the function that stops. */
  attach(session: Session): () => void {
    const running = new Map<string, ToolCallEntry>();
    const settle = (callId: string, show: (entry: ToolCallEntry) => void): void => {
      const entry = running.get(callId);
      running.delete(callId);
      if (entry) show(entry);
    };
    const stops = [
      session.on('tool-start', (start) => running.set(start.callId, this.begin(start.name, start.arguments))),
      session.on('tool-end', (end) => settle(end.callId, (entry) => entry.succeed(end.result))),
      session.on('tool-error', (failure) => settle(failure.callId, (entry) => entry.fail(failure.error))),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** Adds a running call to the panel. */
  private begin(toolName: string, args: unknown): ToolCallEntry {
    const item = element('li', 'tool-call');
    item.dataset.testid = 'tool-call';
    item.dataset.toolName = toolName;
    item.dataset.status = 'running';
    const head = element('div', 'tool-call__head');
    head.append(element('span', 'tool-call__name', `${toolName}()`), element('span', 'tool-call__time', formatTime(Date.now())));
    const call = line('Called with', args, 'tool-call-args');
    const result = element('p', 'tool-call__line', 'Running…');
    result.dataset.testid = 'tool-call-result';
    item.append(head, call, result);
    keepScrolledToBottom(this.list, () => this.list.append(item));
    return {
      succeed: (value) => {
        item.dataset.status = 'done';
        result.replaceWith(line('Returned', value, 'tool-call-result'));
      },
      fail: (error) => {
        item.dataset.status = 'error';
        result.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
      },
    };
  }

  clear(): void {
    this.list.replaceChildren();
  }
}

function line(label: string, value: unknown, testid: string): HTMLParagraphElement {
  const paragraph = element('p', 'tool-call__line', `${label} `);
  paragraph.dataset.testid = testid;
  paragraph.append(element('code', '', JSON.stringify(value)));
  return paragraph;
}
