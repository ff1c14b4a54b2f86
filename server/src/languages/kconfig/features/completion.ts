// Completion in fragments (symbol names in both line forms, values by type) and in Kconfig files
// (keywords at the start of a line, symbol names elsewhere). Ranked by what the user can set now:
// symbols whose prompt is visible under the current fragment set come first.

import { lineSpan, type Span } from '../../../common/span';
import type { CompletionEntry, CompletionResult } from '../../../services';
import type { Evaluation } from '../evaluate';
import { KEYWORDS } from '../lexer';
import { SYM_CHOICE, SYM_CHOICEVAL, type KSymbol, type KconfigModel } from '../model';
import { Tri } from '../tristate';

export interface CompletionContext {
  readonly model: KconfigModel;
  /** The run under the current fragment set (visibility, current values, whether modules are on). */
  readonly evaluation: Evaluation;
}

/** Names offered at most per answer; the editor asks again as the user types when there were more. */
export const MAX_NAMES = 300;

export function fragmentCompletion(text: string, line: number, column: number, cc: CompletionContext): CompletionResult {
  const lineText = (text.split('\n')[line] ?? '').replace(/\r$/, '');
  const before = lineText.slice(0, column);
  const value = /^CONFIG_([A-Za-z0-9_]+)=/.exec(before);
  if (value) return { items: valueEntries(value[1], lineText, line, value[0].length, cc), incomplete: false };
  const name = /^(#[ \t]*)?([A-Za-z0-9_]*)$/.exec(before);
  if (!name) return { items: [], incomplete: false };
  const notSet = name[1] !== undefined;
  const word = name[2];
  const typed = word.startsWith('CONFIG_') ? word.slice(7) : 'CONFIG_'.startsWith(word) ? '' : word;
  // What the choice replaces: from the start of the line (the not-set form is rewritten whole) or of the name.
  const after = lineText.slice(column);
  const nameEnd = column + (/^[A-Za-z0-9_]*/.exec(after)?.[0].length ?? 0);
  const replace = notSet ? lineSpan(line, 0, lineText.length) : lineSpan(line, 0, nameEnd);
  const hasValue = !notSet && lineText.slice(nameEnd).startsWith('=');
  const { symbols, incomplete } = rankedSymbols(typed, cc);
  const items = symbols.map((sym, i): CompletionEntry => {
    const full = `CONFIG_${sym.name}`;
    return {
      label: full,
      kind: 'symbol',
      detail: detailOf(sym),
      sortText: String(i).padStart(4, '0'),
      filterText: notSet ? `${name[1]}${full}` : full,
      replace,
      ...(notSet
        ? { insertText: `# ${full} is not set` }
        : hasValue
          ? { insertText: full }
          : { insertText: `${full}=${valueSnippet(sym, cc)}`, snippet: true }),
    };
  });
  return { items, incomplete };
}

export function kconfigCompletion(text: string, line: number, column: number, cc: CompletionContext): CompletionResult {
  const lineText = (text.split('\n')[line] ?? '').replace(/\r$/, '');
  const before = lineText.slice(0, column);
  const word = /[A-Za-z0-9_]*$/.exec(before)![0];
  const start = column - word.length;
  const rest = /^[A-Za-z0-9_]*/.exec(lineText.slice(column))![0];
  const replace = lineSpan(line, start, word.length + rest.length);
  if (/^[ \t]*$/.test(before.slice(0, start))) {
    // The first word of a line is a keyword.
    const items = [...KEYWORDS]
      .filter((k) => /^[a-z_]+$/.test(k))
      .sort()
      .map((k): CompletionEntry => ({ label: k, kind: 'keyword', replace, insertText: k === 'depends' ? 'depends on ' : k }));
    return { items, incomplete: false };
  }
  const typed = word.startsWith('CONFIG_') ? word.slice(7) : word;
  const { symbols, incomplete } = rankedSymbols(typed, cc);
  const items = symbols.map((sym, i): CompletionEntry => ({ label: sym.name!, kind: 'symbol', detail: detailOf(sym), sortText: String(i).padStart(4, '0'), replace }));
  return { items, incomplete };
}

/** Defined symbols whose name contains `typed` (any case): names starting with it first, then those visible now. */
function rankedSymbols(typed: string, cc: CompletionContext): { symbols: KSymbol[]; incomplete: boolean } {
  const want = typed.toUpperCase();
  const scored: { sym: KSymbol; score: number }[] = [];
  for (const sym of cc.model.byName.values()) {
    if (sym.type === 'unknown' || sym.name === undefined || sym.flags & SYM_CHOICE) continue;
    const at = want === '' ? 0 : sym.name.toUpperCase().indexOf(want);
    if (at < 0) continue;
    const hasPrompt = sym.definitions.some((d) => d.prompt);
    const visible = hasPrompt && cc.evaluation.visibility(sym) !== Tri.No;
    scored.push({ sym, score: (at === 0 ? 0 : 4) + (visible ? 0 : hasPrompt ? 1 : 2) });
  }
  scored.sort((a, b) => a.score - b.score || (a.sym.name! < b.sym.name! ? -1 : a.sym.name! > b.sym.name! ? 1 : 0));
  return { symbols: scored.slice(0, MAX_NAMES).map((s) => s.sym), incomplete: scored.length > MAX_NAMES };
}

function detailOf(sym: KSymbol): string {
  const prompt = sym.definitions.find((d) => d.prompt?.text !== undefined)?.prompt?.text;
  return `${sym.type} · ${prompt ?? 'no prompt (only defaults and selects set it)'}`;
}

/** The value part of a new assignment, as a snippet: a choice of the values that can be set. */
function valueSnippet(sym: KSymbol, cc: CompletionContext): string {
  switch (sym.type) {
    case 'bool':
      return '${1|y,n|}';
    case 'tristate':
      return modulesOn(cc) ? '${1|y,m,n|}' : '${1|y,n|}';
    case 'string':
      return '"$1"';
    default:
      return `\${1:${escapeSnippet(cc.evaluation.stringValue(sym))}}`;
  }
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function modulesOn(cc: CompletionContext): boolean {
  return cc.evaluation.tri(cc.model.modules) !== Tri.No;
}

/** Values for `CONFIG_NAME=`: those its type allows (m only with modules on), the range's bounds, the current one first. */
function valueEntries(name: string, lineText: string, line: number, valueStart: number, cc: CompletionContext): CompletionEntry[] {
  const sym = cc.model.byName.get(name);
  if (!sym) return [];
  const replace: Span = lineSpan(line, valueStart, lineText.length - valueStart);
  const ev = cc.evaluation;
  const current = ev.stringValue(sym);
  const entry = (label: string, detail: string): CompletionEntry => ({ label, kind: 'value', detail, replace, preselect: label === current || undefined });
  switch (sym.type) {
    case 'bool':
    case 'tristate': {
      const inChoice = sym.flags & SYM_CHOICEVAL ? ' (a choice: y here switches the others off)' : '';
      const out = [entry('y', `built in${inChoice}`)];
      if (sym.type === 'tristate') out.push(entry('m', modulesOn(cc) ? 'a module' : 'a module, but MODULES is off in this set: conf makes it y'));
      out.push(entry('n', 'off'));
      return out;
    }
    case 'int':
    case 'hex': {
      const out = [entry(current, 'the value now')];
      const range = ev.activeRange(sym);
      if (range) {
        for (const bound of [range.low, range.high]) if (bound !== current) out.push(entry(bound, `a bound of the range ${range.low}..${range.high}`));
      }
      return out;
    }
    case 'string':
      return [{ ...entry(JSON.stringify(current), 'the value now'), insertText: JSON.stringify(current) }];
    default:
      return [];
  }
}
