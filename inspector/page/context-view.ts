import type { InspectedSnapshot } from '../protocol.js';
import { clear, el, formatTime, prettyJson } from './dom.js';
import { diffJson, type ActorView } from './model.js';

const MAX_ROWS = 200;

/** The selected actor's latest context change as a table, and its whole context below. */
export interface ContextView {
  show(actor: ActorView | undefined): void;
}

export function createContextView(summary: HTMLElement, table: HTMLTableSectionElement, full: HTMLElement): ContextView {
  let shown: InspectedSnapshot | undefined;
  let shownActor: ActorView | undefined;

  return {
    show(actor) {
      if (actor === shownActor && actor?.snapshot === shown) return;
      shownActor = actor;
      shown = actor?.snapshot;
      clear(summary);
      clear(table);
      full.textContent = actor?.snapshot?.context === undefined ? '(no context)' : prettyJson(actor.snapshot.context);
      if (!actor?.contextChange) {
        summary.textContent = 'No context change yet.';
        return;
      }
      summary.append(
        'Changed by ',
        el('code', {}, actor.contextChange.eventType),
        ` at ${formatTime(actor.contextChange.at)}`,
      );
      const changes = diffJson(actor.previousContext, actor.snapshot?.context);
      for (const change of changes.slice(0, MAX_ROWS)) {
        table.appendChild(
          el(
            'tr',
            { className: `change change--${change.kind}`, attrs: { 'data-path': change.path } },
            el('td', { className: 'change__path' }, change.path),
            el('td', { className: 'change__before' }, change.before === undefined ? '' : compact(change.before)),
            el('td', { className: 'change__after' }, change.after === undefined ? '' : compact(change.after)),
          ),
        );
      }
      if (changes.length > MAX_ROWS) table.appendChild(el('tr', {}, el('td', { attrs: { colspan: '3' } }, `… ${changes.length - MAX_ROWS} more changes`)));
    },
  };
}

function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
