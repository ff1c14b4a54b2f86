// Hover for a Kconfig symbol, in a fragment or in a Kconfig file: what it is, where it is defined,
// what it needs and who forces it, what the fragment set makes of it, and its help text as the
// user's kernel tree has it. Plain Markdown; the server turns it into the protocol's hover.

import { pathToFileURL } from 'node:url';
import type { Request, LostValue } from '../analysis';
import type { Evaluation } from '../evaluate';
import { activeReverse, conditionsOf, reverseIndex } from '../explain';
import { lineSpan, type Span } from '../../../common/span';
import { parseFragment } from '../fragment';
import { KEYWORDS, helpText, isWordCode } from '../lexer';
import { SYM_CHOICE, SYM_CONST, exprToString, forEachSymbolIn, type Expr, type KSymbol, type KconfigModel } from '../model';
import { Tri } from '../tristate';
import type { ValueEffect } from './preview';

export interface SymbolHoverContext {
  readonly model: KconfigModel;
  /** The run whose values are shown (the fragment set's, or defaults alone). */
  readonly evaluation: Evaluation;
  /** The kernel tree, for places relative to it. */
  readonly srctree: string;
  /** What the values come from, in a few words ("the fragment set of 12 files", "no fragment"). */
  readonly valuesFrom: string;
  /** Fragment lines that ask for the symbol, in merge order. */
  readonly requests: readonly Request[];
  readonly lost: readonly LostValue[];
  /** A section shown before the help text (what each value of the hovered line would do). */
  readonly preview?: string;
}

/** At most this many entries in a list of places (selects of a popular symbol run into hundreds). */
const MAX_LISTED = 12;

export function symbolHoverMarkdown(name: string, hc: SymbolHoverContext): string {
  const sym = hc.model.byName.get(name);
  const out: string[] = [];
  if (!sym || (sym.definitions.length === 0 && sym.type === 'unknown')) {
    out.push(`**CONFIG_${name}**`);
    out.push(sym ? 'Not defined in this kernel tree: only mentioned in conditions of other symbols.' : 'Not a symbol of this kernel tree.');
    out.push(...requestLines(name, hc));
    return out.join('\n\n');
  }
  const ev = hc.evaluation;
  // A menuconfig's prompt is kept as kind 'menu': the definitions know their prompts whatever the kind.
  const prompts = sym.definitions.flatMap((d) => (d.prompt?.text !== undefined ? [d.prompt.text] : []));
  out.push(`**CONFIG_${name}** · ${sym.type}${prompts.length ? ` · "${escape(prompts[0])}"` : ' · no prompt'}`);
  out.push(valueLine(sym, hc));
  out.push(...requestLines(name, hc));

  const defs = sym.definitions.map((d) => link(d.file, d.line, hc.srctree));
  out.push(`Defined at ${defs.slice(0, MAX_LISTED).join(', ')}${defs.length > MAX_LISTED ? `, and ${defs.length - MAX_LISTED} more` : ''}`);

  const conditions: string[] = [];
  const seen = new Set<string>();
  for (const def of sym.definitions) {
    for (const c of conditionsOf(def)) {
      const text = exprToString(c.expr);
      const key = `${c.what}\0${text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      conditions.push(`- ${escape(c.what)}: \`${code(text)}\` ${valuesIn(ev, c.expr)} (${link(c.file, c.line, hc.srctree)})`);
    }
  }
  if (conditions.length > 0) out.push(`Depends on (${triText(ev.dependencyTri(sym).dirDep)} now):\n${conditions.join('\n')}`);
  if (sym.definitions.length > 0 && prompts.length === 0) {
    out.push('No prompt: a fragment cannot set it; only its defaults and the symbols that select it decide its value.');
  }

  for (const kind of ['select', 'imply'] as const) {
    const all = reverseIndex(ev).get(sym)?.[kind] ?? [];
    if (all.length === 0) continue;
    const active = new Set(activeReverse(ev, sym, kind).map((a) => a.prop));
    // Active ones first: they are what decides the value now.
    const ordered = [...all].sort((a, b) => Number(active.has(b.prop)) - Number(active.has(a.prop)));
    const lines = ordered.slice(0, MAX_LISTED).map(({ by, prop }) => {
      const cond = prop.written ? ` if \`${code(exprToString(prop.written))}\`` : '';
      return `- CONFIG_${by.name ?? ''}=${escape(ev.stringValue(by))}${cond}${active.has(prop) ? ' (active)' : ''} (${link(prop.file, prop.line, hc.srctree)})`;
    });
    if (all.length > MAX_LISTED) lines.push(`- and ${all.length - MAX_LISTED} more`);
    out.push(`${kind === 'select' ? 'Selected' : 'Implied'} by ${all.length} symbol${all.length === 1 ? '' : 's'}, ${active.size} active now:\n${lines.join('\n')}`);
  }

  if (hc.preview) out.push(hc.preview);
  const help = sym.definitions.find((d) => d.help && !d.help.blank)?.help;
  if (help) out.push('---', helpMarkdown(helpText(help)));
  return out.join('\n\n');
}

