// After parsing: fold menu, `if` and choice dependencies into every entry and property, build the
// reverse dependencies of `select` and `imply`, group choice values, and reshape the menu tree
// the way the kernel's menu_finalize() does, so that evaluation sees the same expressions.

import { problem, type Problem } from '../../common/problem';
import { Simplifier, type SupersetBase } from './simplify';
import { span } from '../../common/span';
import {
  SYM_CHOICE,
  SYM_CHOICEVAL,
  SYM_CONST,
  SYM_OPTIONAL,
  balanced,
  choiceOf,
  exprAnd,
  exprOr,
  exprSymbol,
  type Expr,
  type KSymbol,
  type MenuNode,
  type Property,
  type SymbolType,
} from './model';

export interface FinalizeContext {
  readonly yes: KSymbol;
  readonly mod: KSymbol;
  readonly no: KSymbol;
  readonly modules: KSymbol;
  /** Adds the property that ties a choice value to its choice. */
  addChoiceProperty(valueMenu: MenuNode, choice: KSymbol): void;
}

export function finalizeMenus(root: MenuNode, ctx: FinalizeContext): Problem[] {
  const problems: Problem[] = [];
  const warned = new Set<KSymbol>();
  const warn = (file: string, line: number, message: string, code = 'kconfig-definition-warning') =>
    problems.push(problem(code, 'warning', message, file, span(Math.max(0, line - 1), 0, Math.max(0, line - 1), 1000)));

  /** `m` in a dependency means `m && MODULES`, so that it is `n` in a kernel without modules. */
  // Expressions are shared, never changed: a part without `m` is kept as it is, not copied.
  const rewriteM = (e: Expr | undefined): Expr | undefined => {
    if (!e) return e;
    switch (e.kind) {
      case 'not': {
        const operand = rewriteM(e.operand)!;
        return operand === e.operand ? e : { kind: 'not', operand };
      }
      case 'and':
      case 'or': {
        const left = rewriteM(e.left)!;
        const right = rewriteM(e.right)!;
        return left === e.left && right === e.right ? e : { kind: e.kind, left, right };
      }
      case 'symbol':
        return e.sym === ctx.mod ? { kind: 'and', left: e, right: exprSymbol(ctx.modules) } : e;
      default:
        return e;
    }
  };

  const setType = (menu: MenuNode, type: SymbolType) => {
    const sym = menu.sym!;
    if (sym.type === type) return;
    if (sym.type === 'unknown') {
      sym.type = type;
      return;
    }
    warn(menu.file, menu.line, `ignoring type redefinition of '${sym.name ?? '<choice>'}' from '${sym.type}' to '${type}'`);
  };

  // The kernel simplifies each dependency as it propagates it; conf's loop check sees the simplified ones.
  /** The entry or property whose condition is being simplified, for what the simplification has to say. */
  let simplifying: { file: string; line: number } = { file: '', line: 0 };
  const simplify = new Simplifier(ctx.yes, ctx.mod, ctx.no, (sym, forcedTo) =>
    warn(
      simplifying.file,
      simplifying.line,
      `'${sym.name}' is a bool, so testing it for m is always ${forcedTo === 'n' ? 'false' : 'true'}: conf warns "boolean symbol ${sym.name} tested for 'm'? test forced to '${forcedTo}'" and uses ${forcedTo}`,
    ),
  );

  /** Symbols whose reverse or direct dependencies grew here, one term per select, imply or definition. */
  const grown = new Set<KSymbol>();

  /** menu_finalize on one node: its own part (see listBranch and symbolChain), then what follows for every node. */
  function finalize(parent: MenuNode): void {
    if (parent.list) {
      listBranch(parent);
      tail(parent);
    } else if (parent.sym) {
      symbolChain(parent);
    } else {
      tail(parent);
    }
  }

  /**
   * A block's entries: each gets the block's dependencies, simplified as the kernel does, and its selects and
   * implies reach their targets; then each entry is finalized. The recursion is as deep as blocks nest, which
   * the parser bounds.
   */
  function listBranch(parent: MenuNode): void {
    const sym = parent.sym;
    let parentDep: Expr | undefined;
    if (sym && sym.flags & SYM_CHOICE) {
      if (sym.type === 'unknown') {
        for (let m: MenuNode | undefined = parent.list; m; m = m.next) {
          if (m.sym && m.sym.type !== 'unknown') {
            setType(parent, m.sym.type);
            break;
          }
        }
      }
      for (let m: MenuNode | undefined = parent.list; m; m = m.next) {
        if (m.sym && m.sym.type === 'unknown') setType(m, sym.type);
      }
      // The choice's own mode bounds the visibility of its values.
      parentDep = exprSymbol(sym);
    } else {
      parentDep = parent.dep;
    }

    for (let m: MenuNode | undefined = parent.list; m; m = m.next) {
      // Each `depends on` line added a level; thousands of them must not make every later walk as deep.
      m.writtenDep = balanced(m.writtenDep);
      simplifying = m;
      const baseDep = simplify.eliminateDupsOfAnd(parentDep, simplify.transform(rewriteM(balanced(m.dep))));
      m.dep = baseDep;
      const props: readonly Property[] = m.sym ? m.sym.props : m.prompt ? [m.prompt] : [];
      for (const prop of props) {
        // Properties of other definitions of the same symbol are handled at their own menu.
        if (prop.menu !== m) continue;
        simplifying = prop;
        const dep = simplify.eliminateDupsOfAnd(baseDep, simplify.transform(rewriteM(balanced(prop.visible))));
        prop.visible = dep;
        if (prop.kind === 'select' || prop.kind === 'imply') {
          const target = (prop.expr as { kind: 'symbol'; sym: KSymbol }).sym;
          const term: Expr = dep ? { kind: 'and', left: exprSymbol(m.sym!), right: dep } : exprSymbol(m.sym!);
          if (prop.kind === 'select') target.revDep = exprOr(target.revDep, term);
          else target.implied = exprOr(target.implied, term);
          grown.add(target);
        }
      }
    }

    for (let m: MenuNode | undefined = parent.list; m; m = m.next) finalize(m);
  }

  /**
   * Entries right after a symbol that depend on it become its children (a submenu in the UI), and so on down:
   * an entry after those that depends on the last becomes its child. Each depends on the one before in a chain
   * of thousands of entries, so the open symbols are kept in a list here rather than on the call stack.
   */
  function symbolChain(first: MenuNode): void {
    const open: { parent: MenuNode; sym: KSymbol; base: SupersetBase | undefined; last: MenuNode | undefined; next: MenuNode | undefined }[] = [];
    const start = (parent: MenuNode) => open.push({ parent, sym: parent.sym!, base: undefined, last: undefined, next: parent.next });
    /** Whether dep carries every condition of the symbol's prompt (made on first use: most entries need not ask). */
    const carriesPrompt = (f: (typeof open)[number], dep: Expr | undefined) => simplify.isSuperset(dep, (f.base ??= simplify.supersetBase(f.parent.prompt?.visible)));
    const adopt = (f: (typeof open)[number], m: MenuNode) => {
      m.parent = f.parent;
      f.last = m;
      f.next = m.next;
    };
    start(first);
    while (open.length > 0) {
      const f = open[open.length - 1];
      const m = f.next;
      const dep = m ? (m.prompt ? m.prompt.visible : m.dep) : undefined;
      if (m && containsSymbol(dep, f.sym) && (dependsOnSymbol(dep, f.sym) || carriesPrompt(f, dep))) {
        if (m.sym && !m.list) {
          start(m);
        } else {
          finalize(m);
          adopt(f, m);
        }
        continue;
      }
      const parent = f.parent;
      if (f.last) {
        parent.list = parent.next;
        parent.next = f.last.next;
        f.last.next = undefined;
      }
      f.sym.dirDep = exprOr(f.sym.dirDep, parent.dep);
      grown.add(f.sym);
      tail(parent);
      open.pop();
      if (open.length > 0) adopt(open[open.length - 1], parent);
    }
  }

  /** What follows for every node: choice values marked and tied to their choice, lists lifted, warnings. */
  function tail(parent: MenuNode): void {
    const sym = parent.sym;
    for (let m: MenuNode | undefined = parent.list; m; m = m.next) {
      if (sym && sym.flags & SYM_CHOICE && m.sym && !(m.sym.flags & SYM_CHOICEVAL)) {
        m.sym.flags |= SYM_CHOICEVAL;
        if (!m.prompt) warn(m.file, m.line, 'choice value must have a prompt');
        for (const prop of m.sym.props) {
          if (prop.kind === 'default') warn(prop.file, prop.line, 'defaults for choice values not supported');
          if (prop.menu === m) continue;
          if (prop.kind === 'prompt' && prop.menu.parent?.sym !== sym) warn(prop.file, prop.line, 'choice value used outside its choice group');
        }
        // A bool value of a tristate choice only makes sense when the choice is y.
        if (sym.type === 'tristate' && m.sym.type !== 'tristate') {
          const isYes: Expr = { kind: 'compare', op: '=', left: sym, right: ctx.yes };
          m.dep = exprAnd(isYes, m.dep);
          for (const prop of m.sym.props) {
            if (prop.menu !== m) continue;
            prop.visible = exprAnd(isYes, prop.visible);
          }
        }
        ctx.addChoiceProperty(m, sym);
        const list = sym.props.find((p) => p.kind === 'choice');
        list?.choiceValues?.push(m.sym);
      }
      // `if` blocks and entries under promptless symbols are not submenus: lift their children up.
      if (m.list && (!m.prompt || m.prompt.text === undefined)) {
        let last = m.list;
        for (;;) {
          last.parent = parent;
          if (!last.next) break;
          last = last.next;
        }
        last.next = m.next;
        m.next = m.list;
        m.list = undefined;
      }
    }

    if (sym && !warned.has(sym)) {
      warned.add(sym);
      if (sym.type === 'unknown') warn(parent.file, parent.line, `config symbol '${sym.name ?? '<choice>'}' defined without type`, 'kconfig-missing-type');
      if (sym.flags & SYM_CHOICE && !parent.prompt) warn(parent.file, parent.line, 'choice must have a prompt');
      checkProperties(sym, warn);
    }

    // A visible choice that is not optional cannot be n: the kernel adds `<visibility> && m` as if selected.
    if (sym && !(sym.flags & SYM_OPTIONAL) && parent.prompt) {
      const term: Expr = parent.prompt.visible ? { kind: 'and', left: parent.prompt.visible, right: exprSymbol(ctx.mod) } : exprSymbol(ctx.mod);
      sym.revDep = exprOr(sym.revDep, term);
      grown.add(sym);
    }
  }

  finalize(root);
  for (const sym of grown) {
    sym.revDep = balanced(sym.revDep);
    sym.implied = balanced(sym.implied);
    sym.dirDep = balanced(sym.dirDep);
  }
  return problems;
}

