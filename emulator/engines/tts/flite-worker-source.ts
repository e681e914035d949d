/**
 * The worker that runs Flite, as source text (run with `eval: true`) so it
 * ships inside any bundle of the emulator without a separate file. It gets
 * the compiled module once, then gives every request a fresh instance (Flite
 * is a command-line program: a fresh instance is the cheapest clean state)
 * wired to the in-memory WASI shim, so a run leaves nothing native behind for
 * the GC to tear down and touches no file system.
 *
 * Every instance copies Flite's ~20 MB of voice data into its own linear
 * memory, and nothing in this small worker heap makes V8 collect the dead
 * ones soon: the process's RSS rose ~19 MB a request until a collection
 * (peaks of 250 MB, a sawtooth that hid any real leak). So the worker
 * collects after each request (a few ms on its tiny heap, off the media
 * thread); `gc` comes from --expose-gc, set for this purpose as Jest's leak
 * detector does, since a worker cannot be given V8 flags of its own.
 */
import { IN_MEMORY_WASI_SOURCE } from './in-memory-wasi-source.js';

export const FLITE_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${IN_MEMORY_WASI_SOURCE}
const OUTPUT_FILE = '/out/speech.wav';
const collectGarbage = garbageCollector();
let compiled = null;
parentPort.on('message', (message) => {
  if (message.module) {
    compiled = message.module;
    return;
  }
  const { id, text, voice } = message;
  try {
    const wasi = createInMemoryWasi(['flite', '-voice', voice, '-t', text, '-o', OUTPUT_FILE]);
    const { exitCode, files } = wasi.run(new WebAssembly.Instance(compiled, wasi.imports));
    if (exitCode !== 0) throw new Error('flite exited with code ' + exitCode);
    const wav = files.get(OUTPUT_FILE);
    if (!wav) throw new Error('flite wrote no ' + OUTPUT_FILE);
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
  collectGarbage();
});

function garbageCollector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  require('node:v8').setFlagsFromString('--expose-gc');
  return require('node:vm').runInNewContext('gc');
}
`;
