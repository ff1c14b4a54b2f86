// The "add the missing dependencies" fix (features/fixes.ts): the lines it proposes, and that
// applying them really makes the engine's problem go away (every fix round-tripped).

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { dependencyFix, dependencyLines, selectorFixLines } from '../../server/src/languages/kconfig/features/fixes';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import type { FragmentText } from '../../server/src/languages/kconfig/mergeScript';
import { applyFix } from './applyFix';

const KCONFIG = `config MODULES
\tbool "modules"
\tmodules
config NET
\tbool "Networking"
menuconfig NET_SCHED
\tbool "QoS"
\tdepends on NET
if NET_SCHED
config TAPRIO
\ttristate "taprio"
\tdepends on PTP || ALT
config ETF
\ttristate "etf"
\tdepends on !LEGACY
endif
config PTP
\tbool "ptp"
config ALT
\tbool "alt"
config LEGACY
\tbool "legacy"
config ARCH_ONLY
\tbool
config NEEDS_ARCH
\tbool "needs arch"
\tdepends on ARCH_ONLY
config MOD_ONLY
\ttristate "module only"
\tdepends on m
config HIDDEN_T
\tbool
config SEL_A
\tbool "a"
\tdepends on NET
\tselect HIDDEN_T
config SEL_B
\tbool "b"
\tselect HIDDEN_T
config SEL_C
\tbool "c"
\tdepends on ARCH_ONLY
\tselect HIDDEN_T
`;

/** The test tree plus a symbol that SEL_D selects. */
function withPicked(): KconfigModel {
  return modelOf(KCONFIG + 'config PICKED\n\tbool "picked"\nconfig SEL_D\n\tbool "d"\n\tselect PICKED\n');
}
function modelOf(text: string): KconfigModel {
  const files: Record<string, string> = { Kconfig: text };
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
}

function model(): KconfigModel {
  const files: Record<string, string> = { Kconfig: KCONFIG };
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
}

/** The proposed change for the lost value of `name`, and the analysis after applying the fix as an editor would. */
function fixFor(fragments: FragmentText[], name: string, m: KconfigModel = model()) {
  const options = { model: m, srctree: '/t', fragments, mode: 'allnoconfig' as const };
  const analysis = analyzeFragmentSet(options);
  const lost = analysis.lost.find((l) => l.request.name === name);
  assert.ok(lost, `${name} should be lost before the fix`);
  const change = dependencyLines({ ...options, analysis, lost });
  if (!change) return { lines: undefined, after: undefined };
  const fix = dependencyFix(lost, change);
  const fixed = applyFix(fragments, fix);
  const after = analyzeFragmentSet({ ...options, fragments: fixed });
  return { lines: change.lines, rewrites: change.rewrites, after, fix, fixed };
}