/** The expression mentions sym anywhere (the kernel's expr_contains_symbol). */
export function containsSymbol(e: Expr | undefined, sym: KSymbol): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'and':
    case 'or':
      return containsSymbol(e.left, sym) || containsSymbol(e.right, sym);
    case 'symbol':
      return e.sym === sym;
    case 'compare':
      return e.left === sym || e.right === sym;
    case 'not':
      return containsSymbol(e.operand, sym);
  }
}

/** The expression can only be true when sym is (the kernel's expr_depends_symbol). */
export function dependsOnSymbol(e: Expr | undefined, sym: KSymbol): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'and':
      return dependsOnSymbol(e.left, sym) || dependsOnSymbol(e.right, sym);
    case 'symbol':
      return e.sym === sym;
    case 'compare':
      if (e.left !== sym) return false;
      if (e.op === '=') return e.right.name === 'y' || e.right.name === 'm';
      if (e.op === '!=') return e.right.name === 'n' && !!(e.right.flags & SYM_CONST);
      return false;
    default:
      return false;
  }
}

function validNumber(target: KSymbol, candidate: KSymbol): boolean {
  if (candidate.type === 'int' || candidate.type === 'hex') return true;
  if (candidate.type !== 'unknown' || candidate.name === undefined) return false;
  return target.type === 'hex' ? /^(0[xX])?[0-9a-fA-F]+$/.test(candidate.name) : /^-?(0|[1-9][0-9]*)$/.test(candidate.name);
}

