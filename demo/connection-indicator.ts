/** The connection pill in the top bar. */
import type { ConnectionState } from './sdk.js';
import { byId } from './dom.js';

/** The SDK's connection states, plus `idle` for "no session yet". */
export type IndicatorState = ConnectionState | 'idle';

const LABELS: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Session ended',
};

export class ConnectionIndicator {
  private readonly pill = byId('connection-state', HTMLSpanElement);
  private readonly label = byId('connection-label', HTMLSpanElement);

  show(state: IndicatorState): void {
    this.pill.dataset.state = state;
    this.label.textContent = LABELS[state] ?? state;
  }
}
