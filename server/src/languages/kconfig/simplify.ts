// The kernel's expression simplifications (expr_transform and expr_eliminate_dups in scripts/kconfig/expr.c),
// which menu_finalize applies to every entry's and property's dependencies. They never change a value, but they
// change which symbols an expression mentions: `A || !A` of a bool A becomes y, `A != m` becomes y. conf's
// dependency-loop check walks the simplified expressions, so a loop through such a condition is no loop to conf,
// and neither must it be to us.
//
// The kernel rewrites its trees in place, and which operands it joins depends on the order in which it meets
// them, so the same steps are taken here on a private mutable copy of each expression (one node per position,
// as the kernel's copies are), and the result is built back into shared, immutable expressions. An expression
// that the rules cannot touch is returned as it is, which is nearly every expression of a kernel tree.

import { SYM_CONST, exprAnd, exprSymbol, forEachSymbolIn, type CompareOp, type Expr, type KSymbol } from './model';

/** A mutable expression node: the kernel's struct expr. */
type Node = { t: 'sym'; s: KSymbol } | { t: 'and' | 'or'; l: Node; r: Node } | { t: 'not'; l: Node } | { t: 'cmp'; op: CompareOp; a: KSymbol; b: KSymbol };

/** A symbol's prompt condition as isSuperset compares it. */
export interface SupersetBase {
  readonly node: Node;
}

/** Where a node hangs, so that it can be replaced (the kernel's struct expr **). */
interface Slot {
  get(): Node;
  set(n: Node): void;
}

const NEGATED: Record<CompareOp, CompareOp> = { '=': '!=', '!=': '=', '<=': '>', '>=': '<', '<': '>=', '>': '<=' };

export class Simplifier {
  /** The kernel's trans_count: joins made in the current pass. */
  private transCount = 0;

  constructor(
    private readonly yes: KSymbol,
    private readonly mod: KSymbol,
    private readonly no: KSymbol,
    /** Told when a bool is compared with m, which expr_transform replaces by n (`=`) or y (`!=`), as conf says. */
    private readonly onBoolTestedForM?: (sym: KSymbol, forcedTo: 'n' | 'y') => void,
  ) {}

  /** expr_transform: comparisons of bool symbols with y/m/n become plain tests, and `!` is pushed inwards. */
  transform(e: Expr | undefined): Expr | undefined {
    if (!e || !this.transformable(e)) return e;
    return fromNode(this.transformNode(toNode(e)));
  }

  /** expr_eliminate_dups: operands of one && or || chain that say the same thing are joined. */
  eliminateDups(e: Expr | undefined): Expr | undefined {
    if (!e || this.settled.has(e)) return e;
    const result = repeatsSymbol(e) ? fromNode(this.eliminateDupsNode(toNode(e))) : e;
    const kept = result === e || sameExpr(result, e) ? e : result;
    this.settled.add(kept);
    return kept;
  }

  /**
   * eliminateDups(base && extra), where base came out of eliminateDups: as menu_finalize joins an entry's
   * dependencies to its parent's. No two operands of base join (its last pass joined none), so only an
   * operand of extra can join something; when extra repeats no symbol of its own or of base, the result is
   * base && extra as it stands. Every entry and property goes through here, and this spares nearly all of
   * them the copy.
   */
  eliminateDupsOfAnd(base: Expr | undefined, extra: Expr | undefined): Expr | undefined {
    // An operand run through twice gives the same (it joined nothing the first time round).
    if (!base || !extra || !this.settled.has(base)) return this.eliminateDups(exprAnd(base, extra));
    const own: KSymbol[] = [];
    forEachSymbolIn(extra, (x) => own.push(x));
    const clash = own.some((x, i) => own.indexOf(x) !== i || this.mentions(base, x));
    if (clash) return this.eliminateDups(exprAnd(base, extra));
    const joined = exprAnd(base, extra)!;
    this.settled.add(joined);
    return joined;
  }

