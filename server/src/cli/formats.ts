// Output formats for CI: GitHub Actions workflow commands (annotations on the changed files of a pull
// request) and SARIF 2.1.0 (what code scanning uploads take). Text and JSON live in common.ts.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem } from '../common/problem';

const UNCERTAIN = ' (uncertain: depends on $(shell,...) results that were guessed)';

function relativeTo(base: string, file: string): string | undefined {
  if (!path.isAbsolute(file)) return undefined;
  const rel = path.relative(base, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

/** Workflow command escaping: the message part escapes %, CR and LF; properties also `:` and `,`. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=...,line=...::message` lines; paths relative to `base` (the repository root in a workflow). */
export function formatGithub(problems: readonly Problem[], base: string = process.cwd()): string {
  return problems
    .map((p) => {
      const level = p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'notice';
      const file = relativeTo(base, p.file) ?? p.file;
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${p.span.start.line + 1}`,
        `col=${p.span.start.column + 1}`,
        `endLine=${p.span.end.line + 1}`,
        ...(p.span.end.line === p.span.start.line ? [`endColumn=${p.span.end.column + 1}`] : []),
        `title=${escapeProperty(p.code)}`,
      ];
      return `::${level} ${props.join(',')}::${escapeData(p.message + (p.uncertain ? UNCERTAIN : ''))}\n`;
    })
    .join('');
}

/** A code's row in the README's Problem codes tables, as server/data/problem-codes.json has it. */
export interface CodeDocumentation {
  /** The severity column: one severity, or several joined by " / ". */
  readonly severity: string;
  /** The meaning column, in Markdown. */
  readonly meaning: string;
}

export interface SarifOptions {
  /** Paths under it are written relative to the SRCROOT base, as code scanning expects. */
  readonly base?: string;
  readonly toolVersion: string;
  /** The README's rows by code, for the rules' descriptions; a code without one is described by its name. */
  readonly codes?: Readonly<Record<string, CodeDocumentation>>;
}

/** Markdown of a table cell as plain text: code spans, links and bold text give their text. */
export function plainText(markdown: string): string {
  // Outside code spans; a bold marker may pair across one (**`x`**), so every `**` there goes.
  return markdown
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part.slice(1, -1) : part.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*/g, '')))
    .join('');
}

/**
 * The first sentence of a Markdown text: up to the first `.`, `!` or `?` that ends a sentence, outside code
 * spans and parentheses, and not part of `...` or `e.g.`.
 */
export function firstSentence(markdown: string): string {
  let depth = 0;
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if (c === '`') {
      const close = markdown.indexOf('`', i + 1);
      if (close < 0) break;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === '.' || c === '!' || c === '?') && depth === 0) {
      const next = markdown[i + 1];
      if (next !== undefined && !/\s/.test(next)) continue;
      if (c === '.' && (markdown[i - 1] === '.' || /\b(e\.g|i\.e)$/i.test(markdown.slice(0, i)))) continue;
      return markdown.slice(0, i + 1);
    }
  }
  return markdown;
}

const SARIF_LEVEL: Readonly<Record<string, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF's level for a severity column that names one level; undefined when the severity varies. */
function defaultLevel(severity: string): 'error' | 'warning' | 'note' | undefined {
  const levels = new Set(severity.split('/').map((s) => SARIF_LEVEL[s.trim()]));
  return levels.size === 1 ? [...levels][0] : undefined;
}

/** A SARIF rule (reportingDescriptor) for a code, described by its README row when it has one. */
function rule(id: string, doc: CodeDocumentation | undefined) {
  if (!doc) return { id, shortDescription: { text: id } };
  const text = plainText(doc.meaning);
  const level = defaultLevel(doc.severity);
  return {
    id,
    shortDescription: { text: plainText(firstSentence(doc.meaning)) },
    fullDescription: { text },
    help: { text, markdown: doc.meaning },
    ...(level ? { defaultConfiguration: { level } } : {}),
  };
}

/** A SARIF 2.1.0 log with one run: the rules seen, and a result per problem. */
export function formatSarif(problems: readonly Problem[], options: SarifOptions): string {
  const base = options.base ?? process.cwd();
  const codes = [...new Set(problems.map((p) => p.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const location = (file: string, span: Problem['span']) => {
    const rel = relativeTo(base, file);
    return {
      physicalLocation: {
        artifactLocation: rel !== undefined ? { uri: encodeURI(rel), uriBaseId: 'SRCROOT' } : { uri: path.isAbsolute(file) ? pathToFileURL(file).href : file },
        region: { startLine: span.start.line + 1, startColumn: span.start.column + 1, endLine: span.end.line + 1, endColumn: span.end.column + 1 },
      },
    };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kata-kconfig',
            version: options.toolVersion,
            rules: codes.map((id) => rule(id, options.codes && Object.hasOwn(options.codes, id) ? options.codes[id] : undefined)),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(base.endsWith(path.sep) ? base : base + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: ruleIndex.get(p.code),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message + (p.uncertain ? UNCERTAIN : '') },
          locations: [location(p.file, p.span)],
          ...(p.related && p.related.length > 0
            ? { relatedLocations: p.related.map((r, i) => ({ id: i + 1, ...location(r.location.file, r.location.span), message: { text: r.message } })) }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
