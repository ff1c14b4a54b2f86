// Kata's whitelist.conf as `grep -v -f` reads it: every line is a POSIX basic regular expression (GNU flavour,
// C locale) tested unanchored against merge_config.sh's "Value requested for CONFIG_X not in final .config" lines.
//
// Facts this module reproduces (checked against GNU grep 3.8, see test/unit/kata-whitelist.test.ts):
// - `grep -f` splits the file on "\n" only; a final "\n" ends the last pattern, it does not add an empty one.
//   A CR from CRLF line endings stays part of the pattern.
// - An empty pattern matches every line. build-kernel.sh drops every matching line, so one empty line switches
//   the whole "not in final .config" check off (Kata's own whitelist.conf has ended in a blank line since
//   commit cce5d4abf6, 2026-01-14).
// - One invalid pattern makes grep exit 2 and print nothing; build-kernel.sh runs it as `grep ... || true`, so
//   that too leaves no report: the check is off.
// - Kata builds in ubuntu:22.04 with no LANG set, so grep runs in the C locale: it matches bytes, `.` is one
//   byte and [[:alpha:]] is ASCII only. Lines and patterns are therefore compared as UTF-8 byte strings.

import { problem, type Fix, type Problem } from '../../../common/problem';
import { lineSpan, span } from '../../../common/span';

export interface WhitelistEntry {
  readonly file: string;
  /** 0-based line of the pattern in its file. */
  readonly line: number;
  /** The pattern exactly as grep sees it (a CR from CRLF line endings included). */
  readonly pattern: string;
  /**
   * The pattern translated to a JavaScript RegExp over UTF-8 bytes (each byte one char, as `latin1`); undefined
   * when grep rejects the pattern. Patterns with back-references are matched by an exact matcher instead, because
   * JavaScript lets a reference to a group that did not take part match the empty string and POSIX does not.
   */
  readonly regex: RegExp | undefined;
  /** grep's complaint when it rejects the pattern (and with it the whole file). */
  readonly error?: string;
  /** The CONFIG_ name the pattern spells out, when it spells one out (`CONFIG_MEMCG_SWAP`). */
  readonly symbol?: string;
  /** True when the line looks like a comment (`# ...`); grep has no comments, so it is a pattern all the same. */
  readonly commentLike: boolean;
  /**
   * False for the few patterns where GNU grep's own matcher is known to disagree with POSIX (a back-reference to a
   * group repeated by `\{n\}`); the result of `test` is then a best effort.
   */
  readonly exact: boolean;
  /** Whether grep would select this line with this pattern alone. */
  readonly test: (line: string) => boolean;
}

export interface Whitelist {
  readonly file: string;
  readonly entries: readonly WhitelistEntry[];
  /** True when some line (typically an empty one) matches every "not in final" line: the check is off. */
  readonly matchesEverything: boolean;
  /** True when grep rejects some pattern: it then fails and prints nothing, and the check is off. */
  readonly invalid: boolean;
  readonly problems: readonly Problem[];
}

/** The line merge_config.sh prints for a symbol whose requested value did not survive; `symbol` with or without CONFIG_. */
export function notInFinalLine(symbol: string): string {
  return `Value requested for ${withConfigPrefix(symbol)} not in final .config`;
}

