// Quick fixes for lost values that the engine itself finds and checks: the lines to add to a fragment
// so that a requested value survives. Candidates come from the reasons a value is lost (the symbols
// that block it); every candidate set is run through the whole fragment set again, and only a set
// that really makes the value survive is offered, pared down so that no line in it is superfluous.

import type { Fix } from '../../../common/problem';
import { lineSpan } from '../../../common/span';
import { analyzeFragmentSet, type FragmentSetAnalysis, type FragmentSetOptions, type LostValue } from '../analysis';
import type { KSymbol } from '../model';
import { Tri } from '../tristate';

/**
 * Reasons whose blockers a fragment line can change: a dependency to switch on (or, for `!X`, off), modules
 * to enable, and symbols that select the value past what was asked (to switch off).
 */
const FIXABLE = new Set(['unmet-dependency', 'limited-to-module', 'modules-disabled', 'selected']);

/** Rounds of "add what still blocks" before giving up, and a bound on the lines added. */
const MAX_ROUNDS = 6;
const MAX_LINES = 16;

export interface DependencyFixOptions extends Omit<FragmentSetOptions, 'previous'> {
  /** The analysis the lost value comes from (of exactly these fragments). */
  readonly analysis: FragmentSetAnalysis;
  readonly lost: LostValue;
  /** Lines to start from (a symbol that selects the lost one); what they need is added like the rest. */
  readonly seed?: readonly string[];
}

/** What the fix changes in the requesting fragment. */
export interface DependencyChange {
  /** Lines to insert before the requesting line, each `CONFIG_X=y` or `# CONFIG_X is not set`. */
  readonly lines: readonly string[];
  /** Lines of the same fragment that already set a blocking symbol, rewritten in place (0-based line). */
  readonly rewrites: readonly { readonly line: number; readonly name: string; readonly text: string }[];
}

/**
 * What to change in the requesting fragment of `lost` so that its value survives, or undefined when
 * nothing was found. A blocking symbol that this fragment already sets has that line rewritten (an added
 * line would only contradict it); one that another fragment sets to something else is that fragment's
 * decision, so no fix goes through it; one that another fragment sets to the needed value but loses is
 * followed to what blocks it in turn.
 */
export function dependencyLines(options: DependencyFixOptions): DependencyChange | undefined {
  const { lost } = options;
  const file = lost.request.fragment.file;
  const index = options.fragments.findIndex((f) => f.file === file);
  if (index < 0) return undefined;
  const original = options.fragments[index].text;
  const at = lost.request.entry.line;
  const name = lost.request.name;
  const eol = lost.request.entry.text.endsWith('\r') ? '\r' : '';

  // Where the set already asks for each symbol: lines of this fragment, and the values other fragments want.
  const ownLine = new Map<string, number>();
  const elsewhere = new Map<string, string[]>();
  for (const r of options.analysis.requests) {
    if (r.fragment.file === file) {
      if (r.entry.line !== at) ownLine.set(r.name, r.entry.line);
    } else {
      elsewhere.set(r.name, [...(elsewhere.get(r.name) ?? []), requestedLine(r.name, r.entry.kind, r.entry.value)]);
    }
  }

  let previous = options.analysis;
  // A fix must not cost another requested value: those lost already are the only ones allowed to be lost.
  const lostBefore = new Set(options.analysis.lost.map((l) => `${l.request.fragment.file}\0${l.request.name}`));
  const rewrites = new Map<number, { name: string; text: string }>();
  const tries = (added: readonly string[]): { survives: boolean; analysis: FragmentSetAnalysis } => {
    const lines = original.split('\n');
    for (const [i, r] of rewrites) lines[i] = r.text + eol;
    lines.splice(at, 0, ...added);
    const fragments = options.fragments.map((f, i) => (i === index ? { file, text: lines.join('\n') } : f));
    const analysis = analyzeFragmentSet({ ...options, fragments, previous });
    previous = analysis;
    const line = at + added.length;
    const survives =
      !analysis.lost.some((l) => l.request.fragment.file === file && l.request.entry.line === line && l.request.name === name) &&
      analysis.lost.every((l) => lostBefore.has(`${l.request.fragment.file}\0${l.request.name}`) || (l.request.fragment.file === file && l.request.entry.line >= at && l.request.entry.line < line));
    return { survives, analysis };
  };

  const added: string[] = [...(options.seed ?? [])];
  const roundOf = new Map<string, number>(added.map((l) => [l, -1]));
  const handled = new Set<string>([name, ...added.map((l) => /CONFIG_([A-Za-z0-9_]+)/.exec(l)?.[1] ?? '')]);
  /** Symbols another fragment already asks to be what is needed: their own blockers are followed. */
  const adopted = new Set<string>();
  let current = options.analysis;
  let found = false;
  if (added.length > 0) {
    const first = tries(added);
    current = first.analysis;
    found = first.survives;
  }
  for (let round = 0; round < MAX_ROUNDS && !found; round++) {
    // What blocks the value, what blocks the lines added so far, and what blocks adopted requests.
    const blocking = current.lost.filter((l) => (l.request.fragment.file === file && (l.request.name === name || handled.has(l.request.name))) || adopted.has(l.request.name));
    const candidates: { sym: KSymbol; line: string }[] = [];
    for (const l of blocking) {
      for (const r of l.reasons) {
        if (!FIXABLE.has(r.code)) continue;
        for (const b of r.blockers ?? []) {
          if (!b.name || handled.has(b.name) || !settable(b) || candidates.some((c) => c.sym === b)) continue;
          candidates.push({ sym: b, line: r.code === 'selected' ? `# CONFIG_${b.name} is not set` : lineFor(b, current) });
        }
      }
    }
    let changed = false;
    for (const c of candidates) {
      const n = c.sym.name!;
      handled.add(n);
      const others = elsewhere.get(n);
      if (others) {
        // Another fragment's decision: follow it when it asks for the needed value, else leave it be.
        if (others.every((o) => o === c.line)) {
          adopted.add(n);
          changed = true;
        }
        continue;
      }
      const own = ownLine.get(n);
      if (own !== undefined) rewrites.set(own, { name: n, text: c.line });
      else {
        added.push(c.line);
        roundOf.set(c.line, round);
      }
      changed = true;
    }
    if (!changed || added.length + rewrites.size > MAX_LINES) return undefined;
    const trial = tries(added);
    current = trial.analysis;
    found = trial.survives;
  }
  if (!found) return undefined;

  // Pare down: a change whose removal keeps the value alive is not needed.
  for (let i = added.length - 1; i >= 0; i--) {
    const without = [...added.slice(0, i), ...added.slice(i + 1)];
    if (tries(without).survives) added.splice(i, 1);
  }
  for (const [i, r] of [...rewrites]) {
    rewrites.delete(i);
    if (!tries(added).survives) rewrites.set(i, r);
  }
  // Lines found in later rounds are what earlier ones need: they read best first.
  const lines = added.map((line, i) => ({ line, round: roundOf.get(line) ?? 0, i })).sort((a, b) => b.round - a.round || a.i - b.i).map((x) => x.line);
  return { lines, rewrites: [...rewrites].sort((a, b) => a[0] - b[0]).map(([line, r]) => ({ line, name: r.name, text: r.text })) };
}

