// A TOML reader that keeps positions and never throws: tables, keys and values with their spans, and the
// comment lines written right above each key (hover shows them). It is tolerant on purpose: a broken line
// is reported and skipped, and the rest of the file is still read, which an editor needs while the user
// types. Kata's `*.toml.in` templates hold `@NAME@` placeholders where a value belongs; with
// `placeholders: true` such a value is read as a placeholder instead of an error.
//
// Whether a file is valid TOML is decided elsewhere by a complete parser (@iarna/toml); this reader gives
// the structure and positions that parser does not.

import { lineSpan, span, type Span } from '../../common/span';

export type TomlValueKind = 'string' | 'integer' | 'float' | 'boolean' | 'datetime' | 'array' | 'inline-table' | 'placeholder' | 'invalid';

export interface TomlValue {
  readonly kind: TomlValueKind;
  readonly span: Span;
  /** The value as written. */
  readonly raw: string;
  /** Strings unescaped, numbers and booleans as numbers and booleans; undefined for arrays, tables, invalid. */
  readonly value?: string | number | boolean;
  /** Elements of an array; entries of an inline table are in `entries`. */
  readonly items?: readonly TomlValue[];
  readonly entries?: readonly TomlEntry[];
}

export interface TomlEntry {
  /** The dotted key as written, split into its parts (`a."b.c"` is ['a', 'b.c']). */
  readonly key: readonly string[];
  readonly keySpan: Span;
  readonly value: TomlValue;
  /** The key's full path: the enclosing table's path, then `key`. */
  readonly path: readonly string[];
  /** Comment lines directly above the entry (without `#` and one following space), top to bottom. */
  readonly comments: readonly string[];
  /** 0-based line of the key. */
  readonly line: number;
}

export interface TomlTable {
  readonly path: readonly string[];
  /** `[[name]]`: an element of an array of tables. */
  readonly arrayElement: boolean;
  /** The header (`[hypervisor.qemu]`), or an empty span at 0:0 for the root. */
  readonly headerSpan: Span;
  /** The header's name part, inside the brackets. */
  readonly nameSpan: Span;
  readonly entries: TomlEntry[];
  /** Comment lines directly above the header. */
  readonly comments: readonly string[];
  /** The last line of the table's content (before the next header, or the file's last line). */
  endLine: number;
}

export interface TomlProblem {
  readonly message: string;
  readonly span: Span;
}

export interface TomlDocument {
  /** The root table first, then every header in file order. */
  readonly tables: readonly TomlTable[];
  readonly problems: readonly TomlProblem[];
}

