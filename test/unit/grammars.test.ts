// The TextMate grammars, snippets and language configurations: well-formed, registered in package.json, with regexes
// that compile, sample lines scoped as intended, and snippet symbols that Linux 6.1 really defines.
//
// No TextMate engine is a dependency, so lines are tokenized by the small interpreter below: JS RegExp in place of
// Oniguruma, begin/end/match/include/captures only, lines without their "\n". It is strict where it can be (regexes
// compile with the 'u' flag, which rejects escapes JS does not know instead of reading them as letters).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

// ---------------------------------------------------------------------------------------------------------------
// Files

/** The checkout: the folder above this file whose package.json is the extension's (works from out/ or elsewhere). */
function findRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'syntaxes'))) {
        try {
          if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'kata-guest-toolkit') return dir;
        } catch {
          // not ours; keep looking
        }
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`cannot find the kata-guest-toolkit checkout above ${__dirname} or ${process.cwd()}`);
}

const root = findRoot();

function readJson(rel: string): unknown {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${rel}: not valid JSON: ${(e as Error).message}`);
  }
}

interface Captures {
  [group: string]: { name?: string };
}

interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  captures?: Captures;
  beginCaptures?: Captures;
  endCaptures?: Captures;
  whileCaptures?: Captures;
  patterns?: Rule[];
  repository?: Record<string, Rule>;
}

interface Grammar {
  name?: string;
  scopeName: string;
  patterns: Rule[];
  repository?: Record<string, Rule>;
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const GRAMMARS = [
  { language: 'kconfig-fragment', file: 'syntaxes/kconfig-fragment.tmLanguage.json', scope: 'source.kconfig-fragment', suffix: '.kconfig-fragment' },
  { language: 'kconfig', file: 'syntaxes/kconfig.tmLanguage.json', scope: 'source.kconfig', suffix: '.kconfig' },
  { language: 'kata-toml', file: 'syntaxes/kata-toml.tmLanguage.json', scope: 'source.kata-toml', suffix: '.kata-toml' },
  { language: 'ptp4l', file: 'syntaxes/ptp4l.tmLanguage.json', scope: 'source.ptp4l', suffix: '.ptp4l' },
] as const;

const SNIPPETS = [
  { language: 'kconfig-fragment', file: 'snippets/kconfig-fragment.json' },
  { language: 'kconfig', file: 'snippets/kconfig.json' },
  { language: 'ptp4l', file: 'snippets/ptp4l.json' },
] as const;

const LANGUAGE_CONFIGURATIONS = [
  { language: 'kconfig-fragment', file: 'language-configuration/kconfig-fragment.json' },
  { language: 'kconfig', file: 'language-configuration/kconfig.json' },
  { language: 'kata-toml', file: 'language-configuration/kata-toml.json' },
  { language: 'ptp4l', file: 'language-configuration/ptp4l.json' },
] as const;

function grammar(file: string): Grammar {
  return readJson(file) as Grammar;
}

// ---------------------------------------------------------------------------------------------------------------
// Oniguruma to JS

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * The JS form of an Oniguruma pattern. Backreferences \1..\9 in end/while patterns stand for the begin match's
 * captures (as in vscode-textmate) and are replaced by `backrefs`. Constructs JS lacks are translated where the
 * meaning is kept (\h, \A, \z) or dropped with a note where it is not (\G, atomic groups, possessive quantifiers).
 */
function toJs(source: string, backrefs?: readonly string[]): { source: string; notes: string[] } {
  const notes: string[] = [];
  let out = '';
  let inClass = false;
  let lastWasQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      lastWasQuantifier = false;
      if (!inClass && backrefs && /[1-9]/.test(n)) out += escapeRegExp(backrefs[Number(n)] ?? '');
      else if (n === 'h') out += inClass ? '0-9A-Fa-f' : '[0-9A-Fa-f]';
      else if (n === 'H' && !inClass) out += '[^0-9A-Fa-f]';
      else if (n === 'A' && !inClass) out += '^';
      else if (n === 'z' && !inClass) out += '$';
      else if (n === 'Z' && !inClass) out += '(?=\\n?$)';
      else if (n === 'G' && !inClass) notes.push('\\G (anchor where the previous match ended) has no JS form: dropped');
      else out += '\\' + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += '\\' + source[++i];
      lastWasQuantifier = false;
      continue;
    }
    if (c === '(' && source.startsWith('(?>', i)) {
      notes.push('atomic group (?>...) read as (?:...)');
      out += '(?:';
      i += 2;
      lastWasQuantifier = false;
      continue;
    }
    if (c === '+' && lastWasQuantifier) {
      notes.push('possessive quantifier read as greedy');
      lastWasQuantifier = false;
      continue;
    }
    lastWasQuantifier = c === '*' || c === '+' || c === '?' || c === '}';
    out += c;
  }
  return { source: out, notes };
}

function compile(source: string, flags = 'u', backrefs?: readonly string[]): RegExp {
  return new RegExp(toJs(source, backrefs).source, flags);
}

function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace(/[gyd]/g, '')).exec('')!.length - 1;
}

/** Every rule of a grammar with where it sits, for error messages. */
function* allRules(g: Grammar): Generator<{ where: string; rule: Rule }> {
  function* walk(rule: Rule, where: string): Generator<{ where: string; rule: Rule }> {
    yield { where, rule };
    for (const [i, p] of (rule.patterns ?? []).entries()) yield* walk(p, `${where}.patterns[${i}]`);
    for (const [k, r] of Object.entries(rule.repository ?? {})) yield* walk(r, `${where}.repository.${k}`);
  }
  for (const [i, p] of g.patterns.entries()) yield* walk(p, `patterns[${i}]`);
  for (const [k, r] of Object.entries(g.repository ?? {})) yield* walk(r, `repository.${k}`);
}

// ---------------------------------------------------------------------------------------------------------------
// A small TextMate interpreter over JS RegExp

interface Frame {
  patterns: Rule[];
  /** Scopes of the rule itself (name), used for its begin and end. */
  scopes: string[];
  /** Scopes of the text between begin and end (adds contentName). */
  inner: string[];
  end?: RegExp;
  endCaptures?: Captures;
}

/** Per line, the scopes of each character. */
type Scoped = string[][][];

class Tokenizer {
  private readonly cache = new Map<string, RegExp>();

  constructor(private readonly g: Grammar) {}

  private regex(source: string, backrefs?: readonly string[]): RegExp {
    const key = backrefs ? `${source}\u0000${backrefs.join('\u0000')}` : source;
    let re = this.cache.get(key);
    if (!re) {
      re = compile(source, 'dgu', backrefs);
      this.cache.set(key, re);
    }
    return re;
  }

  /** The match and begin rules a list of patterns offers, includes resolved, in order. */
  private flatten(patterns: readonly Rule[], seen = new Set<Rule>()): Rule[] {
    const out: Rule[] = [];
    for (const p of patterns) {
      if (p.include !== undefined) {
        const target = p.include === '$self' || p.include === '$base' ? { patterns: this.g.patterns } : this.g.repository?.[p.include.slice(1)];
        if (!target) throw new Error(`include ${p.include} does not resolve`);
        if (seen.has(target)) continue;
        seen.add(target);
        out.push(...this.flatten([target], seen));
      } else if (p.match !== undefined || p.begin !== undefined) {
        out.push(p);
      } else if (p.patterns) {
        out.push(...this.flatten(p.patterns, seen));
      }
    }
    return out;
  }

  tokenize(text: string): Scoped {
    const result: Scoped = [];
    const stack: Frame[] = [{ patterns: this.g.patterns, scopes: [this.g.scopeName], inner: [this.g.scopeName] }];
    for (const line of text.split('\n')) {
      const chars: string[][] = Array.from({ length: line.length }, () => []);
      const paint = (from: number, to: number, scopes: readonly string[]) => {
        for (let i = from; i < to; i++) chars[i] = [...scopes];
      };
      const paintMatch = (m: RegExpExecArray, scopes: readonly string[], captures: Captures | undefined) => {
        const [start, end] = m.indices![0];
        paint(start, end, scopes);
        for (let gi = 0; gi < m.length; gi++) {
          const name = captures?.[String(gi)]?.name;
          const range = m.indices![gi];
          if (!name || !range) continue;
          for (let i = range[0]; i < range[1]; i++) chars[i].push(...name.split(' '));
        }
      };
      let pos = 0;
      for (let steps = 0; ; steps++) {
        if (steps > 10 * line.length + 100) throw new Error(`the grammar makes no progress on ${JSON.stringify(line)}`);
        const frame = stack[stack.length - 1];
        let best: { m: RegExpExecArray; rule?: Rule } | undefined;
        if (frame.end) {
          frame.end.lastIndex = pos;
          const m = frame.end.exec(line);
          if (m) best = { m };
        }
        for (const rule of this.flatten(frame.patterns)) {
          const re = this.regex((rule.match ?? rule.begin)!);
          re.lastIndex = pos;
          const m = re.exec(line);
          if (m && (!best || m.index < best.m.index)) best = { m, rule };
        }
        if (!best) {
          paint(pos, line.length, frame.inner);
          break;
        }
        const { m, rule } = best;
        paint(pos, m.index, frame.inner);
        if (!rule) {
          // An end may be empty (a lookahead at the start of a line, or '$'): popping the frame is the progress.
          paintMatch(m, frame.scopes, frame.endCaptures);
          stack.pop();
        } else if (rule.match !== undefined) {
          if (m[0] === '') throw new Error(`match ${rule.match} is empty at column ${m.index} of ${JSON.stringify(line)}: a TextMate engine would loop`);
          paintMatch(m, rule.name ? [...frame.inner, ...rule.name.split(' ')] : frame.inner, rule.captures);
        } else {
          const scopes = rule.name ? [...frame.inner, ...rule.name.split(' ')] : frame.inner;
          paintMatch(m, scopes, rule.beginCaptures ?? rule.captures);
          stack.push({
            patterns: rule.patterns ?? [],
            scopes,
            inner: rule.contentName ? [...scopes, ...rule.contentName.split(' ')] : scopes,
            end: this.regex(rule.end ?? '(?!)', [...m].map((s) => s ?? '')),
            endCaptures: rule.endCaptures ?? rule.captures,
          });
        }
        pos = m.index + m[0].length;
      }
      result.push(chars);
    }
    return result;
  }
}

/** The scopes of `needle` (its `occurrence`-th appearance) on line `lineNo` of a tokenized text. */
function scopesOf(text: string, scoped: Scoped, lineNo: number, needle: string, occurrence = 0): string[][] {
  const line = text.split('\n')[lineNo];
  let col = -1;
  for (let k = 0; k <= occurrence; k++) col = line.indexOf(needle, col + 1);
  assert.ok(col >= 0, `"${needle}" is not on line ${lineNo}: ${JSON.stringify(line)}`);
  return scoped[lineNo].slice(col, col + needle.length);
}

function assertScope(text: string, scoped: Scoped, lineNo: number, needle: string, scope: string, occurrence = 0): void {
  for (const [i, scopes] of scopesOf(text, scoped, lineNo, needle, occurrence).entries()) {
    assert.ok(
      scopes.includes(scope),
      `line ${lineNo} "${needle}" character ${i}: expected ${scope}, got [${scopes.join(', ')}] in ${JSON.stringify(text.split('\n')[lineNo])}`,
    );
  }
}

function assertNoScope(text: string, scoped: Scoped, lineNo: number, needle: string, prefix: string): void {
  for (const scopes of scopesOf(text, scoped, lineNo, needle)) {
    const hit = scopes.find((s) => s.startsWith(prefix));
    assert.equal(hit, undefined, `line ${lineNo} "${needle}" should have no ${prefix}* scope: ${JSON.stringify(text.split('\n')[lineNo])}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Snippets

function bodyOf(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

/**
 * The texts a snippet body can produce, one per combination of choice options. Other placeholders become their
 * default text ('default'), or their default in angle brackets ('mark'), which cannot be part of a symbol name.
 */
function expansions(body: string, placeholders: 'default' | 'mark'): string[] {
  const choice = /\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/.exec(body);
  if (choice) {
    return choice[1]
      .split(',')
      .flatMap((option) => expansions(body.slice(0, choice.index) + option + body.slice(choice.index + choice[0].length), placeholders));
  }
  const defaults = new Map<string, string>();
  let out = body;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\$\{(\d+):([^${}]*)\}/g, (_all, n: string, text: string) => {
      defaults.set(n, text);
      return placeholders === 'mark' ? `<${text}>` : text;
    });
  }
  return [
    out.replace(/\$\{(\d+)\}|\$(\d+)/g, (_all, a: string | undefined, b: string | undefined) => {
      const text = defaults.get((a ?? b)!) ?? '';
      return placeholders === 'mark' && text ? `<${text}>` : text;
    }),
  ];
}