describe('fix: add the missing dependencies', () => {
  test('a chain of dependencies, an either-or pared down to one, and the value survives after applying it', () => {
    const { lines, after, fix } = fixFor([{ file: '/f/tsn.conf', text: '# tsn\nCONFIG_TAPRIO=y\n' }], 'TAPRIO');
    // NET_SCHED needs NET; TAPRIO needs PTP or ALT: one of them is enough.
    assert.deepEqual(lines, ['CONFIG_NET=y', 'CONFIG_NET_SCHED=y', 'CONFIG_PTP=y']);
    assert.equal(after!.lost.length, 0);
    assert.match(fix!.title, /Add 3 lines \(NET, NET_SCHED, PTP\) so that CONFIG_TAPRIO=y survives/);
    assert.deepEqual(fix!.edits[0].span, { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } });
  });

  test('a blocking symbol the fragment itself sets has its line rewritten, not contradicted by a new one', () => {
    const text = 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\nCONFIG_LEGACY=y\nCONFIG_ETF=y\n';
    const { lines, rewrites, after, fix, fixed } = fixFor([{ file: '/f/a.conf', text }], 'ETF');
    assert.deepEqual(lines, []);
    assert.deepEqual(rewrites, [{ line: 2, name: 'LEGACY', text: '# CONFIG_LEGACY is not set' }]);
    assert.equal(fix!.title, "Change line 3 to '# CONFIG_LEGACY is not set' so that CONFIG_ETF=y survives");
    assert.equal(fix!.preferred, false, 'it gives up CONFIG_LEGACY=y, which the user asked for');
    assert.equal(fixed![0].text, 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\n# CONFIG_LEGACY is not set\nCONFIG_ETF=y\n');
    assert.deepEqual(after!.lost, []);
    assert.deepEqual(after!.problems.map((p) => p.code), []);
  });

  test('a value forced by select: the selecting symbol is switched off where this fragment switches it on', () => {
    const text = 'CONFIG_SEL_D=y\n# CONFIG_PICKED is not set\n';
    const { lines, rewrites, after, fix } = fixFor([{ file: '/f/s.conf', text }], 'PICKED', withPicked());
    assert.deepEqual(lines, []);
    assert.deepEqual(rewrites, [{ line: 0, name: 'SEL_D', text: '# CONFIG_SEL_D is not set' }]);
    assert.match(fix!.title, /^Change line 1 to '# CONFIG_SEL_D is not set' so that CONFIG_PICKED=n survives$/);
    assert.deepEqual(after!.lost, []);
    // When another fragment switches the selecting symbol on, that is its decision: no fix goes through it.
    const other = fixFor([{ file: '/f/a.conf', text: 'CONFIG_SEL_D=y\n' }, { file: '/f/s.conf', text: '# CONFIG_PICKED is not set\n' }], 'PICKED', withPicked());
    assert.equal(other.lines, undefined);
  });

  test('a dependency another fragment asks for but loses is followed to what blocks it', () => {
    const { lines, after } = fixFor(
      [
        { file: '/f/common/a.conf', text: 'CONFIG_NET_SCHED=y\n' },
        { file: '/f/x86_64/b.conf', text: 'CONFIG_PTP=y\nCONFIG_TAPRIO=y\n' },
      ],
      'TAPRIO',
    );
    // NET_SCHED is already asked for (and lost for want of NET): only NET is added, NET_SCHED is not repeated.
    assert.deepEqual(lines, ['CONFIG_NET=y']);
    assert.deepEqual(after!.lost, []);
  });

  test('modules switched on for =m', () => {
    const { lines, after } = fixFor([{ file: '/f/m.conf', text: 'CONFIG_MOD_ONLY=m\n' }], 'MOD_ONLY');
    assert.deepEqual(lines, ['CONFIG_MODULES=y']);
    assert.equal(after!.lost.length, 0);
  });

  test('no fix when what blocks it has no prompt (a fragment cannot set it)', () => {
    const { lines } = fixFor([{ file: '/f/x.conf', text: 'CONFIG_NEEDS_ARCH=y\n' }], 'NEEDS_ARCH');
    assert.equal(lines, undefined);
  });

  test('no fix when a later fragment switches the dependency off again', () => {
    const { lines } = fixFor(
      [
        { file: '/f/common/a.conf', text: 'CONFIG_PTP=y\nCONFIG_TAPRIO=y\n' },
        { file: '/f/x86_64/b.conf', text: '# CONFIG_NET is not set\n' },
      ],
      'TAPRIO',
    );
    assert.equal(lines, undefined);
  });

  test('a symbol without a prompt: switch on one that selects it, fewest lines first; each applied keeps the value', () => {
    const m = model();
    const fragments = [{ file: '/f/h.conf', text: 'CONFIG_HIDDEN_T=y\n' }];
    const options = { model: m, srctree: '/t', fragments, mode: 'allnoconfig' as const };
    const analysis = analyzeFragmentSet(options);
    const lost = analysis.lost.find((l) => l.request.name === 'HIDDEN_T')!;
    assert.equal(dependencyLines({ ...options, analysis, lost }), undefined);
    const found = selectorFixLines({ ...options, analysis, lost });
    // SEL_C needs a symbol without a prompt: it cannot work, and is not offered.
    assert.deepEqual(
      found.map((f) => ({ selector: f.selector, lines: f.change.lines, rewrites: f.change.rewrites })),
      [
        { selector: 'SEL_B', lines: ['CONFIG_SEL_B=y'], rewrites: [] },
        { selector: 'SEL_A', lines: ['CONFIG_NET=y', 'CONFIG_SEL_A=y'], rewrites: [] },
      ],
    );
    for (const f of found) {
      const fix = dependencyFix(lost, f.change, f.selector);
      assert.match(fix.title, new RegExp(`^Switch on ${f.selector}, which selects HIDDEN_T`));
      const text = fix.edits[0].newText + fragments[0].text;
      const after = analyzeFragmentSet({ ...options, fragments: [{ file: '/f/h.conf', text }] });
      assert.ok(!after.lost.some((l) => l.request.name === 'HIDDEN_T'), f.selector);
    }
  });

  test('no fix that would cost another requested value', () => {
    // ETF needs LEGACY off, but NEEDS_LEGACY (also requested) needs it on: switching it off is not offered.
    const files: Record<string, string> = {
      Kconfig: KCONFIG + 'config NEEDS_LEGACY\n\tbool "needs legacy"\n\tdepends on LEGACY\n',
    };
    const m = parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
    const fragments = [{ file: '/f/a.conf', text: 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\nCONFIG_LEGACY=y\nCONFIG_NEEDS_LEGACY=y\nCONFIG_ETF=y\n' }];
    const options = { model: m, srctree: '/t', fragments, mode: 'allnoconfig' as const };
    const analysis = analyzeFragmentSet(options);
    const lost = analysis.lost.find((l) => l.request.name === 'ETF')!;
    assert.ok(lost);
    assert.equal(dependencyLines({ ...options, analysis, lost }), undefined);
  });
});

describe('names suggested for a symbol the tree does not have', () => {
  const unknownProblem = (text: string) => {
    const analysis = analyzeFragmentSet({ model: model(), srctree: '/t', fragments: [{ file: '/f/a.conf', text }], mode: 'allnoconfig' });
    return analysis.problems.find((p) => p.code === 'kconfig-unknown-symbol');
  };

  test('a name with a word too many points to the option it was folded into', () => {
    const p = unknownProblem('CONFIG_NET_SCHED_IPV4=y\n');
    assert.match(p!.message, /Did you mean CONFIG_NET_SCHED \(the same name without _IPV4: /);
    assert.deepEqual(p!.fixes!.map((f) => [f.title, f.edits[0].newText]), [['Change to CONFIG_NET_SCHED', 'CONFIG_NET_SCHED']]);
  });

  test('no rename to a name the set already sets (it would only repeat that line), but it is still named', () => {
    const p = unknownProblem('CONFIG_NET_SCHED=y\nCONFIG_NET_SCHED_IPV4=y\n');
    assert.match(p!.message, /Did you mean CONFIG_NET_SCHED /);
    assert.deepEqual(p!.fixes ?? [], []);
  });

  test('a word that is not a symbol with a prompt is not suggested', () => {
    // HIDDEN_T has no prompt; nothing named HIDDEN exists.
    const p = unknownProblem('CONFIG_HIDDEN_T_EXTRA=y\n');
    assert.doesNotMatch(p!.message, /CONFIG_HIDDEN_T\b/);
  });
});
