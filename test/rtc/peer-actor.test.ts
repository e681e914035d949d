import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import type { PeerCommand, PeerEvent } from '../../machines/connection.types.js';
import { createPeerActor } from '../../src/rtc/peer-actor.js';
import type { PeerActorOptions } from '../../src/rtc/peer-actor.js';
import type { PeerLink } from '../../src/rtc/peer-link.js';
import { FakeRTCPeerConnection } from './fake-peer-connection.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function startPeer(options: Partial<PeerActorOptions> = {}) {
  const events: PeerEvent[] = [];
  const offers: string[] = [];
  const links: Array<PeerLink | null> = [];
  const peer = createPeerActor({
    RTCPeerConnection: FakeRTCPeerConnection as unknown as typeof RTCPeerConnection,
    exchange: async (offer) => {
      offers.push(offer.sdp ?? '');
      return { type: 'answer', sdp: `answer-to-${offer.sdp}` };
    },
    onLink: (link) => links.push(link),
    ...options,
  });
  const parent = setup({ types: { events: {} as PeerEvent }, actors: { peer } }).createMachine({
    invoke: { id: 'peer', src: 'peer', input: { iceServers: [{ urls: 'stun:x' }] } },
    on: { '*': { actions: ({ event }) => void events.push(event) } },
  });
  const actor = createActor(parent).start();
  const send = (command: PeerCommand) => actor.getSnapshot().children.peer!.send(command);
  return { actor, events, offers, links, send, pc: (i = -1) => FakeRTCPeerConnection.instances.at(i)! };
}

beforeEach(() => {
  FakeRTCPeerConnection.instances = [];
});
afterEach(() => {
  FakeRTCPeerConnection.instances = [];
});

