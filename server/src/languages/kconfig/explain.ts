// Why a symbol has the value it has: which dependency blocks it, what selects it, whether it can
// be set from a fragment at all. Used for diagnostics, `kata-kconfig explain` and hover.

import type { Location } from '../../common/span';
import { lineSpan } from '../../common/span';
import { symbolsById, type Evaluation } from './evaluate';
import { SYM_CHOICE, SYM_CHOICEVAL, SYM_CONST, exprToString, forEachSymbolIn, type Expr, type KSymbol, type KconfigModel, type MenuNode, type Property } from './model';
import { Tri, triName } from './tristate';

export type ReasonCode =
  | 'unmet-dependency'
  | 'no-prompt'
  | 'limited-to-module'
  | 'modules-disabled'
  | 'selected'
  | 'implied'
  | 'choice-conflict'
  | 'choice-mode'
  | 'out-of-range'
  | 'not-defined'
  | 'only-referenced'
  | 'wrong-type'
  | 'default-applies';

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  /** Where in the kernel tree the reason comes from. */
  readonly location?: Location;
  /** Symbols that would have to change for the request to survive. */
  readonly blockers?: readonly KSymbol[];
}

export function locationOf(file: string, line: number): Location {
  return { file, span: lineSpan(Math.max(0, line - 1), 0, 0) };
}

function valueText(ev: Evaluation, sym: KSymbol): string {
  if (sym.flags & SYM_CONST || sym.type === 'unknown') return sym.name ?? '';
  return ev.stringValue(sym);
}

/** Terms of an expression that keep it below `want`, described with their current values. */
export function blockingTerms(ev: Evaluation, e: Expr | undefined, want: Tri): { text: string; syms: KSymbol[] }[] {
  if (!e) return [];
  const value = ev.exprValue(e);
  if (value >= want) return [];
  switch (e.kind) {
    case 'symbol':
      if (e.sym.flags & SYM_CONST) return [{ text: `${e.sym.name}`, syms: [] }];
      return [{ text: `${e.sym.name}=${valueText(ev, e.sym)}`, syms: [e.sym] }];
    case 'and':
      return [...blockingTerms(ev, e.left, want), ...blockingTerms(ev, e.right, want)];
    case 'or': {
      // Any one side would do: report them together as alternatives.
      const l = blockingTerms(ev, e.left, want);
      const r = blockingTerms(ev, e.right, want);
      const all = [...l, ...r];
      return [{ text: `(${all.map((t) => t.text).join(' or ')})`, syms: all.flatMap((t) => t.syms) }];
    }
    case 'not': {
      const inner = exprToString(e.operand);
      const syms = [...collect(e.operand)];
      return [{ text: `!${/^[\w=]+$/.test(inner) ? inner : `(${inner})`} (${syms.map((s) => `${s.name}=${valueText(ev, s)}`).join(', ')})`, syms }];
    }
    case 'compare': {
      const syms = [e.left, e.right].filter((s) => !(s.flags & SYM_CONST) && s.type !== 'unknown');
      return [{ text: `${exprToString(e)} (${syms.map((s) => `${s.name}=${valueText(ev, s)}`).join(', ') || 'false'})`, syms }];
    }
  }
}

/** The defined, non-constant symbols an expression mentions. */
function collect(e: Expr): Set<KSymbol> {
  const out = new Set<KSymbol>();
  forEachSymbolIn(e, (s) => {
    if (!(s.flags & SYM_CONST) && s.type !== 'unknown') out.add(s);
  });
  return out;
}

