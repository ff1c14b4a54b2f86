// Evaluation of a parsed Kconfig database exactly as the kernel's conf computes it: symbol values,
// visibility, defaults, select/imply, choices, ranges, reading a seed .config (KCONFIG_ALLCONFIG),
// the allnoconfig/alldefconfig/olddefconfig modes, and writing the resulting .config text.
// The model stays untouched; all mutable state lives in an Evaluation.

import {
  SYM_ALLNOCONFIG_Y,
  SYM_CHOICE,
  SYM_CHOICEVAL,
  SYM_NO_WRITE,
  choiceOf,
  choiceValues,
  forEachSymbolIn,
  type Expr,
  type KSymbol,
  type KconfigModel,
  type MenuNode,
  type Property,
  type SymbolType,
} from './model';
import { Tri, triAnd, triNot, triOr } from './tristate';

// Evaluation-time flags (the kernel keeps these in symbol->flags next to the static ones).
const VALID = 0x80;
const WRITE = 0x200;
const DEF_USER = 0x10000;
const NEED_SET_CHOICE_VALUES = 0x100000;

/**
 * How many calc() levels may be open before a symbol's inputs are computed ahead of it (see warmUp). The
 * deepest kernel tree measured, linux 6.1 on x86_64 and arm64, opens 32; V8's stack gives out after about
 * 1,500.
 */
const WARM_UP_DEPTH = 256;

/** A symbol's value: text, the selected value of a choice, or none yet. */
export type Value = string | KSymbol | undefined;

/**
 * The mutable state of every symbol, one array per field indexed by symbol id: copying a whole
 * evaluation (to continue from it after an edit) is then a handful of block copies.
 */
class SymbolStates {
  readonly flags: Uint32Array;
  readonly currTri: Uint8Array;
  readonly currVal: Value[];
  readonly userTri: Uint8Array;
  readonly userVal: Value[];
  readonly visible: Uint8Array;
  readonly dirDep: Uint8Array;
  readonly revDep: Uint8Array;
  readonly implied: Uint8Array;

  constructor(size: number) {
    this.flags = new Uint32Array(size);
    this.currTri = new Uint8Array(size);
    this.currVal = new Array<Value>(size).fill(undefined);
    this.userTri = new Uint8Array(size);
    this.userVal = new Array<Value>(size).fill(undefined);
    this.visible = new Uint8Array(size);
    this.dirDep = new Uint8Array(size);
    this.revDep = new Uint8Array(size);
    this.implied = new Uint8Array(size);
  }

  /** Takes every symbol's state from another run, or from a saved EvaluationState (same arrays, same sizes). */
  copyFrom(other: Pick<EvaluationState, 'flags' | 'currTri' | 'currVal' | 'userTri' | 'userVal' | 'visible' | 'dirDep' | 'revDep' | 'implied'>): void {
    this.flags.set(other.flags);
    this.currTri.set(other.currTri);
    this.userTri.set(other.userTri);
    this.visible.set(other.visible);
    this.dirDep.set(other.dirDep);
    this.revDep.set(other.revDep);
    this.implied.set(other.implied);
    for (let i = 0; i < other.currVal.length; i++) {
      this.currVal[i] = other.currVal[i];
      this.userVal[i] = other.userVal[i];
    }
  }
}

/** The user values of every symbol once the mode is applied, before anything is computed. */
interface UserInput {
  readonly defUser: Uint8Array;
  readonly tri: Uint8Array;
  readonly val: Value[];
}

export type ConfigMode = 'allnoconfig' | 'alldefconfig' | 'olddefconfig';

/** A message conf would print while reading a seed configuration. */
export interface ReadMessage {
  readonly line: number;
  readonly symbol?: string;
  readonly kind:
    | 'unexpected-data'
    | 'unknown-symbol'
    | 'override'
    | 'invalid-value'
    | 'invalid-string'
    | 'unquoted-string'
    | 'choice-override'
    | 'choice-inconsistent';
  readonly text: string;
}

/** One accepted assignment of a seed configuration. */
export interface UserAssignment {
  readonly sym: KSymbol;
  readonly line: number;
  readonly raw: string;
}

/** An unmet direct dependency detected while computing a value (the kernel's warning). */
export interface UnmetDependency {
  readonly sym: KSymbol;
  readonly dirDep: Tri;
  readonly revDep: Tri;
}

/**
 * Everything a finished run holds, as arrays by symbol and property id: what is kept with the model on
 * disk (snapshot.ts), so that a later process can continue from the run instead of computing it again.
 */
export interface EvaluationState {
  readonly flags: Uint32Array;
  readonly currTri: Uint8Array;
  readonly currVal: readonly Value[];
  readonly userTri: Uint8Array;
  readonly userVal: readonly Value[];
  readonly visible: Uint8Array;
  readonly dirDep: Uint8Array;
  readonly revDep: Uint8Array;
  readonly implied: Uint8Array;
  readonly propVisible: Uint8Array;
  readonly modulesVal: Tri;
  /** In the order they were found. */
  readonly unmet: readonly UnmetDependency[];
  readonly input: { readonly defUser: Uint8Array; readonly tri: Uint8Array; readonly val: readonly Value[] } | undefined;
  readonly recomputed: number | undefined;
}

export class Evaluation {
  private readonly s: SymbolStates;
  private readonly propVisible: Uint8Array;
  private modulesVal: Tri = Tri.No;
  readonly unmet = new Map<KSymbol, UnmetDependency>();
  /** The user values once the mode was applied: what decides every result (see continueFrom). */
  private input: UserInput | undefined;
  /** How many symbols the last applyMode computed again after an edit (undefined: a full run). */
  recomputed: number | undefined;
  /** calc() levels open now. */
  private depth = 0;
  /** Symbols the warm-ups in progress have reached, by id (undefined when none runs). */
  private warming: Uint8Array | undefined;

  constructor(readonly model: KconfigModel) {
    this.propVisible = new Uint8Array(model.propertyCount);
    this.s = new SymbolStates(model.symbolCount);
    for (const c of [model.yes, model.mod, model.no]) {
      this.s.flags[c.id] = VALID;
      this.s.currVal[c.id] = c.name;
      this.s.currTri[c.id] = c === model.yes ? Tri.Yes : c === model.mod ? Tri.Mod : Tri.No;
    }
  }