describe('peer actor', () => {
  it('builds the link per the protocol and reports NEGOTIATED then LINK_UP for the attempt', async () => {
    const p = startPeer();
    const pc = p.pc();
    expect(pc.configuration).toEqual({ iceServers: [{ urls: 'stun:x' }] });
    expect(pc.channels.map((c) => [c.label, c.protocol])).toEqual([['message', 'message']]);
    expect(pc.transceivers).toEqual([
      { kind: 'audio', direction: 'recvonly' },
      { kind: 'video', direction: 'recvonly' },
    ]);
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    expect(p.offers).toEqual(['offer-1']);
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'answer-to-offer-1' });
    expect(p.events).toEqual([{ type: 'PEER.NEGOTIATED', attemptId: 1 }]);
    pc.bringUp();
    expect(p.events.at(-1)).toEqual({ type: 'PEER.LINK_UP', attemptId: 1 });
  });

  it('forwards server messages and sends client messages once the channel is open', async () => {
    const p = startPeer();
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    p.pc().bringUp();
    p.pc().channels[0]!.receive('{"type":"stf","data":{"message":"m","duration":5}}');
    expect(p.events.at(-1)).toEqual({ type: 'PEER.MESSAGE', message: { type: 'stf', data: { message: 'm', duration: 5 } } });
    p.send({ type: 'send', message: { type: 'clear-buffer', data: {} } });
    expect(p.pc().channels[0]!.sent).toEqual(['{"type":"clear-buffer","data":{}}']);
  });

  it('a message the closing channel refuses (before its close event) is reported after LINK_DOWN, not lost', async () => {
    const p = startPeer();
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    p.pc().bringUp();
    p.pc().channels[0]!.readyState = 'closing';
    const message = { type: 'ttstf', data: { message: 'Hello.' } } as const;
    p.send({ type: 'send', message });
    p.send({ type: 'send', message: { type: 'ping', data: {} } });
    expect(p.pc().channels[0]!.sent).toEqual([]);
    expect(p.events.slice(-2)).toEqual([{ type: 'PEER.LINK_DOWN', reason: expect.stringContaining('channel closing') }, { type: 'PEER.SEND_FAILED', message }]);
  });

  it('reports LINK_DOWN, restarts ICE on the same connection and reports LINK_UP for the new attempt', async () => {
    const p = startPeer();
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    p.pc().bringUp();
    p.pc().setState('disconnected');
    expect(p.events.at(-1)).toMatchObject({ type: 'PEER.LINK_DOWN' });
    p.send({ type: 'negotiate', attemptId: 2, iceRestart: true });
    await settle();
    expect(FakeRTCPeerConnection.instances).toHaveLength(1);
    expect(p.pc().offers.at(-1)).toEqual({ iceRestart: true });
    p.pc().setState('connected');
    expect(p.events.slice(-2)).toEqual([
      { type: 'PEER.NEGOTIATED', attemptId: 2 },
      { type: 'PEER.LINK_UP', attemptId: 2 },
    ]);
  });

  it('builds a new peer connection when the old one cannot be restarted', async () => {
    const p = startPeer();
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    const first = p.pc();
    first.bringUp();
    first.channels[0]!.close();
    expect(p.events.at(-1)).toMatchObject({ type: 'PEER.LINK_DOWN' });
    p.send({ type: 'negotiate', attemptId: 2, iceRestart: true });
    await settle();
    expect(FakeRTCPeerConnection.instances).toHaveLength(2);
    expect(first.closed).toBe(true);
    expect(p.pc().offers).toEqual([undefined]);
    expect(p.links).toHaveLength(2);
    p.pc().bringUp();
    expect(p.events.at(-1)).toEqual({ type: 'PEER.LINK_UP', attemptId: 2 });
  });

  it('reports a failed exchange with its attempt, and nothing for a superseded one', async () => {
    let calls = 0;
    const p = startPeer({
      exchange: async (offer) => {
        calls++;
        if (calls === 1) throw new Error('502');
        if (calls === 2) await new Promise((resolve) => setTimeout(resolve, 20));
        return { type: 'answer', sdp: `a-${offer.sdp}` };
      },
    });
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    expect(p.events).toEqual([{ type: 'PEER.NEGOTIATION_FAILED', attemptId: 1, error: new Error('502') }]);
    p.send({ type: 'negotiate', attemptId: 2, iceRestart: true });
    p.send({ type: 'negotiate', attemptId: 3, iceRestart: true });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(p.events.slice(1)).toEqual([{ type: 'PEER.NEGOTIATED', attemptId: 3 }]);
  });

  it('fails clearly without an RTCPeerConnection, and closes its connection when stopped', async () => {
    const missing = startPeer({ RTCPeerConnection: undefined });
    expect(missing.events).toHaveLength(1);
    expect(missing.events[0]).toMatchObject({ type: 'PEER.FAILED', error: { message: expect.stringMatching(/RTCPeerConnection/) } });

    const p = startPeer();
    p.actor.stop();
    expect(p.pc().closed).toBe(true);
    expect(p.links.at(-1)).toBeNull();
  });

  it('stopped on a live link, sends nothing more and closes once the server has closed the channel', async () => {
    const p = startPeer();
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    p.pc().bringUp();
    const channel = p.pc().channels[0]!;
    const link = p.links.at(-1)!;
    p.actor.stop();
    expect(p.links.at(-1)).toBeNull();
    expect(link.send({ type: 'clear-buffer', data: {} })).toBe(false);
    expect(channel.sent).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.pc().closed).toBe(false);
    // The server ended its side (on SESSION_END): the channel's close reaches the client.
    channel.close();
    expect(p.pc().closed).toBe(true);
  });

  it('stopped on a live link whose server never hangs up, closes after hangUpWaitMs', async () => {
    const p = startPeer({ hangUpWaitMs: 30 });
    p.send({ type: 'negotiate', attemptId: 1, iceRestart: false });
    await settle();
    p.pc().bringUp();
    p.actor.stop();
    expect(p.pc().closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(p.pc().closed).toBe(true);
    expect(p.pc().channels[0]!.readyState).toBe('closed');
  });
});
