// Completion in Kata configuration files: table headers, the keys of the table the cursor is in (those the
// file's runtime reads, not yet written), and values (accepted sets, booleans, the shipped default).

import type { Position } from '../../../common/span';
import { span } from '../../../common/span';
import type { CompletionEntry } from '../../../services';
import type { KataCheckContext } from '../checks/context';
import { displayTable } from '../checks/keys';
import { keyOf, placeOf, RUNTIME_LABEL, tableOf, templateFor, templateValue } from '../schema';
import { keyDescriptions } from '../schema/descriptions';
import type { KataKey } from '../schema/types';
import { tomlLiteral } from '../schema/templates';

export function kataCompletion(ctx: KataCheckContext, position: Position): CompletionEntry[] {
  const lines = ctx.text.split('\n');
  const lineText = (lines[position.line] ?? '').replace(/\r$/, '');
  const before = lineText.slice(0, position.column);

  // A table header: `[hyp|`.
  const header = /^\s*\[\[?([A-Za-z0-9_.-]*)$/.exec(before);
  if (header) return tableNames(ctx, position, header[1].length);

  // A value: `key = |` or `key = "vir|`.
  const value = /^\s*([A-Za-z0-9_-]+)\s*=\s*(\[?\s*(?:"[^"]*",\s*)*)?("?)([^"]*)$/.exec(before);
  if (value) {
    // Inside a string, replace up to its closing quote (one the editor closed automatically, or the old value).
    const rest = value[3] === '"' ? /^[^"]*"/.exec(lineText.slice(position.column)) : null;
    return values(ctx, position, value[1], value[3] === '"', value[4].length, rest ? rest[0].length : 0);
  }

  // A key at the start of a line.
  const key = /^\s*([A-Za-z0-9_-]*)$/.exec(before);
  if (key) return keys(ctx, position, key[1].length);
  return [];
}

function currentTablePath(ctx: KataCheckContext, line: number): readonly string[] {
  let path: readonly string[] = [];
  for (const t of ctx.doc.tables) if (t.path.length > 0 && t.headerSpan.start.line <= line) path = t.path;
  return path;
}

function tableNames(ctx: KataCheckContext, position: Position, typed: number): CompletionEntry[] {
  const rt = ctx.schema.runtimes[ctx.runtime];
  const replace = span(position.line, position.column - typed, position.line, position.column);
  const names = new Set<string>();
  for (const id of Object.keys(rt.tables)) {
    const [head] = id.split('.');
    if (rt.namedTables.includes(head)) {
      if (head === 'hypervisor') for (const h of rt.hypervisors) names.add(['hypervisor', h, ...id.split('.').slice(1)].join('.'));
      else names.add(displayTable(id, ctx));
    } else names.add(id);
  }
  const arrays = new Set(
    Object.values(rt.tables)
      .flatMap((t) => Object.entries(t.keys).filter(([, k]) => k.type === 'table-array').map(([, k]) => k.table))
      .filter((x): x is string => !!x),
  );
  return [...names].sort().map((n) => ({
    label: n,
    kind: 'section' as const,
    detail: RUNTIME_LABEL[ctx.runtime],
    replace,
    sortText: n.startsWith(`hypervisor.${ctx.hypervisor}`) ? `0${n}` : `1${n}`,
    deprecated: false,
    ...(arrays.has(placeOf(ctx.runtime, n.split('.'), ctx.schema).id ?? '') ? { detail: 'array of tables' } : {}),
  }));
}

function keys(ctx: KataCheckContext, position: Position, typed: number): CompletionEntry[] {
  const tablePath = currentTablePath(ctx, position.line);
  const place = placeOf(ctx.runtime, tablePath, ctx.schema);
  const table = tableOf(ctx.runtime, place.id, ctx.schema);
  if (!table) return [];
  const written = new Set(ctx.doc.tables.filter((t) => t.path.join('.') === tablePath.join('.')).flatMap((t) => t.entries.map((e) => e.key.join('.'))));
  const replace = span(position.line, position.column - typed, position.line, position.column);
  const template = templateFor(ctx.runtime, ctx.file.split(/[\\/]/).pop(), ctx.hypervisor, ctx.schema);
  return Object.entries(table.keys)
    .filter(([name, k]) => !written.has(name) && k.type !== 'table' && k.type !== 'table-array')
    .map(([name, k]) => {
      const shipped = template ? templateValue(template, [...tablePath, name].join('.'), ctx.arch) : undefined;
      const d = keyDescriptions[place.id!]?.[name];
      const init = shipped !== undefined ? tomlLiteral(shipped.value) : emptyValue(k);
      return {
        label: name,
        kind: 'property' as const,
        detail: k.sourceType,
        ...(d ? { documentationMarkdown: d.summary } : {}),
        insertText: `${name} = ${init}`,
        replace,
        sortText: `${d ? '0' : '1'}${name}`,
      };
    });
}

function values(ctx: KataCheckContext, position: Position, keyName: string, quoted: boolean, typed: number, after: number): CompletionEntry[] {
  const tablePath = currentTablePath(ctx, position.line);
  const found = keyOf(tableOf(ctx.runtime, placeOf(ctx.runtime, tablePath, ctx.schema).id, ctx.schema), keyName);
  if (!found) return [];
  const k = found.key;
  const replace = span(position.line, position.column - typed - (quoted ? 1 : 0), position.line, position.column + after);
  if (k.type === 'boolean') return ['true', 'false'].map((b) => ({ label: b, kind: 'value' as const, replace }));
  if (k.enum) {
    const vals = (k.enum.byArch ? (k.enum.byArch[ctx.arch] ?? k.enum.values) : k.enum.values).filter((v) => v !== '');
    return vals.map((v) => ({ label: v, kind: 'value' as const, insertText: `"${v}"`, filterText: quoted ? `"${v}` : v, replace, detail: `${keyName} (${RUNTIME_LABEL[ctx.runtime]})` }));
  }
  const template = templateFor(ctx.runtime, ctx.file.split(/[\\/]/).pop(), ctx.hypervisor, ctx.schema);
  const shipped = template ? templateValue(template, [...tablePath, found.name].join('.'), ctx.arch) : undefined;
  if (shipped !== undefined) {
    const lit = tomlLiteral(shipped.value);
    return [{ label: lit, kind: 'value', insertText: lit, filterText: quoted ? lit : lit.replace(/^"/, ''), replace, detail: `shipped in ${template!.installedName}` }];
  }
  return [];
}

function emptyValue(k: KataKey): string {
  switch (k.type) {
    case 'boolean':
      return 'false';
    case 'integer':
    case 'float':
      return '0';
    case 'string-array':
    case 'integer-array':
      return '[]';
    default:
      return '""';
  }
}
