// Quick fixes for lost values that the engine itself finds and checks: the lines to add to a fragment
// so that a requested value survives. Candidates come from the reasons a value is lost (the symbols
// that block it); every candidate set is run through the whole fragment set again, and only a set
// that really makes the value survive is offered, pared down so that no line in it is superfluous.

import type { Fix } from '../../../common/problem';
import { lineSpan } from '../../../common/span';
import { analyzeFragmentSet, type FragmentSetAnalysis, type FragmentSetOptions, type LostValue } from '../analysis';
import type { KSymbol } from '../model';
import { Tri } from '../tristate';

/** Reasons whose blockers a fragment line can change (a dependency to switch on, modules to enable). */
const FIXABLE = new Set(['unmet-dependency', 'limited-to-module', 'modules-disabled']);

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

/**
 * Lines to add before the requesting line of `lost` so that its value survives, or undefined when
 * no such set was found. Each line is `CONFIG_X=y` or `# CONFIG_X is not set`.
 */
export function dependencyLines(options: DependencyFixOptions): string[] | undefined {
  const { lost } = options;
  const file = lost.request.fragment.file;
  const index = options.fragments.findIndex((f) => f.file === file);
  if (index < 0) return undefined;
  const original = options.fragments[index].text;
  const at = lost.request.entry.line;
  const name = lost.request.name;

  let previous = options.analysis;
  // A fix must not cost another requested value: those lost already are the only ones allowed to be lost.
  const lostBefore = new Set(options.analysis.lost.map((l) => `${l.request.fragment.file}\0${l.request.name}`));
  const tries = (added: readonly string[]): { survives: boolean; analysis: FragmentSetAnalysis } => {
    const lines = original.split('\n');
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
  const addedNames = new Set<string>([name, ...added.map((l) => /CONFIG_([A-Za-z0-9_]+)/.exec(l)?.[1] ?? '')]);
  let current = options.analysis;
  let found = false;
  if (added.length > 0) {
    const first = tries(added);
    current = first.analysis;
    found = first.survives;
  }
  for (let round = 0; round < MAX_ROUNDS && !found; round++) {
    // What blocks the value, and what blocks the lines added so far.
    const blocking = current.lost.filter((l) => l.request.fragment.file === file && (l.request.name === name || addedNames.has(l.request.name)));
    const candidates: KSymbol[] = [];
    for (const l of blocking) {
      for (const r of l.reasons) {
        if (!FIXABLE.has(r.code)) continue;
        for (const b of r.blockers ?? []) if (b.name && !addedNames.has(b.name) && settable(b) && !candidates.includes(b)) candidates.push(b);
      }
    }
    if (candidates.length === 0 || added.length + candidates.length > MAX_LINES) return undefined;
    for (const b of candidates) {
      addedNames.add(b.name!);
      const line = lineFor(b, current);
      added.push(line);
      roundOf.set(line, round);
    }
    const trial = tries(added);
    current = trial.analysis;
    found = trial.survives;
  }
  if (!found) return undefined;

  // Pare down: a line whose removal keeps the value alive is not needed.
  for (let i = added.length - 1; i >= 0; i--) {
    const without = [...added.slice(0, i), ...added.slice(i + 1)];
    if (tries(without).survives) added.splice(i, 1);
  }
  // Lines found in later rounds are what earlier ones need: they read best first.
  return added.map((line, i) => ({ line, round: roundOf.get(line) ?? 0, i })).sort((a, b) => b.round - a.round || a.i - b.i).map((x) => x.line);
}

/** How many selecting symbols to try for a value without a prompt, and how many working ones to offer. */
const MAX_SELECTORS_TRIED = 8;
const MAX_SELECTOR_FIXES = 3;

/**
 * For a lost value of a symbol without a prompt, which a fragment cannot set: the symbols that select
 * it, each with what it needs, that make the value survive (checked like the dependency fix). Those
 * visible now are tried first; at most a few are tried, and the answers with the fewest lines come first.
 */
export function selectorFixLines(options: Omit<DependencyFixOptions, 'seed'>): { selector: string; lines: string[] }[] {
  const reason = options.lost.reasons.find((r) => r.code === 'no-prompt');
  if (!reason?.blockers?.length) return [];
  const ev = options.analysis.run.evaluation;
  const candidates = [...new Set(reason.blockers)]
    .filter((s) => s.name !== undefined && settable(s))
    .sort((a, b) => Number(ev.visibility(b) !== Tri.No) - Number(ev.visibility(a) !== Tri.No) || (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0))
    .slice(0, MAX_SELECTORS_TRIED);
  const out: { selector: string; lines: string[] }[] = [];
  for (const s of candidates) {
    const lines = dependencyLines({ ...options, seed: [`CONFIG_${s.name}=y`] });
    if (lines && lines.some((l) => l === `CONFIG_${s.name}=y`)) out.push({ selector: s.name!, lines });
    if (out.length >= MAX_SELECTOR_FIXES) break;
  }
  return out.sort((a, b) => a.lines.length - b.lines.length);
}

/** A quick fix that inserts `lines` before the line that requests the lost value. */
export function dependencyFix(lost: LostValue, lines: readonly string[], selector?: string): Fix {
  const names = lines.map((l) => /CONFIG_([A-Za-z0-9_]+)/.exec(l)?.[1] ?? l);
  const eol = lost.request.entry.text.endsWith('\r') ? '\r\n' : '\n';
  const what = names.length === 1 ? lines[0] : `${names.length} lines (${names.join(', ')})`;
  return {
    title: selector
      ? `Switch on ${selector}, which selects ${lost.request.name}: add ${what}`
      : `Add ${what} so that CONFIG_${lost.request.name}=${lost.requested} survives`,
    edits: [{ file: lost.request.fragment.file, span: lineSpan(lost.request.entry.line, 0, 0), newText: lines.map((l) => l + eol).join('') }],
    preferred: !selector,
  };
}

function settable(sym: KSymbol): boolean {
  return (sym.type === 'bool' || sym.type === 'tristate') && sym.definitions.some((d) => d.prompt);
}

/** Switch the blocker over: n becomes y, m becomes y (a dependency held at m), y becomes n (a `!X` condition). */
function lineFor(sym: KSymbol, analysis: FragmentSetAnalysis): string {
  const now = analysis.run.evaluation.tri(sym);
  return now === Tri.Yes ? `# CONFIG_${sym.name} is not set` : `CONFIG_${sym.name}=y`;
}
