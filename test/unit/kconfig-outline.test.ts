// Document outlines (features/outline.ts): fragments grouped under their comment headings, Kconfig
// entries nested in menus, choices and `if` blocks, read from the text alone.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { fragmentOutline, kconfigOutline } from '../../server/src/languages/kconfig/features/outline';
import type { DocumentSymbolEntry } from '../../server/src/services';

/** name [kind] detail (lines a-b), children indented. */
function show(entries: readonly DocumentSymbolEntry[], depth = 0): string[] {
  return entries.flatMap((e) => [
    `${'  '.repeat(depth)}${e.name} [${e.kind}]${e.detail ? ` ${e.detail}` : ''} (${e.span.start.line}-${e.span.end.line})`,
    ...show(e.children ?? [], depth + 1),
  ]);
}

describe('outline', () => {
  test('a fragment: assignments under the comment that heads them', () => {
    const text = 'CONFIG_TOP=y\n# qdisc for tsn\nCONFIG_NET_SCH_TAPRIO=y\n\nCONFIG_NET_SCH_ETF=m\n# vlan\n# CONFIG_VLAN_8021Q is not set\n#\n# empty heading above is skipped\n';
    assert.deepEqual(show(fragmentOutline(text)), [
      'CONFIG_TOP [option] = y (0-0)',
      'qdisc for tsn [group] (1-4)',
      '  CONFIG_NET_SCH_TAPRIO [option] = y (2-2)',
      '  CONFIG_NET_SCH_ETF [option] = m (4-4)',
      'vlan [group] (5-6)',
      '  CONFIG_VLAN_8021Q [option] is not set (6-6)',
    ]);
  });

  test('a Kconfig file: entries with prompts, nested blocks, help text not mistaken for statements', () => {
    const text = [
      'menuconfig NET_SCHED', // 0
      '\tbool "QoS and/or fair queueing"',
      '\thelp',
      '\t  config LOOKS_LIKE_AN_ENTRY but is help', // 3
      '',
      'if NET_SCHED # comment', // 5
      'config NET_SCH_TAPRIO',
      '\ttristate "taprio"',
      'menu "Classifiers"', // 8
      'choice',
      '\tprompt "Default"', // 10
      'config DEF_A',
      '\tbool "a"',
      'endchoice', // 13
      'comment "Note"',
      'endmenu', // 15
      'endif # NET_SCHED',
    ].join('\n');
    assert.deepEqual(show(kconfigOutline(text)), [
      'NET_SCHED [option] menuconfig · QoS and/or fair queueing (0-3)',
      'if NET_SCHED [group] (5-16)',
      '  NET_SCH_TAPRIO [option] taprio (6-7)',
      '  Classifiers [menu] (8-15)',
      '    choice [choice] Default (9-13)',
      '      DEF_A [option] a (11-12)',
      '    Note [section] comment (14-14)',
    ]);
    // Selection spans lie inside their spans, on the name.
    const first = kconfigOutline(text)[0];
    assert.deepEqual(first.selectionSpan, { start: { line: 0, column: 11 }, end: { line: 0, column: 20 } });
  });

  test('unclosed blocks and garbage still give an outline', () => {
    const out = show(kconfigOutline('menu "Open"\nconfig A\n\tbool "a"\nendif\nendif\n\u0000\u0001'));
    assert.deepEqual(out, ['Open [menu] (0-3)', '  A [option] a (1-2)']);
  });

  test('blocks nest at most 200 deep; deeper ones are listed inside the deepest (found by the fuzz suite\'s 10,000 nested menus)', () => {
    // The server converted the outline recursively and failed with a stack overflow, answering nothing.
    const n = 10_000;
    const outline = kconfigOutline('menu "m"\n'.repeat(n) + 'config A\n\tbool "a"\n' + 'endmenu\n'.repeat(n) + 'config B\n\tbool "b"\n');
    assert.deepEqual(outline.map((e) => e.name), ['m', 'B']);
    let depth = 0;
    let level: readonly DocumentSymbolEntry[] = outline;
    while (level[0]?.children?.length) {
      level = level[0].children;
      depth++;
    }
    assert.equal(depth, 200);
    // Every menu and the entry inside them are still there, in file order; the outermost menu ends at the last endmenu.
    assert.equal(level.length, n - 200 + 1);
    assert.deepEqual(level[level.length - 1].name, 'A');
    assert.equal(outline[0].span.end.line, 2 * n + 1);
  });

  test('every span ends where its line ends, also with CRLF line ends (found by the fuzz suite, FUZZ_SEED=1:0)', () => {
    // A fragment group used to end at column 1000 and select two characters more than '#x' has; the
    // Kconfig entries ended after the \r of a CRLF line.
    const fragment = fragmentOutline('#x\r\nCONFIG_A=y\r\nCONFIG_B=m\r\n');
    assert.deepEqual([fragment[0].span, fragment[0].selectionSpan], [
      { start: { line: 0, column: 0 }, end: { line: 2, column: 10 } },
      { start: { line: 0, column: 0 }, end: { line: 0, column: 2 } },
    ]);
    const kconfig = kconfigOutline('menu "m"\r\nconfig A\r\n\tbool "a"\r\nendmenu\r\n');
    assert.deepEqual([kconfig[0].span.end, kconfig[0].children?.[0].span.end], [
      { line: 3, column: 7 },
      { line: 2, column: 9 },
    ]);
  });
});
