// Tokenizer for the Kconfig language, reproducing the kernel lexer's rules (scripts/kconfig/lexer.l):
// keywords are whole words, `#` starts a comment, `\` joins lines, help text is measured by indentation,
// and `$(...)` in words and strings is expanded by the macro processor while reading.

import type { MacroProcessor } from './macro';

export type TokenKind =
  | 'eol'
  | 'eof'
  | 'word'
  | 'quote'
  | 'assignVal'
  | 'helpText'
  | 'keyword'
  | 'or'
  | 'and'
  | 'equal'
  | 'unequal'
  | 'less'
  | 'lessEqual'
  | 'greater'
  | 'greaterEqual'
  | 'not'
  | 'openParen'
  | 'closeParen'
  | 'colonEqual'
  | 'plusEqual';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword name, word or string contents (after expansion), assignment value, or help text. */
  readonly text: string;
  readonly file: string;
  /** 1-based line and 0-based column where the token starts. */
  readonly line: number;
  readonly column: number;
  /** Column just past the token, on `endLine`. */
  readonly endLine: number;
  readonly endColumn: number;
  /** For words and strings: true when `$(...)` contributed to the text. */
  readonly expanded: boolean;
  /** For help text: where it is (the text itself is built only when asked for). */
  readonly help?: HelpSource;
}

/** Words that are keywords when they stand alone (Linux 5.4 to 6.18, the union of all). */
export const KEYWORDS = new Set([
  'bool',
  'boolean',
  'choice',
  'comment',
  'config',
  'def_bool',
  'def_tristate',
  'default',
  'depends',
  'endchoice',
  'endif',
  'endmenu',
  'help',
  '---help---',
  'hex',
  'if',
  'imply',
  'int',
  'mainmenu',
  'menu',
  'menuconfig',
  'modules',
  'on',
  'option',
  'optional',
  'prompt',
  'range',
  'select',
  'source',
  'string',
  'transitional',
  'tristate',
  'visible',
]);

export interface LexerMessage {
  readonly kind: 'warning' | 'error';
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const TWO_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  '||': 'or',
  '&&': 'and',
  '!=': 'unequal',
  '<=': 'lessEqual',
  '>=': 'greaterEqual',
  ':=': 'colonEqual',
  '+=': 'plusEqual',
};

const ONE_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  '=': 'equal',
  '<': 'less',
  '>': 'greater',
  '!': 'not',
  '(': 'openParen',
  ')': 'closeParen',
};

interface Operator {
  readonly kind: TokenKind;
  readonly text: string;
  readonly length: number;
}

const TWO_CHAR_OPERATORS = new Map<string, Operator>(Object.entries(TWO_CHAR_TOKENS).map(([text, kind]) => [text, { kind, text, length: 2 }]));
const ONE_CHAR_OPERATORS = new Map<number, Operator>(Object.entries(ONE_CHAR_TOKENS).map(([text, kind]) => [text.charCodeAt(0), { kind, text, length: 1 }]));
/** First characters of the two-character operators: | & ! < > : + */
const TWO_CHAR_STARTS = new Set([124, 38, 33, 60, 62, 58, 43]);

/** The operator at `pos` (whose character code is `code`), two characters before one. */
function operatorAt(t: string, pos: number, code: number): Operator | undefined {
  if (TWO_CHAR_STARTS.has(code) && pos + 1 < t.length) {
    const two = TWO_CHAR_OPERATORS.get(t.slice(pos, pos + 2));
    if (two) return two;
  }
  return ONE_CHAR_OPERATORS.get(code);
}

/** [A-Za-z0-9_-] by character code. */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * For readers that go through Kconfig text line by line without the lexer (quick scans): tells
 * which lines belong to a help block, which ends at the first non-blank line indented less than
 * the block's first line.
 */
export class HelpBlockLines {
  private active = false;
  private firstIndent = -1;

  /** A `help` line was read: the help text starts on the next line. */
  start(): void {
    this.active = true;
    this.firstIndent = -1;
  }

  /** True when the line is help text; false when no help block is open or this line ends it. */
  contains(line: string): boolean {
    return this.containsSlice(line, 0, line.length);
  }

