// Every quick fix the fragment checks attach to a problem, applied as an editor applies it: the
// fragment set is checked again and the problem it was offered for must be gone.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Fix, Problem } from '../../server/src/common/problem';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { dependencyFix, dependencyLines } from '../../server/src/languages/kconfig/features/fixes';
import { parseFragment } from '../../server/src/languages/kconfig/fragment';
import type { FragmentText } from '../../server/src/languages/kconfig/mergeScript';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';

const KCONFIG = `config NET
\tbool "Networking"
config NET_SCHED
\tbool "QoS"
\tdepends on NET
config NET_SCH_TAPRIO
\ttristate "taprio"
\tdepends on NET_SCHED
config LOCALVERSION
\tstring "local version"
config MEMCG
\tbool "memcg"
`;

const FRAGMENTS: FragmentText[] = [
  {
    file: '/k/common/base.conf',
    text: ['CONFIG_NETT=y', '# CONFIG_MEMCG_SWAP is not set', 'CONFIG_LOCALVERSION=-kata', 'CONFIG_MEMCG=y', 'CONFIG_NET_SCH_TAPRIO=y', ''].join('\n'),
  },
  { file: '/k/x86_64/late.conf', text: '# CONFIG_MEMCG is not set\n' },
];

const model = (() => {
  const files: Record<string, string> = { Kconfig: KCONFIG };
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
})();

function analyze(fragments: readonly FragmentText[]) {
  return analyzeFragmentSet({ model, srctree: '/t', fragments, mode: 'allnoconfig' });
}

/** Applies a fix's edits (line/column spans) to the fragment texts. */
function apply(fragments: readonly FragmentText[], fix: Fix): FragmentText[] {
  return fragments.map((f) => {
    const edits = fix.edits.filter((e) => e.file === f.file);
    if (edits.length === 0) return f;
    let text = f.text;
    // Back to front, so earlier offsets stay valid.
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

/** The symbol a problem is about: the name on its line. */
function subject(fragments: readonly FragmentText[], p: Problem): string | undefined {
  const f = fragments.find((x) => x.file === p.file);
  return f ? parseFragment(f.file, f.text).lines[p.span.start.line]?.name : undefined;
}

describe('quick fixes, applied', () => {
  const before = analyze(FRAGMENTS);
  const withFixes = before.problems.filter((p) => p.fixes && p.fixes.length > 0);

  test('the checks offer fixes for the problems that have one', () => {
    assert.deepEqual(
      withFixes.map((p) => `${p.code} ${subject(FRAGMENTS, p)}: ${p.fixes!.map((f) => f.title).join(' | ')}`),
      [
        'kconfig-unknown-symbol NETT: Change to CONFIG_NET',
        'kconfig-not-set-unknown MEMCG_SWAP: Delete the line: CONFIG_MEMCG_SWAP does not exist',
        'kconfig-invalid-string LOCALVERSION: Put the value in double quotes',
        'kconfig-overridden MEMCG: Delete the line: late.conf sets CONFIG_MEMCG later',
      ],
    );
  });

  for (const p of withFixes) {
    for (const fix of p.fixes!) {
      test(`${p.code} on ${subject(FRAGMENTS, p)}: '${fix.title}' makes it go away`, () => {
        const name = subject(FRAGMENTS, p);
        const fixed = apply(FRAGMENTS, fix);
        const after = analyze(fixed);
        const still = after.problems.filter((q) => q.code === p.code && subject(fixed, q) === name);
        assert.deepEqual(still.map((q) => q.message), []);
      });
    }
  }

  test('the dependency fix for a lost value, applied, keeps the value', () => {
    const lost = before.lost.find((l) => l.request.name === 'NET_SCH_TAPRIO')!;
    const lines = dependencyLines({ model, srctree: '/t', fragments: FRAGMENTS, mode: 'allnoconfig', analysis: before, lost });
    assert.ok(lines);
    const after = analyze(apply(FRAGMENTS, dependencyFix(lost, lines)));
    assert.ok(!after.lost.some((l) => l.request.name === 'NET_SCH_TAPRIO'));
  });
});
