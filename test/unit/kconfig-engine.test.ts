// Unit tests of the Kconfig engine on small trees written here: parsing, evaluation as conf does it,
// the merge_config.sh model, and the reasons given for lost values. The real-kernel comparison lives
// in test/conformance.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { lostReports, mergeFragments } from '../../server/src/languages/kconfig/mergeScript';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { helpText } from '../../server/src/languages/kconfig/lexer';
import { runConf } from '../../server/src/languages/kconfig/tree';
import { parseFragment } from '../../server/src/languages/kconfig/fragment';

function tree(files: Record<string, string>, env: Record<string, string> = {}): KconfigModel {
  return parseKconfig({
    srctree: '/t',
    env: { ARCH: 'x86_64', SRCARCH: 'x86', ...env },
    fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] },
    shell: () => undefined,
  });
}

function values(model: KconfigModel, seed: string | undefined, mode: 'allnoconfig' | 'alldefconfig' = 'allnoconfig'): Map<string, string> {
  const run = runConf(model, mode, seed);
  const out = new Map<string, string>();
  for (const line of run.configText.split('\n')) {
    const a = /^CONFIG_(\w+)=(.*)$/.exec(line);
    const n = /^# CONFIG_(\w+) is not set$/.exec(line);
    if (a) out.set(a[1], a[2]);
    else if (n) out.set(n[1], 'n');
  }
  return out;
}

const MODULES = 'config MODULES\n\tbool "modules"\n\tmodules\n';