  /** contains(text.slice(start, end)), without making the string. */
  containsSlice(text: string, start: number, end: number): boolean {
    if (!this.active) return false;
    let indent = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent = (indent & ~7) + 8;
      else break;
    }
    const c = text.charCodeAt(i);
    // Printable ASCII after the indentation: not blank. Anything rarer: trim() decides, as contains() does.
    const blank = i >= end || (!(c > 32 && c < 127) && text.slice(i, end).trim() === '');
    if (blank) return true;
    if (this.firstIndent < 0) this.firstIndent = indent;
    if (indent >= this.firstIndent && this.firstIndent > 0) return true;
    this.active = false;
    return false;
  }
}

interface HelpScan {
  /** Where the lexer goes on reading: the start of the first line that is not help text. */
  readonly end: number;
  readonly newlines: number;
  /** Offset of the line `end` is on. */
  readonly lastLineStart: number;
  /** True when the block holds nothing but blanks. */
  readonly blank: boolean;
  /** The help text as the kernel keeps it (only when asked to build it). */
  readonly text: string;
}

/**
 * Reads a help block from `pos` (the start of the line after `help`) with the kernel lexer's rules:
 * the first line's indentation (tabs to multiples of 8) is stripped from every line, deeper
 * indentation is kept, trailing blanks are dropped, and the block ends at the first non-blank line
 * indented less than the first, or where a line starts with a non-blank character. The parser only
 * needs where it ends; the text itself is built when someone asks for it (helpText).
 */
function scanHelp(t: string, pos: number, build: boolean): HelpScan {
  let text = '';
  let blank = true;
  let newlines = 0;
  let lastLineStart = pos;
  let firstIndent = 0;
  let lastIndent = 0;
  const result = (): HelpScan => ({ end: pos, newlines, lastLineStart, blank, text });
  for (;;) {
    if (pos >= t.length) return result();
    let p = pos;
    let indent = 0;
    for (; p < t.length; p++) {
      const c = t.charCodeAt(p);
      if (c === 32) indent++;
      else if (c === 9) indent = (indent & ~7) + 8;
      else break;
    }
    if (p >= t.length) {
      pos = p;
      return result();
    }
    if (t.charCodeAt(p) === 10) {
      // A blank line: it ends the help if the next line starts with a non-blank character.
      pos = p + 1;
      newlines++;
      lastLineStart = pos;
      if (pos < t.length && !isBlankOrNewline(t.charCodeAt(pos))) return result();
      if (build) text += '\n';
      continue;
    }
    if (p > pos) {
      lastIndent = indent;
      if (firstIndent) {
        if (indent < firstIndent) {
          pos = p;
          return result();
        }
        if (build) {
          let extra = indent - firstIndent;
          while (extra > 8) {
            text += '        ';
            extra -= 8;
          }
          text += ' '.repeat(extra);
        }
      }
      pos = p;
    }
    // The text of the line, trailing blanks dropped.
    const eol = t.indexOf('\n', pos);
    const lineEnd = eol < 0 ? t.length : eol;
    let textEnd = lineEnd;
    while (textEnd > pos && (t.charCodeAt(textEnd - 1) === 32 || t.charCodeAt(textEnd - 1) === 9)) textEnd--;
    if (textEnd > pos) blank = false;
    if (build) text += t.slice(pos, textEnd);
    if (!firstIndent) firstIndent = lastIndent;
    pos = lineEnd;
    if (pos >= t.length) return result();
    // The newline: ends the help when the next line starts with a non-blank.
    pos++;
    newlines++;
    lastLineStart = pos;
    if (pos < t.length && !isBlankOrNewline(t.charCodeAt(pos))) return result();
    if (build) text += '\n';
  }
}

function isBlankOrNewline(c: number): boolean {
  return c === 32 || c === 9 || c === 10;
}

/** Where a help block was written; its text is built from the file when asked for. */
export interface HelpSource {
  readonly fileText: string;
  /** Offset of the line after `help`. */
  readonly start: number;
  readonly blank: boolean;
}

/** The text of a help block, as the kernel would keep it. */
export function helpText(source: HelpSource): string {
  return scanHelp(source.fileText, source.start, true).text;
}

/** Every token is made here, so that all have one shape (the parser's reads of them stay fast). */
function makeToken(
  kind: TokenKind,
  text: string,
  file: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  expanded: boolean,
  help: HelpSource | undefined,
): Token {
  return { kind, text, file, line, column, endLine, endColumn, expanded, help };
}

/** One file being read. */
class FileReader {
  pos = 0;
  line = 1;
  lineStart = 0;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  column(at = this.pos): number {
    return at - this.lineStart;
  }

