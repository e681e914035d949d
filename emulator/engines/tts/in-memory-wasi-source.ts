/**
 * The WASI preview1 calls Flite makes, answered in plain JavaScript with an
 * in-memory output file, as source text for the Flite worker (which runs from
 * source with `eval: true`).
 *
 * Why not `node:wasi`: each `WASI` object owns native uvwasi state that V8
 * frees from a GC weak callback, and uvwasi's allocator reports its memory to
 * V8, so a collection can start inside a uvwasi call (`path_open` resolving a
 * path) and destroy an earlier instance's state mid-call; the process then
 * aborts in `uv_mutex_destroy` or faults later. A per-run `WASI` is what a
 * command-line program like Flite needs, so the emulator keeps nothing native
 * per run: this shim holds only JavaScript values, which the GC frees safely.
 *
 * `createInMemoryWasi(args)` returns `{ imports, run(instance) }`; `run` calls
 * `_start` and returns `{ exitCode, files }`, `files` mapping each path the
 * program wrote under the preopened `/out` directory to its bytes.
 */
export const IN_MEMORY_WASI_SOURCE = `
const WASI_ERRNO = { SUCCESS: 0, BADF: 8, INVAL: 28, NOENT: 44, NOTSUP: 58 };
const WASI_FILETYPE = { CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 };
const OUTPUT_DIR_FD = 3;
const OUTPUT_DIR = '/out';
const ALL_RIGHTS = 0x1fffffffn;

class WasiExit {
  constructor(code) { this.code = code; }
}

/** A growable byte buffer with a cursor: one open output file. */
class MemoryFile {
  constructor() { this.bytes = new Uint8Array(64 * 1024); this.size = 0; this.position = 0; }
  write(chunk) {
    const end = this.position + chunk.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.position);
    this.position = end;
    this.size = Math.max(this.size, end);
  }
  contents() { return this.bytes.slice(0, this.size); }
}

function createInMemoryWasi(args) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const encodedArgs = args.map((arg) => encoder.encode(arg + '\\0'));
  const openFiles = new Map();
  const files = new Map();
  let nextFd = OUTPUT_DIR_FD + 1;
  let memory = null;
  const view = () => new DataView(memory.buffer);
  const bytes = () => new Uint8Array(memory.buffer);

  function eachIovec(iovs, count, visit) {
    const data = view();
    let total = 0;
    for (let i = 0; i < count; i++) {
      const pointer = data.getUint32(iovs + i * 8, true);
      const length = data.getUint32(iovs + i * 8 + 4, true);
      visit(pointer, length);
      total += length;
    }
    return total;
  }

  const imports = {
    args_sizes_get(countPointer, sizePointer) {
      view().setUint32(countPointer, encodedArgs.length, true);
      view().setUint32(sizePointer, encodedArgs.reduce((sum, arg) => sum + arg.length, 0), true);
      return WASI_ERRNO.SUCCESS;
    },
    args_get(argvPointer, bufferPointer) {
      let offset = bufferPointer;
      encodedArgs.forEach((arg, index) => {
        view().setUint32(argvPointer + index * 4, offset, true);
        bytes().set(arg, offset);
        offset += arg.length;
      });
      return WASI_ERRNO.SUCCESS;
    },
    clock_time_get(_clock, _precision, timePointer) {
      view().setBigUint64(timePointer, BigInt(Date.now()) * 1000000n, true);
      return WASI_ERRNO.SUCCESS;
    },
    fd_close(fd) {
      const file = openFiles.get(fd);
      if (!file) return fd <= 2 ? WASI_ERRNO.SUCCESS : WASI_ERRNO.BADF;
      openFiles.delete(fd);
      files.set(file.path, file.contents());
      return WASI_ERRNO.SUCCESS;
    },
    fd_fdstat_get(fd, statPointer) {
      const type = fd <= 2 ? WASI_FILETYPE.CHARACTER_DEVICE : fd === OUTPUT_DIR_FD ? WASI_FILETYPE.DIRECTORY : openFiles.has(fd) ? WASI_FILETYPE.REGULAR_FILE : 0;
      if (type === 0) return WASI_ERRNO.BADF;
      const data = view();
      data.setUint8(statPointer, type);
      data.setUint16(statPointer + 2, 0, true);
      data.setBigUint64(statPointer + 8, ALL_RIGHTS, true);
      data.setBigUint64(statPointer + 16, ALL_RIGHTS, true);
      return WASI_ERRNO.SUCCESS;
    },
    fd_fdstat_set_flags() {
      return WASI_ERRNO.SUCCESS;
    },
    fd_prestat_get(fd, prestatPointer) {
      if (fd !== OUTPUT_DIR_FD) return WASI_ERRNO.BADF;
      view().setUint8(prestatPointer, 0);
      view().setUint32(prestatPointer + 4, OUTPUT_DIR.length, true);
      return WASI_ERRNO.SUCCESS;
    },
    fd_prestat_dir_name(fd, pathPointer, pathLength) {
      if (fd !== OUTPUT_DIR_FD) return WASI_ERRNO.BADF;
      bytes().set(encoder.encode(OUTPUT_DIR).subarray(0, pathLength), pathPointer);
      return WASI_ERRNO.SUCCESS;
    },
    fd_read(_fd, _iovs, _count, readPointer) {
      view().setUint32(readPointer, 0, true);
      return WASI_ERRNO.SUCCESS;
    },
    fd_seek(fd, offset, whence, positionPointer) {
      const file = openFiles.get(fd);
      if (!file) return WASI_ERRNO.BADF;
      const base = whence === 0 ? 0 : whence === 1 ? file.position : whence === 2 ? file.size : -1;
      const position = base + Number(offset);
      if (base < 0 || position < 0) return WASI_ERRNO.INVAL;
      file.position = position;
      view().setBigUint64(positionPointer, BigInt(position), true);
      return WASI_ERRNO.SUCCESS;
    },
    fd_write(fd, iovs, count, writtenPointer) {
      const file = openFiles.get(fd);
      if (!file && fd !== 1 && fd !== 2) return WASI_ERRNO.BADF;
      const written = eachIovec(iovs, count, (pointer, length) => {
        if (file) file.write(bytes().subarray(pointer, pointer + length));
      });
      view().setUint32(writtenPointer, written, true);
      return WASI_ERRNO.SUCCESS;
    },
    path_open(dirFd, _lookupFlags, pathPointer, pathLength, openFlags, _rightsBase, _rightsInheriting, _fdFlags, fdPointer) {
      if (dirFd !== OUTPUT_DIR_FD) return WASI_ERRNO.BADF;
      const CREATE = 1;
      if ((openFlags & CREATE) === 0) return WASI_ERRNO.NOENT;
      const name = decoder.decode(bytes().subarray(pathPointer, pathPointer + pathLength));
      if (name === '' || name.includes('/')) return WASI_ERRNO.NOTSUP;
      const file = new MemoryFile();
      file.path = OUTPUT_DIR + '/' + name;
      const fd = nextFd++;
      openFiles.set(fd, file);
      view().setUint32(fdPointer, fd, true);
      return WASI_ERRNO.SUCCESS;
    },
    proc_exit(code) {
      throw new WasiExit(code);
    },
  };

  function run(instance) {
    memory = instance.exports.memory;
    let exitCode = 0;
    try {
      instance.exports._start();
    } catch (error) {
      if (!(error instanceof WasiExit)) throw error;
      exitCode = error.code;
    }
    for (const fd of [...openFiles.keys()]) imports.fd_close(fd);
    memory = null;
    return { exitCode, files };
  }

  return { imports: { wasi_snapshot_preview1: imports }, run };
}
`;
