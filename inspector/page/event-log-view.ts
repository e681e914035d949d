import { clear, el, formatTime, prettyJson } from './dom.js';
import { MAX_LOG_ENTRIES, type LogEntry, type SourceView } from './model.js';

/**
 * The event log, newest first. Rows are `<details class="event-row">` inside
 * `#event-log`, with `data-event-type` and `data-actor-id`; a row's payload and
 * transitions are rendered when it is opened.
 */
export interface EventLogView {
  show(source: SourceView | undefined): void;
  /** Adds the entries that arrived since the last call. */
  update(): void;
}

export function createEventLogView(list: HTMLElement, filterInput: HTMLInputElement, showInternal: HTMLInputElement): EventLogView {
  let source: SourceView | undefined;
  let lastSeq = 0;

  const matches = (row: HTMLElement): boolean => {
    const type = row.getAttribute('data-event-type') ?? '';
    if (!showInternal.checked && type.startsWith('xstate.')) return false;
    const needle = filterInput.value.trim().toLowerCase();
    return needle === '' || (row.textContent ?? '').toLowerCase().includes(needle);
  };

  const applyFilter = (): void => {
    for (const row of Array.from(list.children) as HTMLElement[]) row.hidden = !matches(row);
  };
  filterInput.addEventListener('input', applyFilter);
  showInternal.addEventListener('change', applyFilter);

  const addRow = (entry: LogEntry): void => {
    const row = renderRow(entry);
    row.hidden = !matches(row);
    list.insertBefore(row, list.firstChild);
    while (list.children.length > MAX_LOG_ENTRIES) list.lastElementChild!.remove();
  };

  return {
    show(next) {
      if (next === source) return;
      source = next;
      lastSeq = 0;
      clear(list);
      this.update();
    },
    update() {
      if (!source) return;
      for (const entry of source.log) {
        if (entry.seq <= lastSeq) continue;
        addRow(entry);
        lastSeq = entry.seq;
      }
    },
  };
}

function renderRow(entry: LogEntry): HTMLElement {
  const { type, ...payload } = entry.event;
  const preview = Object.keys(payload).length > 0 ? truncate(JSON.stringify(payload), 120) : '';
  const row = el(
    'details',
    { className: 'event-row', attrs: { 'data-event-type': type, 'data-actor-id': entry.actorId, 'data-seq': String(entry.seq) } },
    el(
      'summary',
      {},
      el('time', { className: 'event-row__time' }, formatTime(entry.at)),
      el('span', { className: 'event-row__actor', title: entry.actorId }, entry.actorName),
      el('span', { className: 'event-row__type' }, type),
      el('span', { className: 'event-row__preview' }, preview),
    ),
  );
  row.addEventListener('toggle', () => {
    if (!row.open || row.querySelector('.event-row__body')) return;
    row.appendChild(
      el(
        'div',
        { className: 'event-row__body' },
        el('pre', { className: 'json' }, prettyJson(entry.event)),
        entry.sourceActorId ? el('p', { className: 'muted' }, `sent by ${entry.sourceActorId}`) : null,
        entry.transitions.length > 0 ? el('ul', { className: 'event-row__transitions' }, ...entry.transitions.map((line) => el('li', {}, line))) : el('p', { className: 'muted' }, 'no transition taken'),
      ),
    );
  });
  return row;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
