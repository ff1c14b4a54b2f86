// Checking a set of config fragments against a kernel tree, the way Kata's build-kernel.sh uses
// merge_config.sh: merge them, run conf, and explain every requested value that does not survive.

import * as path from 'node:path';
import { compareProblems, problem, type Fix, type Problem, type RelatedInformation, type Severity } from '../../common/problem';
import { lineSpan, span, type Span } from '../../common/span';
import { editDistance } from '../../common/names';
import type { Evaluation } from './evaluate';
import { activeReverse, explainLoss, type Reason } from './explain';
import { checkFragmentAlone } from './checks/fragmentAlone';
import { fragmentTristate, parseFragment, type Fragment, type FragmentLine } from './fragment';
import { lostReports, mergeFragments, type FragmentText, type LineOrigin, type LostReport, type MergedFragments } from './mergeScript';
import { exprToString, type KSymbol, type KconfigModel } from './model';
import { triName } from './tristate';
import { runConf, type ConfigRun } from './tree';
import { appendAll } from '../../common/arrays';

/** What decides whether a lost value stops Kata's build: the whitelist applied with `grep -v -f`. */
export interface LostValueFilter {
  /** The whitelist entries (patterns) that hide this report line of merge_config.sh, if any. */
  hiddenBy(reportLine: string): readonly { readonly pattern: string; readonly file: string; readonly line: number }[];
}

export interface FragmentSetOptions {
  readonly model: KconfigModel;
  /** The kernel tree, to print places relative to it. */
  readonly srctree: string;
  /** Fragments in merge order; the first is merge_config.sh's base file. */
  readonly fragments: readonly FragmentText[];
  readonly mode: 'allnoconfig' | 'alldefconfig';
  readonly whitelist?: LostValueFilter;
  /**
   * The analysis of the same set before an edit, or any earlier run of the model (such as allnoconfig
   * without a fragment): symbols the differences cannot reach keep its results.
   */
  readonly previous?: Pick<FragmentSetAnalysis, 'run'>;
}

/** One requested value (a fragment line) and what became of it. */
export interface Request {
  readonly fragment: Fragment;
  readonly entry: FragmentLine;
  readonly name: string;
  readonly sym: KSymbol | undefined;
  /** Still in the merged file (not deleted because a later fragment redefines the symbol). */
  readonly survivesMerge: boolean;
  /** The assignment conf used last for this symbol. */
  readonly effective: boolean;
}

export interface LostValue {
  readonly request: Request;
  readonly requested: string;
  readonly actual: string;
  readonly reasons: readonly Reason[];
  readonly whitelistedBy: readonly { pattern: string; file: string; line: number }[];
  /** The problem reported for this loss (fixes for the loss resolve it). */
  readonly problem?: Problem;
}

export interface FragmentSetAnalysis {
  readonly merged: MergedFragments;
  readonly run: ConfigRun;
  /** What merge_config.sh itself would print as "Value requested ... not in final .config". */
  readonly scriptReports: readonly LostReport[];
  readonly requests: readonly Request[];
  readonly lost: readonly LostValue[];
  readonly problems: readonly Problem[];
}

function lineOf(entry: FragmentLine): Span {
  return lineSpan(entry.line, 0, entry.text.replace(/\r$/, '').length);
}

function nameSpan(entry: FragmentLine): Span {
  return lineSpan(entry.line, entry.nameStart ?? 0, (entry.nameEnd ?? entry.text.length) - (entry.nameStart ?? 0));
}