  /** Expressions that eliminateDups returned: no two of their operands join. (The walk of one tree only.) */
  private readonly settled = new Set<Expr>();
  /** The symbols of the expressions that are the base of others: a parent's dependencies. */
  private readonly symbolSets = new Map<Expr, ReadonlySet<KSymbol>>();

  /**
   * Whether `base` mentions `sym`. An entry's dependencies are its parent's && its own, and the parent's
   * are asked for by every entry inside, so their symbols are kept as a set; the entry's own part is walked.
   */
  private mentions(base: Expr, sym: KSymbol): boolean {
    const known = this.symbolSets.get(base);
    if (known) return known.has(sym);
    if (base.kind === 'and') {
      const parent = this.symbolSets.get(base.left);
      if (parent) return parent.has(sym) || mentionsSymbol(base.right, sym);
    }
    const set = new Set<KSymbol>(base.kind === 'and' ? this.symbolSets.get(base.left) : undefined);
    forEachSymbolIn(base, (x) => set.add(x));
    this.symbolSets.set(base, set);
    return set.has(sym);
  }

  /**
   * The part of menu_finalize that decides whether an entry after a symbol becomes its child when its
   * dependencies contain the symbol without requiring it: when they carry every condition of the symbol's
   * prompt (`(sym || Q) && R` under a symbol that depends on R). Both sides are turned into comparisons with
   * n, simplified, and the operands they share removed; the entry's side must have taken all of the symbol's.
   * `base` is what supersetBase made of the symbol's prompt condition.
   */
  isSuperset(dep: Expr | undefined, base: SupersetBase): boolean {
    const own = this.eliminateDupsNode(this.transformNode(this.transCompare(dep, '!=', this.no)));
    const [, rest] = this.eliminateEq(own, copyNode(base.node));
    return this.isYes(rest);
  }

  /** The symbol's side of isSuperset, made once per symbol. */
  supersetBase(promptCondition: Expr | undefined): SupersetBase {
    return { node: this.eliminateDupsNode(this.transformNode(this.transCompare(promptCondition, '!=', this.no))) };
  }

  /** expr_trans_compare: e written as comparisons of its symbols with `value` (y, m or n). */
  private transCompare(e: Expr | undefined, type: '=' | '!=', value: KSymbol): Node {
    if (!e) {
      const node: Node = { t: 'sym', s: value };
      return type === '!=' ? { t: 'not', l: node } : node;
    }
    switch (e.kind) {
      case 'and':
      case 'or': {
        const l = this.transCompare(e.left, '=', value);
        const r = this.transCompare(e.right, '=', value);
        // Compared with y the operator stays; with n it turns over (menu_finalize uses no other value).
        const t = value === this.no ? (e.kind === 'and' ? 'or' : 'and') : e.kind;
        const joined: Node = { t, l, r };
        return type === '!=' ? { t: 'not', l: joined } : joined;
      }
      case 'not':
        return this.transCompare(e.operand, type === '=' ? '!=' : '=', value);
      case 'compare': {
        const copy: Node = { t: 'cmp', op: e.op, a: e.left, b: e.right };
        if (type === '=') {
          if (value === this.yes) return copy;
          if (value === this.mod) return { t: 'sym', s: this.no };
          return { t: 'not', l: copy };
        }
        if (value === this.yes) return { t: 'not', l: copy };
        if (value === this.mod) return { t: 'sym', s: this.yes };
        return copy;
      }
      case 'symbol':
        return { t: 'cmp', op: type, a: e.sym, b: value };
    }
  }

  // ---- expr_transform ----

  /** Whether expr_transform can change anything in e (whose chains are short: see balanced). */
  private transformable(e: Expr): boolean {
    switch (e.kind) {
      case 'symbol':
        return false;
      case 'compare':
        return (e.op === '=' || e.op === '!=') && e.left.type === 'bool' && this.isConstant(e.right);
      case 'not':
        return e.operand.kind !== 'symbol' || this.isConstant(e.operand.sym);
      default:
        return this.transformable(e.left) || this.transformable(e.right);
    }
  }

