/** The pictures of the charts in docs/images, drawn from the machine definitions themselves. */
import { connectionMachine } from '../machines/connection.machine.js';
import { sessionMachine } from '../machines/session.machine.js';
import { renderChartSvg } from './chart-svg.js';

export interface ChartPicture {
  /** Relative to the repository root. */
  file: string;
  svg: string;
}

export function chartPictures(): ChartPicture[] {
  return [
    { file: 'docs/images/session-chart.svg', svg: renderChartSvg(sessionMachine.root, 'sessionMachine (machines/session.machine.ts) — invokes connectionMachine as `connection`') },
    { file: 'docs/images/connection-chart.svg', svg: renderChartSvg(connectionMachine.root, 'connectionMachine (machines/connection.machine.ts)') },
  ];
}
