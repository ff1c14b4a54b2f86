// The Kconfig engines on hostile input: random bytes, mutated real-looking Kconfig and fragments,
// unterminated help and strings, deep nesting, macro loops. Nothing may throw or hang, and what is
// wrong must come back as problems. A fixed seed plus one fresh seed per run, printed for replay.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { fragmentCompletion, kconfigCompletion } from '../../server/src/languages/kconfig/features/completion';
import { dependencyLines } from '../../server/src/languages/kconfig/features/fixes';
import { fragmentSymbolAt, kconfigWordAt, symbolHoverMarkdown } from '../../server/src/languages/kconfig/features/hover';
import { fragmentOutline, kconfigOutline } from '../../server/src/languages/kconfig/features/outline';
import { previewCandidates, previewValues } from '../../server/src/languages/kconfig/features/preview';
import { referencesInFragment, referencesInKconfig } from '../../server/src/languages/kconfig/features/references';
import { parseFragment } from '../../server/src/languages/kconfig/fragment';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { runConf } from '../../server/src/languages/kconfig/tree';
import { makeRng, type Rng } from '../conformance/randomFragments';

const fresh = Number(process.env.KCONFIG_ROBUSTNESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEEDS = [7, 99, fresh];
console.log(`kconfig robustness: seeds ${SEEDS.join(', ')} (replay one with KCONFIG_ROBUSTNESS_SEED=<seed>)`);

const SAMPLE = `mainmenu "Sample $(ARCH)"
cc-option = $(success,true)
V := $(cc-option,-O2)
menu "Net"
	depends on !BROKEN
config NET
	bool "Networking"
	default y
	help
	  Networking support.

if NET
config TAPRIO
	tristate "taprio" if NET
	depends on NET && (MODULES || !MODULES)
	select CLASSIFY
	imply VLAN
config N
	int "n"
	range 1 10
	default 5
choice
	prompt "pick"
	default A
config A
	bool "a"
config B
	bool "b"
endchoice
endif
config CLASSIFY
	def_bool n
config VLAN
	tristate "vlan"
config S
	string "s"
	default "x\\"y"
config MODULES
	bool "modules"
	modules
endmenu
`;

const PIECES = ['config ', 'menuconfig ', 'choice', 'endchoice', 'menu "', 'endmenu', 'if ', 'endif', 'source "', 'help', '\t', '  ', '\n', '"', "'", '$(', ')', '(', '&&', '||', '!', '=', '!=', '<=', 'depends on ', 'select ', 'default ', 'range ', 'bool', 'tristate', 'X', 'Y', '\\\n', '#', '$(shell,', '$(info,', 'A = $(A)', ':=', '+='];

function mutate(rng: Rng, text: string): string {
  let out = text;
  const n = rng.int(1, 12);
  for (let i = 0; i < n; i++) {
    const at = rng.int(0, out.length);
    switch (rng.int(0, 3)) {
      case 0:
        out = out.slice(0, at) + rng.pick(PIECES) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + rng.int(1, 20)));
        break;
      case 2:
        out = out.slice(0, at) + String.fromCharCode(rng.int(0, 0xffff)) + out.slice(at);
        break;
      default:
        out = out.slice(0, at) + out.slice(at, at + rng.int(1, 60)).repeat(rng.int(1, 4)) + out.slice(at);
    }
  }
  return out;
}

function randomBytes(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(rng.int(0, 255));
  return s;
}

function parse(files: Record<string, string>) {
  return parseKconfig({
    srctree: '/t',
    env: { ARCH: 'x86_64', SRCARCH: 'x86' },
    fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] },
    shell: () => undefined,
  });
}