export interface TomlReadOptions {
  /** Accept `@NAME@` where a value belongs (Kata's templates). */
  readonly placeholders?: boolean;
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;
const PLACEHOLDER = /^@[A-Za-z0-9_]+@/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|^\d{2}:\d{2}:\d{2}(?:\.\d+)?/;
const NUMBER = /^[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|inf|nan|(?:\d[\d_]*)(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?)/;
/** Arrays and inline tables nest at most this deep; deeper input is reported, not followed. */
const MAX_DEPTH = 64;

/** Reads `text`; never throws. */
export function readToml(text: string, options: TomlReadOptions = {}): TomlDocument {
  return new Reader(text, options).read();
}

class Reader {
  private readonly lines: string[];
  private line = 0;
  private col = 0;
  private readonly problems: TomlProblem[] = [];
  private pendingComments: string[] = [];
  /** Where the last key read ends (before any spaces after it). */
  private keyEnd = 0;

  constructor(
    text: string,
    private readonly options: TomlReadOptions,
  ) {
    this.lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  read(): TomlDocument {
    const root: TomlTable = { path: [], arrayElement: false, headerSpan: span(0, 0, 0, 0), nameSpan: span(0, 0, 0, 0), entries: [], comments: [], endLine: 0 };
    const tables: TomlTable[] = [root];
    let current = root;
    for (this.line = 0; this.line < this.lines.length; this.line++) {
      this.col = 0;
      const start = this.line;
      try {
        this.skipSpaces();
        const c = this.peek();
        if (c === undefined) {
          // A blank line ends a comment block: comments above it do not describe the next key.
          this.pendingComments = [];
          continue;
        }
        if (c === '#') {
          this.pendingComments.push(this.text().slice(this.col + 1).replace(/^ /, ''));
          continue;
        }
        current.endLine = Math.max(current.endLine, start - 1);
        if (c === '[') {
          const table = this.header();
          if (table) {
            tables.push(table);
            current = table;
          }
        } else {
          const entry = this.entry(current.path);
          if (entry) current.entries.push(entry);
        }
        this.pendingComments = [];
        this.endOfLine();
      } catch (err) {
        if (!(err instanceof Stop)) throw err;
        this.pendingComments = [];
        // Resume on the line after the one where reading stopped (a multi-line value may have moved on).
      }
      current.endLine = Math.max(current.endLine, this.line);
    }
    return { tables, problems: this.problems };
  }

  // ---- statements ----

  private header(): TomlTable | undefined {
    const from = this.col;
    const array = this.text().startsWith('[[', this.col);
    this.col += array ? 2 : 1;
    this.skipSpaces();
    const nameFrom = this.col;
    const path = this.key();
    const nameTo = this.keyEnd;
    this.skipSpaces();
    if (array ? !this.text().startsWith(']]', this.col) : this.peek() !== ']') {
      this.fail(`expected '${array ? ']]' : ']'}' to close the table header`);
    }
    this.col += array ? 2 : 1;
    return {
      path,
      arrayElement: array,
      headerSpan: lineSpan(this.line, from, this.col - from),
      nameSpan: lineSpan(this.line, nameFrom, nameTo - nameFrom),
      entries: [],
      comments: this.pendingComments,
      endLine: this.line,
    };
  }

  private entry(tablePath: readonly string[]): TomlEntry {
    const kv = this.keyValue(0);
    return { ...kv, path: [...tablePath, ...kv.key], comments: this.pendingComments };
  }

  /** `key = value`, at the current position. */
  private keyValue(depth: number): { key: string[]; keySpan: Span; value: TomlValue; line: number } {
    const line = this.line;
    const keyFrom = this.col;
    const key = this.key();
    const keySpan = lineSpan(line, keyFrom, this.keyEnd - keyFrom);
    this.skipSpaces();
    if (this.peek() !== '=') this.fail(`expected '=' after the key '${key.join('.')}'`);
    this.col++;
    this.skipSpaces();
    return { key, keySpan, value: this.value(depth), line };
  }

  /** A possibly dotted key: bare words and quoted parts separated by dots. */
  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") {
        parts.push(this.singleLineString(c));
      } else {
        // Templates also name tables by placeholder: [agent.@PROJECT_TYPE@].
        const rest = this.text().slice(this.col);
        const m = (this.options.placeholders ? PLACEHOLDER.exec(rest) : null) ?? BARE_KEY.exec(rest);
        if (!m) this.fail(parts.length ? 'expected a key part after the dot' : 'expected a key');
        parts.push(m![0]);
        this.col += m![0].length;
      }
      this.keyEnd = this.col;
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.col++;
    }
  }

  // ---- values ----