  private isConstant(s: KSymbol): boolean {
    return s === this.yes || s === this.mod || s === this.no;
  }

  private transformNode(e: Node): Node {
    if (e.t === 'and' || e.t === 'or') {
      e.l = this.transformNode(e.l);
      e.r = this.transformNode(e.r);
    } else if (e.t === 'not') {
      e.l = this.transformNode(e.l);
    }
    switch (e.t) {
      case 'cmp':
        if (e.a.type !== 'bool' || (e.op !== '=' && e.op !== '!=')) return e;
        if (e.op === '=') {
          if (e.b === this.no) return { t: 'not', l: { t: 'sym', s: e.a } };
          if (e.b === this.mod) {
            this.onBoolTestedForM?.(e.a, 'n');
            return { t: 'sym', s: this.no };
          }
          if (e.b === this.yes) return { t: 'sym', s: e.a };
        } else {
          if (e.b === this.no) return { t: 'sym', s: e.a };
          if (e.b === this.mod) {
            this.onBoolTestedForM?.(e.a, 'y');
            return { t: 'sym', s: this.yes };
          }
          if (e.b === this.yes) return { t: 'not', l: { t: 'sym', s: e.a } };
        }
        return e;
      case 'not': {
        const inner = e.l;
        switch (inner.t) {
          case 'not':
            return this.transformNode(inner.l);
          case 'cmp':
            return { ...inner, op: NEGATED[inner.op] };
          case 'or':
          case 'and':
            // De Morgan: !(a || b) -> !a && !b, !(a && b) -> !a || !b.
            return this.transformNode({ t: inner.t === 'or' ? 'and' : 'or', l: { t: 'not', l: inner.l }, r: { t: 'not', l: inner.r } });
          case 'sym':
            if (inner.s === this.yes) return { t: 'sym', s: this.no };
            if (inner.s === this.mod) return { t: 'sym', s: this.mod };
            if (inner.s === this.no) return { t: 'sym', s: this.yes };
            return e;
        }
        return e;
      }
      default:
        return e;
    }
  }

  // ---- expr_eliminate_dups and what it needs ----

  private eliminateDupsNode(root: Node): Node {
    const saved = this.transCount;
    let e = root;
    for (;;) {
      this.transCount = 0;
      if (e.t === 'or' || e.t === 'and') {
        const holder = rootSlot(e);
        this.dups1(e.t, holder, holder);
        e = holder.get();
      }
      if (this.transCount === 0) break;
      e = this.eliminateYn(e);
    }
    this.transCount = saved;
    return e;
  }

  /**
   * Calls `visit` with every pair of leaves, one of each tree, where a leaf is any node not of `type` (the
   * walk of expr_eliminate_dups1 and __expr_eliminate_eq). Each pair comes as the slots holding them, read
   * afresh, since a visit may replace what an earlier one left.
   */
  private forLeafPairs(type: 'and' | 'or', s1: Slot, s2: Slot, visit: (s1: Slot, s2: Slot) => void): void {
    const e1 = s1.get();
    const e2 = s2.get();
    if (e1.t === type) {
      this.forLeafPairs(type, childSlot(e1, 'l'), s2, visit);
      this.forLeafPairs(type, childSlot(e1, 'r'), s2, visit);
    } else if (e2.t === type) {
      this.forLeafPairs(type, s1, childSlot(e2, 'l'), visit);
      this.forLeafPairs(type, s1, childSlot(e2, 'r'), visit);
    } else {
      visit(s1, s2);
    }
  }