describe('parsing', () => {
  test('source reads files inside the tree only, however the path is written', () => {
    const files: Record<string, string> = {
      Kconfig: 'source "sub/Kconfig"\nsource "/t/sub/../other/Kconfig"\nsource "../etc/Kconfig"\nsource "/t//../etc/Kconfig"\nsource "/tx/Kconfig"\n',
      'sub/Kconfig': 'config IN_SUB\n\tbool "s"\n',
      'other/Kconfig': 'config IN_OTHER\n\tbool "o"\n',
    };
    const m = parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => (path.posix.normalize(p).startsWith('/t/') ? files[path.posix.normalize(p).slice(3)] : 'config OUTSIDE\n\tbool "x"\n') }, shell: () => undefined });
    assert.ok(m.byName.get('IN_SUB') && m.byName.get('IN_OTHER'));
    assert.equal(m.byName.get('OUTSIDE'), undefined);
    assert.deepEqual(
      m.problems.filter((p) => p.code === 'kconfig-source-outside-tree').map((p) => p.span.start.line),
      [2, 3, 4],
    );
  });


  test('a tree under a dotted directory (~/.cache/...) is still judged by its normalized paths', () => {
    const root = '/w/.cache/t';
    const files: Record<string, string> = {
      Kconfig: `source "sub/Kconfig"\nsource "${root}/./dot/Kconfig"\nsource "${root}/.hidden/Kconfig"\nsource "${root}/../escape/Kconfig"\nsource "${root}/.."\n`,
      'sub/Kconfig': 'config IN_SUB\n\tbool "s"\n',
      'dot/Kconfig': 'config IN_DOT\n\tbool "d"\n',
      '.hidden/Kconfig': 'config IN_HIDDEN\n\tbool "h"\n',
    };
    const read = (p: string) => {
      const n = path.posix.normalize(p);
      return n.startsWith(`${root}/`) ? files[n.slice(root.length + 1)] : 'config OUTSIDE\n\tbool "x"\n';
    };
    const m = parseKconfig({ srctree: root, env: {}, fs: { read }, shell: () => undefined });
    assert.ok(m.byName.get('IN_SUB') && m.byName.get('IN_DOT') && m.byName.get('IN_HIDDEN'));
    assert.equal(m.byName.get('OUTSIDE'), undefined);
    assert.deepEqual(
      m.problems.filter((p) => p.code === 'kconfig-source-outside-tree').map((p) => p.span.start.line),
      [3, 4],
    );
  });
  test('a malformed file yields problems with positions and the rest is still read', () => {
    const m = tree({ Kconfig: 'config A\n\tbool "a"\n\tdepends on (B\nfrobnicate X\nconfig C\n\tbool "c"\n' });
    assert.ok(m.byName.get('A'));
    assert.equal(m.byName.get('C')?.type, 'bool');
    const lines = m.problems.filter((p) => p.severity === 'error').map((p) => p.span.start.line + 1);
    assert.deepEqual(lines, [3, 4]);
    assert.ok(m.problems.some((p) => /unknown statement "frobnicate"/.test(p.message)));
    assert.equal(m.fatal, true);
  });

  test('help text ends at the first line indented less than its first line', () => {
    const m = tree({ Kconfig: 'config A\n\tbool "a"\n\thelp\n\t  first\n\t    indented\n\n\t  after blank\n\tdefault y\n' });
    const def = m.byName.get('A')!.definitions[0];
    assert.equal(helpText(def.help!), 'first\n  indented\n\nafter blank\n');
    assert.ok(m.byName.get('A')!.props.some((p) => p.kind === 'default'), 'the default after the help text is read as an option');
  });

  test('help text: tabs count to the next multiple of 8, deep indentation is kept, the file may end inside it', () => {
    const m = tree({ Kconfig: 'config A\n\tbool "a"\n\thelp\n\t  one  \n\t\t\t   deep\nconfig B\n\tbool "b"\n\thelp\n\t  last line' });
    assert.equal(helpText(m.byName.get('A')!.definitions[0].help!), 'one\n' + ' '.repeat(17) + 'deep');
    assert.equal(helpText(m.byName.get('B')!.definitions[0].help!), 'last line');
    assert.equal(m.byName.get('B')?.type, 'bool', 'the entry after the first help block is read');
  });

  test('a help block with nothing in it is reported, like the kernel does', () => {
    const m = tree({ Kconfig: 'config A\n\tbool "a"\n\thelp\n\n\t  \nconfig B\n\tbool "b"\n' });
    assert.ok(m.problems.some((p) => /'A' defined with blank help text/.test(p.message)));
    assert.equal(helpText(m.byName.get('A')!.definitions[0].help!).trim(), '');
    assert.ok(m.byName.get('B'));
  });

  test('source follows $(SRCARCH), and a missing file is an error at the source line', () => {
    const m = tree({ Kconfig: 'source "arch/$(SRCARCH)/Kconfig"\nsource "nope/Kconfig"\n', 'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n' });
    assert.equal(m.byName.get('X86')?.type, 'bool');
    const missing = m.problems.find((p) => p.code === 'kconfig-file-not-found');
    assert.equal(missing?.span.start.line, 1);
  });

  test('recursive source is reported, not followed forever', () => {
    const m = tree({ Kconfig: 'source "a/Kconfig"\n', 'a/Kconfig': 'source "Kconfig"\n' });
    assert.ok(m.problems.some((p) => p.code === 'kconfig-recursive-source'));
  });

  test('macros: variables, functions and $(info,...) while parsing', () => {
    const m = tree({ Kconfig: 'greet = hello $(1)\nV := $(greet,world)\n$(info,$(V))\nconfig A\n\tstring "a"\n\tdefault "$(V)"\n' });
    assert.equal(values(m, undefined, 'alldefconfig').get('A'), '"hello world"');
    assert.ok(m.problems.some((p) => p.code === 'kconfig-macro-info' && p.message === 'hello world'));
  });
});

