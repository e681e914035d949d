import { AbortError } from '../errors.js';
import { endOfFile, FILE_CHANNEL, UPLOAD_CHUNK_BYTES, UPLOAD_HIGH_WATER_BYTES, UPLOAD_TIMEOUT_MS } from '../protocol/file-channel.js';

export { UPLOAD_CHUNK_BYTES, UPLOAD_HIGH_WATER_BYTES, UPLOAD_TIMEOUT_MS };

export interface UploadOptions {
  signal?: AbortSignal;
  /** @default 30000 */
  timeoutMs?: number;
}

/** The `file` channel failed: closed early, timed out, or an error from the transport. */
export class FileUploadError extends Error {
  override name = 'FileUploadError';
}

/**
 * Uploads `file` on a new `file` data channel (PROTOCOL.md, "Uploading a
 * file") and answers the server's `file_ref`: wait for the server's empty
 * ready message, send 64 KiB chunks (pausing above 512 KiB buffered until
 * `bufferedamountlow`), an empty binary EOF, then read the reference.
 */
export function uploadFile(pc: RTCPeerConnection, file: Blob, options: UploadOptions = {}): Promise<string> {
  const { signal, timeoutMs = UPLOAD_TIMEOUT_MS } = options;
  if (signal?.aborted) return Promise.reject(new AbortError('The upload was aborted', { cause: signal.reason }));
  const channel = pc.createDataChannel(FILE_CHANNEL, { protocol: FILE_CHANNEL });
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = UPLOAD_HIGH_WATER_BYTES;

  return new Promise<string>((resolve, reject) => {
    let stage: 'awaiting-ready' | 'sending' | 'awaiting-ref' | 'settled' = 'awaiting-ready';
    let wakeSender: (() => void) | null = null;

    const settle = (outcome: () => void): void => {
      if (stage === 'settled') return;
      stage = 'settled';
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('close', onClose);
      channel.removeEventListener('bufferedamountlow', onLow);
      wakeSender?.();
      if (channel.readyState !== 'closed') channel.close();
      outcome();
    };
    const fail = (error: Error): void => settle(() => reject(error));
    const onAbort = (): void => fail(new AbortError('The upload was aborted', { cause: signal?.reason }));
    const onClose = (): void => fail(new FileUploadError('The file channel closed before the server answered with a file_ref'));
    const onLow = (): void => {
      const wake = wakeSender;
      wakeSender = null;
      wake?.();
    };
    const onMessage = (event: MessageEvent): void => {
      if (stage === 'awaiting-ready') {
        stage = 'sending';
        send().catch((error: unknown) => fail(error instanceof Error ? error : new FileUploadError(String(error))));
      } else if (stage === 'awaiting-ref' && typeof event.data === 'string' && event.data !== '') {
        const fileRef = event.data;
        settle(() => resolve(fileRef));
      }
    };
    const drained = (): Promise<void> => new Promise<void>((wake) => (wakeSender = wake));

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
    channel.addEventListener('bufferedamountlow', onLow);
  });
}
