import { AbortError, FileUploadError, InvalidArgumentError, UploadRefusedError } from '../errors.js';
import { endOfFile, FILE_CHANNEL, UPLOAD_CHUNK_BYTES, UPLOAD_HIGH_WATER_BYTES, UPLOAD_TIMEOUT_MS, uploadRefusalCode } from '../protocol/file-channel.js';
import { describeBytes, FILE_UPLOAD_MAX_BYTES } from '../protocol/limits.js';

export { FileUploadError, UploadRefusedError, UPLOAD_CHUNK_BYTES, UPLOAD_HIGH_WATER_BYTES, UPLOAD_TIMEOUT_MS };

/**
 * How often a paused sender re-reads `bufferedAmount`. Some WebRTC stacks
 * (`@roamhq/wrtc` in Node) never fire `bufferedamountlow`, so the event alone
 * would stall the upload until the timeout.
 */
export const UPLOAD_DRAIN_POLL_MS = 20;

export interface UploadOptions {
  signal?: AbortSignal;
  /** @default 30000 */
  timeoutMs?: number;
}

/**
 * Uploads `file` on a new `file` data channel (PROTOCOL.md, "Uploading a
 * file") and answers the server's `file_ref`: wait for the server's empty
 * ready message, send 64 KiB chunks (pausing while more than 512 KiB is
 * buffered, until `bufferedamountlow` or a poll sees the buffer drained), an
 * empty binary EOF, then read the reference. An empty file or one over
 * `FILE_UPLOAD_MAX_BYTES` is an `InvalidArgumentError` before any channel
 * opens; a server's `error:<code>` answer is an `UploadRefusedError`.
 */
export function uploadFile(pc: RTCPeerConnection, file: Blob, options: UploadOptions = {}): Promise<string> {
  const { signal, timeoutMs = UPLOAD_TIMEOUT_MS } = options;
  if (file.size === 0) return Promise.reject(new InvalidArgumentError('file', 'is empty'));
  if (file.size > FILE_UPLOAD_MAX_BYTES) {
    return Promise.reject(new InvalidArgumentError('file', `is ${file.size} bytes; an upload may have at most ${describeBytes(FILE_UPLOAD_MAX_BYTES)}`));
  }
  if (signal?.aborted) return Promise.reject(new AbortError('The upload was aborted', { cause: signal.reason }));
  const channel = pc.createDataChannel(FILE_CHANNEL, { protocol: FILE_CHANNEL });
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = UPLOAD_HIGH_WATER_BYTES;

  return new Promise<string>((resolve, reject) => {
    let stage: 'awaiting-ready' | 'sending' | 'awaiting-ref' | 'settled' = 'awaiting-ready';
    let wakeSender: (() => void) | null = null;
    let drainPoll: ReturnType<typeof setInterval> | undefined;

    const wake = (): void => {
      clearInterval(drainPoll);
      const resume = wakeSender;
      wakeSender = null;
      resume?.();
    };
    const settle = (outcome: () => void): void => {
      if (stage === 'settled') return;
      stage = 'settled';
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('close', onClose);
      channel.removeEventListener('bufferedamountlow', wake);
      wake();
      if (channel.readyState !== 'closed') channel.close();
      outcome();
    };
    const fail = (error: Error): void => settle(() => reject(error));
    const onAbort = (): void => fail(new AbortError('The upload was aborted', { cause: signal?.reason }));
    const onClose = (): void => fail(new FileUploadError('The file channel closed before the server answered with a file_ref'));
    const onMessage = (event: MessageEvent): void => {
      if (typeof event.data !== 'string') return;
      const refusal = uploadRefusalCode(event.data);
      if (refusal !== null) {
        fail(new UploadRefusedError(refusal));
      } else if (stage === 'awaiting-ready') {
        stage = 'sending';
        send().catch((error: unknown) => fail(error instanceof Error ? error : new FileUploadError(String(error))));
      } else if (stage === 'awaiting-ref' && event.data !== '') {
        const fileRef = event.data;
        settle(() => resolve(fileRef));
      }
    };
    const drained = (): Promise<void> =>
      new Promise<void>((resume) => {
        wakeSender = resume;
        drainPoll = setInterval(() => {
          if (channel.bufferedAmount <= UPLOAD_HIGH_WATER_BYTES) wake();
        }, UPLOAD_DRAIN_POLL_MS);
      });

    async function send(): Promise<void> {
      const bytes = new Uint8Array(await file.arrayBuffer());
      for (let offset = 0; offset < bytes.length; offset += UPLOAD_CHUNK_BYTES) {
        while (channel.bufferedAmount > UPLOAD_HIGH_WATER_BYTES && stage === 'sending') await drained();
        if (stage !== 'sending') return;
        channel.send(bytes.slice(offset, offset + UPLOAD_CHUNK_BYTES).buffer);
      }
      if (stage !== 'sending') return;
      stage = 'awaiting-ref';
      channel.send(endOfFile());
    }

    const timer = setTimeout(() => fail(new FileUploadError(`The file upload got no file_ref within ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    channel.addEventListener('message', onMessage);
    channel.addEventListener('close', onClose);
    channel.addEventListener('bufferedamountlow', wake);
  });
}
