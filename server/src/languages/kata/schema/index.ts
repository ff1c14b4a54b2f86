// Access to the generated Kata schema (server/data/kata-schema.json): which table a TOML path is, which
// keys it has in each runtime, what a template ships as the value.

import schemaJson from '../../../../data/kata-schema.json';
import type { KataKey, KataKeyChange, KataRuntime, KataSchema, KataTable, KataTemplate } from './types';

export const kataSchema = schemaJson as unknown as KataSchema;

export const RUNTIME_LABEL: Readonly<Record<KataRuntime, string>> = { go: 'the Go runtime', rs: 'runtime-rs' };

/** Where a TOML table path lands in a runtime's schema. */
export interface TablePlace {
  /** The table id (`hypervisor`, `hypervisor.factory`, `agent.mem_agent`), or undefined for no table of that runtime. */
  readonly id?: string;
  /** The name level of a named table (`qemu` in `[hypervisor.qemu]`). */
  readonly name?: string;
  /** The path as written, joined with dots. */
  readonly written: string;
}

export function placeOf(runtime: KataRuntime, path: readonly string[], schema: KataSchema = kataSchema): TablePlace {
  const rt = schema.runtimes[runtime];
  const written = path.join('.');
  if (path.length === 0) return { written };
  if (rt.namedTables.includes(path[0])) {
    if (path.length < 2) return { id: undefined, written };
    const id = [path[0], ...path.slice(2)].join('.');
    return { id: rt.tables[id] ? id : undefined, name: path[1], written };
  }
  return { id: rt.tables[written] ? written : undefined, written };
}

export function tableOf(runtime: KataRuntime, id: string | undefined, schema: KataSchema = kataSchema): KataTable | undefined {
  return id === undefined ? undefined : schema.runtimes[runtime].tables[id];
}

/** A key of a table, by its name or one of its aliases. */
export function keyOf(table: KataTable | undefined, key: string): { name: string; key: KataKey } | undefined {
  if (!table) return undefined;
  const direct = table.keys[key];
  if (direct) return { name: key, key: direct };
  for (const [name, k] of Object.entries(table.keys)) if (k.aliases?.includes(key)) return { name, key: k };
  return undefined;
}

export function historyOf(runtime: KataRuntime, tableId: string, key: string, schema: KataSchema = kataSchema): KataKeyChange | undefined {
  return schema.history.find((h) => h.runtime === runtime && h.table === tableId && h.key === key);
}

/** The template a configuration file most likely comes from: same installed name, else same runtime and hypervisor. */
export function templateFor(
  runtime: KataRuntime,
  fileName: string | undefined,
  hypervisor: string | undefined,
  schema: KataSchema = kataSchema,
): KataTemplate | undefined {
  const base = fileName?.replace(/\.in$/, '');
  const sameRuntime = schema.templates.filter((t) => t.runtime === runtime);
  return (
    sameRuntime.find((t) => t.installedName === base) ??
    sameRuntime.find((t) => t.hypervisor === hypervisor && /^configuration-(qemu|clh|fc|dragonball|remote|stratovirt|rs-fc|qemu-runtime-rs|clh-runtime-rs)\.toml$/.test(t.installedName)) ??
    sameRuntime.find((t) => t.hypervisor === hypervisor)
  );
}

/** A template's value for a dotted key path on an architecture (the first architecture it ships for when none fits). */
export function templateValue(t: KataTemplate, path: string, arch?: string): { value: unknown } | undefined {
  const a = arch && t.arches.includes(arch) ? arch : t.arches[0];
  const own = a ? t.archValues[a] : undefined;
  if (own && path in own) return { value: own[path] };
  if (path in t.values) return { value: t.values[path] };
  return undefined;
}

/** The architecture spelling of a runtime for a kernel-style name (x86_64, arm64, s390x, ppc64le, riscv64). */
export function runtimeArch(runtime: KataRuntime, arch: string): string {
  const go: Record<string, string> = { x86_64: 'amd64', arm64: 'arm64', s390x: 's390x', ppc64le: 'ppc64le', riscv64: 'riscv64' };
  const rs: Record<string, string> = { x86_64: 'x86_64', arm64: 'aarch64', s390x: 's390x', ppc64le: 'powerpc64le', riscv64: 'riscv64gc' };
  return (runtime === 'go' ? go : rs)[arch] ?? arch;
}
