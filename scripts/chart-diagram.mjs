#!/usr/bin/env node
// Draws docs/images/{session,connection}-chart.svg from the machine
// definitions (scripts/chart-pictures.ts). Run after changing a chart:
// `node scripts/chart-diagram.mjs`; test/machines/chart-diagram.test.ts
// fails while the pictures are out of date.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await build({
  entryPoints: [join(root, 'scripts/chart-pictures.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'error',
});
const { chartPictures } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
for (const { file, svg } of chartPictures()) {
  writeFileSync(join(root, file), svg);
  console.log(`${file}: ${svg.length} bytes`);
}