  /** A copy of this run's state (see EvaluationState). */
  state(): EvaluationState {
    const s = this.s;
    return {
      flags: s.flags.slice(),
      currTri: s.currTri.slice(),
      currVal: s.currVal.slice(),
      userTri: s.userTri.slice(),
      userVal: s.userVal.slice(),
      visible: s.visible.slice(),
      dirDep: s.dirDep.slice(),
      revDep: s.revDep.slice(),
      implied: s.implied.slice(),
      propVisible: this.propVisible.slice(),
      modulesVal: this.modulesVal,
      unmet: [...this.unmet.values()],
      input: this.input && { defUser: this.input.defUser.slice(), tri: this.input.tri.slice(), val: this.input.val.slice() },
      recomputed: this.recomputed,
    };
  }

  /** A run of `model` in the state `state()` gave (sizes are checked; the contents are taken as they are). */
  static fromState(model: KconfigModel, state: EvaluationState): Evaluation {
    const ev = new Evaluation(model);
    const symbolArrays = [state.flags, state.currTri, state.currVal, state.userTri, state.userVal, state.visible, state.dirDep, state.revDep, state.implied];
    if (symbolArrays.some((a) => a.length !== model.symbolCount) || state.propVisible.length !== model.propertyCount) throw new Error('the state is not of this model');
    const input = state.input;
    if (input && (input.defUser.length !== model.symbolCount || input.tri.length !== model.symbolCount || input.val.length !== model.symbolCount)) throw new Error('the state is not of this model');
    ev.s.copyFrom(state);
    ev.propVisible.set(state.propVisible);
    ev.modulesVal = state.modulesVal;
    for (const u of state.unmet) ev.unmet.set(u.sym, u);
    ev.input = input && { defUser: input.defUser.slice(), tri: input.tri.slice(), val: input.val.slice() };
    ev.recomputed = state.recomputed;
    return ev;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** The type conf uses for a symbol now: a tristate is a bool without modules or as a y-choice value. */
  typeOf(sym: KSymbol): SymbolType {
    if (sym.type === 'tristate') {
      if (sym.flags & SYM_CHOICEVAL && this.s.visible[sym.id] === Tri.Yes) return 'bool';
      if (this.modulesVal === Tri.No) return 'bool';
    }
    return sym.type;
  }

  hasUserValue(sym: KSymbol): boolean {
    return (this.s.flags[sym.id] & DEF_USER) !== 0;
  }

  userTri(sym: KSymbol): Tri {
    return this.s.userTri[sym.id];
  }

  userString(sym: KSymbol): string | undefined {
    const v = this.s.userVal[sym.id];
    return typeof v === 'string' ? v : undefined;
  }

  tri(sym: KSymbol): Tri {
    this.calc(sym);
    return this.s.currTri[sym.id];
  }

  /** The value as conf would print it: n/m/y for bool and tristate, the text otherwise. */
  stringValue(sym: KSymbol): string {
    this.calc(sym);
    if (sym.type === 'bool' || sym.type === 'tristate') {
      const t = this.s.currTri[sym.id];
      return t === Tri.Yes ? 'y' : t === Tri.Mod ? 'm' : 'n';
    }
    const v = this.s.currVal[sym.id];
    return typeof v === 'string' ? v : '';
  }

  visibility(sym: KSymbol): Tri {
    this.calc(sym);
    return this.s.visible[sym.id];
  }

  dependencyTri(sym: KSymbol): { dirDep: Tri; revDep: Tri; implied: Tri } {
    this.calc(sym);
    return { dirDep: this.s.dirDep[sym.id], revDep: this.s.revDep[sym.id], implied: this.s.implied[sym.id] };
  }

  /** Whether conf writes the symbol to .config. */
  isWritten(sym: KSymbol): boolean {
    this.calc(sym);
    return (this.s.flags[sym.id] & WRITE) !== 0;
  }

  choiceOf(sym: KSymbol): KSymbol | undefined {
    return choiceOf(sym);
  }

  choiceValues(choice: KSymbol): readonly KSymbol[] {
    return choiceValues(choice);
  }

  /** The selected value of a choice in y mode. */
  choiceSelection(choice: KSymbol): KSymbol | undefined {
    this.calc(choice);
    const v = this.s.currVal[choice.id];
    return typeof v === 'object' ? v : undefined;
  }

  propertyVisibility(prop: Property): Tri {
    return this.propVisible[prop.id];
  }

  exprValue(e: Expr | undefined): Tri {
    return this.calcExpr(e);
  }

  // ---- the kernel's value computation -------------------------------------------------------

  private calcExpr(e: Expr | undefined): Tri {
    if (!e) return Tri.Yes;
    switch (e.kind) {
      case 'symbol':
        this.calc(e.sym);
        return this.s.currTri[e.sym.id];
      case 'and':
        return triAnd(this.calcExpr(e.left), this.calcExpr(e.right));
      case 'or':
        return triOr(this.calcExpr(e.left), this.calcExpr(e.right));
      case 'not':
        return triNot(this.calcExpr(e.operand));
      case 'compare':
        break;
    }
    this.calc(e.left);
    this.calc(e.right);
    const s1 = this.stringValue(e.left);
    const s2 = this.stringValue(e.right);
    let res: number;
    const n1 = e.left.type !== 'string' || e.right.type !== 'string' ? parseForCompare(s1, e.left.type) : undefined;
    const n2 = e.left.type !== 'string' || e.right.type !== 'string' ? parseForCompare(s2, e.right.type) : undefined;
    if (!n1 || !n2) {
      res = compareBytes(s1, s2);
    } else if (n1.unsigned || n2.unsigned) {
      const a = BigInt.asUintN(64, n1.value);
      const b = BigInt.asUintN(64, n2.value);
      res = a > b ? 1 : a < b ? -1 : 0;
    } else {
      res = n1.value > n2.value ? 1 : n1.value < n2.value ? -1 : 0;
    }
    switch (e.op) {
      case '=':
        return res === 0 ? Tri.Yes : Tri.No;
      case '!=':
        return res !== 0 ? Tri.Yes : Tri.No;
      case '<':
        return res < 0 ? Tri.Yes : Tri.No;
      case '<=':
        return res <= 0 ? Tri.Yes : Tri.No;
      case '>':
        return res > 0 ? Tri.Yes : Tri.No;
      case '>=':
        return res >= 0 ? Tri.Yes : Tri.No;
    }
  }

  /** The first property of a kind whose condition holds now (the kernel's sym_get_default_prop and sym_get_range_prop). */
  private firstActive(sym: KSymbol, kind: 'default' | 'range'): Property | undefined {
    for (const p of sym.props) {
      if (p.kind !== kind) continue;
      const v = this.calcExpr(p.visible);
      this.propVisible[p.id] = v;
      if (v !== Tri.No) return p;
    }
    return undefined;
  }

  private defaultProperty(sym: KSymbol): Property | undefined {
    return this.firstActive(sym, 'default');
  }

  private rangeProperty(sym: KSymbol): Property | undefined {
    return this.firstActive(sym, 'range');
  }

  /** The range that applies now, if any, as text bounds. */
  activeRange(sym: KSymbol): { low: string; high: string; prop: Property } | undefined {
    this.calc(sym);
    const prop = this.rangeProperty(sym);
    if (!prop || prop.expr?.kind !== 'compare') return undefined;
    this.calc(prop.expr.left);
    this.calc(prop.expr.right);
    return { low: this.rawVal(prop.expr.left), high: this.rawVal(prop.expr.right), prop };
  }

  private rawVal(sym: KSymbol): string {
    const v = this.s.currVal[sym.id];
    return typeof v === 'string' ? v : '';
  }

  private validateRange(sym: KSymbol): void {
    if (sym.type !== 'int' && sym.type !== 'hex') return;
    const base = sym.type === 'int' ? 10 : 16;
    const prop = this.rangeProperty(sym);
    if (!prop || prop.expr?.kind !== 'compare') return;
    const val = strtoll(this.rawVal(sym), base);
    let bound = prop.expr.left;
    this.calc(bound);
    let limit = strtoll(this.rawVal(bound), rangeBase(bound, base));
    if (val >= limit) {
      bound = prop.expr.right;
      this.calc(bound);
      limit = strtoll(this.rawVal(bound), rangeBase(bound, base));
      if (val <= limit) return;
    }
    this.s.currVal[sym.id] = this.s.currVal[bound.id];
  }

  private calcVisibility(sym: KSymbol): void {
    const s = this.s;
    const id = sym.id;
    const choice = sym.flags & SYM_CHOICEVAL ? this.choiceOf(sym) : undefined;
    let tri = Tri.No;
    for (const p of sym.props) {
      if (p.text === undefined) continue;
      let v = this.calcExpr(p.visible);
      // A tristate choice value visible as m is hidden when its choice is y.
      if (choice && sym.type === 'tristate' && v === Tri.Mod && s.currTri[choice.id] === Tri.Yes) v = Tri.No;
      this.propVisible[p.id] = v;
      tri = triOr(tri, v);
    }
    if (tri === Tri.Mod && (sym.type !== 'tristate' || this.modulesVal === Tri.No)) tri = Tri.Yes;
    s.visible[id] = tri;
    if (sym.flags & SYM_CHOICEVAL) return;
    tri = sym.dirDep ? this.calcExpr(sym.dirDep) : Tri.Yes;
    if (tri === Tri.Mod && this.typeOf(sym) === 'bool') tri = Tri.Yes;
    s.dirDep[id] = tri;
    tri = sym.revDep ? this.calcExpr(sym.revDep) : Tri.No;
    if (tri === Tri.Mod && this.typeOf(sym) === 'bool') tri = Tri.Yes;
    s.revDep[id] = tri;
    tri = sym.implied ? this.calcExpr(sym.implied) : Tri.No;
    if (tri === Tri.Mod && this.typeOf(sym) === 'bool') tri = Tri.Yes;
    s.implied[id] = tri;
  }

  private choiceDefault(choice: KSymbol): KSymbol | undefined {
    for (const p of choice.props) {
      if (p.kind !== 'default') continue;
      const v = this.calcExpr(p.visible);
      this.propVisible[p.id] = v;
      if (v === Tri.No) continue;
      const target = p.expr?.kind === 'symbol' ? p.expr.sym : undefined;
      if (target && this.s.visible[target.id] !== Tri.No) return target;
    }
    for (const v of this.choiceValues(choice)) if (this.s.visible[v.id] !== Tri.No) return v;
    return undefined;
  }

  private calcChoice(choice: KSymbol): KSymbol | undefined {
    const s = this.s;
    let flags = s.flags[choice.id];
    for (const v of this.choiceValues(choice)) {
      this.calcVisibility(v);
      if (s.visible[v.id] !== Tri.No) flags &= s.flags[v.id];
    }
    // The user's choice counts only if every visible value has a user value too.
    s.flags[choice.id] &= flags | ~DEF_USER;
    const user = s.userVal[choice.id];
    if (typeof user === 'object' && s.visible[user.id] !== Tri.No) return user;
    const def = this.choiceDefault(choice);
    if (def === undefined) s.currTri[choice.id] = Tri.No;
    return def;
  }

  calc(sym: KSymbol): void {
    if (this.s.flags[sym.id] & VALID) return;
    if (this.depth >= WARM_UP_DEPTH) this.warmUp(sym);
    this.depth++;
    this.compute(sym);
    this.depth--;
  }

  /**
   * Computes, deepest first and without recursion, the symbols `root` reads before `root` itself. A chain of
   * thousands of symbols each reading the next would otherwise open one calc() level per link and overflow
   * the stack where conf, in C, goes on. In a chain without loops the values come out the same in any order;
   * and since warm-ups start only past WARM_UP_DEPTH open levels, which no kernel tree comes near, a real
   * tree is computed in exactly the kernel's order.
   */
  private warmUp(root: KSymbol): void {
    const outermost = this.warming === undefined;
    const reached = (this.warming ??= new Uint8Array(this.model.symbolCount));
    reached[root.id] = 1;
    const path: { sym: KSymbol; inputs: KSymbol[]; next: number }[] = [{ sym: root, inputs: inputsOf(root), next: 0 }];
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top.next < top.inputs.length) {
        const input = top.inputs[top.next++];
        // Reached already: computed, or further up this path (a loop, left to the recursion as conf does).
        if (reached[input.id] || this.s.flags[input.id] & VALID) continue;
        reached[input.id] = 1;
        path.push({ sym: input, inputs: inputsOf(input), next: 0 });
      } else {
        path.pop();
        if (path.length > 0) this.calc(top.sym);
      }
    }
    if (outermost) this.warming = undefined;
  }

  /** The kernel's sym_calc_value. */
  private compute(sym: KSymbol): void {
    const s = this.s;
    const id = sym.id;
    if (s.flags[id] & VALID) return;
    if (sym.flags & SYM_CHOICEVAL && s.flags[id] & NEED_SET_CHOICE_VALUES) {
      s.flags[id] &= ~NEED_SET_CHOICE_VALUES;
      const choice = this.choiceOf(sym);
      if (choice) this.calc(choice);
    }
    s.flags[id] |= VALID;
    let newVal: Value;
    let newTri = Tri.No;
    switch (sym.type) {
      case 'int':
      case 'hex':
      case 'string':
        newVal = '';
        break;
      case 'bool':
      case 'tristate':
        newVal = 'n';
        break;
      default:
        s.currVal[id] = sym.name;
        s.currTri[id] = Tri.No;
        return;
    }
    s.flags[id] &= ~WRITE;
    this.calcVisibility(sym);
    if (s.visible[id] !== Tri.No) s.flags[id] |= WRITE;
    // What a recursive reference to this symbol sees while it is being computed.
    s.currVal[id] = newVal;
    s.currTri[id] = newTri;

    const type = this.typeOf(sym);
    if (type === 'bool' || type === 'tristate') {
      if (sym.flags & SYM_CHOICEVAL && s.visible[id] === Tri.Yes) {
        const choice = this.choiceOf(sym);
        newTri = choice && s.currVal[choice.id] === sym ? Tri.Yes : Tri.No;
      } else {
        let fromUser = false;
        if (s.visible[id] !== Tri.No && s.flags[id] & DEF_USER) {
          newTri = triAnd(s.userTri[id], s.visible[id]);
          fromUser = true;
        }
        if (!fromUser) {
          if (s.revDep[id] !== Tri.No) s.flags[id] |= WRITE;
          if (!(sym.flags & SYM_CHOICE)) {
            const prop = this.defaultProperty(sym);
            if (prop) {
              newTri = triAnd(this.calcExpr(prop.expr), this.propVisible[prop.id]);
              if (newTri !== Tri.No) s.flags[id] |= WRITE;
            }
            if (s.implied[id] !== Tri.No) {
              s.flags[id] |= WRITE;
              newTri = triOr(newTri, s.implied[id]);
              newTri = triAnd(newTri, s.dirDep[id]);
            }
          }
        }
        if (s.dirDep[id] < s.revDep[id]) this.unmet.set(sym, { sym, dirDep: s.dirDep[id], revDep: s.revDep[id] });
        newTri = triOr(newTri, s.revDep[id]);
      }
      if (newTri === Tri.Mod && this.typeOf(sym) === 'bool') newTri = Tri.Yes;
    } else if (type === 'string' || type === 'int' || type === 'hex') {
      if (s.visible[id] !== Tri.No && s.flags[id] & DEF_USER) {
        newVal = s.userVal[id];
      } else {
        const prop = this.defaultProperty(sym);
        const target = prop?.expr?.kind === 'symbol' ? prop.expr.sym : undefined;
        if (target) {
          s.flags[id] |= WRITE;
          this.calc(target);
          newVal = s.currVal[target.id];
        }
      }
    }

    s.currVal[id] = newVal;
    s.currTri[id] = newTri;
    if (sym.flags & SYM_CHOICE && newTri === Tri.Yes) s.currVal[id] = this.calcChoice(sym);
    this.validateRange(sym);
    if (sym === this.model.modules) this.modulesVal = s.currTri[id];

    if (sym.flags & SYM_CHOICE) {
      for (const v of this.choiceValues(sym)) {
        if (s.flags[id] & WRITE && s.visible[v.id] !== Tri.No) s.flags[v.id] |= WRITE;
      }
    }
    if (sym.flags & SYM_NO_WRITE) s.flags[id] &= ~WRITE;
    if (s.flags[id] & NEED_SET_CHOICE_VALUES) this.setAllChoiceValues(sym);
  }

  private setAllChoiceValues(choice: KSymbol): void {
    const s = this.s;
    for (const v of this.choiceValues(choice)) {
      if (!(s.flags[v.id] & DEF_USER)) s.userTri[v.id] = Tri.No;
    }
    s.flags[choice.id] |= DEF_USER;
    s.flags[choice.id] &= ~(VALID | NEED_SET_CHOICE_VALUES);
  }

  private clearAllValid(): void {
    for (const sym of this.model.symbolsInHashOrder) this.s.flags[sym.id] &= ~VALID;
    this.calc(this.model.modules);
  }

  // ---- reading a seed configuration (conf_read_simple) --------------------------------------

  /**
   * Reads .config-format text as user values, the way conf reads KCONFIG_ALLCONFIG. Returns
   * the messages conf prints and every assignment it accepted.
   */
  readUserValues(text: string): { messages: ReadMessage[]; assignments: UserAssignment[] } {
    const messages: ReadMessage[] = [];
    const assignments: UserAssignment[] = [];
    for (const sym of this.model.symbolsInHashOrder) {
      const id = sym.id;
      const s = this.s;
      s.flags[id] &= ~(DEF_USER | VALID);
      if (sym.flags & SYM_CHOICE) s.flags[id] |= DEF_USER;
      s.userVal[id] = undefined;
      s.userTri[id] = Tri.No;
    }
    const lines = splitConfigLines(text);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const lineNo = i + 1;
      let name: string;
      let val: string;
      if (line.startsWith('#')) {
        if (line[1] !== ' ') continue;
        if (!line.startsWith('CONFIG_', 2)) continue;
        const rest = line.slice(2 + 7);
        const sp = rest.indexOf(' ');
        if (sp < 0) continue;
        if (!rest.startsWith('is not set', sp + 1)) continue;
        name = rest.slice(0, sp);
        val = 'n';
      } else if (line.startsWith('CONFIG_')) {
        const rest = line.slice(7);
        const eq = rest.indexOf('=');
        if (eq < 0) continue;
        name = rest.slice(0, eq);
        val = rest.slice(eq + 1);
        // conf drops one '\r' before a newline; a last line without newline keeps it.
        const hasNewline = i < lines.length - 1 || text.endsWith('\n');
        if (hasNewline && val.endsWith('\r')) val = val.slice(0, -1);
      } else {
        if (line !== '' && line[0] !== '\r') {
          messages.push({ line: lineNo, kind: 'unexpected-data', text: `unexpected data: ${line.replace(/\r.*$/, '')}` });
        }
        continue;
      }
      const sym = this.model.byName.get(name);
      if (!sym) {
        messages.push({ line: lineNo, symbol: name, kind: 'unknown-symbol', text: `unknown symbol: ${name}` });
        continue;
      }
      const id = sym.id;
      const s = this.s;
      if (s.flags[id] & DEF_USER) messages.push({ line: lineNo, symbol: name, kind: 'override', text: `override: reassigning to symbol ${name}` });
      const set = this.setUserValue(sym, val);
      if (set === 'ignored') {
        // conf says nothing, but the value is dropped: only a quoted string is read.
        messages.push({ line: lineNo, symbol: name, kind: 'unquoted-string', text: `string value for ${name} is not in double quotes` });
        continue;
      }
      if (set !== true) {
        messages.push({ line: lineNo, symbol: name, kind: set === 'invalid-string' ? 'invalid-string' : 'invalid-value', text: set === 'invalid-string' ? 'invalid string found' : `symbol value '${val}' invalid for ${name}` });
        continue;
      }
      assignments.push({ sym, line: lineNo, raw: line });
      if (sym.flags & SYM_CHOICEVAL) {
        const choice = this.choiceOf(sym);
        if (!choice) continue;
        const cid = choice.id;
        switch (s.userTri[id]) {
          case Tri.Mod:
            if (s.userTri[cid] === Tri.Yes) {
              messages.push({ line: lineNo, symbol: name, kind: 'choice-inconsistent', text: `${name} creates inconsistent choice state` });
              s.flags[cid] &= ~DEF_USER;
            }
            break;
          case Tri.Yes:
            if (s.userTri[cid] !== Tri.No) messages.push({ line: lineNo, symbol: name, kind: 'choice-override', text: `override: ${name} changes choice state` });
            s.userVal[cid] = sym;
            break;
          default:
            break;
        }
        s.userTri[cid] = triOr(s.userTri[cid], s.userTri[id]);
      }
    }
    return { messages, assignments };
  }

  /** conf_set_sym_val: true when accepted; 'ignored' for an unquoted string (conf skips it silently). */
  private setUserValue(sym: KSymbol, raw: string): true | 'ignored' | 'invalid' | 'invalid-string' {
    const id = sym.id;
    const s = this.s;
    switch (sym.type) {
      case 'tristate':
      case 'bool': {
        const c = raw[0];
        if (sym.type === 'tristate' && c === 'm') s.userTri[id] = Tri.Mod;
        else if (c === 'y') s.userTri[id] = Tri.Yes;
        else if (c === 'n') s.userTri[id] = Tri.No;
        else return 'invalid';
        s.flags[id] |= DEF_USER;
        return true;
      }
      case 'string': {
        if (raw[0] !== '"') return 'ignored';
        let out = '';
        let i = 1;
        for (;;) {
          if (i >= raw.length) return 'invalid-string';
          const c = raw[i];
          if (c === '"') break;
          if (c === '\\') {
            i++;
            if (i >= raw.length) return 'invalid-string';
          }
          out += raw[i];
          i++;
        }
        s.userVal[id] = out;
        s.flags[id] |= DEF_USER;
        return true;
      }
      case 'int':
      case 'hex':
        if (!stringValid(sym.type, raw)) return 'invalid';
        s.userVal[id] = raw;
        s.flags[id] |= DEF_USER;
        return true;
      default:
        return true;
    }
  }

  // ---- the all*config modes (conf_set_all_new_symbols) --------------------------------------

  /**
   * What conf_read does after reading an existing .config (olddefconfig): compute everything, count
   * the values that differ from what was saved, drop saved values that are invisible (when nothing
   * differs) or out of range. Returns whether conf then regards the configuration as changed.
   */
  settleOldConfig(readMessages: readonly ReadMessage[]): boolean {
    this.calc(this.model.modules);
    let unsaved = 0;
    for (const sym of this.model.symbolsInHashOrder) {
      this.calc(sym);
      if (sym.flags & (SYM_CHOICE | SYM_NO_WRITE)) continue;
      const id = sym.id;
      const s = this.s;
      if (s.flags[id] & DEF_USER && s.flags[id] & WRITE) {
        if (sym.type === 'bool' || sym.type === 'tristate' ? s.userTri[id] === s.currTri[id] : s.currVal[id] === s.userVal[id]) continue;
      } else if (!(s.flags[id] & DEF_USER) && !(s.flags[id] & WRITE)) {
        continue;
      }
      unsaved++;
    }
    for (const sym of this.model.symbolsInHashOrder) {
      const id = sym.id;
      const s = this.s;
      if (!(s.flags[id] & DEF_USER) || sym.flags & SYM_CHOICEVAL) continue;
      if (s.visible[id] === Tri.No && unsaved === 0) s.flags[id] &= ~DEF_USER;
      if (sym.type === 'string' || sym.type === 'int' || sym.type === 'hex') {
        const user = s.userVal[id];
        if (!this.withinRange(sym, typeof user === 'string' ? user : '')) {
          s.flags[id] &= ~(VALID | DEF_USER);
          unsaved++;
        }
      }
    }
    const warnings = readMessages.some((m) => m.kind !== 'unquoted-string');
    return warnings || unsaved > 0;
  }

  /** sym_string_within_range for string, int and hex values. */
  private withinRange(sym: KSymbol, str: string): boolean {
    if (sym.type === 'string') return true;
    if (sym.type !== 'int' && sym.type !== 'hex') return false;
    if (!stringValid(sym.type, str)) return false;
    const prop = this.rangeProperty(sym);
    if (!prop || prop.expr?.kind !== 'compare') return true;
    const base = sym.type === 'int' ? 10 : 16;
    const val = strtoll(str, base);
    const bound = (b: KSymbol) => {
      this.calc(b);
      return strtoll(this.rawVal(b), rangeBase(b, base));
    };
    return val >= bound(prop.expr.left) && val <= bound(prop.expr.right);
  }


  // ---- the all*config modes (conf_set_all_new_symbols) --------------------------------------

  /**
   * Gives every symbol without a value the one the mode asks for, then computes. With `reuse` (the
   * run of the same model before an edit), only what the changed user values can reach is computed
   * again; the result is the same as a full run's.
   */
  applyMode(mode: ConfigMode, reuse?: Evaluation): void {
    if (mode === 'olddefconfig') return;
    const s = this.s;
    for (const sym of this.model.symbolsInHashOrder) {
      const id = sym.id;
      if (s.flags[id] & (DEF_USER | VALID)) continue;
      const type = this.typeOf(sym);
      if (type !== 'bool' && type !== 'tristate') continue;
      if (mode === 'allnoconfig') {
        s.userTri[id] = sym.flags & SYM_ALLNOCONFIG_Y ? Tri.Yes : Tri.No;
        s.flags[id] |= DEF_USER;
      }
      // alldefconfig leaves the symbol to its default.
    }
    const defUser = new Uint8Array(s.flags.length);
    for (let id = 0; id < defUser.length; id++) defUser[id] = s.flags[id] & DEF_USER ? 1 : 0;
    this.input = { defUser, tri: s.userTri.slice(), val: s.userVal.slice() };
    this.recomputed = undefined;
    if (reuse && this.continueFrom(reuse)) return;
    this.computeChoices();
  }

  /** conf_set_all_new_symbols after the values are given: every choice without a user value settles. */
  private computeChoices(): void {
    this.clearAllValid();
    const s = this.s;
    for (const sym of this.model.symbolsInHashOrder) {
      if ((sym.flags & SYM_CHOICE && !(s.flags[sym.id] & DEF_USER)) || sym.flags & SYM_CHOICEVAL) s.flags[sym.id] |= NEED_SET_CHOICE_VALUES;
    }
    for (const sym of this.model.symbolsInHashOrder) {
      if (s.flags[sym.id] & DEF_USER || !(sym.flags & SYM_CHOICE)) continue;
      this.calc(sym);
      this.setAllChoiceValues(sym);
    }
  }

  // ---- re-evaluation after an edit ------------------------------------------------------------

  /** Puts a symbol back to the state it had before anything was computed in this run. */
  private resetToInput(sym: KSymbol): void {
    const s = this.s;
    const input = this.input!;
    const id = sym.id;
    s.flags[id] = input.defUser[id] ? DEF_USER : 0;
    s.userTri[id] = input.tri[id];
    s.userVal[id] = input.val[id];
    s.currTri[id] = Tri.No;
    s.currVal[id] = undefined;
    s.visible[id] = Tri.No;
    s.dirDep[id] = Tri.No;
    s.revDep[id] = Tri.No;
    s.implied[id] = Tri.No;
    for (const p of sym.props) this.propVisible[p.id] = Tri.No;
    this.unmet.delete(sym);
  }

  /**
   * Continues from a previous run on the same model: takes over its results, then computes again
   * the symbols whose user value changed and, wave after wave, the readers of every symbol whose
   * value came out different (a choice and its values always together). Where a
   * value comes out the same, the change stops spreading. False (with this run untouched in effect)
   * when a full run is the better way: another model, MODULES changed, or too much to redo.
   */
  private continueFrom(previous: Evaluation): boolean {
    const input = this.input!;
    const before = previous.input;
    const syms = this.model.symbolsInHashOrder;
    if (previous.model !== this.model || !before || before.defUser.length !== input.defUser.length) return false;
    let wave: KSymbol[] = [];
    for (const sym of syms) {
      const id = sym.id;
      if (input.defUser[id] !== before.defUser[id] || input.tri[id] !== before.tri[id] || input.val[id] !== before.val[id]) wave.push(sym);
    }
    if (wave.includes(this.model.modules)) return false;

    const s = this.s;
    s.copyFrom(previous.s);
    this.propVisible.set(previous.propVisible);
    this.modulesVal = previous.modulesVal;
    for (const [sym, u] of previous.unmet) this.unmet.set(sym, u);
    // Writing .config may have marked menu symbols as set by the user; that belongs to the previous run.
    for (const sym of syms) {
      if (!(sym.flags & SYM_CHOICE)) s.flags[sym.id] = (s.flags[sym.id] & ~DEF_USER) | (input.defUser[sym.id] ? DEF_USER : 0);
    }

    const readers = readerIndex(this.model);
    const byId = symbolsById(this.model);
    const position = hashPositions(this.model);
    const limit = syms.length / 3;
    let recomputed = 0;
    for (let round = 0; wave.length > 0; round++) {
      wave = withChoiceGroups(this, wave);
      recomputed += wave.length;
      if (recomputed > limit || round > 500) return this.restart();
      const oldTri = wave.map((sym) => s.currTri[sym.id]);
      const oldVal = wave.map((sym) => s.currVal[sym.id]);
      for (const sym of wave) {
        this.resetToInput(sym);
        if ((sym.flags & SYM_CHOICE && !(s.flags[sym.id] & DEF_USER)) || sym.flags & SYM_CHOICEVAL) s.flags[sym.id] |= NEED_SET_CHOICE_VALUES;
      }
      const choices = wave.filter((sym) => sym.flags & SYM_CHOICE && !(s.flags[sym.id] & DEF_USER));
      choices.sort((a, b) => position[a.id] - position[b.id]);
      for (const choice of choices) {
        this.calc(choice);
        this.setAllChoiceValues(choice);
      }
      for (const sym of wave) this.calc(sym);
      const next = new Set<KSymbol>();
      for (let i = 0; i < wave.length; i++) {
        const id = wave[i].id;
        // Other symbols read only the value (visibility is read within a choice group, computed as one).
        if (s.currTri[id] === oldTri[i] && s.currVal[id] === oldVal[i]) continue;
        if (wave[i] === this.model.modules) return this.restart();
        for (let k = readers.start[id]; k < readers.start[id + 1]; k++) next.add(byId[readers.readers[k]]);
      }
      wave = [...next];
    }
    this.recomputed = recomputed;
    return true;
  }

  /** Abandons a continuation: every symbol back to this run's input, as a fresh evaluation has it. */
  private restart(): false {
    for (const sym of this.model.symbolsInHashOrder) this.resetToInput(sym);
    this.propVisible.fill(Tri.No);
    this.unmet.clear();
    this.modulesVal = Tri.No;
    return false;
  }

  // ---- writing .config (conf_write) ---------------------------------------------------------

  /** The .config text conf writes, byte for byte. */
  writeConfig(changed = true): string {
    const out: string[] = [];
    out.push('#\n', '# Automatically generated file; DO NOT EDIT.\n', `# ${this.model.mainmenu}\n`, '#\n');
    // conf_write recomputes everything only when conf saw no change; otherwise earlier results stand.
    if (!changed) this.clearAllValid();
    const written = new Uint8Array(this.s.flags.length);
    let needNewline = false;
    let menu: MenuNode | undefined = this.model.root.list;
    while (menu) {
      const sym = menu.sym;
      if (!sym) {
        if (this.menuIsVisible(menu)) {
          out.push(`\n#\n# ${menu.prompt?.text ?? ''}\n#\n`);
          needNewline = false;
        }
      } else if (!(sym.flags & SYM_CHOICE) && !written[sym.id]) {
        this.calc(sym);
        if (this.s.flags[sym.id] & WRITE) {
          if (needNewline) {
            out.push('\n');
            needNewline = false;
          }
          written[sym.id] = 1;
          const line = this.configLine(sym);
          if (line) out.push(line);
        }
      }
      if (menu.list) {
        menu = menu.list;
        continue;
      }
      for (;;) {
        if (!menu.sym && menu !== this.model.root && menu.prompt?.kind === 'menu' && this.menuIsVisible(menu)) {
          out.push(`# end of ${menu.prompt.text ?? ''}\n`);
          needNewline = true;
        }
        if (menu.next) {
          menu = menu.next;
          break;
        }
        menu = menu.parent;
        if (!menu) break;
      }
    }
    return out.join('');
  }

  /** One line of .config for a symbol, or '' for none. */
  configLine(sym: KSymbol): string {
    if (sym.type === 'unknown') return '';
    const val = this.stringValue(sym);
    if ((sym.type === 'bool' || sym.type === 'tristate') && val === 'n') return `# CONFIG_${sym.name} is not set\n`;
    if (sym.type === 'string') return `CONFIG_${sym.name}=${escapeString(val)}\n`;
    return `CONFIG_${sym.name}=${val}\n`;
  }

  menuIsVisible(menu: MenuNode): boolean {
    if (!menu.prompt) return false;
    if (menu.visibility && this.calcExpr(menu.visibility) === Tri.No) return false;
    let visible: Tri;
    if (menu.sym) {
      this.calc(menu.sym);
      visible = this.propVisible[menu.prompt.id];
    } else {
      visible = this.calcExpr(menu.prompt.visible);
      this.propVisible[menu.prompt.id] = visible;
    }
    if (visible !== Tri.No) return true;
    if (!menu.sym || this.s.currTri[menu.sym.id] === Tri.No) return false;
    for (let child = menu.list; child; child = child.next) {
      if (this.menuIsVisible(child)) {
        this.s.flags[menu.sym.id] |= DEF_USER;
        return true;
      }
    }
    return false;
  }
}

