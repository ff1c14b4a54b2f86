// Applies a quick fix's edits to fragment texts as an editor does: line/column spans, back to front so
// that earlier offsets stay valid.

import type { Fix } from '../../server/src/common/problem';
import type { FragmentText } from '../../server/src/languages/kconfig/mergeScript';

export function applyFix(fragments: readonly FragmentText[], fix: Fix): FragmentText[] {
  return fragments.map((f) => {
    const edits = fix.edits.filter((e) => e.file === f.file);
    if (edits.length === 0) return f;
    let text = f.text;
    for (const e of [...edits].sort((a, b) => b.span.start.line - a.span.start.line || b.span.start.column - a.span.start.column)) {
      const offset = (line: number, column: number) => {
        const lines = text.split('\n');
        if (line >= lines.length) return text.length;
        return lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
      };
      text = text.slice(0, offset(e.span.start.line, e.span.start.column)) + e.newText + text.slice(offset(e.span.end.line, e.span.end.column));
    }
    return { file: f.file, text };
  });
}
