// Completion in fragments and Kconfig files (features/completion.ts) on small trees written here.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { fragmentCompletion, kconfigCompletion, MAX_NAMES, type CompletionContext } from '../../server/src/languages/kconfig/features/completion';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { runConf } from '../../server/src/languages/kconfig/tree';

const KCONFIG = `config MODULES
\tbool "modules"
\tmodules
config NET
\tbool "Networking"
config TAPRIO
\ttristate "Time aware scheduler"
\tdepends on NET
config HIDDEN
\tbool
config SHIFT
\tint "Log buffer shift"
\trange 12 25
\tdefault 17
config NAME
\tstring "Host name"
\tdefault "kata"
`;

function context(kconfig: string, fragment: string): CompletionContext {
  const files: Record<string, string> = { Kconfig: kconfig };
  const model = parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
  return { model, evaluation: runConf(model, 'allnoconfig', fragment).evaluation };
}

/** Completion at the `$0` in `text`. */
function at(text: string, cc: CompletionContext, kconfig = false) {
  const i = text.indexOf('$0');
  const clean = text.slice(0, i) + text.slice(i + 2);
  const before = clean.slice(0, i);
  const line = before.split('\n').length - 1;
  const column = i - (before.lastIndexOf('\n') + 1);
  return kconfig ? kconfigCompletion(clean, line, column, cc) : fragmentCompletion(clean, line, column, cc);
}

describe('completion in fragments', () => {
  test('names: prefix matches first, visible ones before hidden ones, with an assignment to fill in', () => {
    const cc = context(KCONFIG, 'CONFIG_NET=y\n');
    const r = at('CONFIG_$0', cc);
    assert.equal(r.incomplete, false);
    const labels = r.items.map((e) => e.label);
    // All visible now (NET is y) come first in name order; HIDDEN has no prompt and comes last.
    assert.deepEqual(labels, ['CONFIG_MODULES', 'CONFIG_NAME', 'CONFIG_NET', 'CONFIG_SHIFT', 'CONFIG_TAPRIO', 'CONFIG_HIDDEN']);
    const taprio = r.items.find((e) => e.label === 'CONFIG_TAPRIO')!;
    // MODULES is off in this set: m is not offered.
    assert.equal(taprio.insertText, 'CONFIG_TAPRIO=${1|y,n|}');
    assert.equal(taprio.snippet, true);
    assert.deepEqual(taprio.replace, { start: { line: 0, column: 0 }, end: { line: 0, column: 7 } });
    assert.equal(r.items.find((e) => e.label === 'CONFIG_SHIFT')!.insertText, 'CONFIG_SHIFT=${1:17}');
    assert.equal(r.items.find((e) => e.label === 'CONFIG_NAME')!.insertText, 'CONFIG_NAME="$1"');
    assert.match(r.items.find((e) => e.label === 'CONFIG_HIDDEN')!.detail!, /no prompt/);
  });

  test('names: a hidden symbol ranks after visible ones; substring matches after prefix matches', () => {
    const cc = context(KCONFIG, '');
    // NET is n, so TAPRIO is not visible: it comes after NAME, which also has 'A' inside.
    assert.deepEqual(
      at('CONFIG_A$0', cc).items.map((e) => e.label),
      ['CONFIG_NAME', 'CONFIG_TAPRIO'],
    );
    assert.deepEqual(
      at('CONFIG_N$0', cc).items.map((e) => e.label),
      ['CONFIG_NAME', 'CONFIG_NET', 'CONFIG_HIDDEN'],
    );
    assert.deepEqual(
      at('CONFIG_T$0', cc).items.map((e) => e.label),
      ['CONFIG_TAPRIO', 'CONFIG_NET', 'CONFIG_SHIFT'],
    );
  });

  test('an existing value is kept: only the name is replaced', () => {
    const r = at('CONFIG_TA$0PR=y', context(KCONFIG, ''));
    const t = r.items.find((e) => e.label === 'CONFIG_TAPRIO')!;
    assert.equal(t.insertText, 'CONFIG_TAPRIO');
    assert.deepEqual(t.replace, { start: { line: 0, column: 0 }, end: { line: 0, column: 11 } });
  });

  test('the not-set form is completed as a whole line', () => {
    const r = at('# CONFIG_NE$0', context(KCONFIG, ''));
    assert.deepEqual(
      r.items.map((e) => [e.label, e.insertText, e.filterText]),
      [['CONFIG_NET', '# CONFIG_NET is not set', '# CONFIG_NET']],
    );
    assert.deepEqual(r.items[0].replace, { start: { line: 0, column: 0 }, end: { line: 0, column: 11 } });
  });

  test('values by type: y/m/n as allowed, range bounds for numbers, the current value preselected', () => {
    const off = context(KCONFIG, '');
    assert.deepEqual(at('CONFIG_TAPRIO=$0', off).items.map((e) => [e.label, e.preselect ?? false]), [
      ['y', false],
      ['m', false],
      ['n', true],
    ]);
    assert.match(at('CONFIG_TAPRIO=$0', off).items[1].detail!, /MODULES is off/);
    const on = context(KCONFIG, 'CONFIG_MODULES=y\nCONFIG_NET=y\n');
    assert.equal(at('CONFIG_TAPRIO=$0', on).items[1].detail, 'a module');
    assert.deepEqual(at('CONFIG_SHIFT=1$0', off).items.map((e) => e.label), ['17', '12', '25']);
    assert.deepEqual(at('CONFIG_SHIFT=1$0', off).items[0].replace, { start: { line: 0, column: 13 }, end: { line: 0, column: 14 } });
    assert.deepEqual(at('CONFIG_NAME=$0', off).items.map((e) => e.label), ['"kata"']);
    assert.deepEqual(at('CONFIG_NOPE=$0', off).items, []);
  });

  test('many matches: the best part, and the editor is told to ask again', () => {
    const many = Array.from({ length: MAX_NAMES + 50 }, (_, i) => `config SYM_${i}\n\tbool "s${i}"\n`).join('');
    const r = at('CONFIG_SYM$0', context(many, ''));
    assert.equal(r.items.length, MAX_NAMES);
    assert.equal(r.incomplete, true);
  });

  test('a comment or garbage line offers nothing', () => {
    const cc = context(KCONFIG, '');
    assert.deepEqual(at('# just a comment $0', cc).items, []);
    assert.deepEqual(at('  CONFIG_$0', cc).items, []);
  });
});

describe('completion in Kconfig files', () => {
  test('keywords at the start of a line, symbol names after them', () => {
    const cc = context(KCONFIG, '');
    const kw = at('config X\n\tdep$0', cc, true);
    assert.ok(kw.items.some((e) => e.label === 'depends' && e.insertText === 'depends on '));
    assert.ok(kw.items.every((e) => e.kind === 'keyword'));
    const names = at('config X\n\tdepends on TA$0', cc, true);
    assert.deepEqual(names.items.map((e) => e.label), ['TAPRIO']);
    assert.deepEqual(names.items[0].replace, { start: { line: 1, column: 12 }, end: { line: 1, column: 14 } });
  });
});