export function analyzeFragmentSet(options: FragmentSetOptions): FragmentSetAnalysis {
  const { model, srctree } = options;
  const merged = mergeFragments(options.fragments, { warnRedundant: true });
  const run = runConf(model, options.mode, merged.text, options.previous?.run);
  const ev = run.evaluation;
  const scriptReports = lostReports(merged.text, run.configText);
  const problems: Problem[] = [];
  // Values may rest on guessed $(shell,...) results (untrusted workspace, nothing cached): say so.
  const uncertain = model.shellFallback;
  const add = (code: string, severity: Severity, message: string, file: string, span: Span, related?: RelatedInformation[], fixes?: Fix[]): Problem => {
    const p = problem(code, severity, message, file, span, {
      ...(related?.length ? { related } : {}),
      ...(fixes?.length ? { fixes } : {}),
      ...(uncertain && code.startsWith('kconfig-value-lost') ? { uncertain } : {}),
    });
    problems.push(p);
    return p;
  };
  /** The unknown-symbol problem reported at each request's line. */
  const unknownAt = new Map<Request, Problem>();

  // Which fragment lines survive the merge, and which one conf used last for each symbol.
  const fragments = options.fragments.map((f) => parseFragment(f.file, f.text));
  const byFile = new Map(fragments.map((f) => [f.file, f]));
  const surviving = new Set<string>();
  const key = (o: LineOrigin) => `${o.file}\0${o.line}`;
  for (const o of merged.origins) surviving.add(key(o));
  const lastAccepted = new Map<KSymbol, LineOrigin>();
  for (const a of run.assignments) {
    const origin = merged.origins[a.line - 1];
    if (origin) lastAccepted.set(a.sym, origin);
  }
  const readMessages = new Map<string, (typeof run.messages)[number][]>();
  for (const m of run.messages) {
    const origin = merged.origins[m.line - 1];
    if (!origin) continue;
    const k = key(origin);
    readMessages.set(k, [...(readMessages.get(k) ?? []), m]);
  }

  const requests: Request[] = [];
  for (const fragment of fragments) appendAll(problems, checkFragmentAlone(fragment));
  for (const fragment of fragments) {
    for (const entry of fragment.lines) {
      if (entry.kind !== 'assign' && entry.kind !== 'not-set') continue;
      const name = entry.name ?? '';
      const sym = model.byName.get(name);
      const origin = { file: fragment.file, line: entry.line + 1 };
      const last = sym ? lastAccepted.get(sym) : undefined;
      requests.push({
        fragment,
        entry,
        name,
        sym,
        survivesMerge: surviving.has(key(origin)),
        effective: !!last && last.file === origin.file && last.line === origin.line,
      });
    }
  }

  // Redefinitions across fragments: the earlier line is dropped by merge_config.sh.
  const redefinedAt = new Map<string, { by: string; line: number }>();
  for (const msg of merged.messages) {
    const later = byFile.get(msg.file)?.lines.find((l) => (l.kind === 'assign' || l.kind === 'not-set') && `CONFIG_${l.name}` === msg.symbol);
    for (const d of msg.deleted) {
      if (d.line > 0) redefinedAt.set(key(d), { by: msg.file, line: later ? later.line + 1 : 0 });
    }
  }

  const lost: LostValue[] = [];
  // Looked up per unknown name and per report below; scanning the requests each time made a large set quadratic.
  const requestedNames = new Set(requests.map((q) => q.name));
  const lastSurviving = new Map<string, Request>();
  for (const q of requests) if (q.survivesMerge) lastSurviving.set(`CONFIG_${q.name}`, q);
  for (const r of requests) {
    const where = { file: r.fragment.file, line: r.entry.line + 1 };
    const fullName = `CONFIG_${r.name}`;
    // Problems conf itself reports while reading the line.
    for (const m of readMessages.get(key(where)) ?? []) {
      // Unknown symbols and stray lines are reported by the checks below and checkFragmentAlone.
      if (m.kind === 'unknown-symbol' || m.kind === 'override' || m.kind === 'unexpected-data') continue;
      const code = m.kind === 'invalid-value' ? 'kconfig-invalid-value' : m.kind === 'unquoted-string' || m.kind === 'invalid-string' ? 'kconfig-invalid-string' : m.kind.startsWith('choice') ? 'kconfig-choice-conflict' : 'kconfig-unexpected-line';
      let text = m.text;
      if (m.kind === 'invalid-value' && r.sym) text = `${m.text}: ${r.name} is ${describeType(r.sym)}${r.sym.type === 'int' || r.sym.type === 'hex' ? ' (write a plain number' + (r.sym.type === 'hex' ? ' in hex' : '') + ')' : r.sym.type === 'string' ? ' (write the value in double quotes)' : ' (use y, m or n)'}`;
      const quote = m.kind === 'unquoted-string' ? quoteValueFix(r.fragment.file, r.entry) : undefined;
      add(code, m.kind.startsWith('choice') ? 'warning' : 'error', `${text}; conf ignores this line`, r.fragment.file, lineOf(r.entry), undefined, quote ? [quote] : undefined);
    }
    if (!r.sym || r.sym.type === 'unknown') {
      if (!/^[A-Za-z0-9_]+$/.test(r.name)) {
        add('kconfig-unknown-symbol', 'error', `'${fullName}' is not a valid symbol name; conf ignores it`, r.fragment.file, nameSpan(r.entry));
        continue;
      }
      const near = suggestedNames(model, r.name);
      // A name the set already sets is mentioned, but a rename to it would only repeat that line.
      const renames = near.filter((n) => !requestedNames.has(n));
      const describe = (n: string) => (r.name.startsWith(n + '_') && !nearestNames(model, r.name).includes(n) ? `CONFIG_${n} (the same name without ${r.name.slice(n.length)}: the kernel often folds an option into the one it refined)` : `CONFIG_${n}`);
      const hint = near.length ? ` Did you mean ${near.map(describe).join(', ')}?` : '';
      if (r.entry.kind === 'not-set') {
        add(
          'kconfig-not-set-unknown',
          'warning',
          `${fullName} does not exist in this kernel tree, so '# ${fullName} is not set' means nothing; merge_config.sh still reports it as not in the final .config, which stops Kata's build-kernel.sh unless whitelisted.${hint}`,
          r.fragment.file,
          nameSpan(r.entry),
          undefined,
          [...renameFixes(r.fragment.file, r.entry, renames), deleteLineFix(r.fragment.file, r.entry, `Delete the line: ${fullName} does not exist`)],
        );
      } else {
        const referenced = r.sym && r.sym.type === 'unknown' && r.sym.definitions.length === 0;
        const wl = r.survivesMerge ? whitelisted(options.whitelist, fullName) : [];
        const reported = add(
          'kconfig-unknown-symbol',
          wl.length ? 'information' : 'error',
          `${fullName} is not defined in this kernel tree${referenced ? ' (other symbols mention it, but nothing defines it)' : ''}; the value is dropped.${hint}` +
            (wl.length ? ` The whitelist hides this from the build check (${wl.map((w) => `'${w.pattern}' at ${path.basename(w.file)}:${w.line}`).join(', ')}).` : ''),
          r.fragment.file,
          nameSpan(r.entry),
          undefined,
          renameFixes(r.fragment.file, r.entry, renames),
        );
        unknownAt.set(r, reported);
      }
      continue;
    }
    if (!r.survivesMerge) {
      const by = redefinedAt.get(key(where));
      if (by) {
        add('kconfig-overridden', 'warning', `${fullName} is set again by a later fragment (${path.basename(by.by)}${by.line ? `:${by.line}` : ''}); this line has no effect`, r.fragment.file, nameSpan(r.entry), [
          { location: { file: by.by, span: lineSpan(Math.max(0, by.line - 1), 0, 0) }, message: 'the later assignment' },
        ], [deleteLineFix(r.fragment.file, r.entry, `Delete the line: ${path.basename(by.by)} sets ${fullName} later`)]);
      }
      continue;
    }
  }

  // Per symbol, in the order conf read the merged file: the value conf took, and whether it survived.
  const bySymbol = new Map<string, Request[]>();
  for (const r of requests) {
    if (!r.survivesMerge) continue;
    const list = bySymbol.get(r.name);
    if (list) list.push(r);
    else bySymbol.set(r.name, [r]);
  }
  /** Whether the fragment set itself could lift a blocking symbol: is it requested, and did that survive? */
  const blockerNotes = (reasons: readonly Reason[], lostSym: KSymbol): string => {
    const blockers = [...new Set(reasons.filter((r) => r.code !== 'selected').flatMap((r) => r.blockers ?? []))].filter((b) => b !== lostSym && b.name);
    const notes: string[] = [];
    for (const b of blockers.slice(0, 3)) {
      const asked = bySymbol.get(b.name!);
      if (!asked) {
        if (b.definitions.some((d) => d.prompt)) notes.push(`no fragment of this set sets ${b.name}`);
        continue;
      }
      const at = asked[asked.length - 1];
      const where = `${path.basename(at.fragment.file)}:${at.entry.line + 1}`;
      notes.push(ev.stringValue(b) === 'n' ? `${b.name} is requested at ${where} but does not survive either` : `${b.name} is requested at ${where}`);
    }
    return notes.length ? ` (${notes.join('; ')})` : '';
  };

  for (const [name, rs] of bySymbol) {
    const sym = rs[0].sym;
    const last = rs[rs.length - 1];
    const fullName = `CONFIG_${name}`;
    if (!sym || sym.type === 'unknown') {
      // conf ignores the lines; only an 'n' request holds, since a symbol that is not there is n.
      let value: string | undefined;
      for (const r of rs) value = (r.entry.kind === 'not-set' ? 'n' : fragmentTristate(r.entry.value ?? '')) ?? value;
      if (value === 'n') continue;
      const reported = unknownAt.get(last);
      lost.push({ request: last, requested: value ?? last.entry.value ?? '', actual: '', reasons: [], whitelistedBy: whitelisted(options.whitelist, fullName), ...(reported ? { problem: reported } : {}) });
      continue;
    }
    const effective = rs.find((r) => r.effective);
    const isLogic = sym.type === 'bool' || sym.type === 'tristate';
    const actual = ev.stringValue(sym);
    const written = ev.isWritten(sym);
    let requested: string;
    let kept: boolean;
    if (effective) {
      requested = isLogic ? triName(ev.userTri(sym)) : (ev.userString(sym) ?? '');
      // A symbol conf does not write counts as n (bool/tristate) and as unset otherwise.
      kept = written ? actual === requested : isLogic && requested === 'n';
    } else {
      // conf rejected or ignored every line for it; the symbol keeps what the tree gives it.
      requested = last.entry.kind === 'not-set' ? 'n' : (last.entry.value ?? '');
      kept = last.entry.kind === 'not-set' && !written;
    }
    if (kept) continue;
    const at = effective ?? last;
    const reasons: Reason[] = effective
      ? explainLoss(ev, sym, requested, srctree)
      : [{ code: 'wrong-type', message: `conf rejected every value given for ${fullName} (${describeType(sym)}), so the tree's value applies` }];
    const wl = whitelisted(options.whitelist, fullName);
    const shown = isLogic && actual === 'n' && !written ? 'n (not even written to .config)' : !written ? `${actual === '' ? '""' : actual} (not written to .config)` : actual === '' ? '""' : actual;
    const why = (reasons.length ? reasons.map((x) => x.message).join('; ') : 'the kernel computes a different value') + blockerNotes(reasons, sym);
    const related: RelatedInformation[] = reasons
      .filter((x) => x.location)
      .map((x) => ({ location: { file: x.location!.file, span: x.location!.span }, message: x.message }));
    const reported = wl.length
      ? add('kconfig-value-lost-whitelisted', 'information', `${fullName}=${requested} does not survive (final value ${shown}), but ${wl.map((w) => `'${w.pattern}' (${path.basename(w.file)}:${w.line})`).join(', ')} in the whitelist hides it from the build check: ${why}`, at.fragment.file, nameSpan(at.entry), related)
      : add('kconfig-value-lost', 'error', `${fullName}=${requested} will not be in the final .config (it ends up ${shown}): ${why}`, at.fragment.file, nameSpan(at.entry), related);
    lost.push({ request: at, requested, actual, reasons, whitelistedBy: wl, problem: reported });
  }

  // Reports merge_config.sh makes although the value is what was asked: they still stop Kata's build.
  const lostNames = new Set(lost.map((l) => `CONFIG_${l.request.name}`));
  for (const report of scriptReports) {
    if (lostNames.has(report.symbol)) continue;
    const r = lastSurviving.get(report.symbol);
    if (!r || !r.sym || r.sym.type === 'unknown') continue;
    const wl = whitelisted(options.whitelist, report.symbol);
    if (wl.length) continue;
    add(
      'kconfig-merge-false-alarm',
      'warning',
      `merge_config.sh will say "Value requested for ${report.symbol} not in final .config" although the value is as asked (${falseAlarmWhy(report, ev, r.sym)}); Kata's build-kernel.sh stops on that message unless the symbol is whitelisted`,
      r.fragment.file,
      nameSpan(r.entry),
    );
  }

  // conf's "unmet direct dependencies" warning: a select forces a symbol whose own dependencies are
  // not met. Reported at the fragment lines that switch on the selecting symbol.
  const effectiveBySymbol = new Map<KSymbol, Request[]>();
  for (const r of requests) {
    if (!r.effective || !r.sym) continue;
    const list = effectiveBySymbol.get(r.sym);
    if (list) list.push(r);
    else effectiveBySymbol.set(r.sym, [r]);
  }
  for (const { sym } of ev.unmet.values()) {
    if (sym.name === undefined) continue;
    const dirDep = exprToString(sym.dirDep);
    for (const sel of activeReverse(ev, sym, 'select')) {
      for (const r of effectiveBySymbol.get(sel.by) ?? []) {
        add(
          'kconfig-select-unmet-dependency',
          'warning',
          `CONFIG_${r.name} selects ${sym.name} (${path.relative(options.srctree, sel.prop.file)}:${sel.prop.line}), whose dependencies are not met (${dirDep}); conf forces ${sym.name} on anyway and warns "unmet direct dependencies detected for ${sym.name}"`,
          r.fragment.file,
          nameSpan(r.entry),
          [{ location: { file: sel.prop.file, span: lineSpan(Math.max(0, sel.prop.line - 1), 0, 0) }, message: `the select of ${sym.name}` }],
        );
      }
    }
  }

  problems.sort(compareProblems);
  return { merged, run, scriptReports, requests, lost, problems };
}

