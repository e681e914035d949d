import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { UPLOAD_NOT_AUDIO } from '../../src/protocol/file-channel.js';
import { FILE_UPLOAD_MAX_BYTES } from '../../src/protocol/limits.js';
import { FileUploadError, uploadFile, UploadRefusedError, UPLOAD_CHUNK_BYTES, UPLOAD_DRAIN_POLL_MS, UPLOAD_HIGH_WATER_BYTES } from '../../src/rtc/file-upload.js';
import { FakePeerConnection } from './fake-channel.js';

afterEach(() => {
  vi.useRealTimers();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function start(bytes: number, options: Parameters<typeof uploadFile>[2] = {}) {
  const pc = new FakePeerConnection();
  const file = new Blob([new Uint8Array(bytes).map((_, i) => i % 251)]);
  const upload = uploadFile(pc as unknown as RTCPeerConnection, file, options);
  const channel = pc.channels[0]!;
  return { pc, channel, upload, file };
}

const binary = (sent: Array<string | ArrayBuffer>) => sent.filter((d): d is ArrayBuffer => typeof d !== 'string');

describe('uploadFile', () => {
  it('opens a `file` channel, waits for the ready message, sends 64 KiB chunks and an empty EOF, and answers the file_ref', async () => {
    const { channel, upload, file } = start(UPLOAD_CHUNK_BYTES * 2 + 10);
    expect([channel.label, channel.protocol, channel.binaryType]).toEqual(['file', 'file', 'arraybuffer']);
    await tick();
    expect(channel.sent).toEqual([]);
    channel.receive('');
    await tick();
    const chunks = binary(channel.sent);
    expect(chunks.map((c) => c.byteLength)).toEqual([UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES, 10, 0]);
    const joined = Buffer.from(await new Blob(chunks).arrayBuffer());
    expect(joined.equals(Buffer.from(await file.arrayBuffer()))).toBe(true);
    channel.receive('file-ref-123');
    await expect(upload).resolves.toBe('file-ref-123');
    expect(channel.readyState).toBe('closed');
  });

  it('pauses while more than 512 KiB is buffered and resumes on bufferedamountlow', async () => {
    const { channel, upload } = start(UPLOAD_HIGH_WATER_BYTES * 2);
    channel.receive('');
    await tick();
    const highWaterChunks = UPLOAD_HIGH_WATER_BYTES / UPLOAD_CHUNK_BYTES;
    expect(binary(channel.sent)).toHaveLength(highWaterChunks + 1);
    await tick();
    expect(binary(channel.sent)).toHaveLength(highWaterChunks + 1);
    channel.drain(UPLOAD_CHUNK_BYTES * 4);
    await tick();
    expect(channel.bufferedAmount).toBeGreaterThan(UPLOAD_HIGH_WATER_BYTES);
    channel.drain();
    await tick();
    const sent = binary(channel.sent);
    expect(sent.at(-1)!.byteLength).toBe(0);
    expect(sent.slice(0, -1).reduce((n, c) => n + c.byteLength, 0)).toBe(UPLOAD_HIGH_WATER_BYTES * 2);
    channel.receive('ref');
    await expect(upload).resolves.toBe('ref');
  });

  it('gives up after the timeout', async () => {
    vi.useFakeTimers();
    const { channel, upload } = start(100, { timeoutMs: 30_000 });
    const outcome = upload.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await outcome).toBeInstanceOf(FileUploadError);
    expect(channel.readyState).toBe('closed');
  });

  it('rejects with AbortError when aborted, and when the channel closes first', async () => {
    const controller = new AbortController();
    const { upload } = start(100, { signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });

    const closed = start(100);
    closed.channel.receive('');
    await tick();
    closed.channel.close();
    await expect(closed.upload).rejects.toBeInstanceOf(FileUploadError);
  });

  it('resumes by polling bufferedAmount when the stack never fires bufferedamountlow (as @roamhq/wrtc does not)', async () => {
    const { channel, upload } = start(UPLOAD_HIGH_WATER_BYTES * 2);
    channel.receive('');
    await tick();
    const highWaterChunks = UPLOAD_HIGH_WATER_BYTES / UPLOAD_CHUNK_BYTES;
    expect(binary(channel.sent)).toHaveLength(highWaterChunks + 1);
    channel.bufferedAmount = 0; // drained, without the event
    await new Promise((resolve) => setTimeout(resolve, UPLOAD_DRAIN_POLL_MS * 3));
    const sent = binary(channel.sent);
    expect(sent.at(-1)!.byteLength).toBe(0);
    expect(sent.slice(0, -1).reduce((n, c) => n + c.byteLength, 0)).toBe(UPLOAD_HIGH_WATER_BYTES * 2);
    channel.receive('ref');
    await expect(upload).resolves.toBe('ref');
  });

  it('rejects an empty file and one over the upload limit at once, before opening a channel', async () => {
    for (const size of [0, FILE_UPLOAD_MAX_BYTES + 1]) {
      const pc = new FakePeerConnection();
      const file = { size } as Blob; // only the size is read before the check
      await expect(uploadFile(pc as unknown as RTCPeerConnection, file)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(pc.channels).toHaveLength(0);
    }
  });

  it("rejects with UploadRefusedError when the server answers error:<code> instead of a file_ref", async () => {
    const { channel, upload } = start(100);
    channel.receive('');
    await tick();
    channel.receive(UPLOAD_NOT_AUDIO);
    const error = await upload.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadRefusedError);
    expect(error).toBeInstanceOf(FileUploadError);
    expect(error).toMatchObject({ code: 'not_audio' });
    expect(channel.readyState).toBe('closed');
  });
});