  private value(depth: number): TomlValue {
    const startLine = this.line;
    const startCol = this.col;
    const rest = this.text().slice(this.col);
    const c = rest[0];
    const made = (kind: TomlValueKind, value?: string | number | boolean, extra: Partial<TomlValue> = {}): TomlValue => ({
      kind,
      span: span(startLine, startCol, this.line, this.col),
      raw: this.rawBetween(startLine, startCol, this.line, this.col),
      ...(value === undefined ? {} : { value }),
      ...extra,
    });
    if (c === undefined || c === '#') this.fail('expected a value');
    if (depth > MAX_DEPTH) this.fail(`values nested deeper than ${MAX_DEPTH} levels`);
    if (c === '"' || c === "'") {
      if (rest.startsWith(c.repeat(3))) return made('string', this.multiLineString(c));
      const s = this.singleLineString(c);
      if (this.options.placeholders && /^@[A-Za-z0-9_]+@$/.test(s)) return made('placeholder', s);
      return made('string', s);
    }
    if (c === '[') return this.array(depth, made);
    if (c === '{') return this.inlineTable(depth, made);
    if (this.options.placeholders) {
      const p = PLACEHOLDER.exec(rest);
      if (p) {
        this.col += p[0].length;
        return made('placeholder', p[0]);
      }
    }
    if (/^(true|false)(?![A-Za-z0-9_])/.test(rest)) {
      const v = rest.startsWith('true');
      this.col += v ? 4 : 5;
      return made('boolean', v);
    }
    const d = DATETIME.exec(rest);
    if (d && !/^[0-9]/.test(rest.slice(d[0].length)) && (d[0].includes('-') || d[0].includes(':'))) {
      this.col += d[0].length;
      return made('datetime', d[0]);
    }
    const n = NUMBER.exec(rest);
    if (n && n[0] !== '' && n[0] !== '+' && n[0] !== '-') {
      const word = /^[^\s,\]}#]*/.exec(rest)![0];
      if (word !== n[0]) {
        this.col += word.length;
        this.problem(`'${word}' is not a valid value`, lineSpan(startLine, startCol, word.length));
        return made('invalid');
      }
      this.col += n[0].length;
      return made(/^[+-]?(inf|nan)$/.test(n[0]) || (/[.eE]/.test(n[0]) && !/^[+-]?0x/i.test(n[0])) ? 'float' : 'integer', numberValue(n[0]));
    }
    const word = /^[^\s,\]}#]*/.exec(rest)![0] || rest[0];
    this.col += word.length;
    this.problem(`'${word}' is not a valid value (strings need quotes)`, lineSpan(startLine, startCol, word.length));
    return made('invalid');
  }

  private array(depth: number, made: (kind: TomlValueKind, value?: undefined, extra?: Partial<TomlValue>) => TomlValue): TomlValue {
    this.col++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlankAndComments('an array');
      if (this.peek() === ']') {
        this.col++;
        return made('array', undefined, { items });
      }
      items.push(this.value(depth + 1));
      this.skipBlankAndComments('an array');
      if (this.commaOr(']', 'an array') === 'closed') return made('array', undefined, { items });
    }
  }

  private inlineTable(depth: number, made: (kind: TomlValueKind, value?: undefined, extra?: Partial<TomlValue>) => TomlValue): TomlValue {
    this.col++;
    const entries: TomlEntry[] = [];
    this.skipSpaces();
    if (this.peek() === '}') {
      this.col++;
      return made('inline-table', undefined, { entries });
    }
    for (;;) {
      this.skipSpaces();
      const kv = this.keyValue(depth + 1);
      entries.push({ ...kv, path: kv.key, comments: [] });
      this.skipSpaces();
      if (this.commaOr('}', 'an inline table') === 'closed') return made('inline-table', undefined, { entries });
    }
  }

  /** After an element: a comma (more follow) or the closing bracket; anything else abandons the statement. */
  private commaOr(close: string, where: string): 'more' | 'closed' {
    const c = this.peek();
    if (c !== ',' && c !== close) this.fail(`expected ',' or '${close}' in ${where}, found '${c ?? 'the end of the line'}'`);
    this.col++;
    return c === ',' ? 'more' : 'closed';
  }

  private singleLineString(quote: string): string {
    const text = this.text();
    let out = '';
    let i = this.col + 1;
    while (i < text.length) {
      const ch = text[i];
      if (ch === quote) {
        this.col = i + 1;
        return out;
      }
      if (ch === '\\' && quote === '"') {
        const esc = this.escapeAt(text, i);
        out += esc.text;
        i += esc.length;
        continue;
      }
      out += ch;
      i++;
    }
    this.col = text.length;
    this.fail('a string is not closed on its line');
  }

  private multiLineString(quote: string): string {
    const delimiter = quote.repeat(3);
    let out = '';
    let text = this.text();
    let i = this.col + 3;
    // A newline right after the opening delimiter is not part of the string.
    if (i >= text.length && this.line + 1 < this.lines.length) {
      this.line++;
      text = this.text();
      i = 0;
    }
    for (;;) {
      if (text.startsWith(delimiter, i)) {
        // Up to two quotes right before the closing delimiter belong to the string.
        let end = i + 3;
        while (end < text.length && text[end] === quote && end - i < 5) end++;
        out += quote.repeat(end - i - 3);
        this.col = end;
        return out;
      }
      if (i >= text.length) {
        if (this.line + 1 >= this.lines.length) {
          this.col = text.length;
          this.fail('a multi-line string is not closed before the end of the file');
        }
        out += '\n';
        this.line++;
        text = this.text();
        i = 0;
        continue;
      }
      const ch = text[i];
      if (ch === '\\' && quote === '"') {
        if (/^\\[ \t]*$/.test(text.slice(i))) {
          // A line-ending backslash trims the newline and the whitespace that follows.
          do {
            if (this.line + 1 >= this.lines.length) {
              this.col = text.length;
              this.fail('a multi-line string is not closed before the end of the file');
            }
            this.line++;
            text = this.text();
            i = /^[ \t]*/.exec(text)![0].length;
          } while (i >= text.length);
          continue;
        }
        const esc = this.escapeAt(text, i);
        out += esc.text;
        i += esc.length;
        continue;
      }
      out += ch;
      i++;
    }
  }

  /** The escape sequence at `text[i]` (a backslash in a basic string); an invalid one abandons the statement. */
  private escapeAt(text: string, i: number): { text: string; length: number } {
    const esc = unescape(text, i);
    if (esc) return esc;
    this.col = i;
    this.fail(`invalid escape '${text.slice(i, i + 2)}' in a string`);
  }

  // ---- helpers ----

  private text(): string {
    return this.lines[this.line] ?? '';
  }

  private peek(): string | undefined {
    return this.text()[this.col];
  }

  private skipSpaces(): void {
    const text = this.text();
    while (this.col < text.length && (text[this.col] === ' ' || text[this.col] === '\t')) this.col++;
  }

  /** Inside arrays: spaces, comments and line ends. */
  private skipBlankAndComments(where: string): void {
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c !== undefined && c !== '#') return;
      if (this.line + 1 >= this.lines.length) this.fail(`${where} is not closed before the end of the file`);
      this.line++;
      this.col = 0;
    }
  }

  /** After a statement only a comment may follow on the line. */
  private endOfLine(): void {
    this.skipSpaces();
    const c = this.peek();
    if (c !== undefined && c !== '#') {
      this.problem(`unexpected '${this.text().slice(this.col).trimEnd()}' after the value`, lineSpan(this.line, this.col, this.text().length - this.col));
    }
  }

  private rawBetween(l1: number, c1: number, l2: number, c2: number): string {
    if (l1 === l2) return (this.lines[l1] ?? '').slice(c1, c2);
    return [(this.lines[l1] ?? '').slice(c1), ...this.lines.slice(l1 + 1, l2), (this.lines[l2] ?? '').slice(0, c2)].join('\n');
  }

  private problem(message: string, at: Span): void {
    this.problems.push({ message, span: at });
  }

  /** Reports at the current position and abandons the statement. */
  private fail(message: string): never {
    // At the end of a line there is no character to mark: mark the line's last one instead of one past it
    // (a span past the line's end lies outside the document); an empty line gets an empty span.
    const length = this.text().length;
    const at = this.col < length ? this.col : Math.max(0, length - 1);
    this.problem(message, lineSpan(this.line, at, Math.min(1, length - at)));
    throw new Stop();
  }
}

class Stop {}

function numberValue(raw: string): number {
  const s = raw.replace(/_/g, '');
  if (/^[+-]?inf$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(s)) return NaN;
  if (/^0x/i.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o/i.test(s)) return parseInt(s.slice(2), 8);
  if (/^0b/i.test(s)) return parseInt(s.slice(2), 2);
  return Number(s);
}

/** One escape sequence of a basic string, at `text[i]` (a backslash). */
function unescape(text: string, i: number): { text: string; length: number } | undefined {
  const c = text[i + 1];
  const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  if (c !== undefined && Object.prototype.hasOwnProperty.call(simple, c)) return { text: simple[c], length: 2 };
  const hex = c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hex === 0) return undefined;
  const digits = text.slice(i + 2, i + 2 + hex);
  if (digits.length !== hex || !/^[0-9A-Fa-f]+$/.test(digits)) return undefined;
  const code = parseInt(digits, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { text: String.fromCodePoint(code), length: 2 + hex };
}

/** Every entry of the document, with its table, in file order (inline tables' entries are not listed). */
export function allEntries(doc: TomlDocument): { table: TomlTable; entry: TomlEntry }[] {
  return doc.tables.flatMap((table) => table.entries.map((entry) => ({ table, entry })));
}
