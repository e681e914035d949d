/**
 * Draws a machine's chart as an SVG of nested boxes, walking `machine.root`:
 * a compound state lays out its children (● marks the initial one), a
 * parallel state its regions in dashed boxes; each box lists what it invokes
 * and the transitions that change state (`EVENT [guard] → target`, eventless
 * ones as `always`). Targetless transitions (actions only) are left out, so
 * the picture shows the shape of the chart.
 *
 * Text is monospace so widths can be computed without a browser, and the
 * output is deterministic: docs/images is checked against it by a test.
 */
import type { AnyStateNode } from 'xstate';
import { describeEventType } from '../inspector/page/chart-view.js';

/** What the picture needs of one state node. */
interface ChartNode {
  id: string;
  key: string;
  type: AnyStateNode['type'];
  initial: string[];
  invoke: string[];
  on: ChartTransition[];
  states: ChartNode[];
}

interface ChartTransition {
  event: string;
  guard?: string;
  targets: string[];
}

const TITLE_PX = 13;
const LINE_PX = 11;
/** Advance of one monospace character, as a share of the font size. */
const CHAR_EM = 0.61;
const PAD = 8;
const GAP = 10;
const LINE_H = 15;
const TITLE_H = 20;
const MAX_ROW_W = 1180;

interface Box {
  node: ChartNode;
  w: number;
  h: number;
  isInitial: boolean;
  isRegion: boolean;
  title: string;
  lines: string[];
  /** Children, each with its offset inside this box. */
  children: Array<{ box: Box; x: number; y: number }>;
}

