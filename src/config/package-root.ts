import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder holding poshub's package.json. Found by walking up from this file so it is the same from
 * `src/` (ts-node, jest) and from `dist/src/` (built), and never depends on the working directory.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readName(manifest) === 'poshub') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find poshub's package.json above ${__dirname}`);
    dir = parent;
  }
}

function readName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

/** Default mappings folder: `<package root>/mappings`. */
export function defaultMappingsDir(): string {
  return join(packageRoot(), 'mappings');
}
