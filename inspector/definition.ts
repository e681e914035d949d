import type { ChartInvoke, ChartNode, ChartNodeType, ChartTransition } from './protocol.js';

const NODE_TYPES: readonly ChartNodeType[] = ['atomic', 'compound', 'parallel', 'final', 'history'];

/**
 * The chart of a machine actor's logic (`machine.definition`), reduced to what a
 * viewer draws: nested state nodes, their kinds, and named transitions.
 * Returns `undefined` for logic that is not a state machine.
 */
export function chartOf(logic: unknown): ChartNode | undefined {
  if (!isRecord(logic) || !isRecord(logic.root)) return undefined;
  try {
    const definition: unknown = logic.definition;
    return isRecord(definition) ? toChartNode(definition) : undefined;
  } catch {
    return undefined;
  }
}

/** Converts one `StateNodeDefinition` (and its children) into a `ChartNode`. */
export function toChartNode(definition: Record<string, unknown>): ChartNode {
  const type = NODE_TYPES.find((candidate) => candidate === definition.type) ?? 'atomic';
  const children = isRecord(definition.states) ? Object.values(definition.states).filter(isRecord) : [];
  children.sort((a, b) => numberOr(a.order, 0) - numberOr(b.order, 0));

  const node: ChartNode = {
    id: String(definition.id),
    key: String(definition.key),
    type,
    tags: Array.isArray(definition.tags) ? definition.tags.map(String) : [],
    entry: namesOf(definition.entry),
    exit: namesOf(definition.exit),
    invoke: Array.isArray(definition.invoke) ? definition.invoke.filter(isRecord).map(toInvoke) : [],
    on: Array.isArray(definition.transitions) ? definition.transitions.filter(isRecord).map(toTransition) : [],
    states: children.map(toChartNode),
  };
  if (type === 'compound' && isRecord(definition.initial)) node.initial = targetsOf(definition.initial.target);
  if (definition.history === 'shallow' || definition.history === 'deep') node.history = definition.history;
  if (typeof definition.description === 'string') node.description = definition.description;
  return node;
}

function toTransition(transition: Record<string, unknown>): ChartTransition {
  const out: ChartTransition = {
    event: typeof transition.eventType === 'string' ? transition.eventType : '',
    targets: targetsOf(transition.target),
    actions: namesOf(transition.actions),
    reenter: transition.reenter === true,
  };
  if (transition.guard !== undefined) out.guard = nameOf(transition.guard);
  return out;
}

function toInvoke(invoke: Record<string, unknown>): ChartInvoke {
  return { id: String(invoke.id ?? ''), src: typeof invoke.src === 'string' ? invoke.src : 'inline' };
}

/** State node ids from a definition's targets: `'#root.a'` strings or state nodes. */
export function targetsOf(targets: unknown): string[] {
  if (!Array.isArray(targets)) return [];
  return targets.map((target) => {
    if (typeof target === 'string') return target.startsWith('#') ? target.slice(1) : target;
    return isRecord(target) ? String(target.id) : String(target);
  });
}

function namesOf(items: unknown): string[] {
  return Array.isArray(items) ? items.map(nameOf) : [];
}

/** A readable name for an action or guard: a string, `{ type }`, or a function. */
function nameOf(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'function') return item.name ? item.name : 'inline';
  if (isRecord(item) && typeof item.type === 'string') return item.type;
  return 'inline';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
