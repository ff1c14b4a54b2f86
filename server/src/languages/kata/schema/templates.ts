// What a Kata configuration template (`configuration-*.toml.in`) declares: its tables and keys, the kind of
// each value and the value written there, or the @PLACEHOLDER@ the build substitutes. The schema generator
// reads every template of a kata-containers checkout with this; the language service uses the same reading
// for the user's own templates.

import { allEntries, readToml, type TomlValue, type TomlValueKind } from '../toml';

export type Runtime = 'go' | 'rs';

export interface TemplateKey {
  /** The value's TOML kind as written; for a placeholder, what the placeholder stands in for is not known here. */
  readonly kind: TomlValueKind;
  /** For an array, the kinds of its elements (empty for `[]`). */
  readonly elementKinds?: readonly TomlValueKind[];
  /** The value as written (strings unescaped); placeholders as `@NAME@`. Arrays as lists of such values. */
  readonly value: unknown;
  /** Every @PLACEHOLDER@ name the value uses, quoted or not. */
  readonly placeholders: readonly string[];
  /** 1-based line in the template. */
  readonly line: number;
}

export interface TemplateStructure {
  /** Table path (`hypervisor.qemu`, `agent.@PROJECT_TYPE@`, `runtime`) to its keys, in file order. */
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, TemplateKey>>;
  /** Problems reading it (a template Kata ships should have none). */
  readonly problems: readonly string[];
}

/** The tables and keys of a template. */
export function templateStructure(text: string): TemplateStructure {
  const doc = readToml(text, { placeholders: true });
  const tables = new Map<string, Map<string, TemplateKey>>();
  for (const t of doc.tables) if (t.path.length > 0 && !tables.has(t.path.join('.'))) tables.set(t.path.join('.'), new Map());
  for (const { table, entry } of allEntries(doc)) {
    const tableName = [...table.path, ...entry.key.slice(0, -1)].join('.');
    let keys = tables.get(tableName);
    if (!keys) tables.set(tableName, (keys = new Map()));
    keys.set(entry.key[entry.key.length - 1], describe(entry.value, entry.line + 1));
  }
  return { tables, problems: doc.problems.map((p) => `line ${p.span.start.line + 1}: ${p.message}`) };
}

function describe(v: TomlValue, line: number): TemplateKey {
  const placeholders = [...new Set([...v.raw.matchAll(/@([A-Za-z0-9_]+)@/g)].map((m) => m[1]))];
  if (v.kind === 'array') {
    const items = v.items ?? [];
    return { kind: 'array', elementKinds: [...new Set(items.map((i) => i.kind))], value: items.map(plainValue), placeholders, line };
  }
  return { kind: v.kind, value: plainValue(v), placeholders, line };
}

/** A TOML value as plain data: strings, numbers, booleans, arrays and objects (placeholders and invalid values as written). */
export function plainValue(v: TomlValue): unknown {
  // JSON numbers are doubles: 9223372036854775807 would come back as 9223372036854776000, beyond TOML's range.
  if (v.kind === 'integer' && typeof v.value === 'number' && !Number.isSafeInteger(v.value)) return { bigInteger: v.raw.replace(/_/g, '') };
  if (v.kind === 'array') return (v.items ?? []).map(plainValue);
  if (v.kind === 'inline-table') return Object.fromEntries((v.entries ?? []).map((e) => [e.key.join('.'), plainValue(e.value)]));
  return v.value ?? v.raw;
}

/** An integer of a template too large for a JavaScript number, kept as its digits. */
export interface BigIntegerValue {
  readonly bigInteger: string;
}

export function isBigInteger(v: unknown): v is BigIntegerValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { bigInteger?: unknown }).bigInteger === 'string';
}

/** A template value (as plainValue made it) written back as TOML. */
export function tomlLiteral(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tomlLiteral).join(', ')}]`;
  if (isBigInteger(v)) return v.bigInteger;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k} = ${tomlLiteral(x)}`).join(', ')} }`;
  return String(v);
}

/** Which runtime a template belongs to, from its place in the kata-containers tree. */
export function runtimeOfTemplate(repoPath: string): Runtime | undefined {
  if (/(^|\/)src\/runtime-rs\/config\//.test(repoPath)) return 'rs';
  if (/(^|\/)src\/runtime\/config\//.test(repoPath)) return 'go';
  return undefined;
}
