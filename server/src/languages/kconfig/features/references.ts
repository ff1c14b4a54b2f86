// Where a Kconfig symbol is mentioned: in Kconfig files (definitions, conditions, selects, defaults)
// and in fragments (assignments and `is not set` lines). A line scan, not a parse, so that it can
// run over a whole tree on request; help text and comments are left out as the lexer leaves them out.

import { lineSpan, type Span } from '../../../common/span';
import { parseFragment } from '../fragment';
import { isWordCode } from '../lexer';
import { blankQuoted, commentStart, statementLines } from '../lineScan';

const DEFINITION = /^[ \t]*(config|menuconfig)[ \t]+/;

/** Spans of `name` as a whole word in a Kconfig file, outside help text and comments. */
export function referencesInKconfig(text: string, name: string, includeDefinitions: boolean): Span[] {
  if (name === '' || !text.includes(name)) return [];
  const out: Span[] = [];
  for (const { index: i, line } of statementLines(text)) {
    if (!line.includes(name)) continue;
    // Text in quotes is a prompt or a string, not a reference; nor is a comment.
    const blanked = blankQuoted(line);
    const comment = commentStart(blanked);
    const definition = DEFINITION.exec(line);
    for (let at = blanked.indexOf(name); at >= 0 && at < comment; at = blanked.indexOf(name, at + name.length)) {
      const end = at + name.length;
      if (isWordCode(blanked.charCodeAt(at - 1)) || isWordCode(blanked.charCodeAt(end))) continue;
      if (!includeDefinitions && definition && at === definition[0].length) continue;
      out.push(lineSpan(i, at, name.length));
    }
  }
  return out;
}

/** Spans of the symbol's name on the fragment lines that assign it or say it is not set. */
export function referencesInFragment(text: string, name: string): Span[] {
  if (!text.includes(name)) return [];
  return parseFragment('', text)
    .lines.filter((l) => (l.kind === 'assign' || l.kind === 'not-set') && l.name === name)
    .map((l) => lineSpan(l.line, l.nameStart ?? 0, (l.nameEnd ?? 0) - (l.nameStart ?? 0)));
}
