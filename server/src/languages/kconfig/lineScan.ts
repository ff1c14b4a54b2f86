// Reading Kconfig text line by line without the lexer (quick scans over many files): which lines are
// statements rather than help text, and a line with its quoted text and `$(...)` references blanked
// out, so that words found in it are words of the statement.

import { HelpBlockLines } from './lexer';

/** A line that opens a help block (`help`, or `---help---` in older kernels). */
export const HELP_LINE = /^[ \t]*(help|---help---)[ \t]*$/;

/**
 * The lines of a Kconfig text that are not help text, with their 0-based index (a line ending in
 * CR is read without it). The `help` lines themselves are left out too.
 */
export function* statementLines(text: string): Generator<{ index: number; line: string }> {
  const help = new HelpBlockLines();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].replace(/\r$/, '');
    if (help.contains(line)) continue;
    if (HELP_LINE.test(line)) {
      help.start();
      continue;
    }
    yield { index, line };
  }
}

/** The line with quoted text and `$(...)` references replaced by spaces (same length; the quotes stay). */
export function blankQuoted(line: string): string {
  let out = '';
  let quote = '';
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      out += ' ';
    } else if (quote) {
      if (c === '\\' && i + 1 < line.length) {
        out += '  ';
        i++;
      } else if (c === quote) {
        quote = '';
        out += c;
      } else {
        out += ' ';
      }
    } else if (c === '$' && line[i + 1] === '(') {
      depth = 1;
      out += '  ';
      i++;
    } else {
      if (c === '"' || c === "'") quote = c;
      out += c;
    }
  }
  return out;
}

/** Where a `#` comment starts on a blanked line (see blankQuoted), or its length. */
export function commentStart(blanked: string): number {
  const at = blanked.indexOf('#');
  return at < 0 ? blanked.length : at;
}