/** A request as the line the fix would write for it, to compare values. */
function requestedLine(name: string, kind: string, value: string | undefined): string {
  return kind === 'not-set' || value === 'n' ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${value ?? ''}`;
}

/** How many selecting symbols to try for a value without a prompt, and how many working ones to offer. */
const MAX_SELECTORS_TRIED = 8;
const MAX_SELECTOR_FIXES = 3;

/**
 * For a lost value of a symbol without a prompt, which a fragment cannot set: the symbols that select
 * it, each with what it needs, that make the value survive (checked like the dependency fix). Those
 * visible now are tried first; at most a few are tried, and the answers with the fewest lines come first.
 */
export function selectorFixLines(options: Omit<DependencyFixOptions, 'seed'>): { selector: string; change: DependencyChange }[] {
  const reason = options.lost.reasons.find((r) => r.code === 'no-prompt');
  if (!reason?.blockers?.length) return [];
  const ev = options.analysis.run.evaluation;
  const candidates = [...new Set(reason.blockers)]
    .filter((s) => s.name !== undefined && settable(s))
    .sort((a, b) => Number(ev.visibility(b) !== Tri.No) - Number(ev.visibility(a) !== Tri.No) || (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0))
    .slice(0, MAX_SELECTORS_TRIED);
  const out: { selector: string; change: DependencyChange }[] = [];
  for (const s of candidates) {
    const change = dependencyLines({ ...options, seed: [`CONFIG_${s.name}=y`] });
    if (change && change.lines.some((l) => l === `CONFIG_${s.name}=y`)) out.push({ selector: s.name!, change });
    if (out.length >= MAX_SELECTOR_FIXES) break;
  }
  const size = (c: DependencyChange) => c.lines.length + c.rewrites.length;
  return out.sort((a, b) => size(a.change) - size(b.change));
}

/** A quick fix that inserts the change's lines before the line that requests the lost value, and rewrites lines. */
export function dependencyFix(lost: LostValue, change: DependencyChange, selector?: string): Fix {
  const file = lost.request.fragment.file;
  const eol = lost.request.entry.text.endsWith('\r') ? '\r\n' : '\n';
  const nameOf = (l: string) => /CONFIG_([A-Za-z0-9_]+)/.exec(l)?.[1] ?? l;
  const parts: string[] = [];
  if (change.lines.length === 1) parts.push(`add ${change.lines[0]}`);
  else if (change.lines.length > 1) parts.push(`add ${change.lines.length} lines (${change.lines.map(nameOf).join(', ')})`);
  for (const r of change.rewrites) parts.push(`change line ${r.line + 1} to '${r.text}'`);
  const what = parts.join(' and ');
  const edits = [
    ...change.rewrites.map((r) => ({ file, span: lineSpan(r.line, 0, lineLength(lost, r.line)), newText: r.text })),
    ...(change.lines.length ? [{ file, span: lineSpan(lost.request.entry.line, 0, 0), newText: change.lines.map((l) => l + eol).join('') }] : []),
  ];
  return {
    title: selector ? `Switch on ${selector}, which selects ${lost.request.name}: ${what}` : `${what[0].toUpperCase()}${what.slice(1)} so that CONFIG_${lost.request.name}=${lost.requested} survives`,
    edits,
    // Rewriting a line gives up something the user asked for: offered, never preferred.
    preferred: !selector && change.rewrites.length === 0,
  };
}

/** The length of a line of the requesting fragment, without its line end. */
function lineLength(lost: LostValue, line: number): number {
  const entry = lost.request.fragment.lines.find((l) => l.line === line);
  return entry ? entry.text.replace(/\r$/, '').length : 0;
}

function settable(sym: KSymbol): boolean {
  return (sym.type === 'bool' || sym.type === 'tristate') && sym.definitions.some((d) => d.prompt);
}

/** Switch the blocker over: n becomes y, m becomes y (a dependency held at m), y becomes n (a `!X` condition). */
function lineFor(sym: KSymbol, analysis: FragmentSetAnalysis): string {
  const now = analysis.run.evaluation.tri(sym);
  return now === Tri.Yes ? `# CONFIG_${sym.name} is not set` : `CONFIG_${sym.name}=y`;
}
