// Why a symbol has the value it has: which dependency blocks it, what selects it, whether it can
// be set from a fragment at all. Used for diagnostics, `kata-kconfig explain` and hover.

import type { Location } from '../../common/span';
import { lineSpan } from '../../common/span';
import type { Evaluation } from './evaluate';
import { SYM_CHOICE, SYM_CHOICEVAL, SYM_CONST, exprToString, forEachSymbolIn, type Expr, type KSymbol, type MenuNode, type Property } from './model';
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

const reverseIndexes = new WeakMap<object, Map<KSymbol, { select: { by: KSymbol; prop: Property }[]; imply: { by: KSymbol; prop: Property }[] }>>();

/** Who selects or implies whom, built once per model. */
export function reverseIndex(ev: Evaluation): Map<KSymbol, { select: { by: KSymbol; prop: Property }[]; imply: { by: KSymbol; prop: Property }[] }> {
  let index = reverseIndexes.get(ev.model);
  if (!index) {
    index = new Map();
    for (const s of ev.model.symbolsInHashOrder) {
      for (const p of s.props) {
        if ((p.kind === 'select' || p.kind === 'imply') && p.expr?.kind === 'symbol') {
          const target = p.expr.sym;
          let entry = index.get(target);
          if (!entry) index.set(target, (entry = { select: [], imply: [] }));
          entry[p.kind].push({ by: s, prop: p });
        }
      }
    }
    reverseIndexes.set(ev.model, index);
  }
  return index;
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
