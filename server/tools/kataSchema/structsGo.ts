// The tables and keys of configuration.toml as the Go runtime decodes them: the `toml:"..."` tagged fields
// of the structs reachable from `tomlConfig` in src/runtime/pkg/katautils/config.go. Never throws.

import type { KataKey, KataTable, KataValueType } from '../../src/languages/kata/schema/types';

export interface StructTables {
  readonly tables: Record<string, KataTable>;
  readonly namedTables: string[];
  readonly problems: string[];
}

interface GoField {
  readonly name: string;
  readonly type: string;
  readonly tag?: string;
  readonly line: number;
}

/** Integer bounds by width; 64-bit bounds are left out (beyond what a JS number holds exactly). */
export function intBounds(width: number, signed: boolean): { min?: number; max?: number } {
  if (width >= 64) return signed ? {} : { min: 0 };
  return signed ? { min: -(2 ** (width - 1)), max: 2 ** (width - 1) - 1 } : { min: 0, max: 2 ** width - 1 };
}

const GO_INTS: Record<string, [number, boolean]> = {
  int: [64, true],
  int8: [8, true],
  int16: [16, true],
  int32: [32, true],
  int64: [64, true],
  uint: [64, false],
  uint8: [8, false],
  uint16: [16, false],
  uint32: [32, false],
  uint64: [64, false],
};

export function goTables(text: string, file: string): StructTables {
  const problems: string[] = [];
  const structs = goStructs(text, problems);
  const tables: Record<string, KataTable> = {};
  const namedTables: string[] = [];
  const top = structs.get('tomlConfig');
  if (!top) {
    problems.push('no tomlConfig struct');
    return { tables, namedTables, problems };
  }
  const addTable = (id: string, structName: string, depth: number): void => {
    const s = structs.get(structName);
    if (!s) {
      problems.push(`struct ${structName} (table ${id}) not found`);
      return;
    }
    if (depth > 8 || tables[id]) return;
    const keys: Record<string, KataKey> = {};
    tables[id] = { id, strict: false, keys, $source: `${file}:${s.line}` };
    for (const f of s.fields) {
      const tag = f.tag?.split(',')[0];
      if (!tag || tag === '-') continue;
      const key = goKey(f.type, structs, `${id}.${tag}`, `${file}:${f.line}`);
      keys[tag] = key;
      if (key.table) addTable(key.table, f.type.replace(/^\[\]|^\*/g, ''), depth + 1);
    }
  };
  for (const f of top.fields) {
    const name = (f.tag?.split(',')[0] || f.name).toLowerCase();
    const map = /^map\[string\](\w+)$/.exec(f.type);
    if (map) {
      namedTables.push(name);
      addTable(name, map[1], 0);
    } else if (structs.has(f.type)) addTable(name, f.type, 0);
    else problems.push(`tomlConfig.${f.name}: unexpected type ${f.type}`);
  }
  return { tables, namedTables, problems };
}

function goKey(type: string, structs: ReadonlyMap<string, unknown>, subId: string, source: string): KataKey {
  let t = type;
  let optional = false;
  if (t.startsWith('*')) {
    optional = true;
    t = t.slice(1);
  }
  const base = (type: KataValueType, extra: Partial<KataKey> = {}): KataKey => ({ type, sourceType: type === 'table' || type === 'table-array' ? type : t, ...extra, ...(optional ? { optional } : {}), $source: source });
  if (t.startsWith('[]')) {
    const el = t.slice(2);
    if (el === 'string') return { ...base('string-array'), sourceType: type };
    if (GO_INTS[el]) return { ...base('integer-array'), sourceType: type };
    if (structs.has(el)) return { ...base('table-array', { table: subId }), sourceType: type };
    return { ...base('string-array'), sourceType: type };
  }
  if (t === 'bool') return { ...base('boolean'), sourceType: type };
  if (GO_INTS[t]) return { ...base('integer', intBounds(...GO_INTS[t])), sourceType: type };
  if (t === 'float32' || t === 'float64') return { ...base('float'), sourceType: type };
  if (structs.has(t)) return { ...base('table', { table: subId }), sourceType: type };
  // string and named string types (config.PCIePort, govmmQemu.MonitorProtocol)
  return { ...base('string'), sourceType: type };
}

/** Every `type X struct { ... }` of the file with its fields. */
function goStructs(text: string, problems: string[]): Map<string, { line: number; fields: GoField[] }> {
  const out = new Map<string, { line: number; fields: GoField[] }>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^type\s+(\w+)\s+struct\s*\{\s*$/.exec(lines[i]);
    if (!m) continue;
    const fields: GoField[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\}/.test(lines[j]); j++) {
      const line = lines[j].replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const f = /^(\w+)\s+(\S+)\s*(`[^`]*`)?$/.exec(line);
      if (!f) {
        problems.push(`line ${j + 1}: field not understood: ${line.slice(0, 60)}`);
        continue;
      }
      const tag = f[3] ? /toml:"([^"]*)"/.exec(f[3])?.[1] : undefined;
      fields.push({ name: f[1], type: f[2], tag, line: j + 1 });
    }
    if (j >= lines.length) problems.push(`struct ${m[1]} at line ${i + 1} has no end`);
    out.set(m[1], { line: i + 1, fields });
    i = j;
  }
  return out;
}
