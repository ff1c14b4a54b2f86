// Parser for the Kconfig language: builds the symbol table and the menu tree the way the kernel's
// parser.y and menu.c do, and never throws — every error becomes a Problem and parsing goes on.

import * as path from 'node:path';
import { problem, type Problem, type Severity } from '../../common/problem';
import { fitSpan, lineSpan, lineLengths, span } from '../../common/span';
import { Lexer, type Token, type TokenKind } from './lexer';
import { MacroProcessor, type ShellRunner } from './macro';
import {
  SYM_ALLNOCONFIG_Y,
  SYM_CHOICE,
  SYM_CONST,
  SYM_NO_WRITE,
  SYM_OPTIONAL,
  exprAnd,
  exprSymbol,
  newMenuNode,
  newProperty,
  newSymbol,
  type CompareOp,
  type Expr,
  type KSymbol,
  type KconfigModel,
  type MenuKind,
  type MenuNode,
  type Property,
  type PropertyKind,
  type SourcedFile,
  type SymbolType,
} from './model';
import { dependencyLoops } from './depcheck';
import { finalizeMenus } from './finalize';

/** Read access to the kernel tree; open editor buffers may stand in for files on disk. */
export interface KconfigFileSystem {
  read(file: string): string | undefined;
  /** Entries of a directory (names only), for the glob forms of `source`. */
  list?(dir: string): readonly string[] | undefined;
  /**
   * The file's path with symbolic links resolved; undefined when it does not exist. Without it, `source` is kept
   * inside the tree by its path as written only (an in-memory tree has no links).
   */
  realPath?(file: string): string | undefined;
}

export interface ParseOptions {
  /** The kernel tree (the kernel's $(srctree)); relative `source` paths are taken from here. */
  readonly srctree: string;
  /** The top file, relative to srctree; 'Kconfig' by default. */
  readonly topFile?: string;
  /** Environment as `make` gives it to conf: ARCH, SRCARCH, CC, LD, KERNELVERSION, ... */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fs: KconfigFileSystem;
  readonly shell: ShellRunner;
}

const HASH_SIZE = 9973;
/** Far beyond any real tree (the kernel nests a dozen levels), low enough for every recursion here. */
const MAX_BLOCK_DEPTH = 200;
const MAX_PAREN_DEPTH = 200;
/**
 * Operators in one expression. The kernel's longest have a few dozen; a chain of many thousands (`A && A && ...`)
 * builds a tree so deep that the recursive walks over it (menu_finalize, evaluation) overflow the stack.
 */
const MAX_EXPR_OPERATORS = 1000;

/** The kernel's symbol hash (32-bit FNV-1, then modulo the table size); decides for_all_symbols order. */
function bucketOf(name: string): number {
  // Int32 arithmetic throughout: Math.imul wraps like C's unsigned multiply, and the xor sees the same bits.
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 127) return bucketOfUtf8(name);
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return (hash >>> 0) % HASH_SIZE;
}

function bucketOfUtf8(name: string): number {
  let hash = 0x811c9dc5 | 0;
  for (const b of Buffer.from(name, 'utf8')) {
    // C's char is signed on x86: bytes above 127 are sign-extended before the xor.
    hash = Math.imul(hash ^ ((b << 24) >> 24), 0x01000193);
  }
  return (hash >>> 0) % HASH_SIZE;
}

/**
 * The kernel's symbol table (sym_lookup/sym_find). Lookups go through maps; the hash buckets that
 * decide for_all_symbols order are computed once, when that order is asked for.
 */
class SymbolTable {
  /** Every symbol made here except y, m and n, oldest first. */
  private readonly created: KSymbol[] = [];
  /** At most one symbol per name for each lookup kind: flags 0, SYM_CONST, and a named SYM_CHOICE. */
  private readonly ordinary = new Map<string, KSymbol>();
  private readonly constants = new Map<string, KSymbol>();
  private readonly choices = new Map<string, KSymbol>();
  private nextId = 3;
  readonly yes: KSymbol;
  readonly mod: KSymbol;
  readonly no: KSymbol;

  constructor() {
    this.yes = newSymbol(0, 'y', 'tristate', SYM_CONST);
    this.mod = newSymbol(1, 'm', 'tristate', SYM_CONST);
    this.no = newSymbol(2, 'n', 'tristate', SYM_CONST);
  }

  private mapFor(flags: LookupFlags): Map<string, KSymbol> {
    return flags === 0 ? this.ordinary : flags === SYM_CONST ? this.constants : this.choices;
  }

  /** sym_lookup: flags 0 finds an ordinary symbol, SYM_CONST a constant, SYM_CHOICE a choice (always a new one when unnamed). */
  lookup(name: string | undefined, flags: LookupFlags): KSymbol {
    if (name !== undefined) {
      if (name === 'y') return this.yes;
      if (name === 'm') return this.mod;
      if (name === 'n') return this.no;
      const known = this.mapFor(flags).get(name);
      if (known) return known;
    }
    const sym = newSymbol(this.nextId++, name, 'unknown', flags);
    this.created.push(sym);
    if (name !== undefined) this.mapFor(flags).set(name, sym);
    return sym;
  }

