import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileUploadError, uploadFile, UPLOAD_CHUNK_BYTES, UPLOAD_HIGH_WATER_BYTES } from '../../src/rtc/file-upload.js';
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
});
