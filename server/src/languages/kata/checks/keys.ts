// Checks of each table and key on its own: is the table one the runtime reads, is the key one its table
// has (or had, or the other runtime has, or another table has), does the value have the type the struct
// field is, is it in the set Kata accepts.

import { problem, type Fix, type Problem, type Severity } from '../../../common/problem';
import { nearestOf } from '../../../common/names';
import { lineSpan, span, type Span } from '../../../common/span';
import { historyOf, keyOf, placeOf, RUNTIME_LABEL, tableOf } from '../schema';
import type { KataKey, KataRuntime, KataTable } from '../schema/types';
import type { TomlEntry, TomlTable, TomlValue } from '../toml';
import { innerSpan, tomlString, type KataCheckContext } from './context';

/** Historical tables the runtimes no longer read at all. */
const REMOVED_TABLES: Readonly<Record<string, string>> = {
  image: 'Kata removed the [image] table in 2024 (commit 9856fe5bea)',
  proxy: 'Kata removed the proxy and its [proxy.*] table in 2020 (commit 1099a28830)',
  shim: 'Kata removed the [shim.*] table in 2020 (commit 3ece4130c9)',
  netmon: 'Kata removed netmon and its [netmon] table in 2021 (commit ddc68131df)',
};

export function checkTablesAndKeys(ctx: KataCheckContext): Problem[] {
  const out: Problem[] = [];
  const reported = new Set<string>();
  for (const table of ctx.doc.tables) {
    if (table.path.length > 0) checkTable(ctx, table, out, reported);
    for (const entry of table.entries) checkEntry(ctx, table, entry, out, reported);
  }
  return out;
}

function checkTable(ctx: KataCheckContext, table: TomlTable, out: Problem[], reported: Set<string>): void {
  const written = table.path.join('.');
  if (reported.has(written)) return;
  const place = placeOf(ctx.runtime, table.path, ctx.schema);
  const rt = ctx.schema.runtimes[ctx.runtime];
  if (place.id !== undefined) {
    if (table.path[0] === 'hypervisor' && place.name !== undefined && !/^@.*@$/.test(place.name) && !rt.hypervisors.includes(place.name)) {
      reported.add(written);
      const near = nearestOf(place.name, rt.hypervisors, 2);
      const message =
        ctx.runtime === 'go'
          ? `The Go runtime has no hypervisor "${place.name}" and refuses the file ("configuration file contains invalid hypervisor section"); it knows ${rt.hypervisors.join(', ')}.`
          : `runtime-rs has no plugin for hypervisor "${place.name}" and refuses the file ("Can not find plugin for hypervisor ${place.name}"); it knows ${rt.hypervisors.join(', ')}.`;
      out.push(problem('kata-unknown-hypervisor', 'error', message, ctx.file, nameSpan(table, 1), { fixes: near.map((n, i) => replaceFix(ctx.file, nameSpan(table, 1), n, i === 0)) }));
    }
    return;
  }
  // A table this runtime does not read. Say where its content belongs, when we know.
  if (table.path.length === 1 && rt.namedTables.includes(table.path[0])) return; // `[hypervisor]` alone: its keys are reported
  reported.add(written);
  const other: KataRuntime = ctx.runtime === 'go' ? 'rs' : 'go';
  const otherPlace = placeOf(other, table.path, ctx.schema);
  const label = RUNTIME_LABEL[ctx.runtime];
  let message: string;
  if (otherPlace.id !== undefined) {
    const moved = ctx.schema.crossRuntime.filter((c) => c[other]?.table === otherPlace.id && c[ctx.runtime]);
    const where = moved.length > 0 ? ` It reads ${moved.map((m) => `${m[ctx.runtime]!.key} in [${displayTable(m[ctx.runtime]!.table, ctx)}]`).join(' and ')} instead.` : '';
    message = `[${written}] is a table of ${RUNTIME_LABEL[other]}; ${label} ignores it.${where} (This file is read as ${label}'s because of ${ctx.runtimeReason}.)`;
  } else if (REMOVED_TABLES[table.path[0]]) {
    message = `${label} ignores [${written}]: ${REMOVED_TABLES[table.path[0]]}.`;
  } else {
    const names = [...rt.namedTables, ...Object.keys(rt.tables).filter((id) => !id.includes('.') && !rt.namedTables.includes(id))];
    const near = nearestOf(table.path[0], names, 1);
    message = `${label} has no table [${written}] and ignores everything in it.${near.length ? ` Did you mean [${near[0]}${rt.namedTables.includes(near[0]) ? '.…' : ''}]?` : ''}`;
  }
  out.push(problem('kata-unknown-table', 'warning', message, ctx.file, table.nameSpan));
}

