// The parsed Kconfig database: symbols, their properties and the menu tree, as `conf` builds them.
// Built once by the parser and finalized; evaluation keeps its state elsewhere (see evaluate.ts).

import { appendAll } from '../../common/arrays';
import type { Problem } from '../../common/problem';
import type { HelpSource } from './lexer';

export type SymbolType = 'unknown' | 'bool' | 'tristate' | 'int' | 'hex' | 'string';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { readonly kind: 'symbol'; readonly sym: KSymbol }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: KSymbol; readonly right: KSymbol };

export type PropertyKind =
  | 'symbol' // marks a definition location of a symbol
  | 'prompt'
  | 'menu'
  | 'comment'
  | 'default'
  | 'select'
  | 'imply'
  | 'range'
  | 'choice'
  | 'env';

export interface Property {
  readonly id: number;
  kind: PropertyKind;
  /** default value, selected/implied symbol, range bounds (as a compare with op '<=' from low to high), ... */
  expr: Expr | undefined;
  /** The condition (`if ...`), with inherited dependencies folded in by finalize. */
  visible: Expr | undefined;
  /** Condition as written, before inherited dependencies were added (for explanations). */
  readonly written: Expr | undefined;
  text?: string;
  readonly menu: MenuNode;
  readonly file: string;
  /** 1-based line of the statement. */
  readonly line: number;
  /** For choices: the choice values, in order (the kernel's E_LIST). */
  choiceValues?: KSymbol[];
}

export const SYM_CONST = 0x1;
export const SYM_CHOICE = 0x10;
export const SYM_CHOICEVAL = 0x20;
export const SYM_OPTIONAL = 0x100;
export const SYM_NO_WRITE = 0x1000;
export const SYM_ALLNOCONFIG_Y = 0x4000;

export interface KSymbol {
  readonly id: number;
  /** undefined for an unnamed choice. */
  readonly name: string | undefined;
  type: SymbolType;
  /** Static flags set by the parser and finalize (SYM_*). */
  flags: number;
  props: Property[];
  /** Menu nodes that define this symbol (config/menuconfig/choice entries). */
  definitions: MenuNode[];
  dirDep: Expr | undefined;
  revDep: Expr | undefined;
  implied: Expr | undefined;
  /** The expression that is this symbol alone, made once (see exprSymbol). */
  asExpr: Expr | undefined;
}

export type MenuKind = 'root' | 'config' | 'menuconfig' | 'choice' | 'menu' | 'if' | 'comment';

export interface MenuNode {
  readonly kind: MenuKind;
  readonly sym: KSymbol | undefined;
  prompt: Property | undefined;
  /** Own `depends on` (and the `if` condition), with inherited dependencies folded in by finalize. */
  dep: Expr | undefined;
  /** Own `depends on` as written. */
  writtenDep: Expr | undefined;
  /** `visible if` of a menu. */
  visibility: Expr | undefined;
  parent: MenuNode | undefined;
  /** The block this entry was written in (menu, if, choice), before finalize reshaped the tree. */
  enclosing: MenuNode | undefined;
  list: MenuNode | undefined;
  next: MenuNode | undefined;
  /** Where its help text is written: helpText() in lexer.ts builds the text. */
  help: HelpSource | undefined;
  helpLines?: { start: number; end: number };
  readonly file: string;
  readonly line: number;
  /** 1-based line of the `endmenu`/`endif`/`endchoice`, when there is one. */
  endLine?: number;
}

export interface SourcedFile {
  readonly path: string;
  /** The file and line that sourced it (undefined for the top Kconfig). */
  readonly from?: { readonly file: string; readonly line: number };
}

export interface KconfigModel {
  readonly root: MenuNode;
  /** Every symbol, in the kernel's hash-table iteration order (for_all_symbols). */
  readonly symbolsInHashOrder: readonly KSymbol[];
  readonly byName: ReadonlyMap<string, KSymbol>;
  readonly yes: KSymbol;
  readonly mod: KSymbol;
  readonly no: KSymbol;
  /** The symbol with the `modules` option (the kernel falls back to 'n'). */
  readonly modules: KSymbol;
  readonly files: readonly SourcedFile[];
  readonly problems: readonly Problem[];
  /** True when the kernel's own conf would stop (syntax errors, recursive dependencies, error-if). */
  readonly fatal: boolean;
  /** Environment variables the Kconfig files read, with the values seen. */
  readonly environmentUsed: ReadonlyMap<string, string>;
  /** True when some $(shell,...) was not run and a fallback result was used. */
  readonly shellFallback: boolean;
  readonly propertyCount: number;
  /** One more than the highest symbol id: the size of per-symbol arrays. */
  readonly symbolCount: number;
  readonly mainmenu: string;
}

/** A symbol with nothing known yet. Every symbol is made here, so that all share one object shape. */
export function newSymbol(id: number, name: string | undefined, type: SymbolType, flags: number): KSymbol {
  return { id, name, type, flags, props: [], definitions: [], dirDep: undefined, revDep: undefined, implied: undefined, asExpr: undefined };
}

