// Hover for Kconfig symbols (features/hover.ts) on a small tree written here: what the text says
// about definitions, dependencies, selects, the fragment set's requests and the help text.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { fragmentSymbolAt, helpMarkdown, kconfigWordAt, symbolHoverMarkdown } from '../../server/src/languages/kconfig/features/hover';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';

const KCONFIG = `config MODULES
\tbool "modules"
\tmodules

config NET
\tbool "Networking"

menu "Scheduling"
\tdepends on NET

config TAPRIO
\ttristate "Time aware scheduler"
\tselect CLASSIFY
\thelp
\t  Runs [gates](http://x) on a *schedule*.

\t  Example:
\t    tc qdisc add taprio

config CLASSIFY
\tbool

endmenu

config HIDDEN_SEL
\tbool "selector"
\tselect CLASSIFY if NET
`;

function model(): KconfigModel {
  const files: Record<string, string> = { Kconfig: KCONFIG };
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
}

function hover(name: string, fragment: string): string {
  const m = model();
  const a = analyzeFragmentSet({ model: m, srctree: '/t', fragments: [{ file: '/f/tsn.conf', text: fragment }], mode: 'allnoconfig' });
  return symbolHoverMarkdown(name, { model: m, evaluation: a.run.evaluation, srctree: '/t', valuesFrom: 'this fragment alone', requests: a.requests, lost: a.lost });
}

describe('hover', () => {
  test('a lost request says so, with the blocking dependency and links into the tree', () => {
    const md = hover('TAPRIO', 'CONFIG_TAPRIO=y\n');
    assert.match(md, /\*\*CONFIG_TAPRIO\*\* · tristate · "Time aware scheduler"/);
    assert.match(md, /Value: \*\*n\*\* with this fragment alone \(absent from \.config/);
    assert.match(md, /`CONFIG_TAPRIO=y` at \[f\/tsn\\\.conf:1\]\(file:\/\/\/f\/tsn\.conf#L1\): \*\*lost\*\*/);
    assert.match(md, /Defined at \[Kconfig:11\]\(file:\/\/\/t\/Kconfig#L11\)/);
    // The menu's condition, with the value of what it mentions.
    assert.match(md, /`NET` — NET=n \(\[Kconfig:8\]/);
  });

  test('a kept request, and the symbols that select a promptless one', () => {
    const md = hover('CLASSIFY', 'CONFIG_NET=y\nCONFIG_TAPRIO=y\nCONFIG_HIDDEN_SEL=y\n');
    assert.match(md, /· bool · no prompt/);
    assert.match(md, /Value: \*\*y\*\*/);
    assert.match(md, /No prompt: a fragment cannot set it/);
    assert.match(md, /Selected by 2 symbols, 2 active now:/);
    assert.match(md, /CONFIG_HIDDEN_SEL=y if `NET` \(active\) \(\[Kconfig:27\]/);
    const kept = hover('TAPRIO', 'CONFIG_NET=y\nCONFIG_TAPRIO=y\n');
    assert.match(kept, /`CONFIG_TAPRIO=y` at .*: kept/);
  });

  test('help text: paragraphs joined and escaped, indented examples kept in a code block', () => {
    const md = hover('TAPRIO', '');
    assert.match(md, /Runs \\\[gates\\\]\\\(http:\/\/x\\\) on a \\\*schedule\\\*\\\./);
    assert.match(md, /```text\nExample:\n {2}tc qdisc add taprio\n```/);
    assert.doesNotMatch(md, /\]\(http:\/\/x\)/);
  });

  test('names the tree does not define', () => {
    const md = hover('NOPE', 'CONFIG_NOPE=y\n');
    assert.match(md, /Not a symbol of this kernel tree/);
    assert.match(md, /`CONFIG_NOPE=y` at .*: ignored by conf, which knows no such symbol/);
  });

  test('a line a later fragment redefines is dropped by merge_config.sh', () => {
    const m = model();
    const a = analyzeFragmentSet({
      model: m,
      srctree: '/t',
      fragments: [
        { file: '/f/common/base.conf', text: 'CONFIG_NET=n\n' },
        { file: '/f/x86_64/net.conf', text: 'CONFIG_NET=y\n' },
      ],
      mode: 'allnoconfig',
    });
    const md = symbolHoverMarkdown('NET', { model: m, evaluation: a.run.evaluation, srctree: '/t', valuesFrom: 'the set', requests: a.requests, lost: a.lost });
    assert.match(md, /`CONFIG_NET=n` at \[common\/base\\\.conf:1\].*: dropped by merge\\_config\\\.sh, a later fragment sets it again/);
    assert.match(md, /`CONFIG_NET=y` at \[x86\\_64\/net\\\.conf:1\].*: kept/);
  });

  test('helpMarkdown never lets a fence inside the text close the block', () => {
    const md = helpMarkdown('Text\n\nExample:\n  ```\n  code\n');
    assert.match(md, /^Text\n\n~~~text\nExample:\n {2}```\n {2}code\n~~~$/);
  });

  test('the symbol under the cursor in a fragment and in a Kconfig file', () => {
    const frag = 'CONFIG_A=y\n# CONFIG_BB is not set\n# plain comment\n';
    assert.deepEqual(fragmentSymbolAt(frag, 0, 3)?.name, 'A');
    assert.deepEqual(fragmentSymbolAt(frag, 0, 9)?.name, 'A'); // on the value
    assert.deepEqual(fragmentSymbolAt(frag, 1, 4)?.name, 'BB');
    assert.deepEqual(fragmentSymbolAt(frag, 1, 4)?.span, { start: { line: 1, column: 2 }, end: { line: 1, column: 11 } });
    assert.equal(fragmentSymbolAt(frag, 2, 3), undefined);
    assert.equal(fragmentSymbolAt(frag, 9, 0), undefined);
    const kc = '\tdepends on NET && !CONFIG_FOO\n';
    assert.equal(kconfigWordAt(kc, 0, 13)?.name, 'NET');
    assert.equal(kconfigWordAt(kc, 0, 22)?.name, 'FOO');
    assert.equal(kconfigWordAt(kc, 0, 3), undefined); // 'depends' is a keyword
    assert.equal(kconfigWordAt(kc, 0, 17), undefined); // between words
  });
});
