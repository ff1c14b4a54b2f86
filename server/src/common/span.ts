// Positions in source text, independent of any editor protocol: 0-based line and column (UTF-16 units).

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export function span(line: number, column: number, endLine: number, endColumn: number): Span {
  return { start: { line, column }, end: { line: endLine, column: endColumn } };
}

/** A span covering `length` characters of one line. */
export function lineSpan(line: number, column = 0, length = 0): Span {
  return span(line, column, line, column + length);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.column - b.column;
}

export function spansEqual(a: Span, b: Span): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Where a thing lives: a file (absolute path or URI string) and a span in it. */
export interface Location {
  readonly file: string;
  readonly span: Span;
}
