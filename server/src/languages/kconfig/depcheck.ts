// Dependency loops: the kernel's sym_check_deps, which conf runs on every symbol after parsing. A symbol whose
// value would feed back into itself (through `depends on`, `select`, `imply`, a prompt's or default's `if`, a
// default's value, or a choice) is reported as "recursive dependency detected!" and conf stops, so the build
// stops too. The walk follows the kernel's order so that the same loop is found and described the same way, and
// it runs on the heap (walkDeep): conf accepts chains thousands of symbols long.

import { walkDeep } from '../../common/deep';
import { problem, type Problem, type RelatedInformation } from '../../common/problem';
import { span } from '../../common/span';
import { SYM_CHOICE, SYM_CHOICEVAL, choiceOf, choiceValues, forEachSymbolIn, type Expr, type KSymbol, type KconfigModel, type Property } from './model';

/** Which of a symbol's expressions the walk is in, for the description of a loop. */
type Via = 'dirDep' | 'revDep' | 'implied' | 'value' | undefined;

/** The kernel's dep_stack entry. */
interface Frame {
  readonly sym: KSymbol;
  prop: Property | undefined;
  via: Via;
}

/** Links of a loop named in the message, and given as related locations. */
const MESSAGE_LINKS = 12;
const RELATED_LINKS = 100;

const CHECK = 1;
const CHECKED = 2;
const NONE: readonly KSymbol[] = [];

type Walk = Generator<KSymbol, KSymbol | undefined, KSymbol | undefined>;

/** One error per dependency loop, where conf reports it, with each step of the loop. */
export function dependencyLoops(model: Pick<KconfigModel, 'symbolsInHashOrder' | 'symbolCount'>): Problem[] {
  // Kernel trees have no loops: a plain cycle search says so at a fraction of the cost of conf's walk,
  // which runs only when there is a loop to describe.
  return hasLoop(model) ? describeLoops(model) : [];
}

/**
 * Whether conf's walk would find any loop, by a plain iterative depth-first search over the same edges: each
 * symbol's direct, reverse and implied dependencies, its properties' conditions (not of `select`, `imply` or
 * the choice link) and, but for a choice, its default values. A choice is searched with its values as conf does:
 * the choice's own edges first, with the choice and all its values on the path, then the values' edges, with
 * only the values on it (a value reading its own choice is no loop; one reading another value is).
 */