describe('hostile input never throws or hangs', () => {
  test('an empty $(info,) still gives a problem with words (found by seed 317368178)', () => {
    const model = parse({ Kconfig: '$(info,)\nconfig A\n\tbool "a"\n' });
    const info = model.problems.find((p) => p.code === 'kconfig-macro-info');
    assert.ok(info, 'the $(info,) is reported');
    assert.match(info.message, /empty \$\(info,\.\.\.\) message/);
  });

  for (const seed of SEEDS) {
    test(`mutated Kconfig files and fragments, seed ${seed}`, () => {
      const rng = makeRng(seed);
      for (let i = 0; i < 150; i++) {
        const text = i % 10 === 0 ? randomBytes(rng, rng.int(0, 3000)) : mutate(rng, SAMPLE);
        const started = Date.now();
        const model = parse({ Kconfig: text, 'sub/Kconfig': mutate(rng, SAMPLE) });
        const frag = i % 3 === 0 ? randomBytes(rng, 500) : mutate(rng, 'CONFIG_NET=y\nCONFIG_TAPRIO=m\n# CONFIG_A is not set\nCONFIG_S="q"\nCONFIG_N=3\n');
        const analysis = analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/f/a.conf', text: frag }], mode: 'allnoconfig' });
        assert.equal(typeof analysis.run.configText, 'string');
        for (const p of [...model.problems, ...analysis.problems]) {
          assert.ok(p.span.start.line >= 0 && p.span.end.line >= p.span.start.line, `bad span in ${p.code}`);
          assert.ok(p.message.length > 0, `empty message from ${p.code} (case ${i} of seed ${seed})`);
        }
        assert.ok(Date.now() - started < 5000, `case ${i} of seed ${seed} took ${Date.now() - started} ms`);
      }
    });
  }

  for (const seed of SEEDS) {
    test(`editor features (hover, completion, references, outline, preview, fixes) on mutated input, seed ${seed}`, () => {
      const rng = makeRng(seed + 1);
      for (let i = 0; i < 60; i++) {
        const kconfig = i % 10 === 0 ? randomBytes(rng, rng.int(0, 2000)) : mutate(rng, SAMPLE);
        const model = parse({ Kconfig: kconfig });
        const frag = i % 3 === 0 ? randomBytes(rng, 300) : mutate(rng, 'CONFIG_NET=y\nCONFIG_TAPRIO=m\n# CONFIG_A is not set\nCONFIG_S="q"\nCONFIG_N=3\n');
        const fragments = [{ file: '/f/a.conf', text: frag }];
        const options = { model, srctree: '/t', fragments, mode: 'allnoconfig' as const };
        const analysis = analyzeFragmentSet(options);
        const cc = { model, evaluation: analysis.run.evaluation };
        const started = Date.now();
        // Every position of a few lines, and some beyond the text.
        for (let k = 0; k < 20; k++) {
          const line = rng.int(0, 12);
          const column = rng.int(0, 40);
          fragmentCompletion(frag, line, column, cc);
          kconfigCompletion(kconfig, line, column, cc);
          const f = fragmentSymbolAt(frag, line, column);
          const w = kconfigWordAt(kconfig, line, column);
          for (const name of [f?.name, w?.name]) {
            if (name === undefined) continue;
            const md = symbolHoverMarkdown(name, { model, evaluation: analysis.run.evaluation, srctree: '/t', valuesFrom: 'x', requests: analysis.requests, lost: analysis.lost });
            assert.equal(typeof md, 'string');
            referencesInKconfig(kconfig, name, rng.int(0, 1) === 1);
            referencesInFragment(frag, name);
          }
          const sym = f ? model.byName.get(f.name) : undefined;
          if (sym) previewValues({ ...options, analysis, file: '/f/a.conf', line, sym, values: previewCandidates(sym) });
        }
        fragmentOutline(frag);
        kconfigOutline(kconfig);
        for (const lost of analysis.lost.slice(0, 2)) dependencyLines({ ...options, analysis, lost });
        assert.ok(Date.now() - started < 5000, `case ${i} of seed ${seed} took ${Date.now() - started} ms`);
      }
    });
  }

  test('what is wrong comes back as problems at the right lines', () => {
    const unterminatedHelp = parse({ Kconfig: 'config A\n\tbool "a"\n\thelp\n' });
    assert.equal(unterminatedHelp.fatal, false);
    const badString = parse({ Kconfig: 'config A\n\tbool "a\nconfig B\n\tbool "b"\n' });
    assert.ok(badString.problems.some((p) => /multi-line strings/.test(p.message) && p.span.start.line === 1));
    assert.equal(badString.byName.get('B')?.type, 'bool');
    const unclosed = parse({ Kconfig: 'menu "m"\nconfig A\n\tbool "a"\n' });
    assert.ok(unclosed.problems.some((p) => p.code === 'kconfig-missing-end' && p.span.start.line === 0));
    const loop = parse({ Kconfig: 'X = $(X)\nconfig A\n\tstring "$(X)"\n' });
    assert.ok(loop.problems.some((p) => p.code === 'kconfig-macro-error'));
  });

  test('a problem about a whole line ends where that line ends, not past it (found by the fuzz suite, FUZZ_SEED=1:0)', () => {
    // Whole-line spans were made with column 1000, past the end of the line and of the document.
    const files = { Kconfig: 'menu "m"\r\nsource "sub/Kconfig"\r\nconfig A\r\n\tbool "a"\r\n\tdepends on A\r\n', 'sub/Kconfig': 'source "Kconfig"\nconfig B\n\tbool "b"\n\tselect A\n' };
    const model = parse(files);
    const at = (code: string) => model.problems.filter((p) => p.code === code).map((p) => `${p.file}:${p.span.start.line}:${p.span.start.column}-${p.span.end.line}:${p.span.end.column}`);
    assert.deepEqual(at('kconfig-recursive-source'), ['/t/sub/Kconfig:0:0-0:16']);
    assert.deepEqual(at('kconfig-missing-end'), ['/t/Kconfig:0:0-0:8']);
    for (const p of model.problems) {
      const lines = files[p.file.replace('/t/', '') as keyof typeof files].split('\n').map((l) => l.replace(/\r$/, ''));
      assert.ok(p.span.end.line < lines.length && p.span.end.column <= lines[p.span.end.line].length, `${p.code} at ${JSON.stringify(p.span)}`);
    }
  });

  test('an expression of many thousand operators is refused at its line, not by a stack overflow (found by the fuzz suite\'s 1 MB expression case)', () => {
    // The tree of `B && B && ...` was built, then overflowed the stack in menu_finalize: the whole tree was lost.
    for (const expr of ['B && '.repeat(200_000) + 'B', '!'.repeat(100_000) + 'B', '(B || '.repeat(150) + 'B' + ')'.repeat(150) + ' && B'.repeat(900)]) {
      const model = parse({ Kconfig: `config A\n\tbool "a"\n\tdepends on ${expr}\nconfig B\n\tbool "b"\n` });
      assert.deepEqual(model.problems.map((p) => [p.code, p.span.start.line, p.message]), [['kconfig-syntax-error', 2, 'depends on has more than 1000 operators; the expression is not read']]);
      assert.equal(model.byName.get('B')?.type, 'bool');
    }
    // A thousand is far beyond the kernel's longest and still read.
    const long = parse({ Kconfig: `config A\n\tbool "a"\n\tdepends on ${'B && '.repeat(999)}B\nconfig B\n\tbool "b"\n` });
    assert.deepEqual(long.problems, []);
    assert.equal(runConf(long, 'allnoconfig', 'CONFIG_B=y\nCONFIG_A=y\n').evaluation.stringValue(long.byName.get('A')!), 'y');
  });

  test('deep nesting and huge lines stay within bounds', () => {
    // 150 levels (ten times what the kernel uses) work; 3000 are refused with an error, without a crash.
    const nest = (n: number) => 'if B\n'.repeat(n) + 'config A\n\tbool "a"\n' + 'endif\n'.repeat(n) + 'config B\n\tbool "b"\n';
    let started = Date.now();
    const m = parse({ Kconfig: nest(150) });
    assert.equal(m.byName.get('A')?.type, 'bool');
    assert.equal(runConf(m, 'allnoconfig', 'CONFIG_B=y\nCONFIG_A=y\n').evaluation.stringValue(m.byName.get('A')!), 'y');
    const tooDeep = parse({ Kconfig: nest(3000) });
    assert.ok(tooDeep.problems.some((p) => /nested more than/.test(p.message)));
    runConf(tooDeep, 'allnoconfig', 'CONFIG_A=y\n');
    assert.ok(Date.now() - started < 10000, `deep nesting took ${Date.now() - started} ms`);
    const expr = 'config A\n\tbool "a"\n\tdepends on ' + '('.repeat(2000) + 'B' + ')'.repeat(2000) + '\nconfig B\n\tbool "b"\n';
    started = Date.now();
    const e = parse({ Kconfig: expr });
    assert.ok(e.byName.get('A'));
    assert.ok(e.problems.some((p) => p.code === 'kconfig-syntax-error' && p.span.start.line === 2));
    assert.ok(Date.now() - started < 5000);
    const huge = parseFragment('f', 'CONFIG_A=' + 'y'.repeat(5_000_000) + '\n');
    assert.equal(huge.lines[0].kind, 'assign');
  });
});