function checkEntry(ctx: KataCheckContext, table: TomlTable, entry: TomlEntry, out: Problem[], reported: Set<string>): void {
  const tablePath = entry.path.slice(0, -1);
  const keyName = entry.path[entry.path.length - 1];
  const place = placeOf(ctx.runtime, tablePath, ctx.schema);
  const schemaTable = tableOf(ctx.runtime, place.id, ctx.schema);
  if (!schemaTable) {
    // Keys of an unknown table were reported with the table; a key outside any table is reported here.
    if (tablePath.length === 0) reportMisplaced(ctx, table, entry, undefined, out);
    else if (!reported.has(tablePath.join('.')) && !ctx.doc.tables.some((t) => t.path.join('.') === tablePath.join('.'))) {
      // A dotted key (`agent.kata.enable_debug = true` at the top) or an inline table path.
      reported.add(tablePath.join('.'));
      checkTable(ctx, { ...table, path: tablePath, nameSpan: entry.keySpan }, out, reported);
    }
    return;
  }
  const found = keyOf(schemaTable, keyName);
  if (!found) {
    reportUnknownKey(ctx, table, entry, place.id!, schemaTable, out);
    return;
  }
  if (found.name !== keyName && !/^@/.test(keyName)) {
    out.push(
      problem(
        'kata-key-alias',
        'hint',
        `${keyName} is an older name ${RUNTIME_LABEL[ctx.runtime]} still accepts for ${found.name}.`,
        ctx.file,
        entry.keySpan,
        { fixes: [replaceFix(ctx.file, lastKeySpan(entry), found.name, true)] },
      ),
    );
  }
  checkValue(ctx, entry, found.name, found.key, place.id!, out);
}

/** Type, range and allowed values of one value. */
function checkValue(ctx: KataCheckContext, entry: TomlEntry, keyName: string, key: KataKey, tableId: string, out: Problem[]): void {
  const v = entry.value;
  if (v.kind === 'placeholder' || v.kind === 'invalid') return;
  const mismatch = typeMismatch(key, v);
  if (mismatch) {
    out.push(problem('kata-type-mismatch', 'error', `${keyName} must be ${describeType(key)}, not ${mismatch}; ${refusal(ctx.runtime)}.`, ctx.file, v.span, { fixes: typeFixes(ctx.file, key, v) }));
    return;
  }
  if (key.type === 'integer' && v.kind === 'integer' && !inTomlIntegerRange(v.raw)) {
    // TOML integers are 64-bit signed: both runtimes' TOML readers refuse a larger one before any field sees it,
    // even for a uint64 field (and JavaScript's numbers would have rounded it anyway).
    out.push(
      problem('kata-value-out-of-range', 'error', `${v.raw} does not fit in a TOML integer (64-bit signed, up to 9223372036854775807); ${refusal(ctx.runtime)}.`, ctx.file, v.span),
    );
    return;
  }
  if (key.type === 'integer' && typeof v.value === 'number') {
    if ((key.min !== undefined && v.value < key.min) || (key.max !== undefined && v.value > key.max)) {
      out.push(
        problem('kata-value-out-of-range', 'error', `${keyName} is a ${key.sourceType}: ${v.value} is outside ${key.min ?? '…'}..${key.max ?? '…'}; ${refusal(ctx.runtime)}.`, ctx.file, v.span),
      );
      return;
    }
  }
  if (key.type === 'table' && v.kind === 'inline-table' && key.table) {
    const sub = ctx.schema.runtimes[ctx.runtime].tables[key.table];
    for (const e of v.entries ?? []) {
      const name = e.key[e.key.length - 1];
      const k = keyOf(sub, name);
      if (!k) {
        const strict = sub?.strict ?? false;
        out.push(problem('kata-unknown-key', strict ? 'error' : 'warning', unknownKeyMessage(ctx, name, key.table, strict, []), ctx.file, e.keySpan));
      } else checkValue(ctx, { ...e, path: [...entry.path, ...e.key] }, k.name, k.key, key.table, out);
    }
  }
  if (key.enum) checkEnum(ctx, entry, keyName, key, out);
}