/** A choice stands and falls with its values (they are computed as one): adds the rest of each group. */
function withChoiceGroups(ev: Evaluation, syms: readonly KSymbol[]): KSymbol[] {
  const all = new Set<KSymbol>(syms);
  for (const sym of syms) {
    const choice = sym.flags & SYM_CHOICE ? sym : sym.flags & SYM_CHOICEVAL ? ev.choiceOf(sym) : undefined;
    if (!choice) continue;
    all.add(choice);
    for (const v of ev.choiceValues(choice)) all.add(v);
  }
  return [...all];
}

const positionsCache = new WeakMap<KconfigModel, Int32Array>();

/** Each symbol's place in hash order (the order conf visits choices in), by symbol id. */
function hashPositions(model: KconfigModel): Int32Array {
  let positions = positionsCache.get(model);
  if (!positions) {
    positions = new Int32Array(model.symbolCount);
    model.symbolsInHashOrder.forEach((sym, i) => (positions![sym.id] = i));
    positionsCache.set(model, positions);
  }
  return positions;
}

const symbolsByIdCache = new WeakMap<KconfigModel, KSymbol[]>();

/** Every symbol calc(sym) may compute on the way: what its properties, dependencies and choice read. */
function inputsOf(sym: KSymbol): KSymbol[] {
  const out: KSymbol[] = [];
  const add = (e: Expr | undefined) => forEachSymbolIn(e, (x) => out.push(x));
  const readsOf = (x: KSymbol) => {
    for (const p of x.props) {
      add(p.visible);
      if (p.kind === 'default' || p.kind === 'range') add(p.expr);
    }
    add(x.dirDep);
    add(x.revDep);
    add(x.implied);
  };
  const choice = sym.flags & SYM_CHOICEVAL ? choiceOf(sym) : undefined;
  if (choice) out.push(choice);
  readsOf(sym);
  // A choice computes its values' visibility, not the values themselves.
  if (sym.flags & SYM_CHOICE) for (const v of choiceValues(sym)) readsOf(v);
  return out;
}