  /** sym_find: the newest symbol of that name that is not a constant. */
  find(name: string): KSymbol | undefined {
    if (name === 'y') return this.yes;
    if (name === 'm') return this.mod;
    if (name === 'n') return this.no;
    const plain = this.ordinary.get(name);
    const choice = this.choices.get(name);
    if (!plain || !choice) return plain ?? choice;
    return plain.id > choice.id ? plain : choice;
  }

  /** One more than the highest id handed out: the size of per-symbol arrays. */
  get count(): number {
    return this.nextId;
  }

  /**
   * The kernel's for_all_symbols order: buckets in order, newest first within a bucket (it inserts at
   * the head of each chain). Unnamed choices hash to bucket 0, as in the kernel.
   */
  inHashOrder(): KSymbol[] {
    const n = this.created.length;
    const buckets = new Int32Array(n);
    const starts = new Int32Array(HASH_SIZE + 1);
    for (let i = 0; i < n; i++) {
      const name = this.created[i].name;
      buckets[i] = name === undefined ? 0 : bucketOf(name);
      starts[buckets[i] + 1]++;
    }
    for (let b = 0; b < HASH_SIZE; b++) starts[b + 1] += starts[b];
    const out = new Array<KSymbol>(n);
    for (let i = n - 1; i >= 0; i--) out[starts[buckets[i]]++] = this.created[i];
    return out;
  }
}

type LookupFlags = 0 | typeof SYM_CONST | typeof SYM_CHOICE;

const TYPE_KEYWORDS: Record<string, SymbolType> = {
  bool: 'bool',
  boolean: 'bool',
  tristate: 'tristate',
  int: 'int',
  hex: 'hex',
  string: 'string',
};

const COMPARE_TOKENS: Partial<Record<TokenKind, CompareOp>> = {
  equal: '=',
  unequal: '!=',
  less: '<',
  lessEqual: '<=',
  greater: '>',
  greaterEqual: '>=',
};

class Parser {
  private readonly symbols = new SymbolTable();
  private readonly treeRoot: string;
  private readonly lexer: Lexer;
  private readonly macros: MacroProcessor;
  private readonly problems: Problem[] = [];
  private readonly files: SourcedFile[] = [];
  private fatal = false;
  private current!: Token;
  /** The token under the cursor (a method, so that type narrowing does not survive advance()). */
  private cur(): Token {
    return this.current;
  }
  private propertyCount = 0;
  /** Properties of the current entry not yet moved to its symbol (see endEntry). */
  private readonly entryProps: Property[] = [];
  private modulesSym: KSymbol | undefined;
  /** Open menu/if/choice blocks and parentheses: bounded, so that no input can exhaust the stack. */
  private blockDepth = 0;
  /** Set when the input was given up at MAX_BLOCK_DEPTH: the blocks left open then are not the file's fault. */
  private abandoned = false;
  private parenDepth = 0;
  /** Operators read so far in the expression being parsed, and whether it went past MAX_EXPR_OPERATORS. */
  private exprOperators = 0;
  private exprTooLong = false;
  readonly root: MenuNode;
  private currentMenu: MenuNode;
  private currentEntry: MenuNode;
  private lastEntry: { owner: MenuNode; field: 'list' | 'next' };

  constructor(private readonly options: ParseOptions) {
    this.macros = new MacroProcessor({
      env: (name) => options.env[name] ?? (name === 'srctree' ? options.srctree : undefined),
      shell: options.shell,
      onMessage: (m) => {
        // `$(info,)` prints an empty line; a problem still needs words.
        const text = m.text.trim() === '' ? `(an empty ${m.kind === 'info' ? '$(info,...)' : m.kind === 'warning' ? '$(warning-if,...)' : '$(error-if,...)'} message)` : m.text;
        return m.uncertain
          ? // Depends on a command that was not run (untrusted workspace): only a guess, never fatal.
            this.report('kconfig-macro-uncertain', 'hint', `${text} (a guess: $(shell,...) did not run here)`, m.location.file, m.location.line, false)
          : this.report(
              m.kind === 'error' ? 'kconfig-macro-error' : m.kind === 'warning' ? 'kconfig-macro-warning' : 'kconfig-macro-info',
              m.kind === 'error' ? 'error' : m.kind === 'warning' ? 'warning' : 'information',
              text,
              m.location.file,
              m.location.line,
              m.kind === 'error',
            );
      },
    });
    this.treeRoot = path.resolve(options.srctree);
    this.lexer = new Lexer(this.macros, (m) => this.report('kconfig-syntax-warning', 'warning', m.text, m.file, m.line, false, m.column));
    const topFile = options.topFile ?? 'Kconfig';
    this.root = newMenuNode('root', undefined, this.resolve(topFile), 1);
    this.currentMenu = this.root;
    this.currentEntry = this.root;
    this.lastEntry = { owner: this.root, field: 'list' };
  }

  private resolve(file: string): string {
    return path.isAbsolute(file) ? file : path.join(this.options.srctree, file);
  }