/** Parse one whitelist file. Never throws; problems describe what grep and build-kernel.sh will make of it. */
export function parseWhitelist(file: string, text: string): Whitelist {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const entries: WhitelistEntry[] = lines.map((pattern, line) => compileEntry(file, line, pattern));
  const problems: Problem[] = [];
  let matchesEverything = false;
  let invalid = false;

  for (const entry of entries) {
    if (entry.error !== undefined) {
      invalid = true;
      problems.push(
        problem(
          'kata-whitelist-invalid-pattern',
          'error',
          `${baseName(file)}:${entry.line + 1}: grep rejects this pattern (${entry.error}). grep then stops with an error ` +
            `and prints nothing, and build-kernel.sh ignores that failure (\`|| true\`), so every "not in final .config" ` +
            `report is dropped: the whole check is off. Escape the special character (for example \`\\[\`) or remove the line.`,
          file,
          lineSpan(entry.line, 0, entry.pattern.length),
        ),
      );
      continue;
    }
    if (entry.pattern === '') {
      matchesEverything = true;
      problems.push(
        problem(
          'kata-whitelist-blank-line',
          'error',
          `${baseName(file)}:${entry.line + 1} is empty. \`grep -f\` treats an empty line as a pattern that matches every ` +
            `line, so build-kernel.sh drops every "not in final .config" report: the whole check is off. Delete the empty line.`,
          file,
          lineSpan(entry.line, 0, 0),
          { fixes: [deleteLineFix(file, lines, entry.line, 'Delete the empty line')] },
        ),
      );
      continue;
    }
    if (everyProbe.every((probe) => entry.test(probe))) {
      matchesEverything = true;
      problems.push(
        problem(
          'kata-whitelist-matches-everything',
          'error',
          `${baseName(file)}:${entry.line + 1}: \`${printable(entry.pattern)}\` matches every "Value requested for CONFIG_... ` +
            `not in final .config" line (grep looks for it anywhere in the line), so build-kernel.sh drops every report: ` +
            `the whole check is off. Name the one symbol to excuse, e.g. \`CONFIG_FOO not in final\`.`,
          file,
          lineSpan(entry.line, 0, entry.pattern.length),
        ),
      );
    }
  }

  const crlf = entries.filter((e) => e.pattern.endsWith('\r'));
  if (crlf.length > 0) {
    const first = crlf[0];
    problems.push(
      problem(
        'kata-whitelist-crlf',
        'warning',
        `${baseName(file)} has Windows (CRLF) line endings on ${crlf.length} line(s). grep keeps the carriage return as ` +
          `part of each pattern, and merge_config.sh's lines have none, so these entries excuse nothing. Save the file with LF endings.`,
        file,
        lineSpan(first.line, 0, first.pattern.length),
      ),
    );
  }

  for (const entry of entries) {
    if (entry.error !== undefined || entry.commentLike || entry.symbol === undefined) continue;
    if (entry.pattern.endsWith('\r')) continue; // reported once above
    if (entry.test(notInFinalLine(entry.symbol))) continue;
    problems.push(
      problem(
        'kata-whitelist-never-matches',
        'warning',
        `${baseName(file)}:${entry.line + 1}: \`${printable(entry.pattern)}\` never matches merge_config.sh's report for ` +
          `${entry.symbol}, which reads "${notInFinalLine(entry.symbol)}": the line carries no value, starts with "Value" ` +
          `and ends with ".config", so anchors or "=y" rule it out. Write just \`${entry.symbol}\` or \`${entry.symbol} not in final\`.`,
        file,
        lineSpan(entry.line, 0, entry.pattern.length),
        { fixes: [replaceLineFix(file, entry, `${entry.symbol} not in final`)] },
      ),
    );
  }

  const seen = new Map<string, WhitelistEntry>();
  for (const entry of entries) {
    if (entry.pattern === '' || entry.commentLike) continue;
    const earlier = seen.get(entry.pattern);
    if (earlier === undefined) {
      seen.set(entry.pattern, entry);
      continue;
    }
    problems.push(
      problem(
        'kata-whitelist-duplicate',
        'information',
        `${baseName(file)}:${entry.line + 1}: \`${printable(entry.pattern)}\` is already listed on line ${earlier.line + 1}.`,
        file,
        lineSpan(entry.line, 0, entry.pattern.length),
        {
          related: [{ location: { file, span: lineSpan(earlier.line, 0, earlier.pattern.length) }, message: 'first listed here' }],
          fixes: [deleteLineFix(file, lines, entry.line, 'Delete the duplicate line')],
        },
      ),
    );
  }

  return { file, entries, matchesEverything, invalid, problems };
}

/**
 * The entries that select `line` under `grep -v -f`, i.e. the reasons the line is dropped. When grep rejects the
 * file it prints nothing at all, so every line is dropped; the invalid entries are then returned as the reason.
 */
export function whitelistMatches(whitelist: Whitelist, line: string): readonly WhitelistEntry[] {
  if (whitelist.invalid) return whitelist.entries.filter((e) => e.error !== undefined);
  return whitelist.entries.filter((e) => e.test(line));
}

/** Whether `grep -v -f` drops `line`. */
export function whitelistDrops(whitelist: Whitelist, line: string): boolean {
  return whitelistMatches(whitelist, line).length > 0;
}

/**
 * Why build-kernel.sh would not complain that `symbol` is missing from the final .config: the whitelists in the
 * order it applies them (whitelist.conf, then whitelist-<version>.conf) and the entries of the first one that drops
 * the report. Undefined when the report survives every whitelist.
 */
export function excusedBy(
  whitelists: readonly Whitelist[],
  symbol: string,
): { readonly whitelist: Whitelist; readonly entries: readonly WhitelistEntry[] } | undefined {
  const line = notInFinalLine(symbol);
  for (const whitelist of whitelists) {
    const entries = whitelistMatches(whitelist, line);
    if (entries.length > 0) return { whitelist, entries };
  }
  return undefined;
}