/** Every symbol of the model at its id. */
export function symbolsById(model: KconfigModel): readonly KSymbol[] {
  let byId = symbolsByIdCache.get(model);
  if (!byId) {
    byId = new Array<KSymbol>(model.symbolCount);
    byId[model.yes.id] = model.yes;
    byId[model.mod.id] = model.mod;
    byId[model.no.id] = model.no;
    for (const sym of model.symbolsInHashOrder) byId[sym.id] = sym;
    symbolsByIdCache.set(model, byId);
  }
  return byId;
}

/**
 * For each symbol, the symbols whose computation reads it: through prompt, default, range and
 * dependency expressions, default and range values, and a choice together with its values (they
 * are computed as one). The readers of the symbol with id `i` are the ids `readers[start[i]]` up to
 * `readers[start[i + 1]]` (exclusive), in the order the model mentions them, a reader once per mention.
 */
export interface ReaderIndex {
  readonly start: Int32Array;
  readonly readers: Int32Array;
}

const readerIndexes = new WeakMap<KconfigModel, ReaderIndex>();

/** The reader index of a model, built once (or the one adoptReaderIndex was given). */
export function readerIndex(model: KconfigModel): ReaderIndex {
  let index = readerIndexes.get(model);
  if (!index) readerIndexes.set(model, (index = buildReaderIndex(model)));
  return index;
}