  advance(n: number): void {
    const end = this.pos + n;
    for (let nl = this.text.indexOf('\n', this.pos); nl >= 0 && nl < end; nl = this.text.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
    this.pos = end;
  }
}

type State = 'initial' | 'assignVal' | 'help' | 'string';

export class Lexer {
  private readonly files: FileReader[] = [];
  private state: State = 'initial';
  private prevToken: TokenKind = 'eol';
  private prevPrevToken: TokenKind = 'eol';
  /** Line of the first token of the current statement (the kernel's current_pos). */
  statementLine = 1;
  statementFile = '';

  constructor(
    private readonly macros: MacroProcessor,
    private readonly onMessage: (m: LexerMessage) => void,
  ) {}

  get currentFile(): string | undefined {
    return this.files[this.files.length - 1]?.file;
  }

  get fileStack(): readonly string[] {
    return this.files.map((f) => f.file);
  }

  pushFile(file: string, text: string): void {
    this.files.push(new FileReader(file, text));
  }

  /** Called by the parser right after `help` and its end of line. */
  startHelp(): void {
    this.state = 'help';
  }

  next(): Token {
    for (;;) {
      const tok = this.lexOne();
      if (tok === undefined) continue;
      if (this.prevToken === 'eol' || this.prevToken === 'helpText') {
        if (tok.kind === 'eol') continue; // blank lines are not passed on
        this.statementLine = tok.line;
        this.statementFile = tok.file;
      }
      if (
        this.prevPrevToken === 'eol' &&
        this.prevToken === 'word' &&
        (tok.kind === 'equal' || tok.kind === 'colonEqual' || tok.kind === 'plusEqual')
      ) {
        this.state = 'assignVal';
      }
      this.prevPrevToken = this.prevToken;
      this.prevToken = tok.kind;
      return tok;
    }
  }

  private warn(r: FileReader, text: string, line = r.line, column = r.column()): void {
    this.onMessage({ kind: 'warning', text, file: r.file, line, column });
  }

  /** Returns a token, or undefined when something was skipped. */
  private lexOne(): Token | undefined {
    const r = this.files[this.files.length - 1];
    if (!r) return makeToken('eof', '', '', 0, 0, 0, 0, false, undefined);
    switch (this.state) {
      case 'help':
        return this.lexHelp(r);
      case 'assignVal':
        return this.lexAssignVal(r);
      default:
        return this.lexInitial(r);
    }
  }

  private endOfFile(r: FileReader): Token {
    const line = r.line;
    const col = r.column();
    if (this.prevToken !== 'eol' && this.prevToken !== 'helpText') this.warn(r, 'no new line at end of file');
    this.files.pop();
    this.state = 'initial';
    return makeToken('eol', '', r.file, line, col, line, col, false, undefined);
  }

  private lexInitial(r: FileReader): Token | undefined {
    const t = r.text;
    for (;;) {
      if (r.pos >= t.length) return this.endOfFile(r);
      const code = t.charCodeAt(r.pos);
      const startLine = r.line;
      const startCol = r.pos - r.lineStart;
      switch (code) {
        case 35: {
          // '#': a comment to the end of the line (the newline is read next).
          const eol = t.indexOf('\n', r.pos);
          r.pos = eol < 0 ? t.length : eol;
          continue;
        }
        case 32:
        case 9: {
          let p = r.pos + 1;
          while (p < t.length && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9)) p++;
          r.pos = p;
          continue;
        }
        case 92:
          // A backslash before a newline joins the lines.
          if (t.charCodeAt(r.pos + 1) === 10) {
            r.pos += 2;
            r.line++;
            r.lineStart = r.pos;
            continue;
          }
          break;
        case 10:
          r.pos++;
          r.line++;
          r.lineStart = r.pos;
          return makeToken('eol', '', r.file, startLine, startCol, startLine, startCol + 1, false, undefined);
        case 34:
        case 39:
          r.pos++;
          return this.lexString(r, code === 34 ? '"' : "'", startLine, startCol);
      }
      const operator = operatorAt(t, r.pos, code);
      if (operator) {
        r.pos += operator.length;
        return makeToken(operator.kind, operator.text, r.file, startLine, startCol, startLine, startCol + operator.length, false, undefined);
      }
      if (isWordCode(code) || code === 36) {
        let end = r.pos;
        let hasDollar = false;
        for (; end < t.length; end++) {
          const c = t.charCodeAt(end);
          if (c === 36) hasDollar = true;
          else if (!isWordCode(c)) break;
        }
        if (!hasDollar) {
          const word = t.slice(r.pos, end);
          // Words never contain a newline: move without line accounting.
          r.pos = end;
          // '---help---' is a keyword of older kernels; everything else made of word characters is a word unless it is exactly a keyword.
          return makeToken(KEYWORDS.has(word) ? 'keyword' : 'word', word, r.file, startLine, startCol, startLine, end - r.lineStart, false, undefined);
        }
        // A word with '$': the kernel hands the rest of the line to the macro expander, which decides where the token ends.
        const eol = t.indexOf('\n', r.pos);
        const lineEnd = eol < 0 ? t.length : eol;
        const rest = t.slice(r.pos, lineEnd);
        this.macros.setLocation({ file: r.file, line: r.line });
        const { value, end: used } = this.macros.expandOneToken(rest, 0);
        // What the expansion did not use is read again as it stands (the kernel unputs those characters).
        r.pos += used;
        if (value.length === 0) continue;
        return makeToken('word', value, r.file, startLine, startCol, startLine, startCol + used, true, undefined);
      }
      this.warn(r, `ignoring unsupported character '${t[r.pos]}'`);
      r.advance(1);
      return undefined;
    }
  }