function checkEnum(ctx: KataCheckContext, entry: TomlEntry, keyName: string, key: KataKey, out: Problem[]): void {
  const e = key.enum!;
  if (e.hypervisors && (!ctx.hypervisor || !e.hypervisors.includes(ctx.hypervisor))) return;
  const allowed = e.byArch ? (e.byArch[ctx.arch] ?? e.values) : e.values;
  const items = entry.value.kind === 'array' ? (entry.value.items ?? []) : [entry.value];
  for (const item of items) {
    if (item.kind !== 'string' || typeof item.value !== 'string') continue;
    const value = item.value;
    if (allowed.includes(value)) continue;
    if (keyName === 'virtio_fs_cache' && value === 'none') {
      const severity: Severity = ctx.runtime === 'rs' ? 'warning' : 'error';
      const message =
        ctx.runtime === 'rs'
          ? 'virtio_fs_cache = "none" is deprecated; runtime-rs warns and uses "never".'
          : 'The Go runtime no longer accepts virtio_fs_cache = "none" (removed in 2023, commit 72c510d057): virtiofsd fails to start ("Invalid virtio-fs cache mode: none"). Use "never".';
      out.push(problem('kata-deprecated-value', severity, message, ctx.file, item.span, { fixes: [replaceFix(ctx.file, innerSpan(item), 'never', true)] }));
      continue;
    }
    const shown = allowed.filter((a) => a !== '').map((a) => `"${a}"`);
    const kataSays = e.message ? ` Kata: "${formatKataMessage(e.message, value, allowed)}".` : '';
    const when = e.atLoad ? `${RUNTIME_LABEL[ctx.runtime]} refuses to load the file` : 'the sandbox fails to start';
    const list = shown.length > 0 ? `it accepts ${shown.join(', ')}` : `it accepts no value here${keyName === 'experimental' ? ' (no experimental feature is registered in this runtime)' : ''}`;
    const archNote = e.byArch ? ` on ${ctx.arch}` : '';
    const near = nearestOf(value, allowed.filter((a) => a !== ''), 2);
    out.push(
      problem('kata-invalid-value', 'error', `"${value}" is not a valid ${keyName}${archNote}: ${list}; ${when}.${kataSays}`, ctx.file, item.span, {
        fixes: near.map((n, i) => replaceFix(ctx.file, innerSpan(item), n, i === 0)),
      }),
    );
  }
}

/** Kata's message with the value filled in where its format puts it. */
function formatKataMessage(message: string, value: string, allowed: readonly string[]): string {
  let first = true;
  return message.replace(/%[vsq]|\{[a-z_:?]*\}/g, (m) => {
    if (first) {
      first = false;
      return m === '%q' || m === '{:?}' ? JSON.stringify(value) : value;
    }
    const rest = allowed.filter((a) => a !== '');
    return m === '%v' ? `[${rest.join(' ')}]` : (rest.shift() ?? m);
  });
}

