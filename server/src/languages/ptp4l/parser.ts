// A ptp4l configuration file read line by line the way ptp4l's config_read reads it (see the README's
// ptp4l section): blank lines and lines starting with `#` are skipped, a line starting with `[` opens a
// section, any other line is `option value` split at the first whitespace. Unlike ptp4l, reading goes on
// after a bad line, so every problem of the file can be reported. Never throws.

import { span, type Span } from '../../common/span';

export type Ptp4lSectionKind = 'global' | 'unicast_master_table' | 'port';

export interface Ptp4lSection {
  readonly kind: Ptp4lSectionKind;
  /** The interface name of a port section (ptp4l keeps at most 16 characters of it). */
  readonly name: string;
  /** 0-based line of the header. */
  readonly line: number;
  readonly headerSpan: Span;
  readonly nameSpan: Span;
  readonly settings: Ptp4lSetting[];
  /** Lines of the unicast master table, as written. */
  readonly tableLines: Ptp4lTableLine[];
}

export interface Ptp4lTableLine {
  readonly line: number;
  readonly text: string;
  readonly span: Span;
}

export interface Ptp4lSetting {
  readonly option: string;
  readonly optionSpan: Span;
  /** The value as ptp4l sees it: everything after the first run of whitespace, trailing blanks removed. */
  readonly value: string;
  readonly valueSpan: Span;
  readonly line: number;
  /** Comment lines right above the setting (for hover). */
  readonly comments: readonly string[];
}

export type Ptp4lSyntaxCode = 'ptp4l-not-in-section' | 'ptp4l-no-value' | 'ptp4l-bad-port-name' | 'ptp4l-line-too-long';

export interface Ptp4lSyntaxProblem {
  readonly code: Ptp4lSyntaxCode;
  readonly message: string;
  readonly span: Span;
}

export interface Ptp4lFile {
  readonly sections: Ptp4lSection[];
  readonly problems: Ptp4lSyntaxProblem[];
}

/** ptp4l reads lines into a buffer of this size; a longer line is read as more than one. */
export const PTP4L_LINE_BUFFER = 1024;
/** sscanf(" %16s") keeps this many characters of a port section's name. */
export const PORT_NAME_MAX = 16;

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

export function parsePtp4l(text: string): Ptp4lFile {
  const sections: Ptp4lSection[] = [];
  const problems: Ptp4lSyntaxProblem[] = [];
  let current: Ptp4lSection | undefined;
  let comments: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.length + 1 > PTP4L_LINE_BUFFER) {
      problems.push({
        code: 'ptp4l-line-too-long',
        message: `This line is ${raw.length} characters long; ptp4l reads lines in pieces of ${PTP4L_LINE_BUFFER - 1} and takes the rest as another line.`,
        // Up to a \r before the \n: the \r is part of the line end, and a span past it leaves the document.
        span: span(i, 0, i, raw.endsWith('\r') ? raw.length - 1 : raw.length),
      });
    }
    let start = 0;
    while (start < raw.length && isSpace(raw[start])) start++;
    let end = raw.length;
    while (end > start && isSpace(raw[end - 1])) end--;
    if (start >= end) {
      comments = [];
      continue;
    }
    if (raw[start] === '#') {
      comments.push(raw.slice(start + 1, end).replace(/^ /, ''));
      continue;
    }
    const line = raw.slice(start, end);
    const lineSpan = span(i, start, i, end);
    if (line[0] === '[') {
      current = section(line, i, start, lineSpan, problems);
      sections.push(current);
      comments = [];
      continue;
    }
    if (!current) {
      problems.push({ code: 'ptp4l-not-in-section', message: `line ${i + 1} is not in a section`, span: lineSpan });
      comments = [];
      continue;
    }
    if (current.kind === 'unicast_master_table') {
      current.tableLines.push({ line: i, text: line, span: lineSpan });
      comments = [];
      continue;
    }
    let cut = 0;
    while (cut < line.length && !isSpace(line[cut])) cut++;
    if (cut >= line.length) {
      problems.push({ code: 'ptp4l-no-value', message: `could not parse line ${i + 1} in ${current.kind === 'global' ? 'global' : current.name} section`, span: lineSpan });
      comments = [];
      continue;
    }
    let valueStart = cut;
    while (valueStart < line.length && isSpace(line[valueStart])) valueStart++;
    current.settings.push({
      option: line.slice(0, cut),
      optionSpan: span(i, start, i, start + cut),
      value: line.slice(valueStart),
      valueSpan: span(i, start + valueStart, i, end),
      line: i,
      comments,
    });
    comments = [];
  }
  return { sections, problems };
}

function section(line: string, i: number, start: number, headerSpan: Span, problems: Ptp4lSyntaxProblem[]): Ptp4lSection {
  const base = { line: i, headerSpan, settings: [] as Ptp4lSetting[], tableLines: [] as Ptp4lTableLine[] };
  // The whole trimmed line is compared, without regard to case.
  const lower = line.toLowerCase();
  if (lower === '[global]') return { ...base, kind: 'global', name: 'global', nameSpan: span(i, start + 1, i, start + 7) };
  if (lower === '[unicast_master_table]') return { ...base, kind: 'unicast_master_table', name: 'unicast_master_table', nameSpan: span(i, start + 1, i, start + 21) };
  // Any other `[` line is a port section: brackets count as blanks and the first word is the interface.
  const blanked = line.replace(/[[\]]/g, ' ');
  const m = /^\s*(\S+)/.exec(blanked);
  if (!m) {
    problems.push({ code: 'ptp4l-bad-port-name', message: `could not parse port name on line ${i + 1}`, span: headerSpan });
    return { ...base, kind: 'port', name: '', nameSpan: headerSpan };
  }
  const wordStart = start + m.index + m[0].length - m[1].length;
  const name = m[1].slice(0, PORT_NAME_MAX);
  if (m[1].length > PORT_NAME_MAX) {
    problems.push({
      code: 'ptp4l-bad-port-name',
      message: `ptp4l keeps only the first ${PORT_NAME_MAX} characters of a port name, so this section is for "${name}"; Linux interface names have at most 15.`,
      span: span(i, wordStart, i, wordStart + m[1].length),
    });
  }
  return { ...base, kind: 'port', name, nameSpan: span(i, wordStart, i, wordStart + m[1].length) };
}