  private lexString(r: FileReader, quote: string, startLine: number, startCol: number): Token {
    const t = r.text;
    const q = quote.charCodeAt(0);
    let out = '';
    let expanded = false;
    const done = (): Token => makeToken('quote', out, r.file, startLine, startCol, r.line, r.column(), expanded, undefined);
    for (;;) {
      // Plain characters up to the next one with a meaning: taken as one slice.
      let p = r.pos;
      let c = -1;
      for (; p < t.length; p++) {
        c = t.charCodeAt(p);
        if (c === q || c === 36 || c === 92 || c === 10) break;
      }
      if (p > r.pos) {
        out += t.slice(r.pos, p);
        r.pos = p; // no newline in between
      }
      if (p >= t.length) return done();
      if (c === 36) {
        // Expand one reference starting after '$'; what it does not use is read again.
        const eol = t.indexOf('\n', r.pos);
        const lineEnd = eol < 0 ? t.length : eol;
        const rest = t.slice(r.pos + 1, lineEnd);
        this.macros.setLocation({ file: r.file, line: r.line });
        const { value, end } = this.macros.expandDollar(rest, 0);
        out += value;
        expanded = true;
        r.pos += 1 + end;
        continue;
      }
      if (c === 92) {
        if (r.pos + 1 < t.length && t.charCodeAt(r.pos + 1) !== 10) {
          out += t[r.pos + 1];
          r.pos += 2;
        } else {
          r.advance(1);
        }
        continue;
      }
      if (c === q) {
        r.pos++;
        return done();
      }
      // A newline before the closing quote.
      this.warn(r, 'multi-line strings not supported');
      return done();
    }
  }

  private lexAssignVal(r: FileReader): Token | undefined {
    const t = r.text;
    if (r.pos >= t.length) return this.endOfFile(r);
    const c = t[r.pos];
    const startLine = r.line;
    const startCol = r.column();
    if (c === '\n') {
      r.advance(1);
      this.state = 'initial';
      return makeToken('eol', '', r.file, startLine, startCol, startLine, startCol + 1, false, undefined);
    }
    if (c === ' ' || c === '\t') {
      r.advance(1);
      return undefined;
    }
    const eol = t.indexOf('\n', r.pos);
    const lineEnd = eol < 0 ? t.length : eol;
    const value = t.slice(r.pos, lineEnd);
    r.advance(lineEnd - r.pos);
    return makeToken('assignVal', value, r.file, startLine, startCol, startLine, r.column(), false, undefined);
  }

  private lexHelp(r: FileReader): Token {
    const startLine = r.line;
    const start = r.pos;
    const scan = scanHelp(r.text, start, false);
    r.pos = scan.end;
    if (scan.newlines > 0) {
      r.line += scan.newlines;
      r.lineStart = scan.lastLineStart;
    }
    this.state = 'initial';
    return makeToken('helpText', '', r.file, startLine, 0, r.line, r.column(), false, { fileText: r.text, start, blank: scan.blank });
  }
}
