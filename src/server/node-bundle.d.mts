import type { BuildOptions } from 'esbuild';

export const NODE_BUNDLE: BuildOptions;
export function writeBundle(dir: string, prefix: string, text: string): string;
