import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway mappings folder for specs: `write('pos/sale.yaml', text)`. */
export function tempMappingsDir(): { dir: string; write(file: string, text: string): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'poshub-mappings-'));
  return {
    dir,
    write(file, text) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