function falseAlarmWhy(report: LostReport, ev: Evaluation, sym: KSymbol): string {
  if (report.actual === '' && ev.stringValue(sym) === 'n') return 'the symbol is invisible, so .config leaves it out instead of writing "is not set"';
  if (report.requested.includes('\n')) return 'the script compares every line that mentions the name, and several do';
  return 'the script compares the lines as text, and they are written differently';
}

function describeType(sym: KSymbol): string {
  switch (sym.type) {
    case 'int':
      return 'an integer';
    case 'hex':
      return 'a hex number';
    case 'string':
      return 'a string';
    case 'bool':
      return 'a bool';
    case 'tristate':
      return 'a tristate';
    default:
      return 'untyped';
  }
}

function whitelisted(filter: LostValueFilter | undefined, fullName: string): { pattern: string; file: string; line: number }[] {
  if (!filter) return [];
  return [...filter.hiddenBy(`Value requested for ${fullName} not in final .config`)];
}

/** Defined symbol names by length, built once per model, for near-name suggestions. */
const namesByLength = new WeakMap<KconfigModel, Map<number, string[]>>();
const nearestCache = new WeakMap<KconfigModel, Map<string, string[]>>();

/** Symbols of the tree whose names are closest to `name` (edit distance, then alphabetical). */
export function nearestNames(model: KconfigModel, name: string, max = 3): string[] {
  let cache = nearestCache.get(model);
  if (!cache) nearestCache.set(model, (cache = new Map()));
  const hit = cache.get(`${max}\0${name}`);
  if (hit) return hit;
  let byLength = namesByLength.get(model);
  if (!byLength) {
    byLength = new Map();
    for (const [candidate, sym] of model.byName) {
      if (sym.type === 'unknown') continue;
      const list = byLength.get(candidate.length);
      if (list) list.push(candidate);
      else byLength.set(candidate.length, [candidate]);
    }
    namesByLength.set(model, byLength);
  }
  const scored: { n: string; d: number }[] = [];
  const limit = Math.max(2, Math.floor(name.length / 4));
  for (let len = name.length - limit; len <= name.length + limit; len++) {
    for (const candidate of byLength.get(len) ?? []) {
      const d = editDistance(name, candidate, limit);
      if (d <= limit) scored.push({ n: candidate, d });
    }
  }
  scored.sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1));
  const result = scored.slice(0, max).map((s) => s.n);
  cache.set(`${max}\0${name}`, result);
  return result;
}

