import { createChartView } from './chart-view.js';
import { createContextView } from './context-view.js';
import { byId, el, clear } from './dom.js';
import { createEventLogView } from './event-log-view.js';
import { connectToHub, viewerUrl } from './hub-connection.js';
import { applyHubMessage, createModel, defaultActorId, displayName, type SourceView } from './model.js';
import { createTimelineView } from './timeline-view.js';
import { createTurnsView } from './turns-view.js';

const model = createModel();
let selectedSourceId: string | undefined;
let selectedActorId: string | undefined;
/** Set once the user picks a source: from then on the page stops following new sessions. */
let pinned = false;

const sourcePicker = byId<HTMLSelectElement>('source-picker');
const actorPicker = byId<HTMLSelectElement>('actor-picker');
const hubStatus = byId('hub-status');
const sourceStatus = byId('source-status');

const chart = createChartView(byId('chart'));
const eventLog = createEventLogView(byId('event-log'), byId<HTMLInputElement>('event-filter'), byId<HTMLInputElement>('show-internal'));
const context = createContextView(byId('context-summary'), byId<HTMLTableSectionElement>('context-diff'), byId('context-full'));
const timeline = createTimelineView(byId('timeline'), byId('connection-state'), byId('chat-states'), byId('link-quality'));
const turns = createTurnsView(byId('turns'));

sourcePicker.addEventListener('change', () => {
  selectedSourceId = sourcePicker.value || undefined;
  selectedActorId = undefined;
  pinned = true;
  render();
});
actorPicker.addEventListener('change', () => {
  selectedActorId = actorPicker.value || undefined;
  render();
});

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(() => {
    renderQueued = false;
    render();
  }, 30);
}

connectToHub(viewerUrl(window.location), {
  onMessage(message) {
    const touched = applyHubMessage(model, message);
    followNewSources(touched);
    scheduleRender();
  },
  onStatus(connected) {
    hubStatus.textContent = connected ? 'hub connected' : 'hub unreachable, retrying…';
    hubStatus.setAttribute('data-connected', String(connected));
    document.body.setAttribute('data-hub', connected ? 'connected' : 'disconnected');
  },
});

// Open timeline segments grow with the clock even when no message arrives.
setInterval(() => {
  if (selectedSource()?.online) render();
}, 1000);

function followNewSources(touched: string | undefined): void {
  const current = selectedSource();
  if (pinned && current) return;
  if (current?.online) return;
  const candidate = (touched && model.sources.get(touched)?.online ? touched : undefined) ?? newestOnlineSourceId() ?? touched;
  if (candidate && candidate !== selectedSourceId) {
    selectedSourceId = candidate;
    selectedActorId = undefined;
  }
}

function newestOnlineSourceId(): string | undefined {
  let newest: SourceView | undefined;
  for (const source of model.sources.values()) {
    if (source.online && (!newest || source.info.connectedAt >= newest.info.connectedAt)) newest = source;
  }
  return newest?.info.sourceId;
}

function selectedSource(): SourceView | undefined {
  return selectedSourceId === undefined ? undefined : model.sources.get(selectedSourceId);
}

function render(): void {
  const source = selectedSource();
  renderSourcePicker();
  const actorId = selectedActorId !== undefined && source?.actors.has(selectedActorId) ? selectedActorId : source ? defaultActorId(source) : undefined;
  renderActorPicker(source, actorId);
  const actor = actorId === undefined ? undefined : source?.actors.get(actorId);

  chart.show(actor?.definition);
  chart.setValue(actor?.snapshot?.value);
  eventLog.show(source);
  eventLog.update();
  context.show(actor);
  timeline.show(source, Date.now());
  turns.show(source);
  renderSourceStatus(source);
  document.body.setAttribute('data-source-count', String(model.sources.size));
}

let sourceOptionsKey = '';
function renderSourcePicker(): void {
  const sources = [...model.sources.values()];
  const key = JSON.stringify([selectedSourceId, sources.map((source) => [source.info.sourceId, source.info.label, source.online])]);
  if (key === sourceOptionsKey) return;
  sourceOptionsKey = key;
  clear(sourcePicker);
  if (sources.length === 0) sourcePicker.appendChild(el('option', { attrs: { value: '' } }, 'no sessions yet'));
  for (const source of sources) {
    const text = `${source.info.label} (${source.info.sourceId})${source.online ? '' : ' — ended'}`;
    sourcePicker.appendChild(el('option', { attrs: { value: source.info.sourceId } }, text));
  }
  sourcePicker.value = selectedSourceId ?? '';
}

let actorOptionsKey = '';
function renderActorPicker(source: SourceView | undefined, actorId: string | undefined): void {
  const machines = source ? [...source.actors.values()].filter((actor) => actor.definition) : [];
  const key = JSON.stringify([source?.info.sourceId, actorId, machines.map((actor) => [actor.actorId, actor.name])]);
  if (key === actorOptionsKey) return;
  actorOptionsKey = key;
  clear(actorPicker);
  for (const actor of machines) {
    const parent = actor.parentId === undefined ? undefined : source?.actors.get(actor.parentId);
    const text = parent ? `${displayName(actor)} ← ${displayName(parent)}` : `${displayName(actor)} (root)`;
    actorPicker.appendChild(el('option', { attrs: { value: actor.actorId } }, text));
  }
  actorPicker.disabled = machines.length < 2;
  actorPicker.value = actorId ?? '';
}

function renderSourceStatus(source: SourceView | undefined): void {
  if (!source) {
    sourceStatus.textContent = 'Waiting for a session. Attach one with attachInspector(session, { url }).';
    return;
  }
  const parts = [source.online ? 'streaming' : 'ended', `${source.log.length} events`];
  if (source.dropped > 0) parts.push(`${source.dropped} messages lost while disconnected`);
  sourceStatus.textContent = parts.join(' · ');
  sourceStatus.setAttribute('data-online', String(source.online));
}
