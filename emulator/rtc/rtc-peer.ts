import { FILE_CHANNEL } from '../../src/protocol/file-channel.js';
import { MESSAGE_CHANNEL } from '../../src/protocol/message-channel.js';
import { LocalCandidateLog } from '../../src/rtc/ice-gathering.js';
import { VIDEO_START_KBPS, withVideoStartBitrate } from './video-start-bitrate.js';
import { WrtcMediaStream, WrtcPeerConnection } from './wrtc.js';

export interface RtcPeerEvents {
  onMessageChannel(channel: RTCDataChannel): void;
  onFileChannel(channel: RTCDataChannel): void;
  /** The client sends audio (legacy two-way voice). */
  onUplinkTrack(track: MediaStreamTrack): void;
  onConnectionState(state: RTCPeerConnectionState): void;
  log(line: string): void;
}

/** How long an answer waits for its first host candidate before it goes out with none. */
const GATHERING_TIMEOUT_MS = 5000;

const sdpAttribute = (sdp: string | undefined, name: string): string | null => sdp?.match(new RegExp(`^a=${name}:(.+)$`, 'm'))?.[1]?.trim() ?? null;

/** The DTLS fingerprint of an offer: a different one means a different client peer connection. */
export const offerFingerprint = (offer: RTCSessionDescriptionInit): string | null => sdpAttribute(offer.sdp, 'fingerprint');

/**
 * One server-side RTCPeerConnection: answers offers (the first and ICE
 * restarts) non-trickle, sends the avatar's tracks, reports channels, uplink
 * tracks and connection states. Events stop once it is closed.
 */
export class RtcPeer {
  private readonly pc: RTCPeerConnection;
  private readonly tracks: MediaStreamTrack[];
  private tracksAdded = false;
  private remoteUfrag: string | null = null;
  private remoteFingerprint: string | null = null;
  private isClosed = false;
  /** The candidates of the ICE credentials in use, for an answer that does not restart ICE. */
  private candidates: RTCIceCandidate[] = [];

  constructor(iceServers: RTCIceServer[], tracks: MediaStreamTrack[], private readonly events: RtcPeerEvents) {
    this.tracks = tracks;
    this.pc = new WrtcPeerConnection({ iceServers });
    this.pc.addEventListener('connectionstatechange', () => {
      if (!this.isClosed) events.onConnectionState(this.pc.connectionState);
    });
    this.pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => {
      if (this.isClosed) return;
      const { channel } = event;
      if (channel.label === MESSAGE_CHANNEL) events.onMessageChannel(channel);
      else if (channel.label === FILE_CHANNEL) events.onFileChannel(channel);
      else events.log(`rtc: ignoring data channel ${JSON.stringify(channel.label)}`);
    });
    this.pc.addEventListener('track', (event: RTCTrackEvent) => {
      if (!this.isClosed && event.track.kind === 'audio') events.onUplinkTrack(event.track);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** Whether an offer comes from the same client peer connection this peer talks to. */
  accepts(offer: RTCSessionDescriptionInit): boolean {
    return !this.isClosed && (this.remoteFingerprint === null || this.remoteFingerprint === offerFingerprint(offer));
  }

  async answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    const ufrag = sdpAttribute(offer.sdp, 'ice-ufrag');
    const restartsIce = this.remoteUfrag === null || ufrag !== this.remoteUfrag;
    await this.pc.setRemoteDescription({ type: offer.type, sdp: withVideoStartBitrate(offer.sdp ?? '', VIDEO_START_KBPS) });
    this.remoteUfrag = ufrag;
    this.remoteFingerprint = offerFingerprint(offer);
    if (!this.tracksAdded) {
      // One stream for both tracks, so a client's `ontrack` finds them in `event.streams[0]`.
      const stream = new WrtcMediaStream();
      for (const track of this.tracks) this.pc.addTrack(track, stream);
      this.tracksAdded = true;
    }
    const answer = await this.pc.createAnswer();
    // Built from the answer and the candidates as they fire, never by reading pc.localDescription (see LocalCandidateLog).
    const log = new LocalCandidateLog(this.pc, restartsIce ? [] : this.candidates);
    let sdp: string;
    try {
      await this.pc.setLocalDescription(answer);
      if (restartsIce) await this.hostCandidates(log);
    } finally {
      sdp = log.finish(answer.sdp ?? '');
      this.candidates = log.candidates;
    }
    if (this.isClosed) throw new Error('the peer closed while answering');
    return { type: 'answer', sdp };
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const track of this.tracks) track.stop();
    this.pc.close();
  }

  /**
   * Host candidates are all the answer needs: a client that reaches the
   * emulator's HTTP port reaches its host addresses too (same machine or
   * LAN), and the client's own STUN or TURN candidates are its side's
   * business. Waiting for gathering to complete would add ~100 ms (libwebrtc
   * gathers TCP candidates in a later step) or, with a dead STUN server
   * configured, the whole timeout.
   */
  private async hostCandidates(log: LocalCandidateLog): Promise<void> {
    const outcome = await log.ready({ need: 'host', timeoutMs: GATHERING_TIMEOUT_MS });
    if (outcome === 'timeout') this.events.log(`rtc: no host ICE candidate after ${GATHERING_TIMEOUT_MS} ms; answering without candidates`);
  }
}
