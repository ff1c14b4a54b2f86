// Applies a quick fix's edits to fragment texts as an editor does.

import type { Fix } from '../../server/src/common/problem';
import type { FragmentText } from '../../server/src/languages/kconfig/mergeScript';
import { applyEdits } from '../applyEdits';

export function applyFix(fragments: readonly FragmentText[], fix: Fix): FragmentText[] {
  return fragments.map((f) => {
    const edits = fix.edits.filter((e) => e.file === f.file);
    return edits.length === 0 ? f : { file: f.file, text: applyEdits(f.text, edits.map((e) => ({ ...e.span, newText: e.newText }))) };
  });
}