  /** expr_eliminate_dups1: two leaves of one chain that join are replaced by the join and a neutral operand. */
  private dups1(type: 'and' | 'or', s1: Slot, s2: Slot): void {
    this.forLeafPairs(type, s1, s2, (l1, l2) => {
      const e1 = l1.get();
      if (e1 === l2.get()) return;
      if (e1.t === 'or' || e1.t === 'and') this.dups1(e1.t, l1, l1);
      const a = l1.get();
      const b = l2.get();
      const joined = type === 'or' ? this.joinOr(a, b) : this.joinAnd(a, b);
      if (!joined) return;
      l1.set({ t: 'sym', s: type === 'or' ? this.no : this.yes });
      l2.set(joined);
      this.transCount++;
    });
  }

  /** expr_eliminate_yn: `x && n` is n, `x && y` is x, `x || n` is x, `x || y` is y. */
  private eliminateYn(e: Node): Node {
    if (e.t !== 'and' && e.t !== 'or') return e;
    e.l = this.eliminateYn(e.l);
    e.r = this.eliminateYn(e.r);
    const absorbing = e.t === 'and' ? this.no : this.yes;
    const neutral = e.t === 'and' ? this.yes : this.no;
    if (e.l.t === 'sym') {
      if (e.l.s === absorbing) return { t: 'sym', s: absorbing };
      if (e.l.s === neutral) return e.r;
    }
    if (e.r.t === 'sym') {
      if (e.r.s === absorbing) return { t: 'sym', s: absorbing };
      if (e.r.s === neutral) return e.l;
    }
    return e;
  }

  /** The symbol a leaf tests, as expr_join_or/expr_join_and find it; undefined when they give up. */
  private leafSymbols(e1: Node, e2: Node): [KSymbol, KSymbol] | undefined {
    const simple = (n: Node) => n.t === 'cmp' || n.t === 'sym' || n.t === 'not';
    if (!simple(e1) || !simple(e2)) return undefined;
    let sym1: KSymbol;
    if (e1.t === 'not') {
      const inner = e1.l;
      if (inner.t === 'sym') sym1 = inner.s;
      else if (inner.t === 'cmp' && (inner.op === '=' || inner.op === '!=')) sym1 = inner.a;
      else return undefined;
    } else if (e1.t === 'cmp') {
      if (e1.op !== '=' && e1.op !== '!=') return undefined;
      sym1 = e1.a;
    } else {
      sym1 = (e1 as { s: KSymbol }).s;
    }
    let sym2: KSymbol;
    if (e2.t === 'not') {
      if (e2.l.t !== 'sym') return undefined;
      sym2 = e2.l.s;
    } else if (e2.t === 'cmp') {
      if (e2.op !== '=' && e2.op !== '!=') return undefined;
      sym2 = e2.a;
    } else {
      sym2 = (e2 as { s: KSymbol }).s;
    }
    return [sym1, sym2];
  }

  /** expr_join_or: e1 || e2 as one operand, or undefined. */
  private joinOr(e1: Node, e2: Node): Node | undefined {
    if (this.exprEq(e1, e2)) return copyNode(e1);
    const syms = this.leafSymbols(e1, e2);
    if (!syms) return undefined;
    const [sym1, sym2] = syms;
    if (sym1 !== sym2 || (sym1.type !== 'bool' && sym1.type !== 'tristate')) return undefined;
    if (sym1.type === 'tristate' && e1.t === 'cmp' && e2.t === 'cmp' && e1.op === '=' && e2.op === '=') {
      const pair = (x: KSymbol, y: KSymbol) => (e1.b === x && e2.b === y) || (e1.b === y && e2.b === x);
      if (pair(this.yes, this.mod)) return { t: 'cmp', op: '!=', a: sym1, b: this.no };
      if (pair(this.yes, this.no)) return { t: 'cmp', op: '!=', a: sym1, b: this.mod };
      if (pair(this.mod, this.no)) return { t: 'cmp', op: '!=', a: sym1, b: this.yes };
    }
    if (sym1.type === 'bool') {
      if ((e1.t === 'not' && e1.l.t === 'sym' && e2.t === 'sym') || (e2.t === 'not' && e2.l.t === 'sym' && e1.t === 'sym')) return { t: 'sym', s: this.yes };
    }
    return undefined;
  }