/** The kernel's sym_check_prop warnings about defaults, selects and ranges. */
function checkProperties(sym: KSymbol, warn: (file: string, line: number, message: string, code?: string) => void): void {
  for (const prop of sym.props) {
    switch (prop.kind) {
      case 'default': {
        const e = prop.expr!;
        if ((sym.type === 'string' || sym.type === 'int' || sym.type === 'hex') && e.kind !== 'symbol') {
          warn(prop.file, prop.line, `default for config symbol '${sym.name}' must be a single symbol`);
        }
        if (e.kind !== 'symbol') break;
        if ((sym.type === 'int' || sym.type === 'hex') && !validNumber(sym, e.sym)) warn(prop.file, prop.line, `'${sym.name}': number is invalid`);
        if (sym.flags & SYM_CHOICE) {
          if (choiceOf(e.sym) !== sym) warn(prop.file, prop.line, `choice default symbol '${e.sym.name}' is not contained in the choice`);
        }
        break;
      }
      case 'select':
      case 'imply': {
        const target = (prop.expr as { kind: 'symbol'; sym: KSymbol }).sym;
        if (sym.type !== 'bool' && sym.type !== 'tristate') {
          warn(prop.file, prop.line, `config symbol '${sym.name}' uses ${prop.kind}, but is not bool or tristate`);
        } else if (target.type !== 'unknown' && target.type !== 'bool' && target.type !== 'tristate') {
          warn(prop.file, prop.line, `'${target.name}' has wrong type. '${prop.kind}' only accept arguments of bool and tristate type`);
        }
        break;
      }
      case 'range': {
        if (sym.type !== 'int' && sym.type !== 'hex') warn(prop.file, prop.line, 'range is only allowed for int or hex symbols');
        const e = prop.expr as { kind: 'compare'; left: KSymbol; right: KSymbol };
        if (!validNumber(sym, e.left) || !validNumber(sym, e.right)) warn(prop.file, prop.line, 'range is invalid');
        break;
      }
      default:
        break;
    }
  }
}
