/**
 * The "turn latency" panel: each finished turn as a small waterfall (an SVG
 * bar per step span, from the SDK's `turn-timeline` event), newest on top.
 */
import { turnWaterfall } from '../src/client/turn-waterfall.js';
import type { TurnWaterfall } from '../src/client/turn-waterfall.js';
import { byId, element } from './dom.js';
import type { Session } from './sdk.js';

type TurnTimeline = ReturnType<Session['getTurnTimelines']>[number];

/** Turns shown at once; older ones scroll away. */
const SHOWN_TURNS = 5;
const SVG = 'http://www.w3.org/2000/svg';
const ROW_HEIGHT = 15;
const LABEL_WIDTH = 96;
const BAR_AREA = 200;
const VALUE_WIDTH = 56;

const END_LABELS: Record<TurnTimeline['end'], string> = {
  spoken: 'spoken',
  unspoken: 'nothing to speak',
  failed: 'failed',
  cancelled: 'cancelled',
  aborted: 'aborted',
  interrupted: 'interrupted',
  closed: 'session closed',
};

export class TurnLatencyView {
  private readonly list = byId('turn-latency', HTMLOListElement);

  attach(session: Session): () => void {
    for (const timeline of session.getTurnTimelines().slice(-SHOWN_TURNS)) this.add(timeline);
    return session.on('turn-timeline', (timeline) => this.add(timeline));
  }

  clear(): void {
    this.list.replaceChildren();
  }

  private add(timeline: TurnTimeline): void {
    const waterfall = turnWaterfall(timeline);
    const item = element('li', 'turn');
    item.dataset.testid = 'turn-waterfall';
    item.dataset.end = timeline.end;
    const head = element('div', 'turn__head');
    head.append(element('span', 'turn__end', END_LABELS[timeline.end]), element('span', 'turn__total', `${Math.round(waterfall.totalMs)} ms`));
    item.append(head, drawWaterfall(waterfall));
    this.list.prepend(item);
    while (this.list.children.length > SHOWN_TURNS) this.list.lastElementChild?.remove();
  }
}

function drawWaterfall(waterfall: TurnWaterfall): SVGSVGElement {
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
  const height = Math.max(1, waterfall.bars.length) * ROW_HEIGHT;
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, class: 'turn__chart', role: 'img' });
  svg.setAttribute('aria-label', waterfall.bars.map((bar) => `${bar.label} ${Math.round(bar.toMs - bar.fromMs)} ms`).join(', '));
  // The axis ends a little after the latency steps; longer bars (the speaking) run off its end, faded.
  const axisMs = Math.max(1, waterfall.latencyMs * 1.15);
  const scale = BAR_AREA / axisMs;
  waterfall.bars.forEach((bar, row) => {
    const y = row * ROW_HEIGHT;
    const label = svgElement('text', { x: LABEL_WIDTH - 4, y: y + ROW_HEIGHT - 4, class: 'turn__label', 'text-anchor': 'end' });
    label.textContent = bar.label;
    const clipped = bar.toMs > axisMs;
    const rect = svgElement('rect', {
      x: LABEL_WIDTH + Math.min(bar.fromMs, axisMs) * scale,
      y: y + 3,
      width: Math.max(1.5, (Math.min(bar.toMs, axisMs) - Math.min(bar.fromMs, axisMs)) * scale),
      height: ROW_HEIGHT - 6,
      rx: 2,
      class: clipped ? 'turn__bar turn__bar--clipped' : 'turn__bar',
      'data-step': bar.step,
      'data-testid': 'turn-bar',
    });
    const value = svgElement('text', { x: width - 2, y: y + ROW_HEIGHT - 4, class: 'turn__value', 'text-anchor': 'end' });
    value.textContent = `${Math.round(bar.toMs - bar.fromMs)} ms`;
    svg.append(label, rect, value);
  });
  return svg;
}

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}