  report(code: string, severity: Severity, message: string, file: string, line: number, fatal = severity === 'error', column = 0): void {
    if (fatal) this.fatal = true;
    const l = Math.max(0, line - 1);
    this.problems.push(problem(code, severity, message, file, column > 0 ? lineSpan(l, column, 1) : span(l, 0, l, 1000)));
  }

  /**
   * Whole-line problems are made without the line at hand (column 1000 stands for "to the end"), and a line
   * number may lie past a file's end: once parsing is over, end each span where its line really ends, so
   * that none reaches outside its file. Only files with problems are read again.
   */
  private fitProblemsToLines(): void {
    const lengths = new Map<string, readonly number[] | undefined>();
    for (let i = 0; i < this.problems.length; i++) {
      const p = this.problems[i];
      if (!lengths.has(p.file)) {
        const text = this.options.fs.read(p.file);
        lengths.set(p.file, text === undefined ? undefined : lineLengths(text));
      }
      const known = lengths.get(p.file);
      if (known) this.problems[i] = { ...p, span: fitSpan(p.span, known) };
    }
  }

  private error(message: string, line = this.lexer.statementLine, file = this.lexer.statementFile || this.cur()?.file): void {
    this.report('kconfig-syntax-error', 'error', message, file, line, true);
  }

  private warn(message: string, line = this.lexer.statementLine, file = this.lexer.statementFile || this.cur()?.file): void {
    this.report('kconfig-syntax-warning', 'warning', message, file, line, false);
  }

  // ---- tokens -------------------------------------------------------------------------------

  private advance(): Token {
    const t = this.cur();
    this.current = this.lexer.next();
    return t;
  }

  private isKeyword(...names: string[]): boolean {
    return this.cur().kind === 'keyword' && names.includes(this.cur().text);
  }

  /** Skip to the end of the statement (the parser's `error T_EOL` recovery). */
  private skipLine(): void {
    while (this.cur().kind !== 'eol' && this.cur().kind !== 'eof') this.advance();
    if (this.cur().kind === 'eol') this.advance();
  }

