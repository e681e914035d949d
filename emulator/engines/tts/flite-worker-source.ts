/**
 * The worker that runs Flite, as source text (run with `eval: true`) so it
 * ships inside any bundle of the emulator without a separate file. It gets
 * the compiled module once, then gives every request a fresh instance (Flite
 * is a command-line program: a fresh instance is the cheapest clean state)
 * wired to the in-memory WASI shim, so a run leaves nothing native behind for
 * the GC to tear down and touches no file system.
 */
import { IN_MEMORY_WASI_SOURCE } from './in-memory-wasi-source.js';

export const FLITE_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${IN_MEMORY_WASI_SOURCE}
const OUTPUT_FILE = '/out/speech.wav';
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
});
`;