export function renderChartSvg(machineRoot: AnyStateNode, caption: string): string {
  const chart = toChartNode(machineRoot, new Map());
  const root = layout(chart, { rootId: chart.id, initial: false, region: false, maxW: MAX_ROW_W });
  const captionH = 26;
  const w = Math.ceil(root.w + 2 * PAD);
  const h = Math.ceil(root.h + 2 * PAD + captionH);
  const body: string[] = [];
  body.push(text(PAD, PAD + 14, caption, 'caption'));
  draw(root, PAD, PAD + captionH, body);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<style>',
    'text{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;fill:#1f2430}',
    `.title{font-size:${TITLE_PX}px;font-weight:bold}.line{font-size:${LINE_PX}px;fill:#4a5163}.invoke{font-size:${LINE_PX}px;fill:#6b3fa0}`,
    '.caption{font-size:14px;font-weight:bold}.initial{fill:#1f6feb}',
    'rect{fill:#fff;stroke:#8b93a7;stroke-width:1}.compound{fill:#f6f8fb}.parallel{fill:#eef3fb}.region{fill:none;stroke-dasharray:5 3}.final{stroke-width:3;stroke:#56607a}',
    '</style>',
    `<rect x="0" y="0" width="${w}" height="${h}" style="fill:#fff;stroke:none"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

interface LayoutContext {
  rootId: string;
  initial: boolean;
  region: boolean;
  maxW: number;
}

function layout(node: ChartNode, context: LayoutContext): Box {
  const title = `${context.initial ? '● ' : ''}${node.key}${badge(node)}`;
  const lines = [...node.invoke, ...node.on.filter((t) => t.targets.length > 0).map((t) => describe(t, node, context.rootId))];
  const textW = Math.max(width(title, TITLE_PX), ...lines.map((line) => width(line, LINE_PX)));
  const headerH = TITLE_H + lines.length * LINE_H;

  const children: Box['children'] = [];
  let innerW = 0;
  let innerH = 0;
  if (node.states.length > 0) {
    const boxes = node.states.map((child) =>
      layout(child, {
        rootId: context.rootId,
        initial: node.initial.includes(child.id),
        region: node.type === 'parallel',
        maxW: context.maxW - 2 * PAD,
      }),
    );
    // Rows, wrapped at the width available; each row as tall as its tallest box.
    let x = 0;
    let y = 0;
    let rowH = 0;
    for (const box of boxes) {
      if (x > 0 && x + box.w > context.maxW - 2 * PAD) {
        x = 0;
        y += rowH + GAP;
        rowH = 0;
      }
      children.push({ box, x, y });
      x += box.w + GAP;
      rowH = Math.max(rowH, box.h);
      innerW = Math.max(innerW, x - GAP);
    }
    innerH = y + rowH;
  }
  const w = Math.max(textW, innerW) + 2 * PAD;
  const h = headerH + (children.length > 0 ? innerH + PAD : 0) + PAD / 2;
  return { node, w, h, isInitial: context.initial, isRegion: context.region, title, lines, children };
}

function draw(box: Box, x: number, y: number, out: string[]): void {
  const kind = box.isRegion ? 'region' : box.node.type === 'final' ? 'final' : box.node.states.length > 0 ? box.node.type : 'atomic';
  out.push(`<rect class="${kind}" x="${round(x)}" y="${round(y)}" width="${round(box.w)}" height="${round(box.h)}" rx="6"/>`);
  const titleY = y + 15;
  if (box.isInitial) {
    out.push(text(x + PAD, titleY, '●', 'title initial'));
    out.push(text(x + PAD + width('● ', TITLE_PX), titleY, box.title.slice(2), 'title'));
  } else {
    out.push(text(x + PAD, titleY, box.title, 'title'));
  }
  box.lines.forEach((line, i) => out.push(text(x + PAD, y + TITLE_H + 10 + i * LINE_H, line, line.startsWith('invoke ') ? 'invoke' : 'line')));
  const childrenY = y + TITLE_H + box.lines.length * LINE_H;
  for (const child of box.children) draw(child.box, x + PAD + child.x, childrenY + child.y, out);
}

/**
 * Reads one state node and its children. `actorNames` maps the generated ids
 * of unnamed invocations to their sources, so `done`/`error` events read
 * `done: transcribe` rather than `done: 0.session.active…`.
 */
function toChartNode(node: AnyStateNode, actorNames: Map<string, string>): ChartNode {
  const invoke = node.invoke.map((definition) => {
    const src = typeof definition.src === 'string' ? definition.src : 'inline';
    const named = !/^\d+\./.test(definition.id) && definition.id !== src;
    actorNames.set(definition.id, named ? definition.id : src);
    return `invoke ${src}${named ? ` (${definition.id})` : ''}`;
  });
  const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    initial: node.type === 'compound' ? node.initial.target.map((target) => target.id) : [],
    invoke,
    on: transitions.map((transition) => ({
      event: readableEvent(transition.eventType, actorNames),
      targets: (transition.target ?? []).map((target) => target.id),
      ...(transition.guard === undefined ? {} : { guard: guardName(transition.guard) }),
    })),
    states: Object.values(node.states)
      .sort((a, b) => a.order - b.order)
      .map((child) => toChartNode(child, actorNames)),
  };
}

function readableEvent(eventType: string, actorNames: Map<string, string>): string {
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (actor) return `${actor[1]}: ${actorNames.get(actor[2]!) ?? actor[2]}`;
  return describeEventType(eventType);
}

/** A named guard by its name; `and(...)` / `or(...)` / `not(...)` by what they combine. */
function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  if (typeof guard === 'function') {
    const combined = (guard as { guards?: unknown[]; check?: unknown }).guards;
    const kind = /^(and|or|not)/.exec(guard.name)?.[1];
    if (kind && Array.isArray(combined)) return `${kind}(${combined.map(guardName).join(', ')})`;
    return guard.name || 'guarded';
  }
  return 'guarded';
}

function describe(transition: ChartTransition, source: ChartNode, rootId: string): string {
  const guard = transition.guard ? ` [${transition.guard}]` : '';
  const targets = transition.targets.map((target) => relativeTarget(target, source.id, rootId)).join(', ');
  return `${describeEventType(transition.event)}${guard} → ${targets}`;
}

/** A sibling by its key; anything else by its path below the machine's root. */
function relativeTarget(target: string, sourceId: string, rootId: string): string {
  const parentOf = (id: string) => id.slice(0, Math.max(0, id.lastIndexOf('.')));
  if (target === sourceId) return 'self';
  if (parentOf(target) === parentOf(sourceId)) return target.slice(target.lastIndexOf('.') + 1);
  if (target.startsWith(`${sourceId}.`)) return target.slice(sourceId.length + 1);
  return target.startsWith(`${rootId}.`) ? target.slice(rootId.length + 1) : target;
}

function badge(node: ChartNode): string {
  if (node.type === 'parallel') return ' ∥';
  if (node.type === 'final') return ' (final)';
  return '';
}

function width(value: string, fontPx: number): number {
  return [...value].length * fontPx * CHAR_EM;
}

function text(x: number, y: number, value: string, className: string): string {
  return `<text class="${className}" x="${round(x)}" y="${round(y)}">${escapeXml(value)}</text>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
