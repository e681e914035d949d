/** Counting the RTCPeerConnections a page makes, through a wrapper installed before its scripts run. */
import type { Page } from 'playwright-core';

/** Runs in the page before its scripts: keeps every RTCPeerConnection the SDK makes, to check it is closed. */
export function trackPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const peers: RTCPeerConnection[] = [];
  Object.assign(window, { __peers: peers });
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      peers.push(this);
    }
  };
}

/** The signaling state of every peer the page made, oldest first. */
export async function peerStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __peers: RTCPeerConnection[] }).__peers.map((peer) => peer.signalingState));
}