  private expectEol(what: string): boolean {
    if (this.cur().kind === 'eol') {
      this.advance();
      return true;
    }
    if (this.cur().kind === 'eof') return true;
    this.error(`syntax error: unexpected ${this.describe(this.cur())} after ${what}`);
    this.skipLine();
    return false;
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case 'word':
      case 'keyword':
        return `'${t.text}'`;
      case 'quote':
        return `string "${t.text}"`;
      case 'eol':
        return 'end of line';
      case 'eof':
        return 'end of file';
      default:
        return `'${t.text}'`;
    }
  }

  // ---- building the database (menu.c) -------------------------------------------------------

  private addEntry(kind: MenuKind, sym: KSymbol | undefined): MenuNode {
    this.endEntry();
    const menu = newMenuNode(kind, sym, this.lexer.statementFile, this.lexer.statementLine);
    menu.parent = this.currentMenu;
    menu.enclosing = this.currentMenu;
    this.lastEntry.owner[this.lastEntry.field] = menu;
    this.lastEntry = { owner: menu, field: 'next' };
    this.currentEntry = menu;
    if (sym) {
      // Most symbols have one definition: arrays made to size, not grown by push (which leaves spare room).
      sym.definitions = sym.definitions.length === 0 ? [menu] : [...sym.definitions, menu];
      this.addProperty('symbol', exprSymbol(sym), undefined);
    }
    return menu;
  }

  private addMenu(): MenuNode {
    this.lastEntry = { owner: this.currentEntry, field: 'list' };
    this.currentMenu = this.currentEntry;
    return this.currentMenu;
  }

  private endMenu(): void {
    this.lastEntry = { owner: this.currentMenu, field: 'next' };
    this.currentMenu = this.currentMenu.parent ?? this.root;
  }

  private addProperty(kind: PropertyKind, expr: Expr | undefined, dep: Expr | undefined): Property {
    const prop = newProperty(this.propertyCount++, kind, expr, dep, this.currentEntry, this.lexer.statementFile, this.lexer.statementLine);
    if (this.currentEntry.sym) this.entryProps.push(prop);
    return prop;
  }

  /**
   * The properties of an entry join its symbol's list when the entry ends, in one array of the
   * right size (pushing one by one leaves room for 17 in each of ~17,000 arrays).
   */
  private endEntry(): void {
    const sym = this.currentEntry.sym;
    if (!sym || this.entryProps.length === 0) return;
    sym.props = sym.props.length === 0 ? this.entryProps.slice() : sym.props.concat(this.entryProps);
    this.entryProps.length = 0;
  }

  private addPrompt(kind: 'prompt' | 'menu' | 'comment', text: string, dep: Expr | undefined): Property {
    const prop = this.addProperty(kind, undefined, dep);
    if (/^\s/.test(text)) {
      this.warn('leading whitespace ignored');
      text = text.replace(/^\s+/, '');
    }
    if (this.currentEntry.prompt) this.warn('prompt redefined');
    if (kind === 'prompt') {
      // Enclosing menus' `visible if` conditions limit every prompt inside them.
      for (let m = this.currentEntry.parent; m; m = m.parent) {
        if (m.visibility) prop.visible = exprAnd(prop.visible, m.visibility);
      }
    }
    this.currentEntry.prompt = prop;
    prop.text = text;
    return prop;
  }

  private setType(type: SymbolType): void {
    const sym = this.currentEntry.sym;
    if (!sym || sym.type === type) return;
    if (sym.type === 'unknown') {
      sym.type = type;
      return;
    }
    this.warn(`ignoring type redefinition of '${sym.name ?? '<choice>'}' from '${typeName(sym.type)}' to '${typeName(type)}'`);
  }

  private addDep(dep: Expr): void {
    this.currentEntry.dep = exprAnd(this.currentEntry.dep, dep);
    this.currentEntry.writtenDep = exprAnd(this.currentEntry.writtenDep, dep);
  }

  // ---- expressions --------------------------------------------------------------------------

  private parseSymbol(allowConst: boolean): KSymbol | undefined {
    if (this.cur().kind === 'word' || this.cur().kind === 'keyword') {
      // Keywords cannot be symbol names in the kernel's grammar.
      if (this.cur().kind === 'keyword') return undefined;
      return this.symbols.lookup(this.advance().text, 0);
    }
    if (allowConst && this.cur().kind === 'quote') return this.symbols.lookup(this.advance().text, SYM_CONST);
    return undefined;
  }

  private parseExpr(): Expr | undefined {
    let left = this.parseAnd();
    if (!left) return undefined;
    while (this.cur().kind === 'or') {
      if (this.tooManyOperators()) return undefined;
      this.advance();
      const right = this.parseAnd();
      if (!right) return undefined;
      left = { kind: 'or', left, right };
    }
    return left;
  }

  private parseAnd(): Expr | undefined {
    let left = this.parseUnary();
    if (!left) return undefined;
    while (this.cur().kind === 'and') {
      if (this.tooManyOperators()) return undefined;
      this.advance();
      const right = this.parseUnary();
      if (!right) return undefined;
      left = { kind: 'and', left, right };
    }
    return left;
  }

  private parseUnary(): Expr | undefined {
    if (this.cur().kind === 'not') {
      if (this.tooManyOperators()) return undefined;
      this.advance();
      const operand = this.parseUnary();
      return operand && { kind: 'not', operand };
    }
    if (this.cur().kind === 'openParen') {
      if (this.parenDepth >= MAX_PAREN_DEPTH) return undefined;
      this.advance();
      this.parenDepth++;
      const inner = this.parseExpr();
      this.parenDepth--;
      if (!inner) return undefined;
      if (this.cur().kind !== 'closeParen') return undefined;
      this.advance();
      return inner;
    }
    const left = this.parseSymbol(true);
    if (!left) return undefined;
    const op = COMPARE_TOKENS[this.cur().kind];
    if (op) {
      this.advance();
      const right = this.parseSymbol(true);
      if (!right) return undefined;
      return { kind: 'compare', op, left, right };
    }
    return exprSymbol(left);
  }

  private tooManyOperators(): boolean {
    if (++this.exprOperators <= MAX_EXPR_OPERATORS) return false;
    this.exprTooLong = true;
    return true;
  }

  /** `expr`, reporting a syntax error and skipping the line when it is malformed. */
  private expectExpr(what: string): Expr | undefined {
    this.exprOperators = 0;
    this.exprTooLong = false;
    const e = this.parseExpr();
    if (!e) {
      if (this.exprTooLong) this.error(`${what} has more than ${MAX_EXPR_OPERATORS} operators; the expression is not read`);
      else this.error(`syntax error in ${what}: unexpected ${this.describe(this.cur())}`);
      this.skipLine();
    }
    return e;
  }

  /** Optional `if <expr>`; returns false when it was malformed (line skipped). */
  private parseIfExpr(what: string): { ok: boolean; cond?: Expr } {
    if (!this.isKeyword('if')) return { ok: true };
    this.advance();
    const cond = this.expectExpr(`the condition of ${what}`);
    return cond ? { ok: true, cond } : { ok: false };
  }

  // ---- statements ---------------------------------------------------------------------------

  parse(): KconfigModel {
    const top = this.resolve(this.options.topFile ?? 'Kconfig');
    const text = this.options.fs.read(top);
    if (text === undefined) {
      this.report('kconfig-file-not-found', 'error', `can't find file ${top}`, top, 1, true);
    } else {
      this.files.push({ path: top });
      this.lexer.pushFile(top, text);
      this.advance();
      if (this.isKeyword('mainmenu')) {
        this.advance();
        if (this.cur().kind === 'quote') {
          const t = this.advance().text;
          this.addPrompt('menu', t, undefined);
          this.expectEol('mainmenu');
        } else {
          this.error('mainmenu needs a quoted title');
          this.skipLine();
        }
      }
      this.parseStatements(false, undefined);
      while (this.cur().kind !== 'eof') {
        // Stray end tokens at the top level.
        this.error(`unexpected '${this.cur().text}' outside any block`);
        this.skipLine();
        this.parseStatements(false, undefined);
      }
    }
    this.endEntry();
    const modules = this.modulesSym ?? this.symbols.no;
    if (!this.root.prompt) {
      this.currentEntry = this.root;
      this.addPrompt('menu', 'Main menu', undefined);
    }
    const symbolsInHashOrder = this.symbols.inHashOrder();
    const byName = new Map<string, KSymbol>();
    for (const s of symbolsInHashOrder) {
      if (s.name !== undefined && !(s.flags & (SYM_CONST | SYM_CHOICE)) && !byName.has(s.name)) byName.set(s.name, s);
    }
    const finalizeProblems = finalizeMenus(this.root, {
      yes: this.symbols.yes,
      mod: this.symbols.mod,
      no: this.symbols.no,
      modules,
      addChoiceProperty: (menu, choice) => {
        menu.sym!.props.push(newProperty(this.propertyCount++, 'choice', exprSymbol(choice), undefined, menu, menu.file, menu.line));
      },
    });
    // conf checks every symbol for dependency loops once the menus are final, and stops at any.
    const loops = dependencyLoops({ symbolsInHashOrder, symbolCount: this.symbols.count });
    for (const p of [...finalizeProblems, ...loops]) {
      this.problems.push(p);
      if (p.severity === 'error') this.fatal = true;
    }
    this.fitProblemsToLines();
    return {
      root: this.root,
      symbolsInHashOrder,
      byName,
      yes: this.symbols.yes,
      mod: this.symbols.mod,
      no: this.symbols.no,
      modules,
      files: this.files,
      problems: this.problems,
      fatal: this.fatal,
      environmentUsed: this.macros.environmentUsed,
      shellFallback: this.macros.usedShellFallback,
      propertyCount: this.propertyCount,
      symbolCount: this.symbols.count,
      mainmenu: this.root.prompt?.text ?? 'Main menu',
    };
  }

  /**
   * A list of statements, up to an end keyword or the end of input. `inChoice` limits the
   * statements to those allowed inside a choice. `block` is the block being read, for its end keyword.
   */
  private parseStatements(inChoice: boolean, block: { keyword: 'endmenu' | 'endif' | 'endchoice'; menu: MenuNode } | undefined): void {
    if (block && ++this.blockDepth > MAX_BLOCK_DEPTH) {
      this.error(`blocks nested more than ${MAX_BLOCK_DEPTH} deep; the rest of the input is not read (a limit of this checker: conf has none, and no kernel tree nests a dozen deep)`);
      this.abandoned = true;
      while (this.cur().kind !== 'eof') this.advance();
      this.blockDepth--;
      return;
    }
    try {
      this.parseStatementList(inChoice, block);
    } finally {
      if (block) this.blockDepth--;
    }
  }

  private parseStatementList(inChoice: boolean, block: { keyword: 'endmenu' | 'endif' | 'endchoice'; menu: MenuNode } | undefined): void {
    for (;;) {
      const t = this.cur();
      if (t.kind === 'eof') {
        if (block && !this.abandoned) {
          this.report(
            'kconfig-missing-end',
            'error',
            `missing end statement for this entry (expected '${block.keyword}')`,
            block.menu.file,
            block.menu.line,
            true,
          );
        }
        return;
      }
      if (t.kind === 'eol') {
        this.advance();
        continue;
      }
      if (t.kind === 'keyword') {
        switch (t.text) {
          case 'endmenu':
          case 'endif':
          case 'endchoice':
            if (block) return;
            this.error(`unexpected '${t.text}' outside any block`);
            this.skipLine();
            continue;
          case 'config':
          case 'menuconfig':
            if (inChoice && t.text === 'menuconfig') break;
            this.parseConfig(t.text);
            continue;
          case 'comment':
            this.parseComment();
            continue;
          case 'if':
            this.parseIf(inChoice);
            continue;
          case 'choice':
            if (inChoice) break;
            this.parseChoice();
            continue;
          case 'menu':
            if (inChoice) break;
            this.parseMenu();
            continue;
          case 'source':
            if (inChoice) break;
            this.parseSource();
            continue;
        }
        this.error(`invalid statement: '${t.text}' is not allowed here`);
        this.skipLine();
        continue;
      }
      if (t.kind === 'word' && !inChoice) {
        const word = this.advance();
        const op = this.cur().kind;
        if (op === 'equal' || op === 'colonEqual' || op === 'plusEqual') {
          this.advance();
          let value = '';
          if (this.cur().kind === 'assignVal') value = this.advance().text;
          this.macros.setLocation({ file: word.file, line: word.line });
          this.macros.assign(word.text, op === 'equal' ? '=' : op === 'colonEqual' ? ':=' : '+=', value);
          this.expectEol('assignment');
          continue;
        }
        // Kconfiglib's source forms: not understood by the kernel's conf.
        if (['rsource', 'osource', 'orsource', 'gsource', 'grsource'].includes(word.text) && this.cur().kind === 'quote') {
          this.parseKconfiglibSource(word);
          continue;
        }
        this.error(`unknown statement "${word.text}"`, word.line, word.file);
        this.skipLine();
        continue;
      }
      this.error(`invalid statement`);
      this.skipLine();
    }
  }

  private parseEnd(keyword: 'endmenu' | 'endif' | 'endchoice', menu: MenuNode): void {
    const t = this.cur();
    if (t.kind === 'keyword' && t.text === keyword) {
      const file = this.lexer.statementFile;
      this.advance();
      this.expectEol(keyword);
      if (file !== menu.file) {
        this.error(`'${keyword.slice(3)}' in different file than '${keyword.slice(3)}' (opened at ${menu.file}:${menu.line})`);
        return;
      }
      menu.endLine = t.line;
      this.endMenu();
      return;
    }
    if (t.kind === 'keyword' && (t.text === 'endmenu' || t.text === 'endif' || t.text === 'endchoice')) {
      this.error(`unexpected '${t.text.slice(3)}' within ${keyword.slice(3)} block`);
      this.advance();
      this.expectEol(t.text);
      this.endMenu();
      return;
    }
    // End of input without the end keyword: parseStatements reported it.
    this.endMenu();
  }

  private parseConfig(keyword: 'config' | 'menuconfig' | string): void {
    this.advance();
    const nameTok = this.cur();
    if (nameTok.kind !== 'word') {
      this.error(`${keyword} needs a symbol name`);
      this.skipLine();
      return;
    }
    this.advance();
    const sym = this.symbols.lookup(nameTok.text, 0);
    sym.flags |= SYM_OPTIONAL;
    const menu = this.addEntry(keyword === 'menuconfig' ? 'menuconfig' : 'config', sym);
    this.expectEol(keyword);
    this.parseConfigOptions(false);
    if (keyword === 'menuconfig') {
      if (menu.prompt) menu.prompt.kind = 'menu';
      else this.warn('menuconfig statement without prompt', menu.line, menu.file);
    }
  }

  /** Options of a config, menuconfig or choice entry. */
  private parseConfigOptions(inChoiceHeader: boolean): void {
    for (;;) {
      const t = this.cur();
      if (t.kind === 'eol') {
        this.advance();
        continue;
      }
      if (t.kind !== 'keyword') return;
      const kw = t.text;
      if (kw in TYPE_KEYWORDS && (!inChoiceHeader || kw === 'bool' || kw === 'boolean' || kw === 'tristate')) {
        this.advance();
        const type = TYPE_KEYWORDS[kw];
        if (this.cur().kind === 'quote') {
          const text = this.advance().text;
          const cond = this.parseIfExpr('a prompt');
          if (!cond.ok) continue;
          this.addPrompt('prompt', text, cond.cond);
        }
        this.setType(type);
        this.expectEol(kw);
        continue;
      }
      switch (kw) {
        case 'prompt': {
          this.advance();
          if (this.cur().kind !== 'quote') {
            this.error('prompt needs a quoted text');
            this.skipLine();
            continue;
          }
          const text = this.advance().text;
          const cond = this.parseIfExpr('a prompt');
          if (!cond.ok) continue;
          this.addPrompt('prompt', text, cond.cond);
          this.expectEol('prompt');
          continue;
        }
        case 'default':
        case 'def_bool':
        case 'def_tristate': {
          this.advance();
          if (inChoiceHeader) {
            if (kw !== 'default') break;
            const target = this.parseSymbol(false);
            if (!target) {
              this.error('a choice default needs a symbol name');
              this.skipLine();
              continue;
            }
            const cond = this.parseIfExpr('a default');
            if (!cond.ok) continue;
            this.addProperty('default', exprSymbol(target), cond.cond);
            this.expectEol('default');
            continue;
          }
          const value = this.expectExpr(kw);
          if (!value) continue;
          const cond = this.parseIfExpr('a default');
          if (!cond.ok) continue;
          this.addProperty('default', value, cond.cond);
          if (kw !== 'default') this.setType(kw === 'def_bool' ? 'bool' : 'tristate');
          this.expectEol(kw);
          continue;
        }
        case 'select':
        case 'imply': {
          if (inChoiceHeader) break;
          this.advance();
          const target = this.parseSymbol(false);
          if (!target) {
            this.error(`${kw} needs a symbol name`);
            this.skipLine();
            continue;
          }
          const cond = this.parseIfExpr(`a ${kw}`);
          if (!cond.ok) continue;
          this.addProperty(kw, exprSymbol(target), cond.cond);
          this.expectEol(kw);
          continue;
        }
        case 'range': {
          if (inChoiceHeader) break;
          this.advance();
          const low = this.parseSymbol(true);
          const high = low && this.parseSymbol(true);
          if (!low || !high) {
            this.error('range needs two bounds');
            this.skipLine();
            continue;
          }
          const cond = this.parseIfExpr('a range');
          if (!cond.ok) continue;
          this.addProperty('range', { kind: 'compare', op: '<=', left: low, right: high }, cond.cond);
          this.expectEol('range');
          continue;
        }
        case 'modules': {
          if (inChoiceHeader) break;
          this.advance();
          this.setModules();
          this.expectEol('modules');
          continue;
        }
        case 'optional': {
          if (!inChoiceHeader) break;
          this.advance();
          if (this.currentEntry.sym) this.currentEntry.sym.flags |= SYM_OPTIONAL;
          this.expectEol('optional');
          continue;
        }
        case 'transitional': {
          // Linux 6.18: the symbol is read from old configurations but never written back.
          if (inChoiceHeader) break;
          this.advance();
          if (this.currentEntry.sym) this.currentEntry.sym.flags |= SYM_NO_WRITE;
          this.expectEol('transitional');
          continue;
        }
        case 'option': {
          this.advance();
          this.parseOldOption();
          continue;
        }
        case 'depends':
          this.parseDependsOn();
          continue;
        case 'help':
        case '---help---': {
          this.parseHelp();
          continue;
        }
      }
      return;
    }
  }

  private setModules(): void {
    const sym = this.currentEntry.sym;
    if (!sym) return;
    if (this.modulesSym && this.modulesSym !== sym) {
      this.error(`symbol '${sym.name}' redefines option 'modules' already defined by symbol '${this.modulesSym.name}'`);
      return;
    }
    this.modulesSym = sym;
  }

  /** `option modules`, `option defconfig_list`, `option allnoconfig_y`, `option env=...` of kernels before 5.x/6.x. */
  private parseOldOption(): void {
    const name = this.cur();
    if (name.kind !== 'word' && name.kind !== 'keyword') {
      this.error('option needs a name');
      this.skipLine();
      return;
    }
    this.advance();
    switch (name.text) {
      case 'modules':
        this.setModules();
        break;
      case 'allnoconfig_y':
        if (this.currentEntry.sym) this.currentEntry.sym.flags |= SYM_ALLNOCONFIG_Y;
        break;
      case 'defconfig_list':
        break;
      case 'env':
        if (this.cur().kind === 'equal') {
          this.advance();
          if (this.cur().kind === 'quote' || this.cur().kind === 'word') this.advance();
        }
        break;
      default:
        this.warn(`ignoring unknown option ${name.text}`);
    }
    this.skipLine();
  }

  /** `depends on <expr>` of a config, choice, menu or comment entry (the current token is `depends`). */
  private parseDependsOn(): void {
    this.advance();
    if (!this.isKeyword('on')) {
      this.error("'depends' must be followed by 'on'");
      this.skipLine();
      return;
    }
    this.advance();
    const dep = this.expectExpr('depends on');
    if (!dep) return;
    this.addDep(dep);
    this.expectEol('depends on');
  }

  private parseHelp(): void {
    const helpTok = this.advance();
    const entry = this.currentEntry;
    if (this.cur().kind !== 'eol') {
      this.error("'help' must stand alone on its line");
      this.skipLine();
      return;
    }
    // The help text starts on the next line: switch the lexer before it reads on.
    this.lexer.startHelp();
    const textTok = this.lexer.next();
    this.current = textTok.kind === 'helpText' ? this.lexer.next() : textTok;
    const help = textTok.kind === 'helpText' ? textTok.help : undefined;
    if (entry.help !== undefined) {
      this.warn(`'${entry.sym?.name ?? '<choice>'}' defined with more than one help text -- only the last one will be used`, helpTok.line, helpTok.file);
    }
    if (!help || help.blank) this.warn(`'${entry.sym?.name ?? '<choice>'}' defined with blank help text`, helpTok.line, helpTok.file);
    entry.help = help ?? { fileText: '', start: 0, blank: true };
    entry.helpLines = { start: helpTok.line + 1, end: Math.max(helpTok.line + 1, textTok.endLine - 1) };
  }

  private parseChoice(): void {
    this.advance();
    let name: string | undefined;
    if (this.cur().kind === 'word') name = this.advance().text;
    const sym = this.symbols.lookup(name, SYM_CHOICE);
    sym.flags |= SYM_NO_WRITE;
    const entry = this.addEntry('choice', sym);
    const choiceProp = this.addProperty('choice', undefined, undefined);
    choiceProp.choiceValues = [];
    this.expectEol('choice');
    this.parseConfigOptions(true);
    const menu = this.addMenu();
    this.parseStatements(true, { keyword: 'endchoice', menu });
    this.parseEnd('endchoice', entry);
  }

  private parseIf(inChoice: boolean): void {
    this.advance();
    const cond = this.expectExpr('if');
    this.addEntry('if', undefined);
    if (cond) {
      this.addDep(cond);
      this.expectEol('if');
    }
    const menu = this.addMenu();
    this.parseStatements(inChoice, { keyword: 'endif', menu });
    this.parseEnd('endif', menu);
  }

  /** The first line of a `menu "..."` or `comment "..."` entry; false when the text is missing (line skipped). */
  private parseTitledEntry(kind: 'menu' | 'comment'): boolean {
    this.advance();
    if (this.cur().kind !== 'quote') {
      this.error(`${kind} needs a quoted text`);
      this.skipLine();
      return false;
    }
    const text = this.advance().text;
    this.addEntry(kind, undefined);
    this.addPrompt(kind, text, undefined);
    this.expectEol(kind);
    return true;
  }

  private parseMenu(): void {
    if (!this.parseTitledEntry('menu')) return;
    // Menu options: `visible if` and `depends on`.
    for (;;) {
      if (this.cur().kind === 'eol') {
        this.advance();
        continue;
      }
      if (this.isKeyword('visible')) {
        this.advance();
        const cond = this.parseIfExpr('visible');
        if (!cond.ok) continue;
        if (cond.cond) this.currentEntry.visibility = exprAnd(this.currentEntry.visibility, cond.cond);
        this.expectEol('visible');
        continue;
      }
      if (this.isKeyword('depends')) {
        this.parseDependsOn();
        continue;
      }
      break;
    }
    const menu = this.addMenu();
    this.parseStatements(false, { keyword: 'endmenu', menu });
    this.parseEnd('endmenu', menu);
  }

  private parseComment(): void {
    if (!this.parseTitledEntry('comment')) return;
    for (;;) {
      if (this.cur().kind === 'eol') {
        this.advance();
        continue;
      }
      if (!this.isKeyword('depends')) return;
      this.parseDependsOn();
    }
  }

  private parseSource(): void {
    const kw = this.cur();
    this.advance();
    if (this.cur().kind !== 'quote') {
      this.error('source needs a quoted file name');
      this.skipLine();
      return;
    }
    const name = this.advance();
    if (this.cur().kind !== 'eol' && this.cur().kind !== 'eof') {
      this.error(`syntax error after source "${name.text}"`);
      this.skipLine();
      return;
    }
    // The new file is read right after this line, before the next token of this one.
    this.includeFile(this.resolve(name.text), kw, false);
    this.advance();
  }

  private parseKconfiglibSource(word: Token): void {
    const name = this.advance();
    this.report(
      'kconfig-non-linux-source',
      'warning',
      `'${word.text}' is a Kconfiglib (Zephyr) extension; the Linux kernel's conf rejects it`,
      word.file,
      word.line,
      false,
    );
    const relative = word.text.includes('r');
    const optional = word.text.startsWith('o') || word.text.startsWith('g');
    const base = relative ? path.dirname(word.file) : this.options.srctree;
    const pattern = path.isAbsolute(name.text) ? name.text : path.join(base, name.text);
    const matches = /[*?[]/.test(pattern) ? this.glob(pattern) : [pattern];
    if (this.cur().kind === 'eol') {
      for (const file of matches.reverse()) this.includeFile(file, word, optional);
    }
    this.advance();
  }

  private glob(pattern: string): string[] {
    const dir = path.dirname(pattern);
    const base = path.basename(pattern);
    const re = new RegExp(
      '^' +
        base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') +
        '$',
    );
    const names = this.options.fs.list?.(dir) ?? [];
    return names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
  }

  private includeFile(file: string, at: Token, optional: boolean): void {
    const stack = this.lexer.fileStack;
    if (stack.includes(file)) {
      this.report(
        'kconfig-recursive-source',
        'error',
        `Recursive inclusion detected: ${file} is already being read (${stack.map((f) => path.relative(this.options.srctree, f)).join(' -> ')})`,
        at.file,
        at.line,
        true,
      );
      return;
    }
    if (!isInside(this.treeRoot, file)) {
      this.report('kconfig-source-outside-tree', 'error', `source "${file}" points outside the kernel tree ${this.options.srctree}; not read`, at.file, at.line, true);
      return;
    }
    // A link inside the tree may lead out of it: a Kconfig file from a pull request must not make us read ~/.ssh.
    if (!sourceAllowed(this.treeRoot, file, this.options.fs)) {
      this.report('kconfig-source-outside-tree', 'error', `source "${file}" is a link to a file outside the kernel tree ${this.options.srctree}; not read`, at.file, at.line, true);
      return;
    }
    const text = this.options.fs.read(file);
    if (text === undefined) {
      if (!optional) this.report('kconfig-file-not-found', 'error', `can't open file "${path.relative(this.options.srctree, file)}"`, at.file, at.line, true);
      return;
    }
    this.files.push({ path: file, from: { file: at.file, line: at.line } });
    this.lexer.pushFile(file, text);
  }
}

