// Problems found by the engines: a stable code, a severity, a message for people, and where.

import type { Location, Span } from './span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place elsewhere that explains a problem (a Kconfig definition, the fragment line that overrides). */
export interface RelatedInformation {
  readonly location: Location;
  readonly message: string;
}

/** A text change that a quick fix proposes; applied only when the user chooses it. */
export interface TextEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix the user most likely wants, offered first. */
  readonly preferred?: boolean;
  /**
   * For a fix a service offers on request (not attached to a problem): the problem it makes go away, so the
   * editor can show the fix with that diagnostic.
   */
  readonly resolves?: { readonly code: string; readonly span: Span };
}

export interface Problem {
  /** Stable kebab-case code, documented in the README; users filter and suppress by it. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
  /** Set when the result depends on a `$(shell,...)` macro that was not run (untrusted workspace). */
  readonly uncertain?: boolean;
}

export function problem(
  code: string,
  severity: Severity,
  message: string,
  file: string,
  span: Span,
  extra: Partial<Pick<Problem, 'related' | 'fixes' | 'uncertain'>> = {},
): Problem {
  return { code, severity, message, file, span, ...extra };
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.span.start.line !== b.span.start.line) return a.span.start.line - b.span.start.line;
  if (a.span.start.column !== b.span.start.column) return a.span.start.column - b.span.start.column;
  return severityRank[a.severity] - severityRank[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
