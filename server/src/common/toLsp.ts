// The edge between our protocol-free types and LSP: problems, fixes, spans and feature results in both directions.

import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  DocumentSymbol,
  Hover,
  InsertTextFormat,
  Location as LspLocation,
  MarkupKind,
  Position as LspPosition,
  Range,
  SymbolInformation,
  SymbolKind as LspSymbolKind,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { Fix, Problem, Severity } from './problem';
import type { Location, Position, Span } from './span';
import type { CompletionEntry, CompletionKind, DocumentSymbolEntry, HoverResult, SymbolKind, WorkspaceSymbolEntry } from '../services';

/**
 * Lines as the engines count them and as the protocol counts them. The engines end a line at \n only, as the
 * tools they imitate read files (ptp4l's fgets, the kernel's conf, TOML parsers): a lone \r is a character of
 * its line. The protocol also ends a line at a lone \r, so in a text that has one the two disagree about every
 * position after it. This maps positions between the two for such a text; other texts need no mapping
 * (`LineMapping.for` gives undefined).
 */
export class LineMapping {
  /** Offsets where each engine line starts. */
  private readonly engineStarts: number[] = [0];
  /** Offsets where each protocol line starts and where its text ends (before \r, \n or \r\n). */
  private readonly editorStarts: number[] = [0];
  private readonly editorEnds: number[] = [];

  static for(text: string): LineMapping | undefined {
    return /\r(?!\n)/.test(text) ? new LineMapping(text) : undefined;
  }

  private constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.engineStarts.push(i + 1);
        this.editorEnds.push(i);
        this.editorStarts.push(i + 1);
      } else if (c === 13) {
        const crlf = text.charCodeAt(i + 1) === 10;
        this.editorEnds.push(i);
        if (crlf) {
          this.engineStarts.push(i + 2);
          i++;
        }
        this.editorStarts.push(i + 1);
      }
    }
    this.editorEnds.push(text.length);
  }

  /** An engine position as the protocol's line and character. */
  toEditor(p: Position): Position {
    const line = Math.min(Math.max(0, p.line), this.engineStarts.length - 1);
    const start = this.engineStarts[line];
    const end = line + 1 < this.engineStarts.length ? this.engineStarts[line + 1] : this.text.length;
    const offset = Math.min(start + Math.max(0, p.column), end);
    const l = lastAtOrBefore(this.editorStarts, offset);
    return { line: l, column: Math.min(offset, this.editorEnds[l]) - this.editorStarts[l] };
  }

  /** A protocol line and character as the engines' position. */
  fromEditor(p: Position): Position {
    if (p.line >= this.editorStarts.length) {
      const last = this.engineStarts.length - 1;
      return { line: last, column: this.text.length - this.engineStarts[last] };
    }
    const line = Math.max(0, p.line);
    const offset = Math.min(this.editorStarts[line] + Math.max(0, p.column), this.editorEnds[line]);
    const l = lastAtOrBefore(this.engineStarts, offset);
    return { line: l, column: offset - this.engineStarts[l] };
  }

  spanToEditor(s: Span): Span {
    return { start: this.toEditor(s.start), end: this.toEditor(s.end) };
  }

  spanFromEditor(s: Span): Span {
    return { start: this.fromEditor(s.start), end: this.fromEditor(s.end) };
  }
}

/** The index of the last element of a sorted array that is at most `value` (0 when none is). */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every diagnostic we publish carries this source, so users can tell ours from other extensions'. */
export const DIAGNOSTIC_SOURCE = 'kata-toolkit';

/** Maps a problem's file (path or URI) to the URI the editor knows it by. */
export type UriOf = (file: string) => string;

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const UNCERTAIN_NOTE = ' (uncertain: depends on a $(shell,...) macro that was not run because the workspace is not trusted)';

export function positionToLsp(p: Position): LspPosition {
  return { line: Math.max(0, p.line), character: Math.max(0, p.column) };
}

export function positionFromLsp(p: LspPosition): Position {
  return { line: p.line, column: p.character };
}

/** Spans whose end lies before their start (an engine bug) become empty ranges at the start. */
export function spanToLsp(s: Span): Range {
  const start = positionToLsp(s.start);
  let end = positionToLsp(s.end);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  return { start, end };
}

export function spanFromLsp(r: Range): Span {
  return { start: positionFromLsp(r.start), end: positionFromLsp(r.end) };
}

export function locationToLsp(l: Location, uriOf: UriOf): LspLocation {
  return { uri: uriOf(l.file), range: spanToLsp(l.span) };
}