  /** expr_join_and: e1 && e2 as one operand, or undefined. */
  private joinAnd(e1: Node, e2: Node): Node | undefined {
    if (this.exprEq(e1, e2)) return copyNode(e1);
    const syms = this.leafSymbols(e1, e2);
    if (!syms) return undefined;
    const [sym1, sym2] = syms;
    if (sym1 !== sym2 || (sym1.type !== 'bool' && sym1.type !== 'tristate')) return undefined;
    const symAndCmp = (op: CompareOp, value: KSymbol) =>
      (e1.t === 'sym' && e2.t === 'cmp' && e2.op === op && e2.b === value) || (e2.t === 'sym' && e1.t === 'cmp' && e1.op === op && e1.b === value);
    if (symAndCmp('=', this.yes)) return { t: 'cmp', op: '=', a: sym1, b: this.yes };
    if (symAndCmp('!=', this.no)) return { t: 'sym', s: sym1 };
    if (symAndCmp('!=', this.mod)) return { t: 'cmp', op: '=', a: sym1, b: this.yes };
    if (sym1.type === 'tristate' && e1.t === 'cmp' && e2.t === 'cmp') {
      const constant = (s: KSymbol) => !!(s.flags & SYM_CONST) || this.isConstant(s);
      if (e1.op === '=' && e2.op === '!=' && constant(e2.b) && constant(e1.b)) {
        return e1.b !== e2.b ? { t: 'cmp', op: '=', a: sym1, b: e1.b } : { t: 'sym', s: this.no };
      }
      if (e1.op === '!=' && e2.op === '=' && constant(e1.b) && constant(e2.b)) {
        return e2.b !== e1.b ? { t: 'cmp', op: '=', a: sym1, b: e2.b } : { t: 'sym', s: this.no };
      }
      if (e1.op === '!=' && e2.op === '!=') {
        const pair = (x: KSymbol, y: KSymbol) => (e1.b === x && e2.b === y) || (e1.b === y && e2.b === x);
        if (pair(this.yes, this.no)) return { t: 'cmp', op: '=', a: sym1, b: this.mod };
        if (pair(this.yes, this.mod)) return { t: 'cmp', op: '=', a: sym1, b: this.no };
        if (pair(this.mod, this.no)) return { t: 'cmp', op: '=', a: sym1, b: this.yes };
      }
    }
    return undefined;
  }

  private isYes(e: Node | undefined): boolean {
    return !e || (e.t === 'sym' && e.s === this.yes);
  }

  /** expr_eq: equal after the kernel's light simplification; && and || compare as sets of operands. */
  private exprEq(e1: Node | undefined, e2: Node | undefined): boolean {
    if (!e1 || !e2) return this.isYes(e1) && this.isYes(e2);
    if (e1.t !== e2.t) return false;
    switch (e1.t) {
      case 'cmp': {
        const o = e2 as typeof e1;
        return e1.op === o.op && e1.a === o.a && e1.b === o.b;
      }
      case 'sym':
        return e1.s === (e2 as typeof e1).s;
      case 'not':
        return this.exprEq(e1.l, (e2 as typeof e1).l);
      default: {
        const saved = this.transCount;
        const [a, b] = this.eliminateEq(copyNode(e1), copyNode(e2));
        this.transCount = saved;
        return a.t === 'sym' && b.t === 'sym' && a.s === b.s;
      }
    }
  }