/** A property; `visible` is also kept as `written`. Every property is made here (one object shape). */
export function newProperty(id: number, kind: PropertyKind, expr: Expr | undefined, visible: Expr | undefined, menu: MenuNode, file: string, line: number): Property {
  return { id, kind, expr, visible, written: visible, text: undefined, menu, file, line, choiceValues: undefined };
}

/** A menu entry with no links yet. Every entry is made here (one object shape). */
export function newMenuNode(kind: MenuKind, sym: KSymbol | undefined, file: string, line: number): MenuNode {
  return {
    kind,
    sym,
    prompt: undefined,
    dep: undefined,
    writtenDep: undefined,
    visibility: undefined,
    parent: undefined,
    enclosing: undefined,
    list: undefined,
    next: undefined,
    help: undefined,
    helpLines: undefined,
    file,
    line,
    endLine: undefined,
  };
}

/**
 * Loading a tree builds some 150,000 of these objects in a few hundred milliseconds, long before
 * V8 has settled what it believes about their fields. V8 first assumes that a field never changes
 * once set and that it always holds the same kind of object; the first object that breaks either
 * belief throws away every optimized function compiled under it, and they run slowly again until
 * recompiled. Breaking each belief once here, on throwaway objects, before any of that code is
 * hot, saves those recompilations (see the README's notes on speed). Nothing else depends on it.
 */
function settleObjectShapes(): void {
  const sym = newSymbol(-1, undefined, 'unknown', 0);
  const other = newSymbol(-1, undefined, 'unknown', 0);
  const a = exprSymbol(sym);
  const not: Expr = { kind: 'not', operand: a };
  const cmp: Expr = { kind: 'compare', op: '=', left: sym, right: other };
  // And/or/not nodes whose operands are each kind of node, so that no operand field keeps one kind.
  const and = exprAnd(not, a)!;
  const or = exprOr(and, not)!;
  const notAnd: Expr = { kind: 'not', operand: and };
  exprAnd(a, cmp);
  exprAnd(cmp, or);
  exprOr(a, cmp);
  exprOr(cmp, and);
  const exprs: (Expr | undefined)[] = [a, and, or, notAnd, cmp, undefined];
  for (const e of exprs) {
    sym.dirDep = e;
    sym.revDep = e;
    sym.implied = e;
    sym.asExpr = e;
  }
  sym.type = 'bool';
  sym.flags = 1;
  const menu = newMenuNode('config', sym, '', 0);
  const otherMenu = newMenuNode('menu', undefined, '', 0);
  const prop = newProperty(-1, 'prompt', a, and, menu, '', 0);
  for (const e of exprs) {
    prop.expr = e;
    prop.visible = e;
    menu.dep = e;
    menu.writtenDep = e;
    menu.visibility = e;
  }
  prop.kind = 'menu';
  prop.text = 'x';
  prop.choiceValues = [sym];
  for (const m of [otherMenu, menu, undefined]) {
    menu.parent = m;
    menu.enclosing = m;
    menu.list = m;
    menu.next = m;
  }
  menu.prompt = prop;
  menu.prompt = undefined;
  menu.help = { fileText: '', start: 0, blank: true };
  menu.help = undefined;
  menu.helpLines = { start: 1, end: 1 };
  menu.helpLines = undefined;
  menu.endLine = 1;
  menu.endLine = undefined;
}

export function exprSymbol(sym: KSymbol): Expr {
  // Expressions are never changed once built: every use of a symbol can share one node.
  return (sym.asExpr ??= { kind: 'symbol', sym });
}

export function exprAnd(a: Expr | undefined, b: Expr | undefined): Expr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', left: a, right: b };
}

export function exprOr(a: Expr | undefined, b: Expr | undefined): Expr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'or', left: a, right: b };
}

/** The choice a choice value belongs to: the symbol its `choice` property names (the kernel's prop_get_symbol). */
export function choiceOf(value: KSymbol): KSymbol | undefined {
  const link = value.props.find((p) => p.kind === 'choice')?.expr;
  return link?.kind === 'symbol' ? link.sym : undefined;
}

/** A choice's values, in order (the kernel's E_LIST of its `choice` property). */
export function choiceValues(choice: KSymbol): readonly KSymbol[] {
  return choice.props.find((p) => p.kind === 'choice')?.choiceValues ?? [];
}

/** How deep a chain of one operator may nest before `balanced` regroups it. */
const CHAIN_DEPTH = 32;

/**
 * The expression with each long chain of one operator (`A && B && C && ...`, as thousands of `depends on`
 * lines on one entry or thousands of entries selecting one symbol build it, one level per line) regrouped
 * into a balanced tree of the same operands in the same order. && and || are the minimum and the maximum
 * of Kconfig's three values, so the grouping changes no value; exprToString prints a chain without inner
 * parentheses either way; and a walk over the result recurses about log2(n) levels instead of n. An
 * expression without such a chain comes back as the same object, so shared parts stay shared. It does not
 * recurse on the input's depth itself.
 */