function valueLine(sym: KSymbol, hc: SymbolHoverContext): string {
  const ev = hc.evaluation;
  const value = ev.stringValue(sym);
  const shown = sym.type === 'string' ? JSON.stringify(value) : value;
  const written = ev.isWritten(sym) ? '' : ' (absent from .config: conf writes only symbols that are visible or whose dependencies are met)';
  return `Value: **${escape(shown)}** with ${escape(hc.valuesFrom)}${written}`;
}

/** Which fragment lines ask for the symbol, and what became of each. */
function requestLines(name: string, hc: SymbolHoverContext): string[] {
  const mine = hc.requests.filter((r) => r.name === name);
  if (mine.length === 0) return [];
  const lines = mine.map((r) => {
    const place = link(r.fragment.file, r.entry.line + 1, undefined);
    const lost = hc.lost.find((l) => l.request === r);
    const what = `\`${code(r.entry.text.replace(/\r$/, ''))}\``;
    if (!r.sym) return `- ${what} at ${place}: ignored by conf, which knows no such symbol`;
    if (!r.survivesMerge) return `- ${what} at ${place}: dropped by merge\\_config\\.sh, a later fragment sets it again`;
    if (!r.effective) return `- ${what} at ${place}: not used by conf (see the problem on that line)`;
    if (lost) return `- ${what} at ${place}: **lost** (ends up ${escape(lost.actual)}): ${escape(lost.reasons[0]?.message ?? 'see the problem on that line')}`;
    return `- ${what} at ${place}: kept`;
  });
  return [`Requested by the fragments:\n${lines.join('\n')}`];
}

function valuesIn(ev: Evaluation, e: Expr): string {
  const parts: string[] = [];
  const seen = new Set<KSymbol>();
  forEachSymbolIn(e, (s) => {
    if (seen.has(s) || s.flags & SYM_CONST || s.flags & SYM_CHOICE || s.name === undefined) return;
    seen.add(s);
    parts.push(`${s.name}=${ev.stringValue(s)}`);
  });
  return parts.length ? `— ${escape(parts.join(', '))}` : '';
}

function triText(t: Tri): string {
  return t === Tri.Yes ? 'y' : t === Tri.Mod ? 'm' : 'n';
}

/**
 * A Markdown link to a line of a file. The label is the path relative to `root` when the file is
 * under it; without a root (fragments), the file's folder and name, which is how Kata's sets are told apart.
 */
export function link(file: string, line: number, root: string | undefined): string {
  const label = root ? (file.startsWith(root + '/') ? file.slice(root.length + 1) : file) : file.split(/[\\/]/).slice(-2).join('/');
  let target: string;
  try {
    target = `${pathToFileURL(file).href}#L${line}`;
  } catch {
    return `${escape(label)}:${line}`;
  }
  return `[${escape(label)}:${line}](${target})`;
}

