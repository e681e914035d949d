import { binaryPayload, FILE_READY, UPLOAD_TOO_LARGE } from '../../src/protocol/file-channel.js';
import type { UploadStore } from './uploads.js';

export interface FileReceiverOptions {
  store: UploadStore;
  maxBytes: number;
  log(line: string): void;
  /** The refusal to answer instead of a `file_ref` for a complete file the server cannot use, or `null` to store it. */
  refusal(file: Uint8Array): string | null;
}

/**
 * Runs the upload protocol on one `file` channel: an empty message when ready,
 * binary chunks until an empty one, then the `file_ref` as text.
 */
export function receiveFile(channel: RTCDataChannel, { store, maxBytes, log, refusal }: FileReceiverOptions): void {
  const chunks: Uint8Array[] = [];
  let received = 0;
  let finished = false;
  channel.binaryType = 'arraybuffer';

  const finish = (): void => {
    finished = true;
    const file = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      file.set(chunk, offset);
      offset += chunk.byteLength;
    }
    chunks.length = 0;
    const refused = refusal(file);
    if (refused !== null) {
      log(`upload: refused ${received} bytes (${refused})`);
      channel.send(refused);
      channel.close();
      return;
    }
    const fileRef = store.put(file);
    log(`upload: ${received} bytes stored as ${fileRef}`);
    channel.send(fileRef);
  };

  const refuse = (): void => {
    finished = true;
    chunks.length = 0;
    log(`upload: refused, more than ${maxBytes} bytes`);
    channel.send(UPLOAD_TOO_LARGE);
    channel.close();
  };

  channel.addEventListener('message', (event: MessageEvent) => {
    if (finished) return;
    const bytes = binaryPayload(event.data);
    if (bytes === null && event.data !== FILE_READY) {
      log('upload: ignoring a text message before the end of the file');
      return;
    }
    if (bytes === null || bytes.byteLength === 0) {
      finish();
      return;
    }
    received += bytes.byteLength;
    if (received > maxBytes) {
      refuse();
      return;
    }
    // The binding may reuse its buffer: keep a copy.
    chunks.push(bytes.slice());
  });
  channel.addEventListener('close', () => {
    if (!finished) log(`upload: channel closed after ${received} bytes, before the end of the file; discarded`);
    finished = true;
    chunks.length = 0;
  });

  const ready = (): void => channel.send(FILE_READY);
  if (channel.readyState === 'open') ready();
  else channel.addEventListener('open', ready, { once: true });
}