describe('evaluation as conf does it', () => {
  test('depends on a symbol that is off hides the value; selecting forces it', () => {
    const m = tree({
      Kconfig: 'config NET\n\tbool "net"\nconfig Q\n\tbool "q"\n\tdepends on NET\nconfig S\n\tbool "s"\n\tselect HIDDEN\nconfig HIDDEN\n\tbool\n',
    });
    const v = values(m, 'CONFIG_Q=y\nCONFIG_S=y\n');
    assert.equal(v.has('Q'), false, 'invisible symbols are not written');
    assert.equal(v.get('S'), 'y');
    assert.equal(v.get('HIDDEN'), 'y');
  });

  test('=m without MODULES becomes y; with MODULES it stays m', () => {
    const src = 'config T\n\ttristate "t"\n';
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_T=m\n').get('T'), 'y');
    assert.equal(values(tree({ Kconfig: MODULES + src }), 'CONFIG_MODULES=y\nCONFIG_T=m\n').get('T'), 'm');
    assert.equal(values(tree({ Kconfig: MODULES + src }), 'CONFIG_MODULES=n\nCONFIG_T=m\n').get('T'), 'y');
  });

  test('`depends on m` means m && MODULES', () => {
    const src = MODULES + 'config T\n\ttristate "t"\n\tdepends on m\n';
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_MODULES=n\nCONFIG_T=y\n').has('T'), false);
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_MODULES=y\nCONFIG_T=y\n').get('T'), 'm');
  });

  test('choices: the requested value wins, otherwise the default', () => {
    const src = 'choice\n\tprompt "pick"\n\tdefault B\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nendchoice\n';
    assert.deepEqual([...values(tree({ Kconfig: src }), undefined)].sort(), [['A', 'n'], ['B', 'y']]);
    assert.deepEqual([...values(tree({ Kconfig: src }), 'CONFIG_A=y\n')].sort(), [['A', 'y'], ['B', 'n']]);
  });

  test('int with range: an out-of-range request is clamped, an invalid one ignored', () => {
    const src = 'config N\n\tint "n"\n\trange 12 25\n\tdefault 17\n';
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_N=30\n').get('N'), '25');
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_N=3\n').get('N'), '12');
    const run = runConf(tree({ Kconfig: src }), 'allnoconfig', 'CONFIG_N=y\n');
    assert.equal(run.evaluation.stringValue(tree({ Kconfig: src }).byName.get('N')!) !== undefined, true);
    assert.ok(run.messages.some((x) => x.kind === 'invalid-value'));
  });

  test('strings must be quoted; escapes are undone and written back', () => {
    const src = 'config S\n\tstring "s"\n\tdefault "d"\n';
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_S="a\\"b"\n').get('S'), '"a\\"b"');
    const run = runConf(tree({ Kconfig: src }), 'allnoconfig', 'CONFIG_S=plain\n');
    assert.ok(run.messages.some((x) => x.kind === 'unquoted-string'));
  });

  test('implied symbols follow their implier but stay within their own dependencies', () => {
    const src = 'config A\n\tbool "a"\n\timply B\nconfig B\n\tbool\n\tdepends on C\nconfig C\n\tbool "c"\n';
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_A=y\nCONFIG_C=y\n', 'alldefconfig').get('B'), 'y');
    // Still written (as not set) because something implies it, as conf does.
    assert.equal(values(tree({ Kconfig: src }), 'CONFIG_A=y\n', 'alldefconfig').get('B'), 'n');
  });

  test('menus are written as headers with an end marker, as conf writes them', () => {
    const m = tree({ Kconfig: 'mainmenu "Test"\nmenu "Net"\nconfig A\n\tbool "a"\nendmenu\n' });
    const text = runConf(m, 'allnoconfig', undefined).configText;
    assert.equal(text, '#\n# Automatically generated file; DO NOT EDIT.\n# Test\n#\n\n#\n# Net\n#\n# CONFIG_A is not set\n# end of Net\n');
  });
});