export function balanced(root: Expr | undefined): Expr | undefined {
  if (!root || spineAtMost(root, CHAIN_DEPTH)) return root;
  const done = new Map<Expr, Expr>();
  const chains = new Map<Expr, Chain>();
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack[stack.length - 1];
    if (done.has(e)) {
      stack.pop();
      continue;
    }
    if (e.kind === 'symbol' || e.kind === 'compare') {
      done.set(e, e);
      stack.pop();
    } else if (e.kind === 'not') {
      const operand = done.get(e.operand);
      if (!operand) {
        stack.push(e.operand);
        continue;
      }
      done.set(e, operand === e.operand ? e : { kind: 'not', operand });
      stack.pop();
    } else {
      let chain = chains.get(e);
      if (!chain) chains.set(e, (chain = chainOf(e)));
      // Operands with no long chain of their own stay as they are, unvisited: the long chains of a kernel tree
      // (a symbol selected by hundreds of entries) have thousands of operands that are each small.
      for (const o of chain.operands) if (!done.has(o) && (o.kind === 'symbol' || o.kind === 'compare' || spineAtMost(o, CHAIN_DEPTH))) done.set(o, o);
      const waiting = chain.operands.filter((o) => !done.has(o));
      if (waiting.length > 0) {
        appendAll(stack, waiting);
        continue;
      }
      const operands = chain.operands.map((o) => done.get(o)!);
      const unchanged = chain.depth <= CHAIN_DEPTH && operands.every((o, i) => o === chain.operands[i]);
      done.set(e, unchanged ? e : joinBalanced(e.kind, operands, 0, operands.length));
      stack.pop();
    }
  }
  return done.get(root);
}

interface Chain {
  /** The operands of the chain's operator, left to right. */
  readonly operands: Expr[];
  /** How deep the operator nests within the chain. */
  readonly depth: number;
}

/** The operands of the longest chain of e's operator that starts at e. */
function chainOf(e: Expr & { kind: 'and' | 'or' }): Chain {
  const operands: Expr[] = [];
  let depth = 0;
  const pending: [Expr, number][] = [[e, 1]];
  for (let top = pending.pop(); top; top = pending.pop()) {
    const [x, level] = top;
    if (x.kind === e.kind) {
      depth = Math.max(depth, level);
      pending.push([x.right, level + 1], [x.left, level + 1]);
    } else {
      operands.push(x);
    }
  }
  return { operands, depth };
}

function joinBalanced(kind: 'and' | 'or', parts: readonly Expr[], from: number, to: number): Expr {
  if (to - from === 1) return parts[from];
  const middle = (from + to) >>> 1;
  return { kind, left: joinBalanced(kind, parts, from, middle), right: joinBalanced(kind, parts, middle, to) };
}

/**
 * Whether e's chains of one operator are short enough to keep: the chains that grow long are built one
 * operand at a time (`a && b`, then `(a && b) && c`, ...), so it is enough to follow left operands of the
 * same operator, a few steps at most, rather than walk the whole expression. A long chain written on one
 * line (the parser allows 1,000 operators) is as deep as it looks and is regrouped too.
 */
function spineAtMost(e: Expr, levels: number): boolean {
  if (e.kind !== 'and' && e.kind !== 'or') return true;
  let x: Expr = e;
  for (let depth = 0; x.kind === e.kind; depth++) {
    if (depth >= levels) return false;
    x = x.left;
  }
  return true;
}

/** Text of an expression in Kconfig syntax, with the kernel's parenthesization rules. */
export function exprToString(e: Expr | undefined, parentPrec = 0): string {
  if (!e) return 'y';
  const name = (s: KSymbol) => (s.flags & SYM_CONST && s.name !== 'y' && s.name !== 'm' && s.name !== 'n' ? JSON.stringify(s.name ?? '') : s.name ?? '<choice>');
  let text: string;
  let prec: number;
  switch (e.kind) {
    case 'symbol':
      return name(e.sym);
    case 'compare':
      text = `${name(e.left)} ${e.op} ${name(e.right)}`;
      prec = 4;
      break;
    case 'not':
      text = `!${exprToString(e.operand, 5)}`;
      prec = 5;
      break;
    case 'and':
      text = `${exprToString(e.left, 2)} && ${exprToString(e.right, 2)}`;
      prec = 2;
      break;
    case 'or':
      text = `${exprToString(e.left, 1)} || ${exprToString(e.right, 1)}`;
      prec = 1;
      break;
  }
  return prec < parentPrec ? `(${text})` : text;
}

/** Calls `visit` for every symbol an expression mentions, constants included, in order. */
export function forEachSymbolIn(e: Expr | undefined, visit: (sym: KSymbol) => void): void {
  if (!e) return;
  switch (e.kind) {
    case 'symbol':
      visit(e.sym);
      break;
    case 'compare':
      visit(e.left);
      visit(e.right);
      break;
    case 'not':
      forEachSymbolIn(e.operand, visit);
      break;
    default:
      forEachSymbolIn(e.left, visit);
      forEachSymbolIn(e.right, visit);
  }
}

settleObjectShapes();