/** The written conditions that govern a definition's prompt, innermost first, with their places. */
export function conditionsOf(def: MenuNode): { what: string; expr: Expr; file: string; line: number }[] {
  const out: { what: string; expr: Expr; file: string; line: number }[] = [];
  if (def.prompt?.written) out.push({ what: `the prompt's condition`, expr: def.prompt.written, file: def.prompt.file, line: def.prompt.line });
  if (def.writtenDep) out.push({ what: `'depends on'`, expr: def.writtenDep, file: def.file, line: def.line });
  for (let m = def.enclosing; m && m.kind !== 'root'; m = m.enclosing) {
    if (m.kind === 'if' && m.writtenDep) out.push({ what: `the enclosing 'if'`, expr: m.writtenDep, file: m.file, line: m.line });
    else if (m.kind === 'menu') {
      if (m.writtenDep) out.push({ what: `menu "${m.prompt?.text ?? ''}"'s 'depends on'`, expr: m.writtenDep, file: m.file, line: m.line });
      if (m.visibility) out.push({ what: `menu "${m.prompt?.text ?? ''}"'s 'visible if'`, expr: m.visibility, file: m.file, line: m.line });
    } else if (m.kind === 'choice' && m.sym) {
      out.push({ what: `its choice "${m.prompt?.text ?? ''}"`, expr: { kind: 'symbol', sym: m.sym }, file: m.file, line: m.line });
      if (m.writtenDep) out.push({ what: `the choice's 'depends on'`, expr: m.writtenDep, file: m.file, line: m.line });
    }
  }
  return out;
}

/** For each prompted definition, the innermost condition that keeps it below `want`, with its blocking terms. */
function firstBlockingConditions(ev: Evaluation, defs: readonly MenuNode[], want: Tri) {
  const out: { c: ReturnType<typeof conditionsOf>[number]; terms: ReturnType<typeof blockingTerms> }[] = [];
  for (const def of defs) {
    for (const c of conditionsOf(def)) {
      const terms = blockingTerms(ev, c.expr, want);
      if (terms.length === 0) continue;
      out.push({ c, terms });
      break;
    }
  }
  return out;
}

/** Symbols whose `select` (or `imply`) of sym is active now, with the place of that statement. */
export function activeReverse(ev: Evaluation, sym: KSymbol, kind: 'select' | 'imply'): { by: KSymbol; prop: Property; value: Tri }[] {
  const out: { by: KSymbol; prop: Property; value: Tri }[] = [];
  for (const other of reverseIndex(ev).get(sym)?.[kind] ?? []) {
    const value = ev.exprValue({ kind: 'and', left: { kind: 'symbol', sym: other.by }, right: other.prop.visible ?? { kind: 'symbol', sym: ev.model.yes } });
    if (value !== Tri.No) out.push({ by: other.by, prop: other.prop, value });
  }
  return out;
}

/** The symbols that select or imply one symbol, each with the statement that does it, in the model's order. */
export interface ReverseEntries {
  readonly select: readonly { readonly by: KSymbol; readonly prop: Property }[];
  readonly imply: readonly { readonly by: KSymbol; readonly prop: Property }[];
}

/**
 * Who selects or implies whom, as arrays by symbol id: for the symbol with id `i`, entries `start[i]` up to
 * `start[i + 1]` (exclusive) of `by` (the id of a symbol that selects or implies it) and `prop` (that
 * property's place in the other symbol's props), in the order of the symbols and their properties.
 */
export interface SelectIndex {
  readonly start: Int32Array;
  readonly by: Int32Array;
  readonly prop: Int32Array;
}

const selectIndexes = new WeakMap<KconfigModel, SelectIndex>();

/** The select index of a model, built once (or the one adoptSelectIndex was given). */
export function selectIndex(model: KconfigModel): SelectIndex {
  let index = selectIndexes.get(model);
  if (!index) selectIndexes.set(model, (index = buildSelectIndex(model)));
  return index;
}

/** Takes a select index built earlier for the same model (kept with it on disk); false, and nothing taken, when it does not fit. */
export function adoptSelectIndex(model: KconfigModel, index: SelectIndex): boolean {
  const { start, by, prop } = index;
  const n = model.symbolCount;
  if (start.length !== n + 1 || start[0] !== 0 || start[n] !== by.length || prop.length !== by.length) return false;
  for (let i = 0; i < n; i++) if (start[i] > start[i + 1]) return false;
  const byId = symbolsById(model);
  for (let k = 0; k < by.length; k++) {
    const p = byId[by[k]]?.props[prop[k]];
    if (!p || (p.kind !== 'select' && p.kind !== 'imply')) return false;
  }
  selectIndexes.set(model, index);
  return true;
}

