// Hover for Kata configuration files: what a key is to the runtime that reads the file (type, default the
// shipped template writes, accepted values, where Kata decides), our description, and the comment written
// above the key in the user's own file.

import type { Position } from '../../../common/span';
import type { HoverResult } from '../../../services';
import type { KataCheckContext } from '../checks/context';
import { displayTable } from '../checks/keys';
import { historyOf, keyOf, placeOf, RUNTIME_LABEL, tableOf, templateFor, templateValue } from '../schema';
import { keyDescriptions, tableDescriptions } from '../schema/descriptions';
import type { KataKey, KataRuntime } from '../schema/types';
import { tomlLiteral } from '../schema/templates';
import type { TomlEntry } from '../toml';

const KATA_SOURCE = 'https://github.com/kata-containers/kata-containers/blob';

function within(p: Position, s: { start: Position; end: Position }): boolean {
  const after = p.line > s.start.line || (p.line === s.start.line && p.column >= s.start.column);
  const before = p.line < s.end.line || (p.line === s.end.line && p.column <= s.end.column);
  return after && before;
}

export function kataHover(ctx: KataCheckContext, position: Position): HoverResult | undefined {
  for (const table of ctx.doc.tables) {
    if (table.path.length > 0 && within(position, table.headerSpan)) return tableHover(ctx, table.path, table.headerSpan);
    for (const entry of table.entries) {
      if (within(position, entry.keySpan)) return keyHover(ctx, entry, entry.keySpan);
      if (within(position, entry.value.span)) return keyHover(ctx, entry, entry.value.span);
    }
  }
  return undefined;
}

function tableHover(ctx: KataCheckContext, tablePath: readonly string[], at: HoverResult['span']): HoverResult {
  const place = placeOf(ctx.runtime, tablePath, ctx.schema);
  const t = tableOf(ctx.runtime, place.id, ctx.schema);
  const lines = [`**[${tablePath.join('.')}]** — ${RUNTIME_LABEL[ctx.runtime]}`];
  if (!t) lines.push('', `${RUNTIME_LABEL[ctx.runtime]} does not read this table.`);
  else {
    const d = tableDescriptions[t.id];
    if (d) lines.push('', d);
    lines.push('', `${Object.keys(t.keys).length} keys; ${t.strict ? 'unknown keys are refused' : 'unknown keys are ignored'}. Decoded as ${sourceLink(ctx, t.$source)}.`);
  }
  lines.push('', `_Read as ${RUNTIME_LABEL[ctx.runtime]}'s because of ${ctx.runtimeReason}._`);
  return { markdown: lines.join('\n'), span: at };
}

function keyHover(ctx: KataCheckContext, entry: TomlEntry, at: HoverResult['span']): HoverResult {
  const tablePath = entry.path.slice(0, -1);
  const keyName = entry.path[entry.path.length - 1];
  const place = placeOf(ctx.runtime, tablePath, ctx.schema);
  const table = tableOf(ctx.runtime, place.id, ctx.schema);
  const found = keyOf(table, keyName);
  const lines: string[] = [];
  if (!found) {
    lines.push(`**${keyName}** — not read by ${RUNTIME_LABEL[ctx.runtime]} in [${tablePath.join('.')}]`);
    const h = place.id ? historyOf(ctx.runtime, place.id, keyName, ctx.schema) : undefined;
    if (h) lines.push('', `${h.change}; Kata commit ${h.$source}.${h.to ? ` Now: \`${h.to.key}\` in [${displayTable(h.to.table, ctx)}].` : ''}`);
    const other: KataRuntime = ctx.runtime === 'go' ? 'rs' : 'go';
    const otherKey = keyOf(tableOf(other, placeOf(other, tablePath, ctx.schema).id, ctx.schema), keyName);
    if (otherKey) lines.push('', `${RUNTIME_LABEL[other]} reads it: ${describe(otherKey.key)}.`);
  } else {
    const k = found.key;
    lines.push(`**${found.name}** — \`${k.sourceType}\` in [${displayTable(place.id!, ctx)}] (${RUNTIME_LABEL[ctx.runtime]})`);
    if (found.name !== keyName) lines.push('', `\`${keyName}\` is an older name still accepted for \`${found.name}\`.`);
    const d = keyDescriptions[place.id!]?.[found.name];
    if (d) lines.push('', d.summary + (d.details ? ` ${d.details}` : '') + (d.unit ? ` _Unit: ${d.unit}._` : ''));
    lines.push('', describe(k) + '.');
    const values = allowedValues(ctx, k);
    if (values) lines.push('', values);
    const shipped = shippedValue(ctx, entry.path.join('.'));
    if (shipped) lines.push('', shipped);
    lines.push('', `Decoded at ${sourceLink(ctx, k.$source)}${k.enum ? `; values checked at ${sourceLink(ctx, k.enum.$source)}` : ''}.`);
  }
  if (entry.comments.length > 0) {
    lines.push('', '---', '', '_Comment above it in this file:_', '', '```text', ...entry.comments, '```');
  }
  return { markdown: lines.join('\n'), span: at };
}