export function problemToDiagnostic(p: Problem, uriOf: UriOf, relatedInformation = true): Diagnostic {
  const diagnostic: Diagnostic = {
    range: spanToLsp(p.span),
    severity: severities[p.severity] ?? DiagnosticSeverity.Error,
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.uncertain ? p.message + UNCERTAIN_NOTE : p.message,
  };
  if (p.related && p.related.length > 0) {
    if (relatedInformation) {
      diagnostic.relatedInformation = p.related.map(
        (r): DiagnosticRelatedInformation => ({ location: locationToLsp(r.location, uriOf), message: r.message }),
      );
    } else {
      // Clients without related information still deserve to know where to look.
      const lines = p.related.map((r) => `${r.location.file}:${r.location.span.start.line + 1}: ${r.message}`);
      diagnostic.message += '\n' + lines.join('\n');
    }
  }
  return diagnostic;
}

/** True when a diagnostic sent back by the client is the one we made for this problem. */
export function diagnosticMatches(d: Diagnostic, p: Problem): boolean {
  const r = spanToLsp(p.span);
  return (
    d.code === p.code &&
    d.range.start.line === r.start.line &&
    d.range.start.character === r.start.character &&
    d.range.end.line === r.end.line &&
    d.range.end.character === r.end.character &&
    d.message.startsWith(p.message)
  );
}

export function fixToWorkspaceEdit(fix: Fix, uriOf: UriOf): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const uri = uriOf(e.file);
    (changes[uri] ??= []).push({ range: spanToLsp(e.span), newText: e.newText });
  }
  return { changes };
}

export function fixToCodeAction(fix: Fix, uriOf: UriOf, diagnostics?: readonly Diagnostic[]): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    edit: fixToWorkspaceEdit(fix, uriOf),
  };
  if (fix.preferred) action.isPreferred = true;
  if (diagnostics && diagnostics.length > 0) action.diagnostics = [...diagnostics];
  return action;
}

export function hoverToLsp(h: HoverResult): Hover {
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: h.markdown } };
  if (h.span) hover.range = spanToLsp(h.span);
  return hover;
}

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  symbol: CompletionItemKind.Variable,
  value: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
  property: CompletionItemKind.Property,
  section: CompletionItemKind.Module,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  snippet: CompletionItemKind.Snippet,
  text: CompletionItemKind.Text,
};

export function completionToLsp(c: CompletionEntry): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: completionKinds[c.kind] ?? CompletionItemKind.Text };
  if (c.detail !== undefined) item.detail = c.detail;
  if (c.documentationMarkdown !== undefined) {
    item.documentation = { kind: MarkupKind.Markdown, value: c.documentationMarkdown };
  }
  const text = c.insertText ?? c.label;
  if (c.replace) item.textEdit = { range: spanToLsp(c.replace), newText: text };
  else if (c.insertText !== undefined) item.insertText = c.insertText;
  if (c.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (c.sortText !== undefined) item.sortText = c.sortText;
  if (c.filterText !== undefined) item.filterText = c.filterText;
  if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (c.preselect) item.preselect = true;
  return item;
}

const symbolKinds: Record<SymbolKind, LspSymbolKind> = {
  option: LspSymbolKind.Variable,
  menu: LspSymbolKind.Namespace,
  choice: LspSymbolKind.Enum,
  section: LspSymbolKind.Module,
  key: LspSymbolKind.Property,
  file: LspSymbolKind.File,
  group: LspSymbolKind.Package,
};

export function workspaceSymbolToLsp(e: WorkspaceSymbolEntry, uriOf: UriOf): SymbolInformation {
  const info: SymbolInformation = { name: e.name, kind: symbolKinds[e.kind] ?? LspSymbolKind.Variable, location: locationToLsp(e.location, uriOf) };
  if (e.detail !== undefined) info.containerName = e.detail;
  return info;
}

export function documentSymbolToLsp(s: DocumentSymbolEntry): DocumentSymbol {
  const range = spanToLsp(s.span);
  let selectionRange = spanToLsp(s.selectionSpan);
  // The protocol requires the selection inside the range; clients reject the whole answer otherwise.
  if (!rangeContains(range, selectionRange)) selectionRange = { start: range.start, end: range.start };
  const symbol: DocumentSymbol = {
    name: s.name.length > 0 ? s.name : '(unnamed)',
    kind: symbolKinds[s.kind] ?? LspSymbolKind.Object,
    range,
    selectionRange,
  };
  if (s.detail !== undefined) symbol.detail = s.detail;
  if (s.children && s.children.length > 0) symbol.children = s.children.map(documentSymbolToLsp);
  return symbol;
}

function before(a: LspPosition, b: LspPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function rangeContains(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** True when two ranges share at least a position (touching counts, as a cursor at a line end should). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
