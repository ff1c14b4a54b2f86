// Kata whitelist matching, checked against the real GNU grep: same patterns, same lines, same verdicts.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  compileBre,
  excusedBy,
  notInFinalLine,
  parseWhitelist,
  whitelistDrops,
  whitelistMatches,
  whitelistProblems,
} from '../../server/src/languages/kconfig/kata';

const fixture = path.resolve(__dirname, '../../../test/fixtures/kata-checkout');
const fragments = path.join(fixture, 'tools/packaging/kernel/configs/fragments');

const grepPath = '/usr/bin/grep';
const grepSkip = (() => {
  const r = spawnSync(grepPath, ['--version'], { encoding: 'utf8' });
  if (r.error || !/GNU grep/.test(r.stdout)) return 'GNU grep not available at /usr/bin/grep';
  return false;
})();

/** What grep -e PATTERN says about each line: undefined when grep rejects the pattern. */
function grepVerdicts(pattern: string, lines: readonly string[]): { verdicts: boolean[] | undefined; stderr: string } {
  const r = spawnSync(grepPath, ['-n', '-e', pattern], {
    input: Buffer.from(lines.join('\n') + '\n', 'utf8'),
    env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' },
    timeout: 10_000,
  });
  if (r.status === 2) return { verdicts: undefined, stderr: r.stderr.toString() };
  assert.ok(r.status === 0 || r.status === 1, `grep ${JSON.stringify(pattern)} exited ${r.status}`);
  const verdicts = lines.map(() => false);
  for (const out of r.stdout.toString('latin1').split('\n')) {
    const m = /^(\d+):/.exec(out);
    if (m) verdicts[Number(m[1]) - 1] = true;
  }
  return { verdicts, stderr: '' };
}

const probeLines: readonly string[] = [
  '',
  'a',
  'aa',
  'aaa',
  'ab',
  'ba',
  'abb',
  'aba',
  'bb',
  'b',
  'a b',
  'x',
  'x y',
  'xa',
  '*a',
  '**a',
  '+a',
  '?a',
  '{1}a',
  'a{1}',
  'x{1}',
  '{2}',
  'a{',
  'a}',
  '{',
  '}',
  '(a)',
  '(',
  'a|b',
  '^a',
  'a^b',
  'x^',
  'x^^',
  '^',
  '$',
  'a$',
  'a$b',
  '\\',
  '\\]',
  '[',
  ']',
  'a]',
  '-',
  ':',
  '.',
  ',',
  '"',
  '_',
  'A',
  '0',
  '1',
  'd',
  'n',
  ' ',
  '\t',
  'é',
  'zzz',
  'anything',
  'CONFIG_X=y',
  notInFinalLine('CONFIG_X'),
  notInFinalLine('CONFIG_MEMCG_SWAP'),
  notInFinalLine('CONFIG_MEMCG_SWAP_ENABLED'),
  notInFinalLine('CONFIG_NF_NAT_IPV4'),
  notInFinalLine('CONFIG_A'),
  '# CONFIG_FOO is not set',
  'Value of CONFIG_FOO is redefined by fragment x.conf:',
];