/**
 * The name without its last `_WORD`, when that is a symbol with a prompt: the kernel often folds an option
 * into the one it refined (NF_CONNTRACK_IPV4 into NF_CONNTRACK, MEMCG_SWAP into MEMCG).
 */
export function parentName(model: KconfigModel, name: string): string | undefined {
  const cut = name.lastIndexOf('_');
  if (cut < 3) return undefined;
  const candidate = name.slice(0, cut);
  const sym = model.byName.get(candidate);
  return sym && sym.type !== 'unknown' && sym.definitions.some((d) => d.prompt) ? candidate : undefined;
}

/**
 * Names to suggest for one that does not exist. A spelling one edit away is a typo, and only spellings are
 * offered; otherwise the parent (see parentName) comes first, then the nearest spellings.
 */
export function suggestedNames(model: KconfigModel, name: string): string[] {
  const near = nearestNames(model, name);
  if (near.length > 0 && editDistance(name, near[0], 1) <= 1) return near;
  const parent = parentName(model, name);
  return parent ? [parent, ...near.filter((n) => n !== parent)] : near;
}

/** Replace a symbol's name on a fragment line by one of the names that exist (nearest first). */
function renameFixes(file: string, entry: FragmentLine, names: readonly string[]): Fix[] {
  return names.map((n, i) => ({ title: `Change to CONFIG_${n}`, edits: [{ file, span: nameSpan(entry), newText: `CONFIG_${n}` }], preferred: i === 0 }));
}

/** Remove a fragment line entirely (up to the start of the next line). */
function deleteLineFix(file: string, entry: FragmentLine, title: string): Fix {
  return { title, edits: [{ file, span: span(entry.line, 0, entry.line + 1, 0), newText: '' }] };
}

/** Put a string value in double quotes, escaping what conf would unescape. */
function quoteValueFix(file: string, entry: FragmentLine): Fix | undefined {
  if (entry.value === undefined || entry.valueStart === undefined) return undefined;
  const raw = entry.value.replace(/\r$/, '');
  return {
    title: 'Put the value in double quotes',
    edits: [{ file, span: lineSpan(entry.line, entry.valueStart, raw.length), newText: `"${raw.replace(/[\\"]/g, (c) => `\\${c}`)}"` }],
    preferred: true,
  };
}
