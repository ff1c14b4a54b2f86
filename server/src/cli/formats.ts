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

export interface SarifOptions {
  /** Paths under it are written relative to the SRCROOT base, as code scanning expects. */
  readonly base?: string;
  readonly toolVersion: string;
  /** One line per problem code, for the rules table; codes without one get their own name. */
  readonly ruleDescriptions?: Readonly<Record<string, string>>;
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
            rules: codes.map((id) => ({ id, shortDescription: { text: options.ruleDescriptions?.[id] ?? id } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(base.endsWith(path.sep) ? base : base + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: ruleIndex.get(p.code),
          level: p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'note',
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