describe('the merge_config.sh model', () => {
  test('a later fragment deletes the earlier line and the script says it was redefined', () => {
    const merged = mergeFragments(
      [
        { file: 'a.conf', text: 'CONFIG_A=y\n# CONFIG_B is not set\n' },
        { file: 'b.conf', text: 'CONFIG_B=y\n' },
      ],
      { warnRedundant: true },
    );
    assert.equal(merged.text, 'CONFIG_A=y\n\nCONFIG_B=y\n');
    assert.equal(merged.messages.length, 1);
    assert.equal(merged.messages[0].kind, 'redefined');
    assert.deepEqual(merged.messages[0].deleted, [{ file: 'a.conf', line: 2 }]);
  });

  test('sed deletes every line with the name followed by a blank or =, comments included', () => {
    const merged = mergeFragments([
      { file: 'a.conf', text: '# we want CONFIG_A here\nCONFIG_A=y\nCONFIG_AB=y\n' },
      { file: 'b.conf', text: 'CONFIG_A=n\n' },
    ]);
    assert.equal(merged.text, 'CONFIG_AB=y\n\nCONFIG_A=n\n');
  });

  test('a base file without a final newline is completed rather than followed by a blank line', () => {
    const merged = mergeFragments([
      { file: 'a.conf', text: 'CONFIG_A=y' },
      { file: 'b.conf', text: 'CONFIG_B=y\n' },
    ]);
    assert.equal(merged.text, 'CONFIG_A=y\nCONFIG_B=y\n');
  });

  test('a fragment of hundreds of thousands of lines is merged and checked (found by the fuzz suite\'s 10 MB fragment, any seed)', () => {
    // Its lines were appended with push(...lines), and its problems likewise: past ~120,000 arguments the
    // call overflowed the stack, and the server published nothing for the fragment.
    const big = 'CONFIG_A=y\n' + 'garbage line\n'.repeat(200_000);
    const merged = mergeFragments([
      { file: 'a.conf', text: 'CONFIG_B=y\n' },
      { file: 'b.conf', text: big },
    ]);
    assert.equal(merged.origins.length, 200_003);
    const model = tree({ Kconfig: 'config A\n\tbool "a"\nconfig B\n\tbool "b"\n' });
    const analysis = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/b.conf', text: big }], mode: 'allnoconfig' });
    assert.equal(analysis.problems.filter((p) => p.code === 'kconfig-unexpected-line').length, 200_000);
  });

  test('a name assigned on thousands of lines is reported once per line without a copy of its grep per line (found by the fuzz suite\'s 10 MB fragment, FUZZ_SEED=2942459163)', () => {
    // Each report carried its own grep output of every line that names the symbol: k lines cost k² characters,
    // and a 10 MB fragment ran the server out of memory. The false-alarm and unknown-name checks scanned every
    // request per report and per name as well.
    const text = 'CONFIG_A=y\nCONFIG_NOPE=y\n'.repeat(20_000);
    const started = Date.now();
    const reports = lostReports(text, '# CONFIG_A is not set\n');
    assert.equal(reports.length, 40_000);
    assert.equal(reports[0].requested.length, 'CONFIG_A=y\n'.repeat(20_000).length - 1);
    const model = tree({ Kconfig: 'config A\n\tbool "a"\nconfig NOPF\n\tbool "n"\n' });
    const analysis = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/a.conf', text }], mode: 'allnoconfig' });
    assert.equal(analysis.problems.filter((p) => p.code === 'kconfig-unknown-symbol').length, 20_000);
    assert.match(analysis.problems.find((p) => p.code === 'kconfig-unknown-symbol')!.message, /Did you mean CONFIG_NOPF/);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  test('the lost-value report compares grep -w lines, so an invisible "not set" is reported too', () => {
    const reports = lostReports('# CONFIG_A is not set\nCONFIG_B=y\n', '# CONFIG_B is not set\n');
    assert.deepEqual(
      reports.map((r) => [r.symbol, r.actual]),
      [
        ['CONFIG_A', ''],
        ['CONFIG_B', '# CONFIG_B is not set'],
      ],
    );
  });
});

describe('reasons for lost values', () => {
  const kconfig = {
    Kconfig:
      'config NET\n\tbool "net"\nmenuconfig NET_SCHED\n\tbool "sched"\n\tdepends on NET\nif NET_SCHED\nconfig TAPRIO\n\ttristate "taprio"\nendif\n' +
      'config CLASSIFY\n\tdef_bool n\nconfig PTP\n\ttristate "ptp"\n\tselect CLASSIFY\n',
  };

  test('an unmet if-block dependency is named with its place and the blocking symbol', () => {
    const a = analyzeFragmentSet({ model: tree(kconfig), srctree: '/t', fragments: [{ file: '/f/tsn.conf', text: 'CONFIG_NET=y\nCONFIG_TAPRIO=y\n' }], mode: 'allnoconfig' });
    const lost = a.problems.filter((p) => p.code === 'kconfig-value-lost');
    assert.equal(lost.length, 1);
    assert.equal(lost[0].span.start.line, 1);
    assert.match(lost[0].message, /enclosing 'if'.*Kconfig:6.*NET_SCHED=n/);
  });

  test('a promptless symbol says it can only come from defaults or select, and who selects it', () => {
    const a = analyzeFragmentSet({ model: tree(kconfig), srctree: '/t', fragments: [{ file: '/f/x.conf', text: 'CONFIG_CLASSIFY=y\n' }], mode: 'allnoconfig' });
    const p = a.problems.find((x) => x.code === 'kconfig-value-lost');
    assert.match(p?.message ?? '', /no prompt.*PTP/);
  });

  test('unknown symbols get near names; an earlier fragment line overridden by a later one is flagged', () => {
    const a = analyzeFragmentSet({
      model: tree(kconfig),
      srctree: '/t',
      fragments: [
        { file: '/f/a.conf', text: 'CONFIG_NET_SHED=y\nCONFIG_NET=n\n' },
        { file: '/f/b.conf', text: 'CONFIG_NET=y\n' },
      ],
      mode: 'allnoconfig',
    });
    const unknown = a.problems.find((x) => x.code === 'kconfig-unknown-symbol');
    assert.match(unknown?.message ?? '', /CONFIG_NET_SCHED/);
    const over = a.problems.find((x) => x.code === 'kconfig-overridden');
    assert.equal(over?.file, '/f/a.conf');
    assert.equal(over?.span.start.line, 1);
  });

  test('a whitelisted loss is information and names the entry', () => {
    const a = analyzeFragmentSet({
      model: tree(kconfig),
      srctree: '/t',
      fragments: [{ file: '/f/a.conf', text: 'CONFIG_TAPRIO=y\n' }],
      mode: 'allnoconfig',
      whitelist: { hiddenBy: (line) => (line.includes('CONFIG_TAPRIO') ? [{ pattern: 'CONFIG_TAPRIO', file: '/w.conf', line: 1 }] : []) },
    });
    const p = a.problems.find((x) => x.code === 'kconfig-value-lost-whitelisted');
    assert.equal(p?.severity, 'information');
    assert.equal(a.problems.filter((x) => x.code === 'kconfig-value-lost').length, 0);
  });
});

describe('fragment lines', () => {
  test('forms conf reads and the ones it ignores', () => {
    const f = parseFragment('f', 'CONFIG_A=y\n# CONFIG_B is not set\n#CONFIG_C is not set\n CONFIG_D=y\n\n# note\nCONFIG_E\r\n');
    assert.deepEqual(
      f.lines.map((l) => l.kind),
      ['assign', 'not-set', 'comment', 'garbage', 'blank', 'comment', 'garbage'],
    );
    assert.ok(f.lines[2].ignoredBecause);
  });
});

describe('$(shell,...) that may not run', () => {
  test('a guessed compiler answer marks the lost values that follow as uncertain', () => {
    const model = parseKconfig({
      srctree: '/t',
      env: { CC: 'gcc' },
      fs: { read: (p) => (p === '/t/Kconfig' ? 'config CC_HAS_X\n\tdef_bool $(shell,{ $(CC) -mfoo; } >/dev/null 2>&1 && echo "y" || echo "n")\nconfig USE_X\n\tbool "x"\n\tdepends on CC_HAS_X\n' : undefined), list: () => [] },
      shell: () => undefined,
    });
    assert.equal(model.shellFallback, true);
    const a = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/a.conf', text: 'CONFIG_USE_X=y\n' }], mode: 'allnoconfig' });
    const p = a.problems.find((x) => x.code === 'kconfig-value-lost');
    assert.equal(p?.uncertain, true);
    assert.match(p?.message ?? '', /CC_HAS_X=n/);
  });
});

describe('select of a symbol with unmet dependencies', () => {
  test('reported at the fragment line that switches the selector on, as conf warns', () => {
    const model = tree({
      Kconfig: 'config A\n\tbool "a"\n\tselect B\nconfig C\n\tbool "c"\nconfig B\n\tbool\n\tdepends on C\n',
    });
    const a = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/x.conf', text: '# head\nCONFIG_A=y\n' }], mode: 'allnoconfig' });
    const p = a.problems.filter((x) => x.code === 'kconfig-select-unmet-dependency');
    assert.deepEqual(
      p.map((x) => [x.span.start.line, x.message]),
      [[1, 'CONFIG_A selects B (Kconfig:3), whose dependencies are not met (C); conf forces B on anyway and warns "unmet direct dependencies detected for B"']],
    );
    // With C on, nothing to report.
    const ok = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/x.conf', text: 'CONFIG_C=y\nCONFIG_A=y\n' }], mode: 'allnoconfig' });
    assert.equal(ok.problems.filter((x) => x.code === 'kconfig-select-unmet-dependency').length, 0);
  });
});