function hasLoop(model: Pick<KconfigModel, 'symbolsInHashOrder' | 'symbolCount'>): boolean {
  // Run on every parse of a kernel tree, so it allocates little: the symbols each open node leads to sit in one
  // array used as a stack (never shortened, which would make V8 copy it again and again), a node's share from
  // its `start` to `end`, given up when the node is done.
  const targets: KSymbol[] = [];
  let end = 0;
  const scratch: Expr[] = [];
  const terms: Expr[] = [];
  const walked: Expr[] = [];
  const walk = (e: Expr | undefined) => {
    if (e) scratch.push(e);
    for (let x = scratch.pop(); x; x = scratch.pop()) {
      if (x.kind === 'symbol') {
        targets[end++] = x.sym;
      } else if (x.kind === 'compare') {
        targets[end++] = x.left;
        targets[end++] = x.right;
      } else if (x.kind === 'not') {
        scratch.push(x.operand);
      } else {
        scratch.push(x.right, x.left);
      }
    }
  };
  // A property's condition is its entry's dependencies && its own `if`, and the entry's dependencies are the
  // symbol's direct ones: the same objects. Each is walked once per symbol, which spares most of the walk.
  const walkOnce = (e: Expr | undefined) => {
    if (!e || walked.includes(e)) return;
    walked.push(e);
    if (e.kind === 'and' && walked.includes(e.left)) walk(e.right);
    else walk(e);
  };
  // A reverse dependency is `X && <condition of X's select>` per selecting X, and that condition is X's own
  // dependencies && the select's `if`. X leads to its own dependencies anyway, so beside X only the `if` is
  // walked: most of a reverse dependency's size is its selectors' dependencies.
  const walkReverse = (e: Expr | undefined) => {
    if (e) terms.push(e);
    for (let t = terms.pop(); t; t = terms.pop()) {
      if (t.kind === 'or') {
        terms.push(t.right, t.left);
      } else if (t.kind === 'and' && t.left.kind === 'symbol' && t.left.sym.dirDep !== undefined) {
        const by = t.left.sym;
        targets[end++] = by;
        const condition = t.right;
        if (condition !== by.dirDep) walk(condition.kind === 'and' && condition.left === by.dirDep ? condition.right : condition);
      } else {
        walk(t);
      }
    }
  };
  const addEdgesOf = (s: KSymbol) => {
    walked.length = 0;
    walkOnce(s.dirDep);
    walkReverse(s.revDep);
    walkReverse(s.implied);
    for (const prop of s.props) {
      if (prop.kind === 'choice' || prop.kind === 'select' || prop.kind === 'imply') continue;
      walkOnce(prop.visible);
      if (prop.kind === 'default' && !(s.flags & SYM_CHOICE)) walkOnce(prop.expr);
    }
  };
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(model.symbolCount);
  /** A symbol being searched, or a choice in its first (its own edges) or second (its values' edges) phase. */
  const path: { sym: KSymbol; values: readonly KSymbol[] | undefined; start: number; next: number }[] = [];
  /** Puts what `to` leads to on the path; false when it closes a loop. */
  const enter = (to: KSymbol): boolean => {
    const seen = state[to.id];
    if (seen === ON_PATH) return false;
    if (seen === DONE) return true;
    let choice: KSymbol | undefined;
    if (to.flags & SYM_CHOICE) {
      choice = to;
    } else if (to.flags & SYM_CHOICEVAL) {
      choice = choiceOf(to);
      if (!choice) {
        state[to.id] = DONE; // conf cannot check a value without its choice; nothing to follow
        return true;
      }
      if (state[choice.id] === DONE) return true;
    }
    const start = end;
    if (!choice) {
      state[to.id] = ON_PATH;
      addEdgesOf(to);
      path.push({ sym: to, values: undefined, start, next: start });
      return true;
    }
    const values = choiceValues(choice);
    state[choice.id] = ON_PATH;
    for (const v of values) state[v.id] = ON_PATH;
    addEdgesOf(choice);
    path.push({ sym: choice, values, start, next: start });
    return true;
  };
  for (const first of model.symbolsInHashOrder) {
    if (state[first.id] !== 0) continue;
    if (!enter(first)) return true;
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top.next < end) {
        if (!enter(targets[top.next++])) return true;
      } else if (top.values && state[top.sym.id] === ON_PATH) {
        // The choice's own edges are done: it leaves the path, and its values' edges follow.
        state[top.sym.id] = DONE;
        end = top.start;
        for (const v of top.values) addEdgesOf(v);
        top.next = top.start;
      } else {
        state[top.sym.id] = DONE;
        for (const v of top.values ?? NONE) state[v.id] = DONE;
        end = top.start;
        path.pop();
      }
    }
  }
  return false;
}

/** conf's walk itself (sym_check_deps on every symbol in hash order), with a problem for each loop it reports. */
function describeLoops(model: Pick<KconfigModel, 'symbolsInHashOrder' | 'symbolCount'>): Problem[] {
  const marks = new Uint8Array(model.symbolCount);
  const flagsOf = (s: KSymbol) => marks[s.id];
  const stack: Frame[] = [];
  const problems: Problem[] = [];


  /**
   * sym_check_expr_deps: the symbols of the expression whose check could find a loop, left to right; a symbol
   * checked already and not on the stack cannot, and is left out rather than visited.
   */
  const unchecked = (e: Expr | undefined): readonly KSymbol[] => {
    let out: KSymbol[] | undefined;
    forEachSymbolIn(e, (s) => {
      if ((marks[s.id] & (CHECK | CHECKED)) !== CHECKED) (out ??= []).push(s);
    });
    return out ?? NONE;
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
    const values = choiceValues(choice);
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
    // conf prints every link; a loop through thousands of symbols is cut short here, with the count.
    const shown = steps.length > MESSAGE_LINKS ? [...steps.slice(0, MESSAGE_LINKS - 1).map((s) => s.text), `... ${steps.length - MESSAGE_LINKS} more ...`, steps[steps.length - 1].text] : steps.map((s) => s.text);
    const related: RelatedInformation[] = steps.slice(0, RELATED_LINKS).map((s) => ({ location: { file: s.file, span: lineSpan(s.line) }, message: s.text }));
    problems.push(
      problem(
        'kconfig-recursive-dependency',
        'error',
        `recursive dependency detected: ${shown.join(', ')}; conf stops here ("recursive dependency detected!"), so the kernel cannot be configured until one link of the loop is removed`,
        at.file,
        lineSpan(at.line),
        { related },
      ),
    );
  }

  for (const sym of model.symbolsInHashOrder) if (!(marks[sym.id] & CHECKED)) walkDeep(checkDeps, sym);
  return problems;
}

function lineSpan(line: number) {
  const l = Math.max(0, line - 1);
  return span(l, 0, l, 1000);
}
