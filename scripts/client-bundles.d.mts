import type { Plugin } from 'esbuild';

export const BROWSER_TARGET: string[];
export const CLIENT_GLOBAL_NAME: string;
export const scriptTagLoader: Plugin;
export function sharedErrors(root: string): Plugin;
export const CLIENT_SCRIPTS: Array<{ entry: string; base: string; globalName?: string; plugins: (root: string) => Plugin[] }>;
