/**
 * The worker that runs Flite, as source text (run with `eval: true`) so it
 * ships inside any bundle of the emulator without a separate file. It gets
 * the compiled module once, then instantiates it per request: Flite is a
 * command-line program, and a fresh instance is the cheapest clean state.
 */
export const FLITE_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('WASI')) return;
  return emitWarning.call(process, warning, ...rest);
};
const { WASI } = require('node:wasi');
const devNull = fs.openSync(os.devNull, 'w');
let compiled = null;
parentPort.on('message', (message) => {
  if (message.module) {
    compiled = message.module;
    return;
  }
  const { id, text, voice } = message;
  let dir = null;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perso-flite-'));
    const wasi = new WASI({
      version: 'preview1',
      args: ['flite', '-voice', voice, '-t', text, '-o', '/out/speech.wav'],
      env: {},
      preopens: { '/out': dir },
      returnOnExit: true,
      stdout: devNull,
      stderr: devNull,
    });
    const instance = new WebAssembly.Instance(compiled, wasi.getImportObject());
    const code = wasi.start(instance);
    if (code !== 0) throw new Error('flite exited with code ' + code);
    const wav = new Uint8Array(fs.readFileSync(path.join(dir, 'speech.wav')));
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});
`;
