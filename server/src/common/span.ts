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

/** Each line's length; lines end at \n, and a \r right before it belongs to the line end, not to the line. */
export function lineLengths(text: string): number[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.length - 1 : l.length));
}

/** `s` moved inside a text whose lines have these lengths: no line past the last one, no column past its line's end. */
export function fitSpan(s: Span, lengths: readonly number[]): Span {
  const fit = (p: Position): Position => {
    const line = Math.min(Math.max(0, p.line), lengths.length - 1);
    return { line, column: Math.min(Math.max(0, p.column), lengths[line]) };
  };
  const start = fit(s.start);
  const end = fit(s.end);
  return comparePositions(start, end) <= 0 ? { start, end } : { start, end: start };
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
