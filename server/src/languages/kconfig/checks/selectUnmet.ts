// conf's "unmet direct dependencies detected for X" warning, reported where the cause is written: at
// the `select X` line of a Kconfig file whose selecting symbol is on while X's own `depends on` is not
// met. Which values count is the caller's choice (the fragment set checked last, or the defaults).

import { problem, type Problem } from '../../../common/problem';
import { lineSpan } from '../../../common/span';
import type { Evaluation } from '../evaluate';
import { activeReverse } from '../explain';
import { exprToString } from '../model';

/**
 * Problems at the `select` lines of `file` that make conf warn under `ev`. `under` says which values
 * these are, for the message ("with the fragment set of tsn.conf").
 */
export function unmetSelectsIn(file: string, text: string, ev: Evaluation, under: string): Problem[] {
  const lines = text.split('\n');
  const out: Problem[] = [];
  for (const { sym } of ev.unmet.values()) {
    if (sym.name === undefined) continue;
    for (const sel of activeReverse(ev, sym, 'select')) {
      if (sel.prop.file !== file || sel.by.name === undefined) continue;
      const index = sel.prop.line - 1;
      const line = lines[index] ?? '';
      const at = new RegExp(`\\bselect[ \\t]+${sym.name}\\b`).exec(line);
      const span = at ? lineSpan(index, at.index, at[0].length) : lineSpan(index, 0, line.replace(/\r$/, '').length);
      out.push(
        problem(
          'kconfig-select-unmet-dependency',
          'warning',
          `${sel.by.name} is ${ev.stringValue(sel.by)} ${under} and selects ${sym.name}, whose dependencies are not met (${exprToString(sym.dirDep)}); conf forces ${sym.name} to ${ev.stringValue(sym)} anyway and warns "unmet direct dependencies detected for ${sym.name}"`,
          file,
          span,
        ),
      );
    }
  }
  return out;
}