const probePatterns: readonly string[] = [
  // ordinary entries
  'CONFIG_MEMCG_SWAP',
  'CONFIG_X',
  'CONFIG_X$',
  '^CONFIG_X',
  'CONFIG_X=y',
  'CONFIG_MEMCG_SWAP not in final',
  '\\<CONFIG_MEMCG_SWAP\\>',
  '# Symbols some supported kernels no longer have',
  'not in final',
  'CONFIG_',
  '',
  ' ',
  '.*',
  // repetition operators in literal positions
  '*a',
  '\\(*a\\)',
  'b\\|*a',
  '^*a',
  '\\+a',
  '\\?a',
  '^\\+',
  '^\\?',
  '\\(\\?\\)',
  '\\|\\+',
  '\\{1\\}a',
  'x\\|\\{1\\}a',
  '\\{',
  '\\}',
  'a\\}',
  '{1}',
  'a{1}',
  '\\{1,\\}',
  '^\\{1\\}',
  'x\\(\\{1\\}\\)',
  '**a',
  'a**',
  '^**',
  '\\(^*\\)',
  'a\\|*',
  '\\(*\\)',
  '\\b*',
  '\\`*',
  '\\(\\<*\\)',
  '^\\<*',
  'a\\<*b',
  '\\<\\{2\\}',
  'a\\<\\{2\\}b',
  'x\\b\\{2\\}',
  'a\\(b\\|*c\\)',
  // anchors
  'a^b',
  'a\\|^b',
  'a$b',
  'a$\\|b',
  '\\(a$\\)',
  '\\(^a\\)',
  'b\\(^a\\)',
  'x^*',
  '^^',
  '$$',
  'a$$',
  '^$',
  '\\`a',
  "a\\'",
  // intervals
  'a\\{1',
  'a\\{2,1\\}',
  'a\\{x\\}',
  'a\\{,2\\}',
  'a\\{,\\}',
  'a\\{\\}',
  'a\\{ 1\\}',
  'a\\{1 \\}',
  'a\\{01\\}',
  'a\\{0,0\\}',
  'a\\{0\\}',
  'a\\{1,2,3\\}',
  'a\\{32768\\}',
  'a\\{1\\}\\{2\\}',
  'a*\\{2\\}',
  'a\\{1,2\\}\\{3\\}',
  'x\\{1,',
  'x\\{',
  '\\(x\\{\\)',
  'x\\{1\\}\\{',
  'a\\+\\+',
  'a\\?*',
  '\\(a\\|b\\)\\{2\\}',
  // groups and alternation
  '\\(',
  '\\)',
  '(',
  'a\\|',
  '\\|a',
  'a\\|b\\|',
  '\\(\\)',
  '\\(\\|a\\)',
  '\\(a\\|\\)',
  '\\(\\)*',
  // back-references
  '\\2',
  '\\(a\\)\\2',
  '\\(a\\1\\)',
  '\\(a\\)\\|b\\1',
  '\\(\\(a\\)\\|b\\)\\2',
  '\\(a\\)\\(b\\|c\\1\\)',
  'x\\(\\(a\\)\\|b\\)\\|c\\2',
  '\\(a\\)*\\1',
  '\\(a\\)\\?\\1',
  '\\(a*\\)b\\1',
  '\\(\\(a\\)\\|b\\)*\\2',
  '\\(a\\|b\\)*\\1',
  '\\(a*\\)*\\1',
  '\\(\\)\\1',
  '\\(a\\)\\(\\1\\)',
  '\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(a\\)\\)\\)\\)\\)\\)\\)\\)\\)\\)\\9',
  // escapes
  '\\d',
  '\\n',
  '\\0',
  'a\\',
  '\\w\\+',
  '\\W',
  '\\s',
  '\\S',
  '\\B',
  '\\bx',
  '\\<b',
  'b\\>',
  '\\.',
  '\\*',
  '\\[',
  '\\]',
  '\\^',
  '\\$',
  '\\\\',
  // bracket expressions
  '[a',
  '[',
  ']',
  '[]a]',
  '[^]a]',
  '[z-a]',
  '[a-a]',
  '[[:foo:]]',
  '[:alpha:]',
  '[:a:]',
  '[:A:]',
  '[:a1:]',
  '[^:alpha:]',
  '[:alpha:x]',
  '[:al-pha:]',
  '[::]',
  '[:]',
  '[:a]',
  'x[:a:]',
  '[[.a.]]',
  '[[.hyphen.]]',
  '[[.-.]]',
  '[[=a=]]',
  '[[=ab=]]',
  '[[.ab.]]',
  '[[..]]',
  '[[==]]',
  '[[::]]',
  '[[:alpha:]]',
  '[[:alpha:]]x',
  '[[:upper:]]',
  '[[:alpha:][:digit:]]',
  '[^[:alpha:]]',
  '[[:alpha:]-z]',
  '[a-[:alpha:]]',
  '[[:alpha:]',
  '[[:alpha:]-]',
  '[[:alpha:]--0]',
  '[a-c-e]',
  '[a-z-0]',
  '[a-c-]',
  '[ab-]',
  '[--/]',
  '[%--]',
  '[]-a]',
  '[^-a]',
  '[!-#]',
  '[[.[.]]',
  '[[.].]]',
  '[[=]=]]',
  '[[:]',
  '[[:a]',
  '[[.a]',
  '[a[]',
  '[[=a]',
  '[[.a.]-c]',
  '[[.a.]-[.c.]]',
  '[a-[.c.]]',
  '[\\]',
  '[a\\]]',
  '[=ab=]',
  '[[:space:][:punct:]]',
  '[[:xdigit:]]*',
  '[^[:print:]]',
  // bytes, not characters: the C locale
  '^.$',
  '^..$',
  '[é]',
  '[^a]',
  // a long but tame pattern
  'Value requested for CONFIG_[A-Z_]*SWAP\\(_[A-Z]*\\)\\? not',
];

