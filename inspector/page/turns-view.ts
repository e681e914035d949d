import { turnWaterfall } from '../../src/client/turn-waterfall.js';
import type { TurnStep } from '../../src/client/turn-timeline.js';
import type { InspectedTurnTimeline } from '../protocol.js';
import { clear, el, svg } from './dom.js';
import type { SourceView } from './model.js';

/**
 * The session's finished turns, newest first, each a waterfall of its steps
 * (the bars of `turnWaterfall`), with the step times on hover.
 */
export interface TurnsView {
  show(source: SourceView | undefined): void;
}

const ROW = 13;
const LABEL = 92;
const BARS = 230;
const VALUE = 50;

export function createTurnsView(container: HTMLElement): TurnsView {
  let shownKey = '';
  return {
    show(source) {
      const turns = source?.turnTimelines ?? [];
      const key = JSON.stringify([source?.info.sourceId, turns.map((turn) => turn.turnId)]);
      if (key === shownKey) return;
      shownKey = key;
      clear(container);
      if (turns.length === 0) {
        container.appendChild(el('p', { className: 'empty' }, 'No finished turn yet.'));
        return;
      }
      for (const turn of [...turns].reverse()) container.appendChild(renderTurn(turn));
    },
  };
}

function renderTurn(turn: InspectedTurnTimeline): HTMLElement {
  const waterfall = turnWaterfall({ ...turn, end: turn.end as never, marks: turn.marks as Partial<Record<TurnStep, number>> });
  const width = LABEL + BARS + VALUE;
  const height = Math.max(1, waterfall.bars.length) * ROW;
  // The axis ends a little after the latency steps; longer bars (the speaking) run off its end, faded.
  const axisMs = Math.max(1, waterfall.latencyMs * 1.15);
  const scale = BARS / axisMs;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'turn__chart', role: 'img', 'aria-label': `turn ${turn.turnId}` });
  waterfall.bars.forEach((bar, row) => {
    const y = row * ROW;
    const ms = Math.round(bar.toMs - bar.fromMs);
    chart.append(
      svg('text', { x: LABEL - 4, y: y + ROW - 3, class: 'turn__label', 'text-anchor': 'end' }, bar.label),
      svg(
        'rect',
        {
          x: LABEL + Math.min(bar.fromMs, axisMs) * scale,
          y: y + 2,
          width: Math.max(1.5, (Math.min(bar.toMs, axisMs) - Math.min(bar.fromMs, axisMs)) * scale),
          height: ROW - 4,
          class: bar.toMs > axisMs ? 'turn__bar turn__bar--clipped' : 'turn__bar',
          'data-step': bar.step,
        },
        svg('title', {}, `${bar.label}: ${Math.round(bar.fromMs)} → ${Math.round(bar.toMs)} ms`),
      ),
      svg('text', { x: width - 2, y: y + ROW - 3, class: 'turn__value', 'text-anchor': 'end' }, `${ms} ms`),
    );
  });
  return el(
    'div',
    { className: 'turn', attrs: { 'data-turn-id': turn.turnId, 'data-end': turn.end, 'data-testid': 'inspector-turn' } },
    el('div', { className: 'turn__head' }, el('span', {}, `${turn.turnId} · ${turn.end}`), el('span', { className: 'muted' }, `${Math.round(waterfall.totalMs)} ms`)),
    chart,
  );
}