function reportUnknownKey(ctx: KataCheckContext, table: TomlTable, entry: TomlEntry, tableId: string, schemaTable: KataTable, out: Problem[]): void {
  const keyName = entry.path[entry.path.length - 1];
  if (/^@.*@$/.test(keyName)) return;
  const strict = schemaTable.strict;
  const history = historyOf(ctx.runtime, tableId, keyName, ctx.schema);
  if (history) {
    const succ = history.to;
    const sameTable = succ && succ.table === tableId;
    const fixes: Fix[] = sameTable ? [replaceFix(ctx.file, lastKeySpan(entry), succ.key, true)] : succ ? moveFixes(ctx, table, entry, succ.table, succ.key) : [];
    const successor = succ ? ` Use ${succ.key}${sameTable ? '' : ` in [${displayTable(succ.table, ctx)}]`}.` : '';
    out.push(
      problem(
        'kata-renamed-key',
        strict ? 'error' : 'warning',
        `${keyName} is no longer read by ${RUNTIME_LABEL[ctx.runtime]}: ${history.change}; Kata commit ${history.$source}.${successor} ${strict ? 'runtime-rs refuses unknown keys in this table.' : 'Until then the setting has no effect.'}`,
        ctx.file,
        entry.keySpan,
        { fixes },
      ),
    );
    return;
  }
  // Known in another table of this runtime: the key was put in the wrong section.
  if (reportMisplaced(ctx, table, entry, schemaTable, out)) return;
  // Known to the other runtime.
  const other: KataRuntime = ctx.runtime === 'go' ? 'rs' : 'go';
  const cross = ctx.schema.crossRuntime.find((c) => c[other]?.table === tableId && c[other]?.key === keyName);
  const otherTable = tableOf(other, tableId, ctx.schema);
  if (cross || keyOf(otherTable, keyName)) {
    const mine = cross?.[ctx.runtime];
    const hint = mine ? ` ${RUNTIME_LABEL[ctx.runtime]} reads ${mine.key}${mine.table !== tableId ? ` in [${displayTable(mine.table, ctx)}]` : ''} instead${cross?.note ? ` (${cross.note})` : ''}.` : cross?.note ? ` (${cross.note}.)` : '';
    const fixes = mine ? (mine.table === tableId ? [replaceFix(ctx.file, lastKeySpan(entry), mine.key, true)] : moveFixes(ctx, table, entry, mine.table, mine.key)) : [];
    out.push(
      problem(
        'kata-other-runtime-key',
        strict ? 'error' : 'warning',
        `${keyName} is read by ${RUNTIME_LABEL[other]}, not by ${RUNTIME_LABEL[ctx.runtime]}, which ${strict ? 'refuses unknown keys in this table' : 'ignores it'}.${hint} (This file is read as ${RUNTIME_LABEL[ctx.runtime]}'s because of ${ctx.runtimeReason}.)`,
        ctx.file,
        entry.keySpan,
        { fixes },
      ),
    );
    return;
  }
  const near = nearestOf(keyName, [...Object.keys(schemaTable.keys), ...Object.values(schemaTable.keys).flatMap((k) => k.aliases ?? [])], 3);
  out.push(
    problem('kata-unknown-key', severityForUnknown(ctx, tableId, strict), unknownKeyMessage(ctx, keyName, tableId, strict, near), ctx.file, entry.keySpan, {
      fixes: near.map((n, i) => replaceFix(ctx.file, lastKeySpan(entry), n, i === 0)),
    }),
  );
}

/**
 * A key that belongs to another table of this runtime (`debug_console_enabled` under [hypervisor.qemu]).
 * Returns whether it was reported.
 */
function reportMisplaced(ctx: KataCheckContext, table: TomlTable, entry: TomlEntry, schemaTable: KataTable | undefined, out: Problem[]): boolean {
  const keyName = entry.path[entry.path.length - 1];
  const rt = ctx.schema.runtimes[ctx.runtime];
  const homes = Object.values(rt.tables).filter((t) => t !== schemaTable && keyOf(t, keyName) !== undefined && !t.id.includes('.'));
  if (homes.length === 0) {
    if (!schemaTable) {
      out.push(problem('kata-unknown-key', 'warning', `${keyName} is outside every table; ${RUNTIME_LABEL[ctx.runtime]} ignores it.`, ctx.file, entry.keySpan));
      return true;
    }
    return false;
  }
  const where = homes.map((h) => `[${displayTable(h.id, ctx)}]`).join(' or ');
  const strict = schemaTable?.strict ?? false;
  out.push(
    problem(
      'kata-key-in-wrong-table',
      strict ? 'error' : 'warning',
      `${keyName} belongs in ${where}; ${schemaTable ? `in [${table.path.join('.')}]` : 'outside every table'} ${RUNTIME_LABEL[ctx.runtime]} ${strict ? 'refuses it' : 'ignores it'}.`,
      ctx.file,
      entry.keySpan,
      { fixes: homes.flatMap((h) => moveFixes(ctx, table, entry, h.id, keyOf(h, keyName)!.name)) },
    ),
  );
  return true;
}

function severityForUnknown(ctx: KataCheckContext, tableId: string, strict: boolean): Severity {
  if (strict) return 'error';
  // The Go runtime copies each key of a drop-in's [hypervisor.*] and [agent.*] by name and stops at one it cannot find.
  if (ctx.runtime === 'go' && ctx.kind === 'dropin' && (tableId === 'hypervisor' || tableId === 'agent')) return 'error';
  return 'warning';
}

