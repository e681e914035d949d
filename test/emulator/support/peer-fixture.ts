/** A PeerHost with fake engines and a client connected to it, both closed after each test. */
import { afterEach } from 'vitest';
import type { PeerHostOptions } from '../../../emulator/rtc/peer-host.js';
import { createTestHost, RtcTestClient, type ClientOptions, type TestHost } from './rtc-client.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface OpenedPeer {
  test: TestHost;
  client: RtcTestClient;
}

/**
 * Call once per describe: registers the `afterEach` that closes what its
 * tests opened (the clients, then the hosts) and answers the opener.
 * `overrides` replace any PeerHost option.
 */
export function peerFixture(): (overrides?: Partial<PeerHostOptions>, options?: ClientOptions) => Promise<OpenedPeer> {
  const opened: Array<Partial<OpenedPeer>> = [];
  afterEach(async () => {
    for (const { test, client } of opened.splice(0)) {
      client?.close();
      await test?.host.close();
    }
  });
  return async (overrides, options) => {
    const peer: Partial<OpenedPeer> = { test: createTestHost(overrides) };
    opened.push(peer);
    peer.client = await RtcTestClient.connect(peer.test!.host, options);
    return peer as OpenedPeer;
  };
}
