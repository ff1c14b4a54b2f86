// Dependency loops: the kernel's sym_check_deps, which conf runs on every symbol after parsing. A symbol whose
// value would feed back into itself (through `depends on`, `select`, `imply`, a prompt's or default's `if`, a
// default's value, or a choice) is reported as "recursive dependency detected!" and conf stops, so the build
// stops too. The walk follows the kernel's order so that the same loop is found and described the same way, and
// it runs on the heap (walkDeep): conf accepts chains thousands of symbols long.

import { walkDeep } from '../../common/deep';
import { problem, type Problem, type RelatedInformation } from '../../common/problem';
import { span } from '../../common/span';
import { SYM_CHOICE, SYM_CHOICEVAL, type Expr, type KSymbol, type KconfigModel, type Property } from './model';

/** Which of a symbol's expressions the walk is in, for the description of a loop. */
type Via = 'dirDep' | 'revDep' | 'implied' | 'value' | undefined;

/** The kernel's dep_stack entry. */
interface Frame {
  readonly sym: KSymbol;
  prop: Property | undefined;
  via: Via;
}

const CHECK = 1;
const CHECKED = 2;
const NONE: readonly KSymbol[] = [];

type Walk = Generator<KSymbol, KSymbol | undefined, KSymbol | undefined>;