function unknownKeyMessage(ctx: KataCheckContext, keyName: string, tableId: string, strict: boolean, near: readonly string[]): string {
  const label = RUNTIME_LABEL[ctx.runtime];
  const effect = strict
    ? `${label} refuses to load the file (unknown field \`${keyName}\`)`
    : ctx.runtime === 'go' && ctx.kind === 'dropin' && (tableId === 'hypervisor' || tableId === 'agent')
      ? `the Go runtime stops loading when a drop-in sets a key it cannot apply ("error applying key")`
      : `${label} ignores it`;
  const dym = near.length > 0 ? ` Did you mean ${near.join(', ')}?` : '';
  return `[${displayTable(tableId, ctx)}] has no key ${keyName}: ${effect}.${dym}`;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Whether a TOML integer as written (`_` separators, `0x`/`0o`/`0b` prefixes, a sign) fits in 64 signed bits. */
export function inTomlIntegerRange(raw: string): boolean {
  const s = raw.replace(/_/g, '');
  const m = /^([+-]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+)$/i.exec(s);
  if (!m) return true; // not an integer as TOML writes one: other checks speak about it
  // More than 64 binary digits cannot fit whatever the base; this also keeps BigInt off a megabyte of digits.
  if (m[2].length > 70) return false;
  const magnitude = BigInt(/^0[xob]/i.test(m[2]) ? `0${m[2][1].toLowerCase()}${m[2].slice(2)}` : m[2]);
  const value = m[1] === '-' ? -magnitude : magnitude;
  return value >= I64_MIN && value <= I64_MAX;
}

function refusal(runtime: KataRuntime): string {
  return `${RUNTIME_LABEL[runtime]} refuses to load the file`;
}

function describeType(key: KataKey): string {
  switch (key.type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer (${key.sourceType})`;
    case 'float':
      return 'a number';
    case 'string-array':
      return 'an array of strings';
    case 'integer-array':
      return 'an array of integers';
    case 'table':
      return 'a table';
    case 'table-array':
      return 'an array of tables';
  }
}

/** What is wrong with the value's type, or undefined when it fits. */
function typeMismatch(key: KataKey, v: TomlValue): string | undefined {
  const kindName: Record<string, string> = { string: 'a string', integer: 'an integer', float: 'a float', boolean: 'a boolean', datetime: 'a date', array: 'an array', 'inline-table': 'a table' };
  const ok = (k: string): boolean => {
    switch (key.type) {
      case 'string':
        return k === 'string';
      case 'boolean':
        return k === 'boolean';
      case 'integer':
        return k === 'integer';
      case 'float':
        return k === 'integer' || k === 'float';
      case 'string-array':
      case 'integer-array':
      case 'table-array':
        return k === 'array';
      case 'table':
        return k === 'inline-table';
    }
  };
  if (!ok(v.kind)) return kindName[v.kind] ?? v.kind;
  if (v.kind === 'array') {
    const want = key.type === 'string-array' ? 'string' : key.type === 'integer-array' ? 'integer' : 'inline-table';
    const bad = (v.items ?? []).find((i) => i.kind !== want && i.kind !== 'placeholder');
    if (bad) return `an array holding ${kindName[bad.kind] ?? bad.kind}`;
  }
  return undefined;
}

/** Quote a bare word, unquote "true"/"42" for booleans and numbers. */
function typeFixes(file: string, key: KataKey, v: TomlValue): Fix[] {
  if (key.type === 'string' && v.kind !== 'array' && v.kind !== 'inline-table') return [replaceFix(file, v.span, tomlString(v.raw), true, `Write it as the string ${tomlString(v.raw)}`)];
  if (key.type === 'boolean' && v.kind === 'string' && (v.value === 'true' || v.value === 'false')) return [replaceFix(file, v.span, String(v.value), true)];
  if ((key.type === 'integer' || key.type === 'float') && v.kind === 'string' && typeof v.value === 'string' && /^-?\d+(\.\d+)?$/.test(v.value.trim()))
    return [replaceFix(file, v.span, v.value.trim(), true)];
  if (key.type === 'string-array' && v.kind === 'string') return [replaceFix(file, v.span, `[${v.raw}]`, true, `Make it a one-element array [${v.raw}]`)];
  return [];
}

export function replaceFix(file: string, at: Span, newText: string, preferred: boolean, title = `Change to ${newText}`): Fix {
  return { title, edits: [{ file, span: at, newText }], preferred };
}

/** The span of the last part of an entry's key (what a rename replaces). */
function lastKeySpan(entry: TomlEntry): Span {
  const k = entry.keySpan;
  const last = entry.key[entry.key.length - 1];
  if (entry.key.length === 1) return k;
  return span(k.end.line, Math.max(k.start.column, k.end.column - last.length), k.end.line, k.end.column);
}

/** The span of one part of a table header's name (1: the name level of `[hypervisor.qemu]`). */
function nameSpan(table: TomlTable, index: number): Span {
  const full = table.nameSpan;
  const before = table.path.slice(0, index).join('.').length + (index > 0 ? 1 : 0);
  const part = table.path[index] ?? '';
  const start = full.start.column + before;
  return span(full.start.line, start, full.start.line, start + part.length);
}

/** A table id as the user writes it here: the hypervisor's or agent's own name in place of the name level. */
export function displayTable(id: string, ctx: Pick<KataCheckContext, 'runtime' | 'schema' | 'hypervisor' | 'doc'>): string {
  const [head, ...rest] = id.split('.');
  if (!ctx.schema.runtimes[ctx.runtime].namedTables.includes(head)) return id;
  const name = head === 'hypervisor' ? (ctx.hypervisor ?? '<name>') : (ctx.doc.tables.find((t) => t.path[0] === head && t.path.length >= 2)?.path[1] ?? 'kata');
  return [head, name, ...rest].join('.');
}

/** What a move needs to know about the whole file: its last line, and each table by the name written in its header. */
interface FileLayout {
  readonly lastLine: number;
  readonly lastLineLength: number;
  readonly tables: ReadonlyMap<string, TomlTable>;
}

/**
 * One layout per check run, keyed by its context: worked out for every move instead, splitting the text and
 * searching the tables again per misplaced key made a large file with many of them quadratic (minutes for 10 MB).
 */
const layouts = new WeakMap<KataCheckContext, FileLayout>();

function layoutOf(ctx: KataCheckContext): FileLayout {
  let layout = layouts.get(ctx);
  if (!layout) {
    let lastLine = 0;
    for (let i = ctx.text.indexOf('\n'); i !== -1; i = ctx.text.indexOf('\n', i + 1)) lastLine++;
    const tables = new Map<string, TomlTable>();
    for (const t of ctx.doc.tables) {
      const name = t.path.join('.');
      // The first table of that name, as a search from the top finds it.
      if (!t.arrayElement && !tables.has(name)) tables.set(name, t);
    }
    layout = { lastLine, lastLineLength: ctx.text.length - (ctx.text.lastIndexOf('\n') + 1), tables };
    layouts.set(ctx, layout);
  }
  return layout;
}

/**
 * Move an entry into another table: delete its lines here and write `key = value` at the end of the target
 * table (created at the end of the file when the file has none).
 */
function moveFixes(ctx: KataCheckContext, from: TomlTable, entry: TomlEntry, toTableId: string, toKey: string): Fix[] {
  const target = displayTable(toTableId, ctx);
  const targetPath = target.split('.');
  const layout = layoutOf(ctx);
  const existing = layout.tables.get(target);
  const line = `${toKey} = ${entry.value.raw}`;
  const remove = { file: ctx.file, span: span(entry.line, 0, entry.value.span.end.line + 1, 0), newText: '' };
  if (existing === from) return [];
  const end = layout.lastLine;
  let insert;
  if (existing) {
    const last = existing.entries.length > 0 ? existing.entries[existing.entries.length - 1].value.span.end.line : existing.headerSpan.end.line;
    insert = last + 1 <= end ? { file: ctx.file, span: lineSpan(last + 1), newText: `${line}\n` } : { file: ctx.file, span: lineSpan(end, layout.lastLineLength), newText: `\n${line}` };
  } else {
    const needsNewline = layout.lastLineLength > 0;
    insert = { file: ctx.file, span: lineSpan(end, layout.lastLineLength), newText: `${needsNewline ? '\n' : ''}\n[${targetPath.join('.')}]\n${line}\n` };
  }
  return [{ title: `Move ${entry.path[entry.path.length - 1]} to [${target}]${toKey !== entry.path[entry.path.length - 1] ? ` as ${toKey}` : ''}`, edits: [remove, insert], preferred: true }];
}
