// Checks of a fragment that need no kernel tree: lines conf will not understand and duplicates.

import { problem, type Problem } from '../../../common/problem';
import { lineSpan } from '../../../common/span';
import type { Fragment } from '../fragment';

export function checkFragmentAlone(fragment: Fragment): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const l of fragment.lines) {
    const len = l.text.replace(/\r$/, '').length;
    if (l.kind === 'garbage') {
      problems.push(
        problem(
          'kconfig-unexpected-line',
          'warning',
          `conf does not understand this line and ignores it${l.ignoredBecause ? `: ${l.ignoredBecause}` : ''}`,
          fragment.file,
          lineSpan(l.line, 0, len),
        ),
      );
    } else if (l.kind === 'comment' && l.ignoredBecause) {
      problems.push(problem('kconfig-ignored-not-set', 'warning', `this looks like a 'not set' line, but ${l.ignoredBecause}; as written it is only a comment`, fragment.file, lineSpan(l.line, 0, len)));
    } else if ((l.kind === 'assign' || l.kind === 'not-set') && l.name !== undefined) {
      const first = seen.get(l.name);
      if (first !== undefined) {
        problems.push(
          problem('kconfig-duplicate-assignment', 'warning', `CONFIG_${l.name} is already set on line ${first + 1} of this fragment; the later line wins`, fragment.file, lineSpan(l.line, l.nameStart ?? 0, (l.nameEnd ?? 0) - (l.nameStart ?? 0)), {
            related: [{ location: { file: fragment.file, span: lineSpan(first, 0, 0) }, message: 'first assignment' }],
          }),
        );
      } else {
        seen.set(l.name, l.line);
      }
    }
  }
  return problems;
}
