// esbuild plugins for the builds that sit on top of the client entry.
import { join } from 'node:path';

/**
 * The React entry imports the SDK from its source; in the package it must
 * import `perso-interactive-sdk-web/client` instead, so an app that uses both
 * bundles one SDK (one `ChatTool` class, one `createSession`).
 */
export function clientEntryAsPackage(root) {
  const clientEntry = join(root, 'src/client/index.ts');
  return {
    name: 'client-entry-as-package',
    setup(build) {
      build.onResolve({ filter: /\/src\/client\/index\.js$/ }, (args) =>
        join(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === clientEntry ? { path: 'perso-interactive-sdk-web/client', external: true } : undefined,
      );
    },
  };
}

/** The examples import the package by name, as an app would; inside the repo that is its source. */
export function packageFromSource(root) {
  const sources = { client: 'src/client/index.ts', react: 'react/index.ts' };
  return {
    name: 'package-from-source',
    setup(build) {
      build.onResolve({ filter: /^perso-interactive-sdk-web\/(client|react)$/ }, (args) => ({ path: join(root, sources[args.path.split('/')[1]]) }));
    },
  };
}