/**
 * Whether `source` may read `file`: inside the tree as written and, where the file system resolves links, once
 * its links are resolved. `root` is resolved already.
 */
export function sourceAllowed(root: string, file: string, fs: KconfigFileSystem): boolean {
  if (!isInside(root, file)) return false;
  const real = fs.realPath?.(file);
  return real === undefined || isInside(fs.realPath?.(root) ?? root, real);
}

/** Whether a file lies in the tree; `root` is resolved already. Paths made by path.join need no resolving. */
function isInside(root: string, file: string): boolean {
  const f = !path.isAbsolute(file) || /[\\/]\.\.?(?:[\\/]|$)|[\\/][\\/]/.test(file) ? path.resolve(file) : file;
  return f === root || f.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export function typeName(t: SymbolType): string {
  return t === 'int' ? 'integer' : t;
}

/** Parse a whole Kconfig tree starting at its top file. Never throws. */
export function parseKconfig(options: ParseOptions): KconfigModel {
  try {
    return new Parser(options).parse();
  } catch (e) {
    // A last line of defence: the limits above should make this unreachable. Report, do not crash.
    const top = path.join(options.srctree, options.topFile ?? 'Kconfig');
    const empty = new Parser({ ...options, fs: { read: () => '', list: () => [] } }).parse();
    return {
      ...empty,
      fatal: true,
      problems: [problem('kconfig-internal-error', 'error', `the Kconfig files could not be read: ${(e as Error).message}`, top, span(0, 0, 0, 0))],
    };
  }
}
