import { fromCallback } from 'xstate';
import type { PeerCommand, PeerEvent, PeerInput } from '../../machines/connection.types.js';
import { PeerLink } from './peer-link.js';
import type { ExchangeSdp } from './peer-link.js';
import type { PingRoundTrips } from './ping-round-trips.js';

export interface PeerActorOptions {
  /** The implementation to use; the global one when omitted. */
  RTCPeerConnection?: typeof RTCPeerConnection;
  exchange: ExchangeSdp;
  localAudioTrack?: () => MediaStreamTrack | null;
  /** Told about every link the actor makes (and `null` when it lets go), for the actors that use it (uploads, quality samples). */
  onLink?: (link: PeerLink | null) => void;
  iceGatheringTimeoutMs?: number;
  /** How long a link the session is done with waits for the server to close its side (PeerLink.hangUp). */
  hangUpWaitMs?: number;
  /** Told of every `ping` sent and answered, to time the round trips. */
  pings?: PingRoundTrips;
}

function resolveRTCPeerConnection(option: typeof RTCPeerConnection | undefined): typeof RTCPeerConnection {
  const implementation = option ?? (globalThis as { RTCPeerConnection?: typeof RTCPeerConnection }).RTCPeerConnection;
  if (typeof implementation !== 'function') {
    throw new Error(
      'No RTCPeerConnection is available here. In Node, pass one: createSession({ …, RTCPeerConnection: wrtc.RTCPeerConnection }) with @roamhq/wrtc.',
    );
  }
  return implementation;
}

/**
 * The connection machine's `peer` actor. It keeps one `PeerLink`, negotiates
 * when told (echoing `attemptId`), and reports the link going up or down. A
 * restart whose link is beyond an ICE restart (channel or transport closed,
 * as after the server dropped its peer) builds a new peer connection.
 */
export function createPeerActor(options: PeerActorOptions) {
  return fromCallback<PeerCommand, PeerInput>(({ input, sendBack, receive }) => {
    const report = (event: PeerEvent): void => sendBack(event);
    const controller = new AbortController();
    let link: PeerLink | null = null;
    let unsubscribe = (): void => {};
    let attemptId = 0;
    let negotiated = false;
    let up = false;
    let reportedStream: MediaStream | null = null;

    /** The chart shows the current link's media: a new link's (none yet) replaces the old one's. */
    const reportMedia = (): void => {
      const stream = link?.remoteStream ?? null;
      if (stream === reportedStream) return;
      reportedStream = stream;
      report({ type: 'PEER.MEDIA', stream });
    };

    const check = (): void => {
      if (!link) return;
      const isUp = negotiated && link.isUp();
      if (isUp && !up) {
        up = true;
        report({ type: 'PEER.LINK_UP', attemptId });
      } else if (!isUp && up) {
        up = false;
        report({ type: 'PEER.LINK_DOWN', reason: link.describe() });
      }
    };

    const build = (): PeerLink => {
      unsubscribe();
      link?.close();
      link = new PeerLink({
        iceServers: input.iceServers as RTCIceServer[],
        RTCPeerConnection: resolveRTCPeerConnection(options.RTCPeerConnection),
        exchange: options.exchange,
        localAudioTrack: options.localAudioTrack?.() ?? null,
        iceGatheringTimeoutMs: options.iceGatheringTimeoutMs,
        hangUpWaitMs: options.hangUpWaitMs,
      });
      negotiated = false;
      up = false;
      options.pings?.reset();
      unsubscribe = link.subscribe((event) => {
        if (event.type === 'message' && event.message.type === 'ping') options.pings?.answered();
        if (event.type === 'message') report({ type: 'PEER.MESSAGE', message: event.message });
        else if (event.type === 'stream') reportMedia();
        else check();
      });
      options.onLink?.(link);
      reportMedia();
      return link;
    };

    const negotiate = async (command: Extract<PeerCommand, { type: 'negotiate' }>): Promise<void> => {
      attemptId = command.attemptId;
      const rebuild = !link || (command.iceRestart && link.isBroken());
      const current = rebuild ? build() : (link as PeerLink);
      await current.negotiate(command.iceRestart && !rebuild, controller.signal);
      if (controller.signal.aborted || current !== link || attemptId !== command.attemptId) return;
      negotiated = true;
      report({ type: 'PEER.NEGOTIATED', attemptId: command.attemptId });
      if (current.isUp()) {
        up = true;
        report({ type: 'PEER.LINK_UP', attemptId: command.attemptId });
      }
    };

    try {
      build();
    } catch (error) {
      report({ type: 'PEER.FAILED', error });
    }

    receive((command) => {
      if (command.type === 'send') {
        if (link?.send(command.message)) {
          if (command.message.type === 'ping') options.pings?.sent();
          return;
        }
        // The channel is closing before its close event: say the link is down first, so the chart
        // holds the message for the next link instead of it being lost (a ping is not worth resending).
        check();
        if (command.message.type !== 'ping') report({ type: 'PEER.SEND_FAILED', message: command.message });
        return;
      }
      negotiate(command).catch((error: unknown) => {
        if (controller.signal.aborted || attemptId !== command.attemptId) return;
        report({ type: 'PEER.NEGOTIATION_FAILED', attemptId: command.attemptId, error });
      });
    });

    return () => {
      controller.abort();
      unsubscribe();
      link?.hangUp();
      link = null;
      options.onLink?.(null);
    };
  });
}