  /** expr_eliminate_eq: operands common to both expressions are dropped from both. */
  private eliminateEq(e1: Node, e2: Node): [Node, Node] {
    const s1 = rootSlot(e1);
    const s2 = rootSlot(e2);
    const first = s1.get();
    if (first.t === 'or' || first.t === 'and') this.eliminateEqIn(first.t, s1, s2);
    const a = s1.get();
    const b = s2.get();
    if (a.t !== b.t && (b.t === 'or' || b.t === 'and')) this.eliminateEqIn(b.t, s1, s2);
    return [this.eliminateYn(s1.get()), this.eliminateYn(s2.get())];
  }

  /** __expr_eliminate_eq: two equal leaves, one of each tree, are both replaced by a neutral operand. */
  private eliminateEqIn(type: 'and' | 'or', s1: Slot, s2: Slot): void {
    this.forLeafPairs(type, s1, s2, (l1, l2) => {
      const e1 = l1.get();
      const e2 = l2.get();
      if (e1.t === 'sym' && e2.t === 'sym' && e1.s === e2.s && (e1.s === this.yes || e1.s === this.no)) return;
      if (!this.exprEq(e1, e2)) return;
      this.transCount++;
      const filler: Node = { t: 'sym', s: type === 'or' ? this.no : this.yes };
      l1.set(filler);
      l2.set({ ...filler });
    });
  }
}

function rootSlot(n: Node): Slot {
  let node = n;
  return { get: () => node, set: (v) => (node = v) };
}

function childSlot(parent: Node & { l: Node }, key: 'l' | 'r'): Slot {
  return key === 'l' ? { get: () => parent.l, set: (v) => (parent.l = v) } : { get: () => (parent as { r: Node }).r, set: (v) => ((parent as { r: Node }).r = v) };
}

/** A private copy of e with one node per position (shared sub-expressions are copied each time). */
function toNode(e: Expr): Node {
  switch (e.kind) {
    case 'symbol':
      return { t: 'sym', s: e.sym };
    case 'compare':
      return { t: 'cmp', op: e.op, a: e.left, b: e.right };
    case 'not':
      return { t: 'not', l: toNode(e.operand) };
    default:
      return { t: e.kind, l: toNode(e.left), r: toNode(e.right) };
  }
}

function copyNode(n: Node): Node {
  switch (n.t) {
    case 'sym':
    case 'cmp':
      return { ...n };
    case 'not':
      return { t: 'not', l: copyNode(n.l) };
    default:
      return { t: n.t, l: copyNode(n.l), r: copyNode(n.r) };
  }
}

function fromNode(n: Node): Expr {
  switch (n.t) {
    case 'sym':
      return exprSymbol(n.s);
    case 'cmp':
      return { kind: 'compare', op: n.op, left: n.a, right: n.b };
    case 'not':
      return { kind: 'not', operand: fromNode(n.l) };
    default:
      return { kind: n.t, left: fromNode(n.l), right: fromNode(n.r) };
  }
}

/**
 * Whether some symbol (constants included) occurs twice in e. expr_join_or and expr_join_and only join operands
 * that test the same symbol, so an expression without a repeat comes out of expr_eliminate_dups untouched.
 */
function repeatsSymbol(e: Expr): boolean {
  const seen = new Set<KSymbol>();
  let repeated = false;
  forEachSymbolIn(e, (s) => {
    if (seen.has(s)) repeated = true;
    seen.add(s);
  });
  return repeated;
}

function mentionsSymbol(e: Expr, sym: KSymbol): boolean {
  let found = false;
  forEachSymbolIn(e, (x) => (found ||= x === sym));
  return found;
}

function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'symbol':
      return a.sym === (b as typeof a).sym;
    case 'compare': {
      const o = b as typeof a;
      return a.op === o.op && a.left === o.left && a.right === o.right;
    }
    case 'not':
      return sameExpr(a.operand, (b as typeof a).operand);
    default: {
      const o = b as typeof a;
      return sameExpr(a.left, o.left) && sameExpr(a.right, o.right);
    }
  }
}
