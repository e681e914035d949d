/** A data channel stand-in whose buffer the test drains by hand. */
export class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'open';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  sent: Array<string | ArrayBuffer> = [];

  constructor(
    readonly label: string,
    readonly protocol: string,
  ) {
    super();
  }

  send(data: string | ArrayBuffer): void {
    this.sent.push(data);
    this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
  }

  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
  }

  /** The transport took `bytes` off the buffer. */
  drain(bytes = this.bufferedAmount): void {
    const before = this.bufferedAmount;
    this.bufferedAmount = Math.max(0, this.bufferedAmount - bytes);
    if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
      this.dispatchEvent(new Event('bufferedamountlow'));
    }
  }

  receive(data: string | ArrayBuffer): void {
    const event = new Event('message') as Event & { data: unknown };
    Object.defineProperty(event, 'data', { value: data });
    this.dispatchEvent(event);
  }
}

export class FakePeerConnection {
  channels: FakeChannel[] = [];
  createDataChannel(label: string, init?: RTCDataChannelInit): FakeChannel {
    const channel = new FakeChannel(label, init?.protocol ?? '');
    this.channels.push(channel);
    return channel;
  }
}