test('BRE translation agrees with GNU grep (C locale) on validity and on every probe line', { skip: grepSkip }, () => {
  const disagreements: string[] = [];
  for (const pattern of probePatterns) {
    const expected = grepVerdicts(pattern, probeLines);
    const compiled = compileBre(pattern);
    if (expected.verdicts === undefined) {
      if (!('error' in compiled)) disagreements.push(`${JSON.stringify(pattern)}: grep rejects it (${expected.stderr.trim()}), we accept it`);
      continue;
    }
    if ('error' in compiled) {
      disagreements.push(`${JSON.stringify(pattern)}: grep accepts it, we reject it (${compiled.error})`);
      continue;
    }
    probeLines.forEach((line, i) => {
      const ours = compiled.test(line);
      if (ours !== expected.verdicts![i]) {
        disagreements.push(`${JSON.stringify(pattern)} on ${JSON.stringify(line)}: grep ${expected.verdicts![i]}, ours ${ours}`);
      }
    });
  }
  assert.deepEqual(disagreements, []);
});

test('random patterns: same validity and verdicts as GNU grep', { skip: grepSkip }, () => {
  let seed = 20260822;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const pieces = ['\\(', '\\)', '\\|', '\\{', '\\}', '\\+', '\\?', '*', '^', '$', '.', '[', ']', '[:alpha:]', '[.a.]', ':', '-',
    'a', 'b', 'ab', '\\1', '\\2', '\\<', '\\>', '\\b', '\\w', '1', ',', '2', '{', '}', '(', ')', '\\', 'CONFIG_'];
  const lines = ['', 'a', 'b', 'ab', 'ba', 'aab', 'abab', 'a b', '-', ':', '[', ']', '^', '$', '*', '(a)', '{1}', 'a{1}', 'aa',
    'CONFIG_A', notInFinalLine('CONFIG_AB'), '1', '12', ',', 'a\\b', 'a*b', 'a|b'];
  const disagreements: string[] = [];
  for (let n = 0; n < 300; n++) {
    let pattern = '';
    const length = 1 + (random() % 8);
    for (let i = 0; i < length; i++) pattern += pieces[random() % pieces.length];
    const expected = grepVerdicts(pattern, lines);
    const compiled = compileBre(pattern);
    if ((expected.verdicts === undefined) !== 'error' in compiled) {
      disagreements.push(`${JSON.stringify(pattern)}: validity differs`);
      continue;
    }
    if (expected.verdicts === undefined || 'error' in compiled || !compiled.exact) continue;
    lines.forEach((line, i) => {
      if (compiled.test(line) !== expected.verdicts![i]) disagreements.push(`${JSON.stringify(pattern)} on ${JSON.stringify(line)}`);
    });
  }
  assert.deepEqual(disagreements, []);
});

test('our error messages are the ones grep prints', { skip: grepSkip }, () => {
  for (const pattern of ['[a', '\\(', '\\)', 'a\\{1', 'a\\{2,1\\}', '[z-a]', '[[:foo:]]', '[[.ab.]]', '\\2', 'a\\', 'a\\{32768\\}', '[:alpha:]']) {
    const compiled = compileBre(pattern);
    assert.ok('error' in compiled, pattern);
    const { stderr } = grepVerdicts(pattern, ['x']);
    assert.equal(stderr.trim().replace(/^\S*grep: /, ''), compiled.error, pattern);
  }
});

