import { LineCounter, type Document, type Scalar } from 'yaml';

/** The position fields JSONata puts on its errors (absent on errors thrown by plain JS). */
export interface JsonataErrorLike {
  readonly code?: string;
  readonly position?: number;
  readonly token?: string;
  readonly message: string;
}

export function asJsonataError(err: unknown): JsonataErrorLike {
  if (err !== null && typeof err === 'object' && 'message' in err) return err as JsonataErrorLike;
  return { message: String(err) };
}

/** 0-based character index in the expression where a JSONata error starts. */
export function errorIndex(err: JsonataErrorLike, expressionLength: number): number | undefined {
  if (typeof err.position !== 'number') return undefined;
  // JSONata reports the offset just past the offending token.
  const tokenLength = typeof err.token === 'string' && err.token !== '(end)' ? err.token.length : 1;
  return Math.min(Math.max(err.position - tokenLength, 0), Math.max(expressionLength - 1, 0));
}

/** Converts a character index of the expression into "line:col" of the mapping file (1-based). */
export type PositionMapper = (index: number) => string;

/**
 * Builds the mapper for the `expression` scalar of a parsed mapping file. Literal blocks (`|`) and
 * single-line scalars map exactly; folded or multi-line quoted scalars fall back to the expression's
 * own line:col, marked as such, because folding changes the line structure.
 */
export function expressionPositionMapper(doc: Document, source: string, lines: LineCounter): PositionMapper {
  const node = doc.get('expression', true) as Scalar | undefined;
  const relative = (index: number, expression: string) => {
    const before = expression.slice(0, index);
    const line = before.split('\n').length;
    const col = index - (before.lastIndexOf('\n') + 1) + 1;
    return { line, col };
  };
  const expression = typeof node?.value === 'string' ? node.value : '';
  if (!node?.range) return (index) => `expression ${fmt(relative(index, expression))}`;
  const start = lines.linePos(node.range[0]);
  if (node.type === 'BLOCK_LITERAL') {
    const contentLines = source.slice(node.range[0]).split('\n').slice(1);
    const firstContent = contentLines.find((line) => line.trim() !== '') ?? '';
    const indent = firstContent.length - firstContent.trimStart().length;
    return (index) => {
      const rel = relative(index, expression);
      return fmt({ line: start.line + rel.line, col: indent + rel.col });
    };
  }
  if (!expression.includes('\n') && (node.type === 'PLAIN' || node.type?.startsWith('QUOTE'))) {
    const quote = node.type === 'PLAIN' ? 0 : 1;
    return (index) => fmt({ line: start.line, col: start.col + quote + index });
  }
  return (index) => `${fmt(start)} (expression ${fmt(relative(index, expression))})`;
}

function fmt(pos: { line: number; col: number }): string {
  return `${pos.line}:${pos.col}`;
}
