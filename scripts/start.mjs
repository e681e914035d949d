#!/usr/bin/env node
// `npm start`: the emulator with the demo app, on 127.0.0.1.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/emulator/cli.js');
if (!existsSync(cli)) {
  console.error('The emulator is not built yet: run `npm run build` first.');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