test('back-references into an interval-repeated group are flagged as inexact (glibc disagrees with POSIX there)', () => {
  for (const pattern of ['\\(a*\\)\\{2\\}\\1', '\\(\\)\\{2\\}\\1', '\\(a\\)\\{0\\}\\1']) {
    const compiled = compileBre(pattern);
    assert.ok(!('error' in compiled));
    assert.equal(compiled.exact, false, pattern);
  }
  const plain = compileBre('\\(a\\)\\1');
  assert.ok(!('error' in plain) && plain.exact);
});

/** Lines like the ones build-kernel.sh filters: only "not in final" lines reach the whitelist. */
const reportLines = [
  'CONFIG_OLD_SWAP',
  'CONFIG_OLD_SWAP_ENABLED',
  'CONFIG_GONE_DRIVER',
  'CONFIG_ONLY_IN_6_6',
  'CONFIG_STILL_WANTED',
  'CONFIG_X',
].map(notInFinalLine);

function grepDropped(whitelistText: string, lines: readonly string[]): { kept: boolean[]; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-whitelist-'));
  try {
    const file = path.join(dir, 'whitelist.conf');
    fs.writeFileSync(file, whitelistText);
    const r = spawnSync(grepPath, ['-n', '-v', '-f', file], {
      input: lines.join('\n') + '\n',
      env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
    });
    const kept = lines.map(() => false);
    for (const out of r.stdout.split('\n')) {
      const m = /^(\d+):/.exec(out);
      if (m) kept[Number(m[1]) - 1] = true;
    }
    return { kept, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('whole whitelist files: `grep -v -f` keeps exactly the lines whitelistDrops keeps', { skip: grepSkip }, () => {
  const files: Record<string, string> = {
    plain: 'CONFIG_OLD_SWAP\nCONFIG_GONE_DRIVER\n',
    'no final newline': 'CONFIG_OLD_SWAP\nCONFIG_GONE_DRIVER',
    'trailing blank line (Kata since 2026-01)': '# comment\nCONFIG_OLD_SWAP\n\n',
    'blank line first': '\nCONFIG_OLD_SWAP\n',
    'only a newline': '\n',
    empty: '',
    'CRLF endings': 'CONFIG_OLD_SWAP\r\nCONFIG_GONE_DRIVER\r\n',
    'one invalid line': 'CONFIG_OLD_SWAP\n# see [the bug\n',
    'comments are patterns too': '# Value requested\nCONFIG_X not in final\n',
    'a single space': ' \n',
    anchored: '^CONFIG_GONE_DRIVER\nCONFIG_X$\n',
  };
  for (const [name, text] of Object.entries(files)) {
    const whitelist = parseWhitelist('whitelist.conf', text);
    const grep = grepDropped(text, reportLines);
    if (whitelist.invalid) {
      assert.equal(grep.status, 2, `${name}: grep should fail`);
      assert.deepEqual(grep.kept, reportLines.map(() => false), `${name}: grep prints nothing`);
    }
    assert.deepEqual(
      reportLines.map((line) => !whitelistDrops(whitelist, line)),
      grep.kept,
      name,
    );
  }
});

test('an empty line switches the whole check off, and says so', () => {
  const whitelist = parseWhitelist('/k/whitelist.conf', 'CONFIG_OLD_SWAP\n# note\n\n');
  assert.equal(whitelist.matchesEverything, true);
  const blank = whitelist.problems.find((p) => p.code === 'kata-whitelist-blank-line');
  assert.ok(blank);
  assert.equal(blank.severity, 'error');
  assert.equal(blank.span.start.line, 2);
  assert.match(blank.message, /whitelist\.conf:3 is empty/);
  assert.match(blank.message, /whole check is off/);
  // The fix removes the empty line and nothing else.
  const edit = blank.fixes![0].edits[0];
  assert.deepEqual(edit.span, { start: { line: 1, column: 6 }, end: { line: 2, column: 0 } });
  assert.equal(whitelistDrops(whitelist, notInFinalLine('CONFIG_ANYTHING')), true);
  assert.equal(whitelistMatches(whitelist, notInFinalLine('CONFIG_ANYTHING')).length, 1);
});

test('an empty file excuses nothing; a file of one newline excuses everything', () => {
  assert.equal(whitelistDrops(parseWhitelist('w', ''), notInFinalLine('CONFIG_A')), false);
  assert.equal(parseWhitelist('w', '').problems.length, 0);
  assert.equal(whitelistDrops(parseWhitelist('w', '\n'), notInFinalLine('CONFIG_A')), true);
});

test('an invalid pattern makes grep fail, which build-kernel.sh ignores: the check is off', () => {
  const whitelist = parseWhitelist('/k/whitelist.conf', 'CONFIG_OLD_SWAP\n# see [the bug\n');
  assert.equal(whitelist.invalid, true);
  const p = whitelist.problems.find((q) => q.code === 'kata-whitelist-invalid-pattern');
  assert.ok(p);
  assert.equal(p.severity, 'error');
  assert.equal(p.span.start.line, 1);
  assert.match(p.message, /Unmatched \[/);
  const matches = whitelistMatches(whitelist, notInFinalLine('CONFIG_STILL_WANTED'));
  assert.deepEqual(matches.map((e) => e.line), [1]);
});

test('patterns that match every report line are errors', () => {
  for (const pattern of ['CONFIG_', '.*', ' ', 'not in final', 'Value', 'x*', '\\|CONFIG_A']) {
    const whitelist = parseWhitelist('w', `${pattern}\n`);
    assert.equal(whitelist.matchesEverything, true, pattern);
    assert.ok(whitelist.problems.some((p) => p.code === 'kata-whitelist-matches-everything' && p.severity === 'error'), pattern);
  }
  assert.equal(parseWhitelist('w', 'CONFIG_A\n').matchesEverything, false);
});

test('entries that can never match their own report', () => {
  const whitelist = parseWhitelist('w', '^CONFIG_A\nCONFIG_B$\nCONFIG_C=y\nCONFIG_D\n# CONFIG_E is gone\n');
  const lines = whitelist.problems.filter((p) => p.code === 'kata-whitelist-never-matches').map((p) => p.span.start.line);
  assert.deepEqual(lines, [0, 1, 2]);
  const fix = whitelist.problems.find((p) => p.code === 'kata-whitelist-never-matches')!.fixes![0];
  assert.equal(fix.edits[0].newText, 'CONFIG_A not in final');
  assert.equal(whitelistDrops(parseWhitelist('w', 'CONFIG_A not in final\n'), notInFinalLine('A')), true);
});

test('CRLF line endings: every entry keeps its CR and excuses nothing', () => {
  const whitelist = parseWhitelist('w', 'CONFIG_A\r\nCONFIG_B\r\n');
  assert.ok(whitelist.problems.some((p) => p.code === 'kata-whitelist-crlf'));
  assert.equal(whitelistDrops(whitelist, notInFinalLine('CONFIG_A')), false);
  assert.equal(whitelist.entries[0].pattern, 'CONFIG_A\r');
});

test('duplicates are reported once per repeat (fixture whitelist)', () => {
  const file = path.join(fragments, 'whitelist.conf');
  const whitelist = parseWhitelist(file, fs.readFileSync(file, 'utf8'));
  const duplicates = whitelist.problems.filter((p) => p.code === 'kata-whitelist-duplicate');
  assert.equal(duplicates.length, 1);
  assert.equal(duplicates[0].span.start.line, 3);
  assert.equal(duplicates[0].severity, 'information');
  assert.equal(duplicates[0].related![0].location.span.start.line, 1);
  assert.equal(whitelist.matchesEverything, false);
  assert.equal(whitelist.invalid, false);
});

test('an unanchored entry also hides longer symbols', () => {
  const whitelist = parseWhitelist('/k/whitelist.conf', '# removed in 6.1\nCONFIG_MEMCG_SWAP\n');
  const problems = whitelistProblems(whitelist, ['MEMCG_SWAP', 'MEMCG_SWAP_ENABLED', 'MEMCG', 'CONFIG_MEMCG_SWAP_EXTRA', 'SWAP']);
  assert.equal(problems.length, 1);
  const p = problems[0];
  assert.equal(p.code, 'kata-whitelist-hides-more');
  assert.equal(p.severity, 'warning');
  assert.equal(p.span.start.line, 1);
  assert.match(p.message, /CONFIG_MEMCG_SWAP also hides CONFIG_MEMCG_SWAP_ENABLED, CONFIG_MEMCG_SWAP_EXTRA/);
  assert.equal(p.fixes![0].edits[0].newText, 'CONFIG_MEMCG_SWAP not in final');
  // The suggested replacement really does excuse only the one symbol.
  const fixed = parseWhitelist('w', 'CONFIG_MEMCG_SWAP not in final\n');
  assert.deepEqual(whitelistProblems(fixed, ['MEMCG_SWAP', 'MEMCG_SWAP_ENABLED']), []);
  assert.equal(whitelistDrops(fixed, notInFinalLine('MEMCG_SWAP')), true);
});

test('a longer symbol that has its own entry is not reported as hidden', () => {
  const whitelist = parseWhitelist('w', 'CONFIG_MEMCG_SWAP\nCONFIG_MEMCG_SWAP_ENABLED\n');
  assert.deepEqual(whitelistProblems(whitelist, ['MEMCG_SWAP', 'MEMCG_SWAP_ENABLED']), []);
});

test('a pattern naming no symbol lists what it hides', () => {
  const whitelist = parseWhitelist('w', 'NF_NAT_\n');
  const problems = whitelistProblems(whitelist, ['NF_NAT_IPV4', 'NF_NAT_FTP', 'IP_NF_NAT_X', 'NETFILTER'], 2);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /`NF_NAT_` hides CONFIG_IP_NF_NAT_X, CONFIG_NF_NAT_FTP and 1 more/);
  assert.equal(problems[0].fixes, undefined);
});

test('whitelists apply in order: whitelist.conf, then the versioned one', () => {
  const general = parseWhitelist('whitelist.conf', 'CONFIG_OLD_SWAP\n');
  const versioned = parseWhitelist('whitelist-6.6.40.conf', 'CONFIG_ONLY_IN_6_6\nCONFIG_OLD_SWAP\n');
  assert.equal(excusedBy([general, versioned], 'OLD_SWAP')?.whitelist, general);
  assert.equal(excusedBy([general, versioned], 'CONFIG_ONLY_IN_6_6')?.whitelist, versioned);
  assert.equal(excusedBy([general, versioned], 'STILL_WANTED'), undefined);
});

test('bytes, not characters: the C locale', () => {
  const dot = compileBre('^.$');
  assert.ok(!('error' in dot));
  assert.equal(dot.test('é'), false); // two bytes
  const twoDots = compileBre('^..$');
  assert.ok(!('error' in twoDots));
  assert.equal(twoDots.test('é'), true);
  const cls = compileBre('[[:alpha:]]');
  assert.ok(!('error' in cls));
  assert.equal(cls.test('é'), false);
});

test('the JavaScript translation is readable for plain entries', () => {
  const plain = compileBre('CONFIG_MEMCG_SWAP');
  assert.ok(!('error' in plain));
  assert.equal(plain.regex?.source, 'CONFIG_MEMCG_SWAP');
  const words = compileBre('\\<CONFIG_A\\>');
  assert.ok(!('error' in words));
  assert.equal(words.regex?.source, '\\b(?=\\w)CONFIG_A\\b(?<=\\w)');
  const star = compileBre('*a.b\\{2,\\}');
  assert.ok(!('error' in star));
  assert.equal(star.regex?.source, '\\*a[\\s\\S]b{2,}');
});

test('never throws, whatever the input', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const alphabet = '\\()[]{}*+?|^$.:=-,0129abAZ_ \n\r\té\u0000';
  for (let n = 0; n < 2000; n++) {
    let text = '';
    const length = random() % 24;
    for (let i = 0; i < length; i++) text += alphabet[random() % alphabet.length];
    const whitelist = parseWhitelist('w', text);
    whitelistDrops(whitelist, notInFinalLine('CONFIG_A'));
    whitelistProblems(whitelist, ['A', 'AB']);
  }
});