/**
 * Entries that, being unanchored, also excuse symbols they do not name. `allSymbolNames` are the kernel tree's
 * symbols, with or without the CONFIG_ prefix. A symbol that another entry names on its own is left out: excusing
 * it twice does no harm.
 */
export function whitelistProblems(whitelist: Whitelist, allSymbolNames: Iterable<string>, maxListed = 8): Problem[] {
  const named = new Set<string>();
  for (const entry of whitelist.entries) if (entry.symbol !== undefined && entry.pattern === entry.symbol) named.add(entry.symbol);
  const symbols = [...new Set([...allSymbolNames].map(withConfigPrefix))].sort();
  const lines = symbols.map((s) => notInFinalLine(s));
  // Plain entries (most of them) are searched in one buffer of all report lines: much faster than line by line.
  const buffer = lines.map(toBytes).join('\n');
  const starts: number[] = [];
  for (let i = 0, offset = 0; i < lines.length; i++) {
    starts.push(offset);
    offset += toBytes(lines[i]).length + 1;
  }
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const matchingLines = (entry: WhitelistEntry): number[] => {
    const literal = literals.get(entry);
    if (literal === undefined) return lines.flatMap((line, i) => (entry.test(line) ? [i] : []));
    const found: number[] = [];
    for (let at = buffer.indexOf(literal); at >= 0; ) {
      const line = lineAt(at);
      found.push(line);
      const next = line + 1 < starts.length ? starts[line + 1] : buffer.length;
      at = buffer.indexOf(literal, next);
    }
    return found;
  };
  const problems: Problem[] = [];
  for (const entry of whitelist.entries) {
    if (entry.error !== undefined || entry.pattern === '') continue;
    if (whitelist.problems.some((p) => p.code === 'kata-whitelist-matches-everything' && p.span.start.line === entry.line)) continue;
    const hidden = matchingLines(entry)
      .map((i) => symbols[i])
      .filter((symbol) => symbol !== entry.symbol && !named.has(symbol));
    if (hidden.length === 0) continue;
    const listed = hidden.slice(0, maxListed).join(', ') + (hidden.length > maxListed ? ` and ${hidden.length - maxListed} more` : '');
    const what = entry.symbol !== undefined ? `${entry.symbol} also hides ${listed}` : `\`${printable(entry.pattern)}\` hides ${listed}`;
    const literal = entry.symbol !== undefined && entry.pattern === entry.symbol;
    problems.push(
      problem(
        'kata-whitelist-hides-more',
        'warning',
        `${baseName(whitelist.file)}:${entry.line + 1}: ${what}. grep looks for the pattern anywhere in merge_config.sh's ` +
          `"Value requested for CONFIG_... not in final .config" line, so if ${hidden.length === 1 ? 'that symbol fails' : 'those symbols fail'} ` +
          `to reach the final .config, build-kernel.sh will not say so.` +
          (literal ? ` Write \`${entry.symbol} not in final\` to excuse only ${entry.symbol}.` : ''),
        whitelist.file,
        lineSpan(entry.line, 0, entry.pattern.length),
        literal ? { fixes: [replaceLineFix(whitelist.file, entry, `${entry.symbol} not in final`)] } : {},
      ),
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Entries

const everyProbe = ['A', 'ZZ_9', '0_Q'].map(notInFinalLine);

/** The byte string of entries whose pattern has no operators, for fast searching. */
const literals = new WeakMap<WhitelistEntry, string>();

function compileEntry(file: string, line: number, pattern: string): WhitelistEntry {
  const symbolMatch = /CONFIG_[A-Za-z0-9_]+/.exec(pattern);
  const symbol = symbolMatch?.[0];
  const commentLike = /^\s*#/.test(pattern);
  const compiled = compileBre(pattern);
  if ('error' in compiled) {
    return { file, line, pattern, regex: undefined, error: compiled.error, symbol, commentLike, exact: true, test: () => false };
  }
  const entry: WhitelistEntry = { file, line, pattern, regex: compiled.regex, symbol, commentLike, exact: compiled.exact, test: compiled.test };
  if (compiled.literal !== undefined) literals.set(entry, compiled.literal);
  return entry;
}

function withConfigPrefix(symbol: string): string {
  return symbol.startsWith('CONFIG_') ? symbol : `CONFIG_${symbol}`;
}

function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}

function printable(pattern: string): string {
  return pattern.replace(/\r/g, '\\r');
}

function deleteLineFix(file: string, lines: readonly string[], line: number, title: string): Fix {
  // Take the line's own newline with it; a last line without one takes the newline before it instead.
  const edit =
    line + 1 < lines.length || line === 0
      ? { file, span: span(line, 0, line + 1, 0), newText: '' }
      : { file, span: span(line - 1, lines[line - 1].length, line, lines[line].length), newText: '' };
  return { title, edits: [edit], preferred: true };
}

function replaceLineFix(file: string, entry: WhitelistEntry, newText: string): Fix {
  return { title: `Replace with \`${newText}\``, edits: [{ file, span: lineSpan(entry.line, 0, entry.pattern.length), newText }] };
}

// ---------------------------------------------------------------------------------------------------------------
// GNU basic regular expressions, C locale.
//
// grep checks every pattern with two parsers (glibc's regcomp, then its own dfa.c) and rejects it if either does;
// without back-references the match itself comes from dfa.c. The rules below are the union of both where they
// differ: a `*`, `\+`, `\?` or `\{` is an ordinary character when only anchors separate it from the start of the
// pattern, a `\(` or a `\|` (dfa.c); `^` is an anchor only as the very first thing there, `$` only last or before
// `\)` / `\|`.

const RE_DUP_MAX = 0x7fff;

type ByteSet = Uint8Array; // 256 entries, 1 = member

type Node =
  | { readonly kind: 'set'; readonly bytes: ByteSet }
  | { readonly kind: 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary' | 'wordStart' | 'wordEnd' }
  | { readonly kind: 'group'; readonly index: number; readonly body: Alternation }
  | { readonly kind: 'repeat'; readonly body: Node; readonly min: number; readonly max: number; readonly interval: boolean }
  | { readonly kind: 'backref'; readonly index: number };

type Sequence = readonly Node[];
type Alternation = readonly Sequence[];

class BreError extends Error {}

const messages = {
  brack: 'Unmatched [, [^, [:, [., or [=',
  paren: 'Unmatched ( or \\(',
  rparen: 'Unmatched ) or \\)',
  brace: 'Unmatched \\{',
  badbr: 'Invalid content of \\{\\}',
  range: 'Invalid range end',
  ctype: 'Invalid character class name',
  collate: 'Invalid collation character',
  subreg: 'Invalid back reference',
  escape: 'Trailing backslash',
  size: 'Regular expression too big',
  colon: 'character class syntax is [[:space:]], not [:space:]',
};

interface Compiled {
  readonly regex: RegExp | undefined;
  readonly exact: boolean;
  readonly test: (line: string) => boolean;
  /** The byte string the pattern stands for when it has no operators. */
  readonly literal?: string;
}

/** Compile one GNU BRE as grep -G does in the C locale; `{ error }` carries grep's message when it rejects it. */
export function compileBre(pattern: string): Compiled | { readonly error: string } {
  const bytes = Buffer.from(pattern, 'utf8').toString('latin1');
  let tree: Alternation;
  let parser: BreParser;
  try {
    parser = new BreParser(bytes);
    tree = parser.parse();
  } catch (e) {
    if (e instanceof BreError) return { error: e.message };
    throw e;
  }
  let regex: RegExp | undefined;
  try {
    regex = new RegExp(emitAlternation(tree));
  } catch {
    regex = undefined;
  }
  const literal = literalOf(tree);
  let test: (line: string) => boolean;
  if (literal !== undefined) {
    test = (line) => toBytes(line).includes(literal);
  } else if (parser.usesBackrefs || regex === undefined) {
    const root = tree;
    const fallback = regex;
    test = (line) => searchTree(root, toBytes(line), fallback);
  } else {
    const r = regex;
    test = (line) => r.test(toBytes(line));
  }
  return { regex, exact: !parser.backrefIntoInterval, test, ...(literal !== undefined ? { literal } : {}) };
}

class BreParser {
  private i = 0;
  private groups = 0;
  private completed = new Set<number>();
  private readonly intervalGroups = new Set<number>();
  usesBackrefs = false;
  backrefIntoInterval = false;

  constructor(private readonly s: string) {}

  parse(): Alternation {
    const tree = this.alternation(0);
    if (this.i < this.s.length) throw new BreError(messages.rparen); // only a stray `\)` stops the top level
    return tree;
  }

  private at(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }

  private alternation(depth: number): Alternation {
    // glibc: each branch sees only the groups completed before the alternation began, plus its own.
    const initial = new Set(this.completed);
    const branches: Sequence[] = [this.branch(depth)];
    while (this.at('\\|')) {
      this.i += 2;
      const accumulated = this.completed;
      this.completed = new Set(initial);
      branches.push(this.branch(depth));
      for (const g of accumulated) this.completed.add(g);
    }
    return branches;
  }

  private branch(depth: number): Sequence {
    const items: Node[] = [];
    const start = this.i;
    let lastStart = true; // only anchors so far: a repetition operator here is an ordinary character
    const s = this.s;
    while (this.i < s.length) {
      if (this.at('\\|')) break;
      if (this.at('\\)')) {
        if (depth > 0) break;
        throw new BreError(messages.rparen);
      }
      const c = s[this.i];

      const repetition = this.repetitionAt();
      if (repetition !== undefined) {
        if (lastStart) {
          items.push(literalNode(repetition.literal));
          this.i += repetition.length;
          lastStart = false;
          continue;
        }
        this.i += repetition.length;
        const [min, max] = repetition.kind === 'interval' ? this.interval() : repetition.bounds;
        const body = items.pop()!;
        items.push({ kind: 'repeat', body, min, max, interval: repetition.kind === 'interval' });
        continue;
      }

      if (c === '^' && this.i === start) {
        this.i++;
        items.push({ kind: 'bol' });
        continue;
      }
      if (c === '$' && (this.i + 1 === s.length || s.startsWith('\\)', this.i + 1) || s.startsWith('\\|', this.i + 1))) {
        this.i++;
        items.push({ kind: 'eol' });
        continue;
      }
      if (c === '.') {
        this.i++;
        items.push({ kind: 'set', bytes: fullSet() });
        lastStart = false;
        continue;
      }
      if (c === '[') {
        this.i++;
        items.push({ kind: 'set', bytes: this.bracket() });
        lastStart = false;
        continue;
      }
      if (c !== '\\') {
        this.i++;
        items.push(literalNode(c));
        lastStart = false;
        continue;
      }

      // A backslash sequence.
      if (this.i + 1 >= s.length) throw new BreError(messages.escape);
      const e = s[this.i + 1];
      this.i += 2;
      if (e === '(') {
        const index = ++this.groups;
        const body = this.alternation(depth + 1);
        if (!this.at('\\)')) throw new BreError(messages.paren);
        this.i += 2;
        this.completed.add(index);
        items.push({ kind: 'group', index, body });
        lastStart = false;
        continue;
      }
      if (e >= '1' && e <= '9') {
        const index = e.charCodeAt(0) - 48;
        if (!this.completed.has(index)) throw new BreError(messages.subreg);
        this.usesBackrefs = true;
        items.push({ kind: 'backref', index });
        lastStart = false;
        continue;
      }
      const assertion = assertionFor(e);
      if (assertion !== undefined) {
        items.push({ kind: assertion });
        continue; // zero-width: lastStart unchanged
      }
      const cls = escapeClass(e);
      items.push(cls !== undefined ? { kind: 'set', bytes: cls } : literalNode(e));
      lastStart = false;
    }
    this.markIntervalBackrefs(items);
    return items;
  }

  /** A repetition operator at the cursor: `*`, `\+`, `\?` or `\{`. */
  private repetitionAt():
    | { kind: 'simple'; length: number; literal: string; bounds: [number, number] }
    | { kind: 'interval'; length: number; literal: string; bounds: [number, number] }
    | undefined {
    const s = this.s;
    if (s[this.i] === '*') return { kind: 'simple', length: 1, literal: '*', bounds: [0, Infinity] };
    if (s[this.i] !== '\\') return undefined;
    const e = s[this.i + 1];
    if (e === '+') return { kind: 'simple', length: 2, literal: '+', bounds: [1, Infinity] };
    if (e === '?') return { kind: 'simple', length: 2, literal: '?', bounds: [0, 1] };
    if (e === '{') return { kind: 'interval', length: 2, literal: '{', bounds: [0, 0] };
    return undefined;
  }

  /** The bounds of `\{m,n\}` after its `\{`, with glibc's reading of malformed ones. */
  private interval(): [number, number] {
    const first = this.number();
    let min = first.value;
    let last = first.stop;
    if (min === -1) {
      if (first.stop === 'comma') min = 0;
      else throw new BreError(messages.badbr);
    }
    let max = -2;
    if (min !== -2) {
      if (first.stop === 'close') max = min;
      else if (first.stop === 'comma') {
        const second = this.number();
        max = second.value;
        last = second.stop;
      }
    }
    if (min === -2 || max === -2) throw new BreError(last === 'end' ? messages.brace : messages.badbr);
    if ((max !== -1 && min > max) || last !== 'close') throw new BreError(messages.badbr);
    if (RE_DUP_MAX < (max === -1 ? min : max)) throw new BreError(messages.size);
    return [min, max === -1 ? Infinity : max];
  }

  /** glibc's fetch_number: -1 for no digits, -2 for anything else than digits. */
  private number(): { value: number; stop: 'close' | 'comma' | 'end' } {
    const s = this.s;
    let value = -1;
    for (;;) {
      if (this.i >= s.length) return { value: -2, stop: 'end' };
      if (this.at('\\}')) {
        this.i += 2;
        return { value, stop: 'close' };
      }
      let c: string;
      let plain = true;
      if (s[this.i] === '\\') {
        if (this.i + 1 >= s.length) {
          this.i++;
          value = -2;
          continue;
        }
        c = s[this.i + 1];
        plain = !(c >= '1' && c <= '9'); // `\1`.. are back-references, not characters
        this.i += 2;
      } else {
        c = s[this.i++];
      }
      if (c === ',') return { value, stop: 'comma' };
      const digit = plain && c >= '0' && c <= '9';
      value = !digit || value === -2 ? -2 : value === -1 ? c.charCodeAt(0) - 48 : Math.min(RE_DUP_MAX + 1, value * 10 + c.charCodeAt(0) - 48);
    }
  }

  /** A bracket expression after its `[`. */
  private bracket(): ByteSet {
    const s = this.s;
    const set = new Uint8Array(256);
    let negate = false;
    if (s[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const contentStart = this.i;
    let first = true;
    let sawRange = false;
    let onlyPlainChars = true;
    for (;;) {
      if (this.i >= s.length) throw new BreError(messages.brack);
      if (s[this.i] === ']' && !first) {
        this.i++;
        break;
      }
      const startElement = this.bracketElement(first);
      first = false;
      if (startElement.kind !== 'char') onlyPlainChars = false;
      if (s[this.i] === '-' && this.i + 1 < s.length && s[this.i + 1] !== ']') {
        this.i++;
        const endElement = this.bracketElement(true);
        if (startElement.kind === 'class' || startElement.kind === 'equiv') throw new BreError(messages.range);
        if (endElement.kind === 'class' || endElement.kind === 'equiv') throw new BreError(messages.range);
        if (startElement.byte > endElement.byte) throw new BreError(messages.range);
        for (let b = startElement.byte; b <= endElement.byte; b++) set[b] = 1;
        sawRange = true;
        continue;
      }
      if (s[this.i] === '-' && this.i + 1 >= s.length) throw new BreError(messages.brack);
      if (startElement.kind === 'class') for (let b = 0; b < 256; b++) set[b] |= startElement.set[b];
      else set[startElement.byte] = 1;
    }
    // dfa.c refuses `[:alpha:]` written without the outer brackets.
    const content = s.slice(contentStart, this.i - 1);
    if (onlyPlainChars && !sawRange && content.length >= 3 && content.startsWith(':') && content.endsWith(':') && /[^:]/.test(content)) {
      throw new BreError(messages.colon);
    }
    if (negate) for (let b = 0; b < 256; b++) set[b] ^= 1;
    return set;
  }

  private bracketElement(
    acceptHyphen: boolean,
  ): { kind: 'char' | 'collating' | 'equiv'; byte: number } | { kind: 'class'; set: ByteSet } {
    const s = this.s;
    if (this.i >= s.length) throw new BreError(messages.brack);
    const c = s[this.i];
    if (c === '[' && this.i + 1 < s.length && ':.='.includes(s[this.i + 1])) {
      const delimiter = s[this.i + 1];
      let j = this.i + 2;
      let name = '';
      for (;;) {
        if (name.length >= 32 || j >= s.length) throw new BreError(messages.brack);
        if (s[j] === delimiter && s[j + 1] === ']') break;
        name += s[j++];
      }
      this.i = j + 2;
      if (delimiter === ':') {
        const set = classSet(name);
        if (set === undefined) throw new BreError(messages.ctype);
        return { kind: 'class', set };
      }
      if (name.length !== 1) throw new BreError(messages.collate);
      return { kind: delimiter === '.' ? 'collating' : 'equiv', byte: name.charCodeAt(0) };
    }
    if (c === '-' && !acceptHyphen && s[this.i + 1] !== ']') throw new BreError(messages.range);
    this.i++;
    return { kind: 'char', byte: c.charCodeAt(0) };
  }

  /** Note groups repeated by `\{..\}` and referenced later: GNU grep's matcher is not POSIX there. */
  private markIntervalBackrefs(items: readonly Node[]): void {
    const visit = (node: Node, inInterval: boolean): void => {
      if (node.kind === 'repeat') visit(node.body, inInterval || node.interval);
      else if (node.kind === 'group') {
        if (inInterval) this.intervalGroups.add(node.index);
        for (const seq of node.body) for (const n of seq) visit(n, inInterval);
      } else if (node.kind === 'backref' && this.intervalGroups.has(node.index)) this.backrefIntoInterval = true;
    };
    for (const n of items) visit(n, false);
  }
}

/** The line as grep sees it in the C locale: one char per UTF-8 byte. */
function toBytes(line: string): string {
  return /[^\x00-\x7f]/.test(line) ? Buffer.from(line, 'utf8').toString('latin1') : line;
}

function literalNode(c: string): Node {
  const bytes = new Uint8Array(256);
  bytes[c.charCodeAt(0)] = 1;
  return { kind: 'set', bytes };
}

function fullSet(): ByteSet {
  return new Uint8Array(256).fill(1);
}

function assertionFor(e: string): 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary' | 'wordStart' | 'wordEnd' | undefined {
  switch (e) {
    case '<':
      return 'wordStart';
    case '>':
      return 'wordEnd';
    case 'b':
      return 'wordBoundary';
    case 'B':
      return 'notWordBoundary';
    case '`':
      return 'bol'; // start of buffer; grep's buffer is one line
    case "'":
      return 'eol';
    default:
      return undefined;
  }
}

function setOf(predicate: (b: number) => boolean): ByteSet {
  const set = new Uint8Array(256);
  for (let b = 0; b < 256; b++) if (predicate(b)) set[b] = 1;
  return set;
}

const isUpper = (b: number) => b >= 65 && b <= 90;
const isLower = (b: number) => b >= 97 && b <= 122;
const isDigit = (b: number) => b >= 48 && b <= 57;
const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);
const isWordByte = (b: number) => isUpper(b) || isLower(b) || isDigit(b) || b === 95;

/** POSIX classes in the C locale. */
function classSet(name: string): ByteSet | undefined {
  switch (name) {
    case 'alpha':
      return setOf((b) => isUpper(b) || isLower(b));
    case 'upper':
      return setOf(isUpper);
    case 'lower':
      return setOf(isLower);
    case 'digit':
      return setOf(isDigit);
    case 'xdigit':
      return setOf((b) => isDigit(b) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102));
    case 'alnum':
      return setOf((b) => isUpper(b) || isLower(b) || isDigit(b));
    case 'space':
      return setOf(isSpace);
    case 'blank':
      return setOf((b) => b === 32 || b === 9);
    case 'punct':
      return setOf((b) => b > 32 && b < 127 && !isUpper(b) && !isLower(b) && !isDigit(b));
    case 'print':
      return setOf((b) => b >= 32 && b < 127);
    case 'graph':
      return setOf((b) => b > 32 && b < 127);
    case 'cntrl':
      return setOf((b) => b < 32 || b === 127);
    default:
      return undefined;
  }
}

function escapeClass(e: string): ByteSet | undefined {
  switch (e) {
    case 'w':
      return setOf(isWordByte);
    case 'W':
      return setOf((b) => !isWordByte(b));
    case 's':
      return setOf(isSpace);
    case 'S':
      return setOf((b) => !isSpace(b));
    default:
      return undefined;
  }
}

/** The byte string a pattern stands for when it has no operators at all (most whitelist entries). */
function literalOf(tree: Alternation): string | undefined {
  if (tree.length !== 1) return undefined;
  let text = '';
  for (const node of tree[0]) {
    if (node.kind !== 'set') return undefined;
    const only = singleByte(node.bytes);
    if (only === undefined) return undefined;
    text += String.fromCharCode(only);
  }
  return text;
}

function singleByte(bytes: ByteSet): number | undefined {
  let found: number | undefined;
  for (let b = 0; b < 256; b++) {
    if (!bytes[b]) continue;
    if (found !== undefined) return undefined;
    found = b;
  }
  return found;
}

// --- JavaScript translation ---------------------------------------------------------------------------------------

function emitAlternation(tree: Alternation): string {
  return tree.map((seq) => seq.map(emitNode).join('')).join('|');
}

function emitNode(node: Node): string {
  switch (node.kind) {
    case 'set':
      return emitSet(node.bytes);
    case 'bol':
      return '^';
    case 'eol':
      return '$';
    case 'wordBoundary':
      return '\\b';
    case 'notWordBoundary':
      return '\\B';
    case 'wordStart':
      return '\\b(?=\\w)';
    case 'wordEnd':
      return '\\b(?<=\\w)';
    case 'group':
      return `(${emitAlternation(node.body)})`;
    case 'backref':
      return `(?:\\${node.index})`;
    case 'repeat': {
      const body = node.body.kind === 'set' || node.body.kind === 'group' ? emitNode(node.body) : `(?:${emitNode(node.body)})`;
      return body + quantifier(node.min, node.max);
    }
  }
}

function quantifier(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  if (min === max) return `{${min}}`;
  return `{${min},${max}}`;
}

function emitSet(bytes: ByteSet): string {
  let count = 0;
  for (let b = 0; b < 256; b++) count += bytes[b];
  if (count === 256) return '[\\s\\S]';
  if (count === 1) return escapeOutside(singleByte(bytes)!);
  const negate = count > 128;
  const ranges: string[] = [];
  for (let b = 0; b < 256; b++) {
    if ((bytes[b] === 1) === negate) continue;
    let e = b;
    while (e + 1 < 256 && (bytes[e + 1] === 1) !== negate) e++;
    ranges.push(e === b ? escapeInside(b) : e === b + 1 ? escapeInside(b) + escapeInside(e) : `${escapeInside(b)}-${escapeInside(e)}`);
    b = e;
  }
  return `[${negate ? '^' : ''}${ranges.join('')}]`;
}

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

function escapeOutside(b: number): string {
  if (b < 32 || b >= 127) return hex(b);
  const c = String.fromCharCode(b);
  return '\\^$.*+?()[]{}|/-'.includes(c) ? `\\${c}` : c;
}

function escapeInside(b: number): string {
  if (b < 32 || b >= 127) return hex(b);
  const c = String.fromCharCode(b);
  return '\\]^-['.includes(c) ? `\\${c}` : c;
}

// --- Exact matcher, used for back-references -------------------------------------------------------------------------

const stepBudget = 200_000;

class BudgetExceeded extends Error {}

/**
 * Backtracking search with POSIX back-reference rules: a reference to a group that has not matched fails, and a
 * group keeps what it last matched across iterations. Falls back to the JavaScript RegExp if the search runs away.
 */
function searchTree(tree: Alternation, line: string, fallback: RegExp | undefined): boolean {
  let steps = 0;
  const tick = () => {
    if (++steps > stepBudget) throw new BudgetExceeded();
  };
  const isWordAt = (pos: number) => pos >= 0 && pos < line.length && isWordByte(line.charCodeAt(pos));

  type Captures = readonly number[];
  type Next = (pos: number, caps: Captures) => boolean;

  const matchAlternation = (alt: Alternation, pos: number, caps: Captures, next: Next): boolean =>
    alt.some((seq) => matchSequence(seq, 0, pos, caps, next));

  const matchSequence = (seq: Sequence, index: number, pos: number, caps: Captures, next: Next): boolean => {
    tick();
    if (index === seq.length) return next(pos, caps);
    return matchNode(seq[index], pos, caps, (p, c) => matchSequence(seq, index + 1, p, c, next));
  };

  const matchRepeat = (node: Node & { kind: 'repeat' }, count: number, pos: number, caps: Captures, next: Next): boolean => {
    tick();
    if (count < node.max) {
      const more = matchNode(node.body, pos, caps, (p, c) => {
        // An empty pass still sets its groups (POSIX: `\(a*\)*\1` matches "b"), but repeating it changes nothing.
        if (p === pos && count + 1 >= node.min) return next(p, c);
        return matchRepeat(node, count + 1, p, c, next);
      });
      if (more) return true;
    }
    return count >= node.min && next(pos, caps);
  };

  const matchNode = (node: Node, pos: number, caps: Captures, next: Next): boolean => {
    tick();
    switch (node.kind) {
      case 'set':
        return pos < line.length && node.bytes[line.charCodeAt(pos)] === 1 && next(pos + 1, caps);
      case 'bol':
        return pos === 0 && next(pos, caps);
      case 'eol':
        return pos === line.length && next(pos, caps);
      case 'wordBoundary':
        return isWordAt(pos - 1) !== isWordAt(pos) && next(pos, caps);
      case 'notWordBoundary':
        return isWordAt(pos - 1) === isWordAt(pos) && next(pos, caps);
      case 'wordStart':
        return !isWordAt(pos - 1) && isWordAt(pos) && next(pos, caps);
      case 'wordEnd':
        return isWordAt(pos - 1) && !isWordAt(pos) && next(pos, caps);
      case 'group':
        return matchAlternation(node.body, pos, caps, (p, c) => {
          const updated = c.slice();
          updated[node.index * 2] = pos;
          updated[node.index * 2 + 1] = p;
          return next(p, updated);
        });
      case 'backref': {
        const start = caps[node.index * 2];
        const end = caps[node.index * 2 + 1];
        if (start < 0) return false;
        const text = line.slice(start, end);
        return line.startsWith(text, pos) && next(pos + text.length, caps);
      }
      case 'repeat':
        return matchRepeat(node, 0, pos, caps, next);
    }
  };

  const empty: Captures = new Array<number>(20).fill(-1);
  try {
    for (let start = 0; start <= line.length; start++) {
      if (matchAlternation(tree, start, empty, () => true)) return true;
    }
    return false;
  } catch (e) {
    if (e instanceof BudgetExceeded) return fallback !== undefined && fallback.test(line);
    throw e;
  }
}
