/** Lines the CONNECTORS array may take before prettier (printWidth 110) wants one entry per line. */
const PRINT_WIDTH = 110;

/**
 * Adds a connector to connectors/index.ts: its import after the last import, and its identifier as
 * the array's last entry. In a one-entry-per-line array that is one added line; a single-line array
 * stays on one line while it fits the print width, else it is laid out one entry per line.
 * Throws when the file does not have the expected shape (then nothing is written).
 */
export function registerConnector(source: string, entry: { identifier: string; importPath: string }): string {
  const importLine = `import { ${entry.identifier} } from '${entry.importPath}';`;
  if (source.includes(importLine)) throw new Error(`${entry.identifier} is already imported`);
  const lines = source.split('\n');
  const lastImport = lines.reduce((at, line, i) => (/^import .* from '.*';$/.test(line) ? i : at), -1);
  if (lastImport < 0) throw new Error('no import lines found');
  lines.splice(lastImport + 1, 0, importLine);

  const start = lines.findIndex((line) => /^export const CONNECTORS\b.*= \[/.test(line));
  if (start < 0) throw new Error('no `export const CONNECTORS ... = [` found');
  const single = /^(export const CONNECTORS\b.*= \[)(.*)\];$/.exec(lines[start]);
  if (single) {
    const items = single[2]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const inline = `${single[1]}${[...items, entry.identifier].join(', ')}];`;
    lines.splice(
      start,
      1,
      ...(inline.length <= PRINT_WIDTH
        ? [inline]
        : [single[1], ...[...items, entry.identifier].map((item) => `  ${item},`), '];']),
    );
    return lines.join('\n');
  }
  const end = lines.findIndex((line, i) => i > start && /^\];$/.test(line));
  if (end < 0) throw new Error('the CONNECTORS array does not end with `];` on its own line');
  lines.splice(end, 0, `  ${entry.identifier},`);
  return lines.join('\n');
}
