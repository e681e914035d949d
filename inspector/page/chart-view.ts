import type { ChartNode, ChartTransition, JsonValue } from '../protocol.js';
import { clear, el } from './dom.js';
import { activeStateIds } from './model.js';

/**
 * Draws a chart as nested boxes: a parallel state lays its regions side by
 * side, a compound state stacks its children. Active nodes carry
 * `data-active="true"`; every node carries `data-state-id`.
 */
export interface ChartView {
  show(chart: ChartNode | undefined): void;
  setValue(value: JsonValue | undefined): void;
}

export function createChartView(container: HTMLElement): ChartView {
  let current: ChartNode | undefined;
  const nodes = new Map<string, HTMLElement>();

  return {
    show(chart) {
      if (chart === current) return;
      current = chart;
      nodes.clear();
      clear(container);
      if (!chart) {
        container.appendChild(el('p', { className: 'empty' }, 'No chart yet: waiting for a session to stream its machine.'));
        return;
      }
      const keys = new Map<string, string>();
      indexKeys(chart, keys);
      container.appendChild(renderNode(chart, keys, nodes, undefined));
    },
    setValue(value) {
      if (!current) return;
      const active = activeStateIds(current, value);
      for (const [id, element] of nodes) element.setAttribute('data-active', String(active.has(id)));
    },
  };
}

function renderNode(node: ChartNode, keys: Map<string, string>, nodes: Map<string, HTMLElement>, parent: ChartNode | undefined): HTMLElement {
  const isInitial = parent?.initial?.includes(node.id) ?? false;
  const header = el(
    'div',
    { className: 'state__header' },
    isInitial ? el('span', { className: 'state__initial', title: 'initial state' }, '●') : null,
    el('span', { className: 'state__name' }, node.key),
    node.type === 'atomic' || node.type === 'compound' ? null : el('span', { className: 'state__badge' }, badge(node)),
    ...node.tags.map((tag) => el('span', { className: 'state__tag' }, tag)),
  );
  const box = el('div', {
    className: `state state--${node.type}`,
    title: node.description ?? node.id,
    attrs: { 'data-state-id': node.id, 'data-state-type': node.type, 'data-active': 'false' },
  }, header);

  const details = [
    ...node.invoke.map((invoke) => el('li', { className: 'state__invoke' }, `invoke ${invoke.src}${invoke.id && invoke.id !== invoke.src ? ` (${invoke.id})` : ''}`)),
    ...node.on.map((transition) => el('li', { className: 'state__transition' }, describeTransition(transition, keys))),
  ];
  if (details.length > 0) box.appendChild(el('ul', { className: 'state__details' }, ...details));

  if (node.states.length > 0) {
    const children = el('div', { className: `state__children state__children--${node.type === 'parallel' ? 'parallel' : 'stacked'}` });
    for (const child of node.states) children.appendChild(renderNode(child, keys, nodes, node));
    box.appendChild(children);
  }
  nodes.set(node.id, box);
  return box;
}

function badge(node: ChartNode): string {
  if (node.type === 'history') return node.history === 'deep' ? 'H*' : 'H';
  return node.type;
}

function describeTransition(transition: ChartTransition, keys: Map<string, string>): string {
  const targets = transition.targets.map((id) => keys.get(id) ?? id).join(', ');
  const guard = transition.guard ? ` [${transition.guard}]` : '';
  return `${describeEventType(transition.event)}${guard}${targets ? ` → ${targets}` : ''}`;
}

/** Readable names for XState's generated event types. */
export function describeEventType(type: string): string {
  if (type === '') return 'always';
  const after = /^xstate\.after\.([^.]+)\./.exec(type);
  if (after) return `after ${after[1]}`;
  const done = /^xstate\.done\.actor\.(.+)$/.exec(type);
  if (done) return `done: ${done[1]}`;
  const error = /^xstate\.error\.actor\.(.+)$/.exec(type);
  if (error) return `error: ${error[1]}`;
  if (type.startsWith('xstate.done.state.')) return 'done';
  return type;
}

function indexKeys(node: ChartNode, keys: Map<string, string>): void {
  keys.set(node.id, node.key);
  for (const child of node.states) indexKeys(child, keys);
}