function buildSelectIndex(model: KconfigModel): SelectIndex {
  const target: number[] = [];
  const by: number[] = [];
  const prop: number[] = [];
  for (const s of model.symbolsInHashOrder) {
    for (let k = 0; k < s.props.length; k++) {
      const p = s.props[k];
      if ((p.kind === 'select' || p.kind === 'imply') && p.expr?.kind === 'symbol') {
        target.push(p.expr.sym.id);
        by.push(s.id);
        prop.push(k);
      }
    }
  }
  // Sorted by the symbol selected, keeping the order met (a counting sort).
  const n = model.symbolCount;
  const start = new Int32Array(n + 1);
  for (const t of target) start[t + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const next = start.slice(0, n);
  const sortedBy = new Int32Array(by.length);
  const sortedProp = new Int32Array(by.length);
  for (let k = 0; k < target.length; k++) {
    const at = next[target[k]]++;
    sortedBy[at] = by[k];
    sortedProp[at] = prop[k];
  }
  return { start, by: sortedBy, prop: sortedProp };
}

const reverseIndexes = new WeakMap<KconfigModel, Map<KSymbol, ReverseEntries | undefined>>();

/** Who selects or implies a symbol (undefined: nobody), from the model's select index. */
export function reverseIndex(ev: Evaluation): { get(sym: KSymbol): ReverseEntries | undefined } {
  const model = ev.model;
  let known = reverseIndexes.get(model);
  if (!known) reverseIndexes.set(model, (known = new Map()));
  const entries = known;
  return {
    get(sym) {
      if (entries.has(sym)) return entries.get(sym);
      const { start, by, prop } = selectIndex(model);
      const byId = symbolsById(model);
      let found: { select: { by: KSymbol; prop: Property }[]; imply: { by: KSymbol; prop: Property }[] } | undefined;
      if (sym.id >= 0 && sym.id < model.symbolCount) {
        for (let k = start[sym.id]; k < start[sym.id + 1]; k++) {
          const other = byId[by[k]];
          const p = other.props[prop[k]];
          found ??= { select: [], imply: [] };
          found[p.kind === 'select' ? 'select' : 'imply'].push({ by: other, prop: p });
        }
      }
      entries.set(sym, found);
      return found;
    },
  };
}

function rel(file: string, root: string): string {
  return file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
}

/**
 * Why a request for `sym` (the value as a fragment wrote it) did not give that value. `root` is the
 * kernel tree, to print places relative to it.
 */
export function explainLoss(ev: Evaluation, sym: KSymbol, requested: string, root: string): Reason[] {
  const reasons: Reason[] = [];
  const name = sym.name ?? '<choice>';
  if (sym.type === 'unknown') {
    return [{ code: sym.definitions.length ? 'wrong-type' : 'only-referenced', message: sym.definitions.length ? `${name} is defined without a type` : `${name} is not defined in this tree (only mentioned in other symbols' conditions)` }];
  }
  const final = ev.stringValue(sym);
  const isLogic = sym.type === 'bool' || sym.type === 'tristate';
  const want = isLogic ? (requested[0] === 'y' ? Tri.Yes : requested[0] === 'm' ? Tri.Mod : Tri.No) : Tri.Yes;
  const visible = ev.visibility(sym);
  const prompts = sym.definitions.filter((d) => d.prompt);

  if (isLogic && requested[0] === 'm' && ev.typeOf(sym) === 'bool' && sym.type === 'tristate' && !(sym.flags & SYM_CHOICEVAL)) {
    const modules = ev.model.modules;
    reasons.push({
      code: 'modules-disabled',
      message: `=m needs loadable modules, but ${modules.name === 'n' ? 'this tree has no modules option' : `${modules.name} is ${ev.stringValue(modules)}`}; conf turns m into y`,
      blockers: modules.name === 'n' ? [] : [modules],
    });
  } else if (isLogic && sym.type === 'bool' && requested[0] === 'm') {
    reasons.push({ code: 'wrong-type', message: `${name} is a bool: m is not a value it can take` });
  }

  if (visible === Tri.No && (!isLogic || want > ev.tri(sym) || want < ev.tri(sym))) {
    if (prompts.length === 0) {
      const sel = activeReverse(ev, sym, 'select');
      const selectors = (reverseIndex(ev).get(sym)?.select ?? []).map((s) => s.by.name).filter((n, i, a) => a.indexOf(n) === i);
      const def = sym.definitions[0];
      reasons.push({
        code: 'no-prompt',
        message:
          `${name} has no prompt, so a fragment cannot set it; only its defaults` +
          (selectors.length ? ` or a symbol that selects it (${selectors.slice(0, 8).join(', ')}${selectors.length > 8 ? ', ...' : ''}) can` : ' can') +
          (sel.length ? `; selected now by ${sel.map((s) => `${s.by.name}=${triName(s.value)}`).join(', ')}` : ''),
        location: def ? locationOf(def.file, def.line) : undefined,
        blockers: (reverseIndex(ev).get(sym)?.select ?? []).map((s) => s.by),
      });
    } else {
      for (const { c, terms } of firstBlockingConditions(ev, prompts, Tri.Mod)) {
        reasons.push({
          code: 'unmet-dependency',
          message: `${c.what} of ${name} is not met (${rel(c.file, root)}:${c.line}: ${exprToString(c.expr)}): ${terms.map((t) => t.text).join(', ')}`,
          location: locationOf(c.file, c.line),
          blockers: terms.flatMap((t) => t.syms),
        });
      }
      if (!reasons.some((r) => r.code === 'unmet-dependency')) {
        reasons.push({ code: 'unmet-dependency', message: `${name}'s prompt is not visible with the current values` });
      }
    }
  } else if (isLogic && visible === Tri.Mod && want === Tri.Yes && ev.tri(sym) !== Tri.Yes) {
    for (const { c, terms } of firstBlockingConditions(ev, prompts, Tri.Yes)) {
      reasons.push({
        code: 'limited-to-module',
        message: `${name} can only be m: ${c.what} (${rel(c.file, root)}:${c.line}) is m because of ${terms.map((t) => t.text).join(', ')}`,
        location: locationOf(c.file, c.line),
        blockers: terms.flatMap((t) => t.syms),
      });
    }
  }

  if (isLogic && ev.tri(sym) > want) {
    const sel = activeReverse(ev, sym, 'select');
    if (sel.length) {
      reasons.push({
        code: 'selected',
        message: `${name} is forced to ${final} by select: ${sel.map((s) => `${s.by.name}=${triName(s.value)} (${rel(s.prop.file, root)}:${s.prop.line})`).join(', ')}`,
        location: locationOf(sel[0].prop.file, sel[0].prop.line),
        blockers: sel.map((s) => s.by),
      });
    } else if (sym.flags & SYM_CHOICE) {
      reasons.push({ code: 'choice-mode', message: `a visible choice cannot be switched off` });
    } else if (visible === Tri.No) {
      const imp = activeReverse(ev, sym, 'imply');
      reasons.push({
        code: imp.length ? 'implied' : 'default-applies',
        message: imp.length
          ? `${name} is implied by ${imp.map((s) => s.by.name).join(', ')} and cannot be changed while it has no visible prompt`
          : `${name} cannot be changed here, so its default (${final}) applies`,
      });
    }
  }

  if (sym.flags & SYM_CHOICEVAL && isLogic && want === Tri.Yes && ev.tri(sym) !== Tri.Yes) {
    const choice = ev.choiceOf(sym);
    if (choice) {
      const chosen = ev.choiceSelection(choice);
      const def = choice.definitions[0];
      if (chosen && chosen !== sym && ev.visibility(sym) !== Tri.No) {
        reasons.push({
          code: 'choice-conflict',
          message: `${name} is one value of a choice ("${def?.prompt?.text ?? ''}"), and ${chosen.name} is the one selected; only one can be y`,
          location: def ? locationOf(def.file, def.line) : undefined,
          blockers: [chosen],
        });
      } else if (ev.tri(choice) !== Tri.Yes && ev.visibility(sym) !== Tri.No) {
        reasons.push({ code: 'choice-mode', message: `the choice containing ${name} is ${ev.stringValue(choice)}, not y` });
      }
    }
  }

  if ((sym.type === 'int' || sym.type === 'hex') && visible !== Tri.No && final !== requested) {
    const range = ev.activeRange(sym);
    if (range) {
      reasons.push({
        code: 'out-of-range',
        message: `${requested} is outside the range ${range.low}..${range.high} of ${name} (${rel(range.prop.file, root)}:${range.prop.line}); conf uses ${final}`,
        location: locationOf(range.prop.file, range.prop.line),
      });
    }
  }

  if (reasons.length === 0 && !isLogic && visible === Tri.No) {
    reasons.push({ code: 'no-prompt', message: `${name} has no visible prompt, so its default applies` });
  }
  return reasons;
}
