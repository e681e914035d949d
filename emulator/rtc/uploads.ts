import { randomBytes } from 'node:crypto';

interface StoredUpload {
  bytes: Uint8Array;
  storedAt: number;
}

/**
 * Files uploaded on `file` channels, until an `stf` plays them: the newest
 * `capacity` per session, each for `ttlMs`. Expiry is checked on access, so
 * the store needs no timer of its own.
 */
export class UploadStore {
  private readonly uploads = new Map<string, StoredUpload>();

  constructor(
    private readonly capacity = 10,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    this.expire();
    return this.uploads.size;
  }

  /** Stores a file and returns its new `file_ref`. */
  put(bytes: Uint8Array): string {
    this.expire();
    const fileRef = `file_${randomBytes(12).toString('hex')}`;
    this.uploads.set(fileRef, { bytes, storedAt: this.now() });
    while (this.uploads.size > this.capacity) {
      const oldest = this.uploads.keys().next().value as string;
      this.uploads.delete(oldest);
    }
    return fileRef;
  }

  get(fileRef: string): Uint8Array | null {
    this.expire();
    return this.uploads.get(fileRef)?.bytes ?? null;
  }

  clear(): void {
    this.uploads.clear();
  }

  private expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [fileRef, upload] of this.uploads) {
      if (upload.storedAt >= cutoff) break;
      this.uploads.delete(fileRef);
    }
  }
}