function configSymbols(text: string): string[] {
  return [...text.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------------------------
// Linux 6.1 in the cache

/** Where `npm test` unpacks linux-source-6.1, or why it is not there. */
function findLinux61(): { dir: string } | { skipped: string } {
  const cacheRoot = process.env.KATA_TOOLKIT_CACHE || path.join(os.homedir(), '.cache', 'kata-guest-toolkit');
  const trees = path.join(cacheRoot, 'trees');
  let entries: string[];
  try {
    entries = fs.readdirSync(trees);
  } catch {
    return { skipped: `no unpacked kernel tree under ${trees} (npm test unpacks Debian's linux-source-6.1 there; apt-get install linux-source-6.1)` };
  }
  for (const entry of entries.sort()) {
    if (entry.includes('.tmp-')) continue;
    const base = path.join(trees, entry);
    let candidates: string[] = [base];
    try {
      candidates = [base, ...fs.readdirSync(base).map((n) => path.join(base, n))];
    } catch {
      continue;
    }
    for (const dir of candidates) {
      let makefile: string;
      try {
        makefile = fs.readFileSync(path.join(dir, 'Makefile'), 'utf8');
      } catch {
        continue;
      }
      if (/^VERSION = 6$/m.test(makefile) && /^PATCHLEVEL = 1$/m.test(makefile)) return { dir };
    }
  }
  return { skipped: `no Linux 6.1 tree among ${trees}/*/ (npm test unpacks Debian's linux-source-6.1 there)` };
}

interface KconfigFacts {
  defined: Set<string>;
  /** Symbols with a prompt in at least one definition. */
  prompted: Set<string>;
  /** symbol -> symbols it selects (anywhere). */
  selects: Map<string, Set<string>>;
}

/** Columns of a line's leading blanks, tabs to the next multiple of 8, as conf counts them. */
function indentWidth(line: string): number {
  let w = 0;
  for (const c of line) {
    if (c === '\t') w = (w & ~7) + 8;
    else if (c === ' ') w++;
    else break;
  }
  return w;
}

/** The index of the line that ends the help text begun at lines[helpLine], as conf's lexer decides it. */
function helpTextEnd(lines: readonly string[], helpLine: number): number {
  let first = -1;
  for (let j = helpLine + 1; j < lines.length; j++) {
    if (!/\S/.test(lines[j])) continue;
    const w = indentWidth(lines[j]);
    if (w === 0 || (first >= 0 && w < first)) return j;
    if (first < 0) first = w;
  }
  return lines.length;
}

/** Every Kconfig file of a tree (not Documentation/, tools/ or kconfig's own tests). */
function kconfigFiles(dir: string): string[] {
  const out: string[] = [];
  const skip = new Set(['Documentation', '.git', 'tools', 'scripts/kconfig/tests']);
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skip.has(r)) walk(path.join(d, e.name), r);
      } else if (e.isFile() && (e.name === 'Kconfig' || e.name.startsWith('Kconfig.'))) {
        out.push(path.join(d, e.name));
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Definitions, prompts and selects from every Kconfig file of the tree, read line by line (help text skipped). */
function scanKconfig(dir: string): KconfigFacts {
  const facts: KconfigFacts = { defined: new Set(), prompted: new Set(), selects: new Map() };
  const scanFile = (text: string) => {
    let current: string | undefined;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^[ \t]*(help|---help---)[ \t]*$/.test(line)) {
        i = helpTextEnd(lines, i) - 1;
        continue;
      }
      const def = /^[ \t]*(?:config|menuconfig)[ \t]+([A-Za-z0-9_]+)/.exec(line);
      if (def) {
        current = def[1];
        facts.defined.add(current);
        continue;
      }
      if (/^[ \t]*(choice|endchoice|menu|endmenu|if|endif|comment|mainmenu|source)\b/.test(line)) {
        current = undefined;
        continue;
      }
      if (!current) continue;
      if (/^[ \t]*(?:bool|boolean|tristate|int|hex|string|prompt)[ \t]+["']/.test(line)) facts.prompted.add(current);
      const sel = /^[ \t]*select[ \t]+([A-Za-z0-9_]+)/.exec(line);
      if (sel) {
        if (!facts.selects.has(current)) facts.selects.set(current, new Set());
        facts.selects.get(current)!.add(sel[1]);
      }
    }
  };
  for (const file of kconfigFiles(dir)) scanFile(fs.readFileSync(file, 'utf8'));
  return facts;
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

describe('Oniguruma to JS translation used by these checks', () => {
  it('keeps what JS can express and drops, with a note, what it cannot', () => {
    assert.deepEqual(toJs('\\h+[\\h_]\\A\\z'), { source: '[0-9A-Fa-f]+[0-9A-Fa-f_]^$', notes: [] });
    const dropped = toJs('\\G(?>ab)c*+');
    assert.equal(dropped.source, '(?:ab)c*');
    assert.equal(dropped.notes.length, 3);
    assert.equal(toJs('^(?!\\1\\s)', ['all', '\t.']).source, '^(?!\t\\.\\s)');
    assert.equal(toJs('[\\1]', ['', 'x']).source, '[\\1]', 'inside a class \\1 is not a backreference');
  });
});

describe('grammar files', () => {
  for (const spec of GRAMMARS) {
    describe(spec.file, () => {
      const g = grammar(spec.file);

      it('has the fields VS Code needs', () => {
        assert.equal(g.scopeName, spec.scope);
        assert.ok(Array.isArray(g.patterns) && g.patterns.length > 0, 'patterns must be a non-empty array');
        assert.equal(typeof g.name, 'string');
      });

      it('has rules of one kind each, whose includes resolve', () => {
        for (const { where, rule } of allRules(g)) {
          const kinds = [rule.match !== undefined, rule.begin !== undefined, rule.include !== undefined].filter(Boolean).length;
          assert.ok(kinds <= 1, `${where}: a rule is a match, a begin/end or an include, not several`);
          if (rule.begin !== undefined) assert.ok(rule.end !== undefined || rule.while !== undefined, `${where}: begin without end or while`);
          if (kinds === 0) assert.ok(Array.isArray(rule.patterns), `${where}: a rule without match, begin or include needs patterns`);
          if (rule.include !== undefined && rule.include !== '$self' && rule.include !== '$base') {
            assert.ok(rule.include.startsWith('#'), `${where}: include ${rule.include} names another grammar, which is not shipped`);
            assert.ok(g.repository?.[rule.include.slice(1)], `${where}: include ${rule.include} is not in the repository`);
          }
        }
      });

      it('has every regex compiling in JS, with captures that exist', () => {
        for (const { where, rule } of allRules(g)) {
          const fields: { key: 'match' | 'begin' | 'end' | 'while'; captures?: Captures }[] = [
            { key: 'match', captures: rule.captures },
            { key: 'begin', captures: rule.beginCaptures ?? rule.captures },
            { key: 'end', captures: rule.endCaptures ?? rule.captures },
            { key: 'while', captures: rule.whileCaptures },
          ];
          for (const { key, captures } of fields) {
            const source = rule[key];
            if (source === undefined) continue;
            const backrefs = key === 'end' || key === 'while' ? Array.from({ length: 10 }, () => '\t') : undefined;
            const { notes } = toJs(source, backrefs);
            for (const note of notes) console.log(`NOTE: ${spec.file} ${where}.${key}: ${note}; the JS check does not cover that construct`);
            let re: RegExp;
            try {
              re = compile(source, 'u', backrefs);
            } catch (e) {
              assert.fail(`${spec.file} ${where}.${key}: ${JSON.stringify(source)} does not compile: ${(e as Error).message}`);
            }
            const groups = groupCount(re);
            for (const k of Object.keys(captures ?? {})) {
              assert.match(k, /^\d+$/, `${where}: capture key ${k}`);
              assert.ok(Number(k) <= groups, `${where}.${key}: capture ${k} but the regex has ${groups} groups`);
            }
          }
        }
      });

      it(`names every scope with the ${spec.suffix} suffix`, () => {
        const names: string[] = [];
        for (const { rule } of allRules(g)) {
          if (rule.name) names.push(rule.name);
          if (rule.contentName) names.push(rule.contentName);
          for (const c of [rule.captures, rule.beginCaptures, rule.endCaptures, rule.whileCaptures]) {
            for (const v of Object.values(c ?? {})) if (v.name) names.push(v.name);
          }
        }
        for (const n of names.flatMap((x) => x.split(' '))) assert.ok(n.endsWith(spec.suffix), `scope ${n} should end with ${spec.suffix}`);
      });
    });
  }
});

describe('kconfig-fragment grammar on sample lines', () => {
  const text = [
    '# !s390x !powerpc', //                        0
    '# Things every guest needs!', //              1
    'CONFIG_A=y', //                               2
    'CONFIG_B=m # built as a module', //           3
    'CONFIG_C=0x1F', //                            4
    'CONFIG_D=-42', //                             5
    'CONFIG_E="console=hvc0 \\"x\\""', //          6
    'CONFIG_F="never closed', //                   7
    'CONFIG_G=yes', //                             8
    '# CONFIG_H is not set', //                    9
    '#CONFIG_I is not set', //                     10
    ' CONFIG_J=y', //                              11
    'CONFIG_K', //                                 12
    'CONFIG_L =y', //                              13
    'M=y', //                                      14
    'CONFIG_N=10 # conf reads "10 # ..."', //      15
    '#!powerpc', //                                16
    '', //                                         17
    '\t# indented comment', //                     18
  ].join('\n');
  const scoped = new Tokenizer(grammar('syntaxes/kconfig-fragment.tmLanguage.json')).tokenize(text);
  const S = '.kconfig-fragment';

  it('scopes y/m/n values with the constant rule', () => {
    assertScope(text, scoped, 2, 'CONFIG_A', `variable.other.config${S}`);
    assertScope(text, scoped, 2, '=', `keyword.operator.assignment${S}`);
    assertScope(text, scoped, 2, 'y', `constant.language.tristate${S}`);
    assertScope(text, scoped, 3, 'm', `constant.language.tristate${S}`, 0);
    assertScope(text, scoped, 3, '# built as a module', `comment.line.number-sign.trailing${S}`);
  });

  it('scopes numbers, strings with escapes and other values by kind', () => {
    assertScope(text, scoped, 4, '0x1F', `constant.numeric.hex${S}`);
    assertScope(text, scoped, 5, '-42', `constant.numeric.decimal${S}`);
    assertScope(text, scoped, 6, '"console=hvc0 \\"x\\""', `string.quoted.double${S}`);
    assertScope(text, scoped, 6, '\\"', `constant.character.escape${S}`);
    assertNoScope(text, scoped, 6, 'console=hvc0', 'constant.');
    assertScope(text, scoped, 7, '"never closed', `invalid.illegal.unterminated-string${S}`);
    assertScope(text, scoped, 8, 'yes', `string.unquoted.value${S}`);
    assertScope(text, scoped, 15, '10 # conf reads', `string.unquoted.value${S}`);
  });

  it('scopes "# CONFIG_X is not set" with the directive rule, not as a comment', () => {
    assertScope(text, scoped, 9, '# CONFIG_H is not set', `meta.directive.not-set${S}`);
    assertScope(text, scoped, 9, 'CONFIG_H', `variable.other.config${S}`);
    assertScope(text, scoped, 9, 'is not set', `keyword.control.directive.not-set${S}`);
    assertNoScope(text, scoped, 9, '# CONFIG_H is not set', 'comment.');
    // conf reads the not-set form only with the blank after '#': without it the line is a plain comment.
    assertScope(text, scoped, 10, '#CONFIG_I is not set', `comment.line.number-sign${S}`);
    assertNoScope(text, scoped, 10, '#CONFIG_I is not set', 'meta.directive.');
  });

  it("scopes Kata's exclusion tags as keywords inside comments", () => {
    assertScope(text, scoped, 0, '!s390x', `keyword.other.exclusion-tag.kata${S}`);
    assertScope(text, scoped, 0, '!powerpc', `keyword.other.exclusion-tag.kata${S}`);
    assertScope(text, scoped, 0, '!s390x', `comment.line.number-sign${S}`);
    assertScope(text, scoped, 16, '!powerpc', `keyword.other.exclusion-tag.kata${S}`);
    assertNoScope(text, scoped, 1, 'needs!', 'keyword.');
  });

  it('marks lines conf ignores as invalid', () => {
    assertScope(text, scoped, 11, ' CONFIG_J=y', `invalid.illegal.leading-blank${S}`);
    assertScope(text, scoped, 12, 'CONFIG_K', `invalid.illegal.missing-equals${S}`);
    assertScope(text, scoped, 13, 'CONFIG_L =y', `invalid.illegal.unexpected-line${S}`);
    assertScope(text, scoped, 14, 'M=y', `invalid.illegal.unexpected-line${S}`);
    assertScope(text, scoped, 18, '# indented comment', `invalid.illegal.leading-blank${S}`);
    assert.deepEqual(scoped[17], []);
  });
});

describe('kconfig grammar on sample lines', () => {
  const text = [
    'config FOO', //                                                       0
    '\tbool "Foo support"', //                                             1
    '\tdepends on BAR && (BAZ || !QUX) && 64BIT', //                       2
    '\tdefault y if $(success,true)', //                                   3
    '\thelp', //                                                           4
    '\t  Say Y here. config, "quotes" and $(x) are just text', //          5
    '\t    in help, however deep.', //                                      6
    '', //                                                                 7
    '\t  Second paragraph.', //                                            8
    '\tselect OTHER if X != "a" # why', //                                 9
    'menuconfig MENU_SYM', //                                              10
    '\tint', //                                                            11
    '\trange 0x10 -5', //                                                  12
    '---help---', //                                                       13
    '  Old-style help.', //                                                14
    'if MENU_SYM', //                                                      15
    'CC_VERSION_TEXT := $(shell,LANG=C $(CC) --version | head -n 1)', //   16
    "cc-flag = $(cc-option,-m$(BITS)) # not a comment", //                 17
    'source "arch/$(SRCARCH)/Kconfig"', //                                 18
    "comment 'it\\'s here'", //                                            19
    'choice', //                                                           20
    '\tprompt "Pick" if A <= 3', //                                        21
    'endchoice', //                                                        22
    'menu "M"', //                                                         23
    '\tvisible if B', //                                                   24
    'endmenu', //                                                          25
    'endif # MENU_SYM', //                                                 26
    'osource "x"', //                                                      27
    '\tdef_bool $(cc-option,(a),b) || n', //                               28
    'config SPACED', //                                                    29
    '\thelp', //                                                           30
    '          Written with blanks under a tab.', //                       31
    '\tSay Y, as deep as help.', //                                        32
    '\tdepends on X', //                                                   33
  ].join('\n');
  const scoped = new Tokenizer(grammar('syntaxes/kconfig.tmLanguage.json')).tokenize(text);
  const S = '.kconfig';

  it('scopes statements, types, options, symbols and constants', () => {
    assertScope(text, scoped, 0, 'config', `keyword.control.statement${S}`);
    assertScope(text, scoped, 0, 'FOO', `entity.name.variable.symbol${S}`);
    assertScope(text, scoped, 1, 'bool', `storage.type${S}`);
    assertScope(text, scoped, 1, '"Foo support"', `string.quoted.double${S}`);
    assertScope(text, scoped, 2, 'depends', `keyword.other.option${S}`);
    assertScope(text, scoped, 2, 'on', `keyword.other.option${S}`);
    assertScope(text, scoped, 2, 'BAR', `variable.other.symbol${S}`);
    assertScope(text, scoped, 2, '64BIT', `variable.other.symbol${S}`);
    assertScope(text, scoped, 2, '&&', `keyword.operator.logical${S}`);
    assertScope(text, scoped, 2, '||', `keyword.operator.logical${S}`);
    assertScope(text, scoped, 2, '!', `keyword.operator.logical${S}`);
    assertScope(text, scoped, 2, '(', `punctuation.section.parens.begin${S}`);
    assertScope(text, scoped, 3, 'default', `keyword.other.option${S}`);
    assertScope(text, scoped, 3, 'y', `constant.language.tristate${S}`);
    assertScope(text, scoped, 3, 'if', `keyword.control.conditional${S}`);
    assertScope(text, scoped, 9, '!=', `keyword.operator.comparison${S}`);
    assertScope(text, scoped, 9, '# why', `comment.line.number-sign${S}`);
    assertScope(text, scoped, 12, '0x10', `constant.numeric.hex${S}`);
    assertScope(text, scoped, 12, '-5', `constant.numeric.decimal${S}`);
    assertScope(text, scoped, 21, '<=', `keyword.operator.comparison${S}`);
    assertScope(text, scoped, 21, '3', `constant.numeric.decimal${S}`);
    for (const [line, word] of [[10, 'menuconfig'], [15, 'if'], [18, 'source'], [19, 'comment'], [20, 'choice'], [22, 'endchoice'], [23, 'menu'], [25, 'endmenu'], [26, 'endif']] as const) {
      assertScope(text, scoped, line, word, `keyword.control.statement${S}`);
    }
    assertScope(text, scoped, 24, 'visible', `keyword.other.option${S}`);
    assertScope(text, scoped, 24, 'if', `keyword.control.conditional${S}`);
    assertScope(text, scoped, 26, '# MENU_SYM', `comment.line.number-sign${S}`);
    assertScope(text, scoped, 27, 'osource', `invalid.deprecated.source.kconfiglib${S}`);
  });

  it('matches a help block with the help rule, up to the first line indented no deeper than "help"', () => {
    assertScope(text, scoped, 4, 'help', `keyword.other.help${S}`);
    for (const line of [5, 6, 8]) {
      const content = text.split('\n')[line].trim();
      assertScope(text, scoped, line, content, `comment.block.documentation.help${S}`);
      assertNoScope(text, scoped, line, content, 'keyword.');
      assertNoScope(text, scoped, line, content, 'string.');
      assertNoScope(text, scoped, line, content, 'meta.macro');
    }
    assertScope(text, scoped, 9, 'select', `keyword.other.option${S}`);
    assertNoScope(text, scoped, 9, 'select', 'comment.');
    // '---help---' at column 0: its text ends at the next line that starts at column 0.
    assertScope(text, scoped, 13, '---help---', `keyword.other.help${S}`);
    assertScope(text, scoped, 14, 'Old-style help.', `comment.block.documentation.help${S}`);
    assertScope(text, scoped, 15, 'if', `keyword.control.statement${S}`);
    assertNoScope(text, scoped, 15, 'if', 'comment.');
    // Layouts conf accepts although the text is not deeper than 'help' in characters.
    assertScope(text, scoped, 31, 'Written with blanks under a tab.', `comment.block.documentation.help${S}`);
    assertScope(text, scoped, 32, 'Say Y, as deep as help.', `comment.block.documentation.help${S}`);
    assertScope(text, scoped, 33, 'depends', `keyword.other.option${S}`);
  });

  it('scopes the help end rule the way conf ends help text, line by line', () => {
    const g = grammar('syntaxes/kconfig.tmLanguage.json');
    const help = g.repository!.help;
    const begin = compile(help.begin!);
    const m = begin.exec('\thelp');
    assert.ok(m, 'the help begin rule matches a help line');
    assert.ok(begin.test('\t---help---'));
    assert.ok(begin.test('  help  '));
    assert.ok(!begin.test('\thelp text on the same line'));
    const end = compile(help.end!, 'u', [...m].map((s) => s ?? ''));
    const ends = (line: string) => end.test(line);
    assert.equal(ends('\t  text'), false, 'deeper than help: still help');
    assert.equal(ends('\t\ttext'), false);
    assert.equal(ends('          text under blanks'), false, 'blanks where help has a tab: still help');
    assert.equal(ends('\tSay Y here.'), false, 'text as deep as help: still help');
    assert.equal(ends(''), false, 'blank line: still help');
    assert.equal(ends('\t   '), false, 'blank line of blanks: still help');
    assert.equal(ends('\tdepends on X'), true, 'an attribute as deep as help: ends');
    assert.equal(ends('  default y'), true);
    assert.equal(ends('\t# a comment'), true);
    assert.equal(ends('config X'), true, 'column 0: ends');
    assert.equal(ends('whatever'), true, 'column 0: ends');
  });

  it('scopes macros, nested macros and macro assignments', () => {
    assertScope(text, scoped, 3, '$(success,true)', `meta.macro${S}`);
    assertScope(text, scoped, 3, 'success', `variable.other.macro${S}`);
    assertScope(text, scoped, 16, 'CC_VERSION_TEXT', `variable.other.macro.definition${S}`);
    assertScope(text, scoped, 16, ':=', `keyword.operator.assignment${S}`);
    assertScope(text, scoped, 16, 'shell', `support.function.builtin${S}`);
    assertScope(text, scoped, 16, 'CC', `variable.other.macro${S}`, 1);
    assertScope(text, scoped, 16, '$(CC)', `meta.macro${S}`);
    assertScope(text, scoped, 16, '--version | head -n 1', `string.unquoted.macro-value${S}`);
    assertScope(text, scoped, 17, 'cc-flag', `variable.other.macro.definition${S}`);
    assertScope(text, scoped, 17, '=', `keyword.operator.assignment${S}`);
    assertScope(text, scoped, 17, 'BITS', `variable.other.macro${S}`);
    assertScope(text, scoped, 17, '-m', `meta.macro${S}`);
    assertScope(text, scoped, 17, ',', `punctuation.separator.arguments${S}`);
    assertNoScope(text, scoped, 17, '# not a comment', 'comment.');
    // Inside a string, and with plain parentheses among the arguments.
    assertScope(text, scoped, 18, 'SRCARCH', `variable.other.macro${S}`);
    assertScope(text, scoped, 18, '/Kconfig"', `string.quoted.double${S}`);
    assertScope(text, scoped, 28, 'b)', `meta.macro${S}`);
    assertScope(text, scoped, 28, '||', `keyword.operator.logical${S}`);
    assertScope(text, scoped, 28, 'n', `constant.language.tristate${S}`, 1);
  });

  it('scopes single-quoted strings with escapes', () => {
    assertScope(text, scoped, 19, "'it\\'s here'", `string.quoted.single${S}`);
    assertScope(text, scoped, 19, "\\'", `constant.character.escape${S}`);
  });
});

describe('kconfig grammar on Linux 6.1', () => {
  it("ends help text where conf's lexer ends it, for nearly every help text of the tree", (t) => {
    const tree = findLinux61();
    if ('skipped' in tree) {
      console.log(`SKIPPED: help text ends against Linux 6.1: ${tree.skipped}`);
      t.skip(tree.skipped);
      return;
    }
    const help = grammar('syntaxes/kconfig.tmLanguage.json').repository!.help;
    const begin = compile(help.begin!);
    let total = 0;
    const disagreements: string[] = [];
    for (const file of kconfigFiles(tree.dir)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const m = begin.exec(lines[i]);
        if (!m) continue;
        total++;
        const end = compile(help.end!, 'u', [...m].map((x) => x ?? ''));
        let grammarEnd = lines.length;
        for (let j = i + 1; j < lines.length; j++) {
          if (end.test(lines[j])) {
            grammarEnd = j;
            break;
          }
        }
        const confEnd = helpTextEnd(lines, i);
        if (grammarEnd !== confEnd) {
          disagreements.push(`${path.relative(tree.dir, file)}:${i + 1}: conf ends the help at line ${confEnd + 1}, the grammar at ${grammarEnd + 1}`);
        }
      }
    }
    console.log(`help texts in Linux 6.1: ${total}; the grammar ends ${disagreements.length} elsewhere than conf${disagreements.length ? `, e.g.\n  ${disagreements.slice(0, 5).join('\n  ')}` : ''}`);
    assert.ok(total > 10000, `only ${total} help texts found in ${tree.dir}`);
    // Known: text lines as deep as 'help' that begin with a keyword used as a word ('if you...', 'source to...').
    assert.ok(disagreements.length <= total / 1000, `${disagreements.length} of ${total} help texts end elsewhere than conf ends them:\n${disagreements.slice(0, 20).join('\n')}`);
  });
});

describe('snippet files', () => {
  for (const spec of SNIPPETS) {
    it(`${spec.file} has a prefix, body and description for each snippet, with well-formed placeholders`, () => {
      const snippets = readJson(spec.file) as Record<string, Snippet>;
      assert.ok(Object.keys(snippets).length > 0);
      for (const [name, s] of Object.entries(snippets)) {
        const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
        assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.length > 0), `${name}: prefix`);
        assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')), `${name}: body`);
        assert.ok(typeof s.description === 'string' && s.description.length >= 20, `${name}: a description people can act on`);
        let depth = 0;
        const body = bodyOf(s);
        for (let i = 0; i < body.length; i++) {
          if (body[i] === '\\') i++;
          else if (body.startsWith('${', i)) depth++;
          else if (body[i] === '}' && depth > 0) depth--;
        }
        assert.equal(depth, 0, `${name}: unbalanced \${...}`);
      }
    });
  }

  for (const spec of SNIPPETS) {
    const g = GRAMMARS.find((x) => x.language === spec.language)!;
    it(`${spec.file} expands to text its own grammar finds nothing invalid in`, () => {
      const tokenizer = new Tokenizer(grammar(g.file));
      for (const [name, s] of Object.entries(readJson(spec.file) as Record<string, Snippet>)) {
        for (const text of expansions(bodyOf(s), 'default')) {
          const scoped = tokenizer.tokenize(text);
          scoped.forEach((chars, line) => {
            const bad = chars.find((scopes) => scopes.some((x) => x.startsWith('invalid.')));
            assert.equal(bad, undefined, `${name}: line ${line} ${JSON.stringify(text.split('\n')[line])} is scoped invalid`);
          });
        }
      }
    });
  }

  it('fragment snippets mention no CONFIG_ name in their comments (merge_config.sh would report it as a lost value)', () => {
    for (const [name, s] of Object.entries(readJson('snippets/kconfig-fragment.json') as Record<string, Snippet>)) {
      for (const line of bodyOf(s).split('\n')) {
        if (line.startsWith('#') && !/^# CONFIG_\S+ is not set/.test(line)) assert.doesNotMatch(line, /CONFIG_/, `${name}: ${line}`);
      }
    }
  });

  it('every fragment snippet symbol exists in Linux 6.1, and has a prompt or is selected by another line of the snippet', (t) => {
    const tree = findLinux61();
    if ('skipped' in tree) {
      console.log(`SKIPPED: snippet symbols against Linux 6.1: ${tree.skipped}`);
      t.skip(tree.skipped);
      return;
    }
    const facts = scanKconfig(tree.dir);
    assert.ok(facts.defined.size > 10000, `only ${facts.defined.size} symbols found in ${tree.dir}`);
    const problems: string[] = [];
    for (const [name, s] of Object.entries(readJson('snippets/kconfig-fragment.json') as Record<string, Snippet>)) {
      for (const text of expansions(bodyOf(s), 'mark')) {
        const symbols = configSymbols(text);
        for (const sym of symbols) {
          if (!facts.defined.has(sym)) {
            problems.push(`${name}: CONFIG_${sym} is not defined in ${tree.dir}`);
          } else if (!facts.prompted.has(sym) && !symbols.some((other) => facts.selects.get(other)?.has(sym))) {
            problems.push(`${name}: CONFIG_${sym} has no prompt in 6.1 and nothing in the snippet selects it, so the value is lost`);
          }
        }
      }
    }
    assert.deepEqual([...new Set(problems)], []);
  });
});

describe('package.json registration', () => {
  const manifest = readJson('package.json') as {
    contributes: {
      languages: { id: string; configuration?: string }[];
      grammars?: { language?: string; scopeName?: string; path?: string }[];
      snippets?: { language?: string; path?: string }[];
    };
  };
  const languageIds = manifest.contributes.languages.map((l) => l.id);
  const resolve = (p: string) => path.join(root, p);

  it('registers each grammar with its language, scope name and an existing path', () => {
    const grammars = manifest.contributes.grammars ?? [];
    for (const spec of GRAMMARS) {
      const entry = grammars.find((e) => e.language === spec.language);
      assert.ok(entry, `contributes.grammars has no entry for ${spec.language}`);
      assert.equal(entry.scopeName, spec.scope);
      assert.ok(entry.path && fs.existsSync(resolve(entry.path)), `${entry.path} does not exist`);
      assert.equal(path.normalize(entry.path), path.normalize(spec.file));
      assert.equal((readJson(spec.file) as Grammar).scopeName, entry.scopeName, 'scopeName in package.json and in the grammar agree');
    }
    for (const e of grammars) assert.ok(e.language && languageIds.includes(e.language), `grammar for undeclared language ${e.language}`);
    for (const f of fs.readdirSync(resolve('syntaxes'))) {
      assert.ok(grammars.some((e) => path.normalize(e.path ?? '') === path.join('syntaxes', f)), `syntaxes/${f} is not registered`);
    }
  });

  it('registers each snippet file with its language and an existing path', () => {
    const snippets = manifest.contributes.snippets ?? [];
    for (const spec of SNIPPETS) {
      const entry = snippets.find((e) => e.language === spec.language);
      assert.ok(entry, `contributes.snippets has no entry for ${spec.language}`);
      assert.ok(entry.path && fs.existsSync(resolve(entry.path)), `${entry.path} does not exist`);
      assert.equal(path.normalize(entry.path), path.normalize(spec.file));
    }
    for (const e of snippets) assert.ok(e.language && languageIds.includes(e.language), `snippets for undeclared language ${e.language}`);
    for (const f of fs.readdirSync(resolve('snippets'))) {
      assert.ok(snippets.some((e) => path.normalize(e.path ?? '') === path.join('snippets', f)), `snippets/${f} is not registered`);
    }
  });

  it('points each language at a language configuration with # comments, brackets and auto-closing quotes', () => {
    for (const spec of LANGUAGE_CONFIGURATIONS) {
      const lang = manifest.contributes.languages.find((l) => l.id === spec.language);
      assert.ok(lang, `language ${spec.language} is declared`);
      assert.ok(lang.configuration, `${spec.language} has no configuration`);
      assert.equal(path.normalize(lang.configuration), path.normalize(spec.file));
      const conf = readJson(spec.file) as {
        comments?: { lineComment?: string };
        brackets?: [string, string][];
        autoClosingPairs?: { open: string; close: string }[];
        wordPattern?: string;
        onEnterRules?: { beforeText: string }[];
        indentationRules?: Record<string, string>;
      };
      assert.equal(conf.comments?.lineComment, '#');
      // Kconfig expressions use parentheses; TOML uses brackets for tables and arrays.
      const [open, close] = spec.language === 'kata-toml' || spec.language === 'ptp4l' ? ['[', ']'] : ['(', ')'];
      assert.ok(conf.brackets?.some(([o, c]) => o === open && c === close));
      assert.ok(conf.autoClosingPairs?.some((p) => p.open === '"' && p.close === '"'));
      assert.ok(conf.autoClosingPairs?.some((p) => p.open === open && p.close === close));
      const patterns = [conf.wordPattern, ...(conf.onEnterRules ?? []).map((r) => r.beforeText), ...Object.values(conf.indentationRules ?? {})];
      for (const p of patterns) if (p !== undefined) assert.doesNotThrow(() => new RegExp(p), `${spec.file}: ${p}`);
      if (spec.language === 'kconfig') {
        const afterHelp = conf.onEnterRules?.find((r) => new RegExp(r.beforeText).test('\thelp'));
        assert.ok(afterHelp, 'Enter after "help" indents the text by two more blanks, as Kconfig style has it');
      }
    }
  });
});