/**
 * Help text as Markdown: paragraphs of ordinary lines are joined and escaped; paragraphs with lines
 * indented deeper than the text around them (lists, examples) are kept as they are, in a code block.
 */
export function helpMarkdown(text: string): string {
  const paragraphs = text.replace(/\n+$/, '').split(/\n[ \t]*\n/);
  const out: string[] = [];
  for (const p of paragraphs) {
    const lines = p.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const indents = lines.map((l) => /^[ \t]*/.exec(l)![0].length);
    // Not Math.min(...indents): a help text of many thousand lines would overflow the stack as arguments.
    const base = indents.reduce((m, i) => Math.min(m, i), Infinity);
    if (indents.some((i) => i > base)) {
      const fence = p.includes('```') ? '~~~' : '```';
      out.push(`${fence}text\n${lines.join('\n')}\n${fence}`);
    } else {
      out.push(escape(lines.map((l) => l.trim()).join(' ')));
    }
  }
  return out.join('\n\n');
}

/**
 * Markdown-escapes text so that help text or prompts cannot turn into links, emphasis or HTML.
 * (Symbol names need none: an underscore inside a word never starts emphasis.)
 */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

/** Text for inside a code span: backticks would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'");
}

/** The symbol named on a fragment line (assignment or `is not set`), when the position is on that line's name or value. */
export function fragmentSymbolAt(text: string, line: number, column: number): { name: string; span: Span } | undefined {
  const lineText = text.split('\n')[line];
  if (lineText === undefined) return undefined;
  const entry = parseFragment('', lineText.replace(/\r$/, '')).lines[0];
  if (!entry || (entry.kind !== 'assign' && entry.kind !== 'not-set') || entry.name === undefined) return undefined;
  const start = entry.nameStart ?? 0;
  const end = entry.nameEnd ?? lineText.length;
  if (column < start || column > lineText.replace(/\r$/, '').length) return undefined;
  return { name: entry.name, span: lineSpan(line, start, end - start) };
}

/** The word under the position in a Kconfig file, when it could be a symbol name. */
export function kconfigWordAt(text: string, line: number, column: number): { name: string; span: Span } | undefined {
  const lineText = text.split('\n')[line];
  if (lineText === undefined) return undefined;
  let start = column;
  let end = column;
  const isWord = (i: number) => i >= 0 && i < lineText.length && isWordCode(lineText.charCodeAt(i));
  while (isWord(start - 1)) start--;
  while (isWord(end)) end++;
  if (start === end) return undefined;
  let name = lineText.slice(start, end);
  // `CONFIG_FOO` in help text or comments means FOO.
  if (name.startsWith('CONFIG_') && name.length > 7) name = name.slice(7);
  if (KEYWORDS.has(name)) return undefined;
  return { name, span: lineSpan(line, start, end - start) };
}

/** How many names of each kind a preview lists before "and N more". */
const PREVIEW_NAMES = 8;

/** The preview section of a fragment line's hover: what each value would switch on and off. */
export function previewMarkdown(effects: readonly ValueEffect[], current: string): string {
  if (effects.length === 0) return '';
  const names = (list: readonly string[]) => `${list.slice(0, PREVIEW_NAMES).join(', ')}${list.length > PREVIEW_NAMES ? `, and ${list.length - PREVIEW_NAMES} more` : ''}`;
  const lines = effects.map((e) => {
    const parts: string[] = [e.survives ? 'kept' : '**lost**'];
    if (e.switchedOn.length) parts.push(`switches on ${e.switchedOn.length}: ${names(e.switchedOn)}`);
    if (e.switchedOff.length) parts.push(`switches off ${e.switchedOff.length}: ${names(e.switchedOff)}`);
    if (e.changed.length) parts.push(`changes ${e.changed.length}: ${names(e.changed)}`);
    if (parts.length === 1) parts.push('nothing else changes');
    return `- \`=${e.value}\`${e.value === current ? ' (as now)' : ''}: ${parts.join('; ')}`;
  });
  return `With this line set to each value (the whole set checked again):\n${lines.join('\n')}`;
}