/** One error per dependency loop, where conf reports it, with each step of the loop. */
export function dependencyLoops(model: Pick<KconfigModel, 'symbolsInHashOrder' | 'symbolCount'>): Problem[] {
  const marks = new Uint8Array(model.symbolCount);
  const flagsOf = (s: KSymbol) => marks[s.id];
  const stack: Frame[] = [];
  const problems: Problem[] = [];

  const choiceOf = (s: KSymbol): KSymbol | undefined => {
    const e = s.props.find((p) => p.kind === 'choice')?.expr;
    return e?.kind === 'symbol' ? e.sym : undefined;
  };
  const valuesOf = (choice: KSymbol): readonly KSymbol[] => choice.props.find((p) => p.kind === 'choice')?.choiceValues ?? [];

  /**
   * sym_check_expr_deps: the symbols of the expression whose check could find a loop, left to right; a symbol
   * checked already and not on the stack cannot, and is left out rather than visited.
   */
  const unchecked = (e: Expr | undefined): readonly KSymbol[] => {
    if (!e) return NONE;
    if (e.kind === 'symbol') return (flagsOf(e.sym) & (CHECK | CHECKED)) === CHECKED ? NONE : [e.sym];
    const out: KSymbol[] = [];
    const add = (s: KSymbol) => {
      if ((flagsOf(s) & (CHECK | CHECKED)) !== CHECKED) out.push(s);
    };
    const pending: Expr[] = [e];
    for (let x = pending.pop(); x; x = pending.pop()) {
      switch (x.kind) {
        case 'symbol':
          add(x.sym);
          break;
        case 'compare':
          add(x.left);
          add(x.right);
          break;
        case 'not':
          pending.push(x.operand);
          break;
        default:
          pending.push(x.right, x.left);
      }
    }
    return out;
  };

  /** sym_check_sym_deps */
  function* checkSymbol(sym: KSymbol): Walk {
    const frame: Frame = { sym, prop: undefined, via: 'dirDep' };
    stack.push(frame);
    try {
      // Each expression is walked as it is reached: checks earlier in it may mark later symbols checked.
      for (const s of unchecked(sym.dirDep)) {
        const found = yield s;
        if (found) return found;
      }
      frame.via = 'revDep';
      for (const s of unchecked(sym.revDep)) {
        const found = yield s;
        if (found) return found;
      }
      frame.via = 'implied';
      for (const s of unchecked(sym.implied)) {
        const found = yield s;
        if (found) return found;
      }
      frame.via = undefined;
      for (const prop of sym.props) {
        if (prop.kind === 'choice' || prop.kind === 'select' || prop.kind === 'imply') continue;
        frame.prop = prop;
        for (const s of unchecked(prop.visible)) {
          const found = yield s;
          if (found) return found;
        }
        if (prop.kind !== 'default' || sym.flags & SYM_CHOICE) continue;
        frame.via = 'value';
        for (const s of unchecked(prop.expr)) {
          const found = yield s;
          if (found) return found;
        }
        frame.via = undefined;
      }
      return undefined;
    } finally {
      stack.pop();
    }
  }

  /** sym_check_choice_deps: the choice and all its values are checked as one. */
  function* checkChoice(choice: KSymbol): Walk {
    stack.push({ sym: choice, prop: undefined, via: undefined });
    const values = valuesOf(choice);
    try {
      for (const v of values) marks[v.id] |= CHECK | CHECKED;
      marks[choice.id] |= CHECK | CHECKED;
      let found = yield* checkSymbol(choice);
      marks[choice.id] &= ~CHECK;
      if (!found) {
        for (const v of values) {
          found = yield* checkSymbol(v);
          if (found) break;
        }
      }
      for (const v of values) marks[v.id] &= ~CHECK;
      if (found && found.flags & SYM_CHOICEVAL && choiceOf(found) === choice) found = choice;
      return found;
    } finally {
      stack.pop();
    }
  }

  /** sym_check_deps */
  function* checkDeps(sym: KSymbol): Walk {
    const f = flagsOf(sym);
    if (f & CHECK) {
      report(sym);
      return sym;
    }
    if (f & CHECKED) return undefined;
    if (sym.flags & SYM_CHOICEVAL) {
      // A choice value is checked through its choice.
      const choice = choiceOf(sym);
      if (!choice) return undefined;
      stack.push({ sym, prop: undefined, via: undefined });
      try {
        return yield choice;
      } finally {
        stack.pop();
      }
    }
    if (sym.flags & SYM_CHOICE) return yield* checkChoice(sym);
    marks[sym.id] = f | CHECK | CHECKED;
    const found = yield* checkSymbol(sym);
    marks[sym.id] &= ~CHECK;
    return found;
  }

  /** sym_check_print_recursive: the loop from where `last` entered the stack to its top. */
  function report(last: KSymbol): void {
    const frames = [...stack];
    if (last.flags & SYM_CHOICEVAL) {
      frames.push({ sym: last, prop: undefined, via: undefined });
      last = choiceOf(last) ?? last;
    }
    let from = -1;
    for (let i = frames.length - 1; i >= 0; i--) {
      if (frames[i].sym === last) {
        from = i;
        break;
      }
    }
    if (from < 0) return;
    const name = (s: KSymbol) => s.name ?? '<choice>';
    const steps: { text: string; file: string; line: number }[] = [];
    let at: { file: string; line: number } | undefined;
    for (let i = from; i < frames.length; i++) {
      const { sym, via } = frames[i];
      const next = i + 1 < frames.length ? frames[i + 1].sym : last;
      let prop = frames[i].prop ?? sym.props[0];
      const isChoice = !!(sym.flags & SYM_CHOICE);
      const isValue = !!(sym.flags & SYM_CHOICEVAL);
      // For choices and their values the kernel names the entry of the symbol's first property.
      if (isChoice || isValue) prop = sym.props[0];
      if (!prop) continue;
      const where = isChoice || isValue ? { file: prop.menu.file, line: prop.menu.line } : { file: prop.file, line: prop.line };
      if (sym === last) at ??= { file: prop.file, line: prop.line };
      let text: string;
      if (isChoice) text = `choice ${name(sym)} contains symbol ${name(next)}`;
      else if (isValue) text = `symbol ${name(sym)} is part of choice ${name(next)}`;
      else if (via === 'dirDep') text = `symbol ${name(sym)} depends on ${name(next)}`;
      else if (via === 'revDep') text = `symbol ${name(sym)} is selected by ${name(next)}`;
      else if (via === 'implied') text = `symbol ${name(sym)} is implied by ${name(next)}`;
      else if (via === 'value') text = `symbol ${name(sym)} ${prop.kind} value contains ${name(next)}`;
      else text = `symbol ${name(sym)} ${prop.kind} is visible depending on ${name(next)}`;
      steps.push({ text, ...where });
    }
    if (!at || steps.length === 0) return;
    const related: RelatedInformation[] = steps.map((s) => ({ location: { file: s.file, span: lineSpan(s.line) }, message: s.text }));
    problems.push(
      problem(
        'kconfig-recursive-dependency',
        'error',
        `recursive dependency detected: ${steps.map((s) => s.text).join(', ')}; conf stops here ("recursive dependency detected!"), so the kernel cannot be configured until one link of the loop is removed`,
        at.file,
        lineSpan(at.line),
        { related },
      ),
    );
  }

  for (const sym of model.symbolsInHashOrder) walkDeep(checkDeps, sym);
  return problems;
}

function lineSpan(line: number) {
  const l = Math.max(0, line - 1);
  return span(l, 0, l, 1000);
}
