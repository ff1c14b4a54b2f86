// The parsed Kconfig database: symbols, their properties and the menu tree, as `conf` builds them.
// Built once by the parser and finalized; evaluation keeps its state elsewhere (see evaluate.ts).

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
  readonly props: Property[];
  /** Menu nodes that define this symbol (config/menuconfig/choice entries). */
  readonly definitions: MenuNode[];
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
