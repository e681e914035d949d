import { FakeChannel } from './fake-channel.js';

/** Enough of RTCPeerConnection for the peer actor; the test plays the network. */
export class FakeRTCPeerConnection extends EventTarget {
  static instances: FakeRTCPeerConnection[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'complete';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  channels: FakeChannel[] = [];
  transceivers: Array<{ kind: string; direction?: string }> = [];
  offers: Array<RTCOfferOptions | undefined> = [];
  closed = false;

  constructor(readonly configuration: RTCConfiguration) {
    super();
    FakeRTCPeerConnection.instances.push(this);
  }

  createDataChannel(label: string, init?: RTCDataChannelInit): FakeChannel {
    const channel = new FakeChannel(label, init?.protocol ?? '');
    channel.readyState = 'connecting';
    this.channels.push(channel);
    return channel;
  }

  addTransceiver(kind: string, init?: RTCRtpTransceiverInit): void {
    this.transceivers.push({ kind, direction: init?.direction });
  }

  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offers.push(options);
    return { type: 'offer', sdp: `offer-${this.offers.length}` };
  }

  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
    // Gathering, as far as the wait for candidates goes: one host candidate, and gathering is complete.
    const candidate = { candidate: 'candidate:1 1 udp 2122194687 192.0.2.2 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate }));
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
  }

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
  }

  /** The link came up: a track, the channel open, the transport connected. */
  bringUp(): void {
    this.dispatchEvent(Object.assign(new Event('track'), { track: { id: 't' }, streams: [] }));
    const channel = this.channels[0]!;
    channel.readyState = 'open';
    channel.dispatchEvent(new Event('open'));
    this.setState('connected');
  }

  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}
