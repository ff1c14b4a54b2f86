// The tables and keys of configuration.toml as runtime-rs decodes them: the serde structs of
// src/libs/kata-types/src/config/, from `TomlConfig` down, with `flatten`, `rename`, `alias`, `skip` and
// `deny_unknown_fields` honoured. Never throws.

import type { KataKey, KataTable, KataValueType } from '../../src/languages/kata/schema/types';
import { intBounds, type StructTables } from './structsGo';

interface RustField {
  readonly name: string;
  readonly type: string;
  readonly attrs: string;
  readonly file: string;
  readonly line: number;
}

interface RustStruct {
  readonly name: string;
  readonly attrs: string;
  readonly file: string;
  readonly line: number;
  readonly fields: RustField[];
}

const RUST_INTS: Record<string, [number, boolean]> = {
  u8: [8, false],
  u16: [16, false],
  u32: [32, false],
  u64: [64, false],
  usize: [64, false],
  i8: [8, true],
  i16: [16, true],
  i32: [32, true],
  i64: [64, true],
  isize: [64, true],
};

export function rustTables(files: ReadonlyMap<string, string>): StructTables {
  const problems: string[] = [];
  const byName = new Map<string, RustStruct[]>();
  const enums = new Set<string>();
  for (const [file, text] of files) {
    try {
      for (const s of rustStructs(text, file, problems)) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
      for (const m of text.matchAll(/pub\s+enum\s+(\w+)/g)) enums.add(m[1]);
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const pick = (name: string): RustStruct | undefined => {
    const all = byName.get(name);
    if (!all || all.length === 0) return undefined;
    if (all.length === 1) return all[0];
    // Feature variants: the default build's (not the `enable-vendor` one).
    const chosen = all.find((s) => /not\s*\(\s*feature/.test(s.attrs)) ?? all.find((s) => s.fields.length === 0) ?? all[0];
    problems.push(`struct ${name} is defined ${all.length} times; using the one at ${chosen.file}:${chosen.line} (the default build's)`);
    return chosen;
  };

  const tables: Record<string, KataTable> = {};
  const namedTables: string[] = [];
  const top = pick('TomlConfig');
  if (!top) {
    problems.push('no TomlConfig struct');
    return { tables, namedTables, problems };
  }

  /** Keys of a struct, with flattened structs' keys merged in. Returns whether anything was flattened in. */
  const collect = (s: RustStruct, id: string, keys: Record<string, KataKey>, depth: number): boolean => {
    let flattened = false;
    for (const f of s.fields) {
      const serde = serdeOf(f.attrs);
      if (/\bskip\b|\bskip_deserializing\b/.test(serde)) continue;
      if (/\bflatten\b/.test(serde)) {
        const inner = pick(stripOption(f.type));
        if (!inner) problems.push(`${f.file}:${f.line}: flattened type ${f.type} not found`);
        else if (depth < 8) collect(inner, id, keys, depth + 1);
        flattened = true;
        continue;
      }
      const name = /rename\s*=\s*"([^"]+)"/.exec(serde)?.[1] ?? f.name.replace(/^r#/, '');
      const aliases = [...serde.matchAll(/alias\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
      const key = rustKey(f.type, `${id}.${name}`, `${f.file}:${f.line}`);
      keys[name] = aliases.length > 0 ? { ...key, aliases } : key;
      if (key.table) addTable(key.table, elementType(f.type), depth + 1);
    }
    return flattened;
  };
  const rustKey = (type: string, subId: string, source: string): KataKey => {
    let t = type.replace(/\s+/g, '');
    let optional = false;
    const opt = /^Option<(.*)>$/.exec(t);
    if (opt) {
      optional = true;
      t = opt[1];
    }
    const make = (vt: KataValueType, extra: Partial<KataKey> = {}): KataKey => ({ type: vt, sourceType: type.replace(/\s+/g, ''), ...extra, ...(optional ? { optional } : {}), $source: source });
    const vec = /^Vec<(.*)>$/.exec(t);
    if (vec) {
      const el = vec[1];
      if (el === 'String') return make('string-array');
      if (RUST_INTS[el]) return make('integer-array');
      if (byName.has(el)) return make('table-array', { table: subId });
      return make('string-array');
    }
    if (t === 'String' || t === '&str' || t === 'PathBuf') return make('string');
    if (t === 'bool') return make('boolean');
    if (RUST_INTS[t]) return make('integer', intBounds(...RUST_INTS[t]));
    if (t === 'f32' || t === 'f64') return make('float');
    if (byName.has(t)) return make('table', { table: subId });
    if (!enums.has(t)) problems.push(`${source}: type ${t} not understood; taken as a string`);
    return make('string');
  };
  const addTable = (id: string, structName: string, depth: number): void => {
    if (tables[id] || depth > 8) return;
    const s = pick(structName);
    if (!s) {
      problems.push(`struct ${structName} (table ${id}) not found`);
      return;
    }
    const keys: Record<string, KataKey> = {};
    tables[id] = { id, strict: false, keys, $source: `${s.file}:${s.line}` };
    const flattened = collect(s, id, keys, depth);
    // serde cannot refuse unknown fields of a struct that has others flattened into it.
    tables[id] = { ...tables[id], strict: /deny_unknown_fields/.test(serdeOf(s.attrs)) && !flattened };
  };

  for (const f of top.fields) {
    const serde = serdeOf(f.attrs);
    const name = /rename\s*=\s*"([^"]+)"/.exec(serde)?.[1] ?? f.name;
    const map = /^HashMap<String,\s*(\w+)>$/.exec(f.type.replace(/\s+/g, ' ').replace(/<\s+/, '<'));
    if (map) {
      namedTables.push(name);
      addTable(name, map[1], 0);
    } else if (byName.has(f.type)) addTable(name, f.type, 0);
    else problems.push(`TomlConfig.${f.name}: unexpected type ${f.type}`);
  }
  return { tables, namedTables, problems };
}

function stripOption(t: string): string {
  return /^Option<(.*)>$/.exec(t.replace(/\s+/g, ''))?.[1] ?? t.replace(/\s+/g, '');
}

function elementType(t: string): string {
  const s = stripOption(t);
  return /^Vec<(.*)>$/.exec(s)?.[1] ?? s;
}

/** The inside of every `#[serde(...)]` in an attribute text, joined. */
function serdeOf(attrs: string): string {
  return [...attrs.matchAll(/#\[serde\(([\s\S]*?)\)\]/g)].map((m) => m[1]).join(', ');
}

/** Structs with named fields in a Rust file: attributes, fields with their own attributes and lines. */
function rustStructs(text: string, file: string, problems: string[]): RustStruct[] {
  // Comments out, keeping line breaks (and string contents, which hold no `//` we care about in these files).
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:"])\/\/.*$/gm, '$1');
  const out: RustStruct[] = [];
  const lineAt = (offset: number) => clean.slice(0, offset).split('\n').length;
  const re = /((?:#\[[\s\S]*?\]\s*)*)pub(?:\([^)]*\))?\s+struct\s+(\w+)(?:<[^>]*>)?\s*\{/g;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const bodyStart = m.index + m[0].length;
    let depth = 1;
    let i = bodyStart;
    for (; i < clean.length && depth > 0; i++) {
      if (clean[i] === '{') depth++;
      else if (clean[i] === '}') depth--;
    }
    if (depth > 0) {
      problems.push(`${file}:${lineAt(m.index)}: struct ${m[2]} has no end`);
      continue;
    }
    const body = clean.slice(bodyStart, i - 1);
    out.push({ name: m[2], attrs: attributesBefore(clean, m.index) + m[1], file, line: lineAt(m.index + m[1].length), fields: fieldsOf(body, bodyStart, lineAt, file) });
  }
  return out;
}

/** Attribute lines right above a struct that the struct regex did not take (e.g. `#[cfg(...)]` before a doc comment). */
function attributesBefore(text: string, at: number): string {
  const lines = text.slice(0, at).split('\n');
  const taken: string[] = [];
  for (let k = lines.length - 2; k >= 0 && k >= lines.length - 12; k--) {
    const l = lines[k].trim();
    if (l === '' || l.startsWith('#[') || l.endsWith(')]') || l.endsWith(',') || l.startsWith('derive')) taken.unshift(l);
    else break;
  }
  return taken.join('\n');
}

function fieldsOf(body: string, base: number, lineAt: (o: number) => number, file: string): RustField[] {
  const fields: RustField[] = [];
  let i = 0;
  let attrs = '';
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i])) i++;
    if (i >= body.length) break;
    if (body.startsWith('#[', i)) {
      let depth = 0;
      const start = i;
      for (; i < body.length; i++) {
        if (body[i] === '[') depth++;
        else if (body[i] === ']' && --depth === 0) {
          i++;
          break;
        }
      }
      attrs += body.slice(start, i) + '\n';
      continue;
    }
    const m = /^(?:pub(?:\([^)]*\))?\s+)?(r#\w+|\w+)\s*:\s*/.exec(body.slice(i));
    if (!m) {
      // Not a field: skip to the next comma or line.
      const next = body.indexOf('\n', i);
      i = next < 0 ? body.length : next + 1;
      attrs = '';
      continue;
    }
    const typeStart = i + m[0].length;
    let depth = 0;
    let j = typeStart;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === '<' || c === '(' || c === '[') depth++;
      else if (c === '>' || c === ')' || c === ']') depth--;
      else if (c === ',' && depth === 0) break;
    }
    fields.push({ name: m[1], type: body.slice(typeStart, j).trim(), attrs, file, line: lineAt(base + i) });
    attrs = '';
    i = j + 1;
  }
  return fields;
}