/**
 * Takes a reader index built earlier for the same model (kept with it on disk), so that the first run
 * continued from another does not build one; false, and nothing taken, when its sizes do not fit.
 */
export function adoptReaderIndex(model: KconfigModel, index: ReaderIndex): boolean {
  const { start, readers } = index;
  if (start.length !== model.symbolCount + 1 || start[0] !== 0 || start[model.symbolCount] !== readers.length) return false;
  for (let i = 0; i < model.symbolCount; i++) if (start[i] > start[i + 1]) return false;
  for (let k = 0; k < readers.length; k++) if (!(readers[k] >= 0 && readers[k] < model.symbolCount)) return false;
  readerIndexes.set(model, index);
  return true;
}

function buildReaderIndex(model: KconfigModel): ReaderIndex {
  // Every (read, reader) pair in the order met, then sorted by the symbol read (stable: a counting sort).
  let read = new Int32Array(1 << 14);
  let by = new Int32Array(1 << 14);
  let n = 0;
  const edge = (r: KSymbol, reader: KSymbol) => {
    if (r === reader) return;
    if (n === read.length) {
      const r2 = new Int32Array(n * 2);
      r2.set(read);
      read = r2;
      const b2 = new Int32Array(n * 2);
      b2.set(by);
      by = b2;
    }
    read[n] = r.id;
    by[n++] = reader.id;
  };
  const walk = (e: Expr | undefined, reader: KSymbol): void => {
    // As forEachSymbolIn, without a callback per expression.
    for (;;) {
      if (!e) return;
      switch (e.kind) {
        case 'symbol':
          edge(e.sym, reader);
          return;
        case 'compare':
          edge(e.left, reader);
          edge(e.right, reader);
          return;
        case 'not':
          e = e.operand;
          continue;
        default:
          walk(e.left, reader);
          e = e.right;
      }
    }
  };
  for (const sym of model.symbolsInHashOrder) {
    walk(sym.dirDep, sym);
    walk(sym.revDep, sym);
    walk(sym.implied, sym);
    for (const p of sym.props) {
      if (p.kind === 'select' || p.kind === 'imply' || p.kind === 'symbol') continue;
      walk(p.visible, sym);
      if (p.kind === 'default' || p.kind === 'range') walk(p.expr, sym);
      if (p.kind === 'choice') {
        const other = p.expr?.kind === 'symbol' ? p.expr.sym : undefined;
        if (other) {
          edge(other, sym);
          edge(sym, other);
        }
        for (const v of p.choiceValues ?? []) {
          edge(v, sym);
          edge(sym, v);
        }
      }
    }
  }
  const count = model.symbolCount;
  const start = new Int32Array(count + 1);
  for (let k = 0; k < n; k++) start[read[k] + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const next = start.slice(0, count);
  const readers = new Int32Array(n);
  for (let k = 0; k < n; k++) readers[next[read[k]]++] = by[k];
  return { start, readers };
}

/** Lines as conf's getline sees them: split after each newline. */
function splitConfigLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** sym_string_valid for int and hex. */
export function stringValid(type: 'int' | 'hex', str: string): boolean {
  if (type === 'int') return /^-?[0-9]+$/.test(str) && !/^-?0[0-9]/.test(str);
  return /^(0[xX])?[0-9a-fA-F]+$/.test(str);
}

function escapeString(val: string): string {
  return `"${val.replace(/["\\]/g, (c) => '\\' + c)}"`;
}

/** Byte-wise comparison like strcmp on UTF-8. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  const c = Buffer.compare(x, y);
  return c;
}

/**
 * The kernel's expr_parse_string: how a value is read for a comparison. Bool/tristate map n/m/y to
 * 0/1/2; int is decimal, hex is base 16 (unsigned), anything else is read with C's base detection.
 * The value counts as a number only if the whole text was consumed and it ends in a hex digit.
 */
function parseForCompare(str: string, type: SymbolType): { value: bigint; unsigned: boolean } | undefined {
  if (type === 'bool' || type === 'tristate') {
    return { value: BigInt(str === 'n' ? 0 : str === 'm' ? 1 : str === 'y' ? 2 : -1), unsigned: false };
  }
  const base = type === 'int' ? 10 : type === 'hex' ? 16 : 0;
  const r = strtoll_full(str, base, type === 'hex');
  if (!r) return undefined;
  return { value: r.value, unsigned: type === 'hex' };
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strtoll/strtoull with the checks expr_parse_string makes: no overflow (errno), nothing left over,
 * something consumed, and the last consumed character a hex digit.
 */
function strtoll_full(str: string, base: number, unsigned: boolean): { value: bigint } | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(str)!;
  const neg = m[1] === '-';
  let rest = m[2];
  let b = base;
  if ((b === 0 || b === 16) && /^0[xX][0-9a-fA-F]/.test(rest)) {
    rest = rest.slice(2);
    b = 16;
  } else if (b === 0) {
    b = rest.startsWith('0') ? 8 : 10;
  }
  const digits = b === 16 ? /^[0-9a-fA-F]+/ : b === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const d = digits.exec(rest);
  if (!d) return undefined;
  if (d[0].length !== rest.length) return undefined;
  if (!/[0-9a-fA-F]$/.test(d[0])) return undefined;
  let value = 0n;
  for (const ch of d[0]) value = value * BigInt(b) + BigInt(parseInt(ch, 16));
  if (unsigned) {
    if (value > UINT64_MAX) return undefined;
    return { value: neg ? BigInt.asUintN(64, -value) : value };
  }
  if (neg) value = -value;
  if (value > INT64_MAX || value < INT64_MIN) return undefined;
  return { value };
}

/** C's strtoll with a fixed base, as sym_validate_range uses it (stops at the first bad character, clamps). */
export function strtoll(str: string, base: number): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(str)!;
  const neg = m[1] === '-';
  let rest = m[2];
  if (base === 16 && /^0[xX][0-9a-fA-F]/.test(rest)) rest = rest.slice(2);
  const digits = base === 16 ? /^[0-9a-fA-F]*/ : /^[0-9]*/;
  const d = digits.exec(rest)![0];
  let value = 0n;
  for (const ch of d) value = value * BigInt(base) + BigInt(parseInt(ch, 16));
  if (neg) value = -value;
  if (value > INT64_MAX) return INT64_MAX;
  if (value < INT64_MIN) return INT64_MIN;
  return value;
}

function rangeBase(bound: KSymbol, fallback: number): number {
  return bound.type === 'int' ? 10 : bound.type === 'hex' ? 16 : fallback;
}