function describe(k: KataKey): string {
  const parts: string[] = [];
  switch (k.type) {
    case 'integer':
      parts.push(`An integer${k.min !== undefined || k.max !== undefined ? ` from ${k.min ?? '…'} to ${k.max ?? '…'}` : ''}`);
      break;
    case 'float':
      parts.push('A number');
      break;
    case 'boolean':
      parts.push('`true` or `false`');
      break;
    case 'string':
      parts.push('A string');
      break;
    case 'string-array':
      parts.push('An array of strings');
      break;
    case 'integer-array':
      parts.push('An array of integers');
      break;
    case 'table':
      parts.push('A table');
      break;
    case 'table-array':
      parts.push('An array of tables');
      break;
  }
  if (k.optional) parts.push('leaving it out is not the same as writing the zero value');
  if (k.aliases?.length) parts.push(`also accepted as ${k.aliases.map((a) => `\`${a}\``).join(', ')}`);
  return parts.join('; ');
}

function allowedValues(ctx: KataCheckContext, k: KataKey): string | undefined {
  const e = k.enum;
  if (!e) return undefined;
  const values = (e.byArch ? (e.byArch[ctx.arch] ?? e.values) : e.values).filter((v) => v !== '');
  const list = values.length > 0 ? values.map((v) => `\`${v}\``).join(', ') : 'none';
  const empty = (e.byArch ? (e.byArch[ctx.arch] ?? e.values) : e.values).includes('') ? ' (or empty, for the default)' : '';
  return `Accepted${e.byArch ? ` on ${ctx.arch}` : ''}: ${list}${empty}. Any other value: ${e.atLoad ? 'the file is refused' : 'the sandbox fails to start'}.`;
}

function shippedValue(ctx: KataCheckContext, dotted: string): string | undefined {
  const fileName = ctx.file.split(/[\\/]/).pop();
  const t = templateFor(ctx.runtime, fileName, ctx.hypervisor, ctx.schema);
  if (!t) return undefined;
  const v = templateValue(t, dotted, ctx.arch);
  if (!v) return `Not set in Kata's \`${t.installedName}\`.`;
  return `Kata's \`${t.installedName}\` (${ctx.arch}) ships \`${tomlLiteral(v.value)}\`.`;
}

/** A link to the line at the revision the schema was generated from (a commit when `git describe` named one). */
function sourceLink(ctx: KataCheckContext, source: string): string {
  const [file, line] = source.split(':');
  const version = ctx.schema.$source.version;
  const rev = /-g([0-9a-f]{7,40})$/.exec(version)?.[1] ?? version;
  return `[${file.split('/').pop()}:${line}](${KATA_SOURCE}/${rev}/${file}#L${line})`;
}
