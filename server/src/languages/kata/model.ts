// What a Kata configuration file is: an installed configuration, a template (`*.toml.in`) or a drop-in
// (`config.d/*`); which runtime reads it (the Go runtime or runtime-rs) and why we think so; which
// hypervisor it configures; and, for a drop-in, the base file it is merged onto.

import * as path from 'node:path';
import { readToml, allEntries, type TomlDocument, type TomlEntry } from './toml';
import { kataSchema, placeOf } from './schema';
import type { KataRuntime, KataSchema } from './schema/types';

export type KataFileKind = 'config' | 'template' | 'dropin';

/** The names of files this service reads. */
export function kataFileKind(filePath: string): KataFileKind | undefined {
  const name = path.basename(filePath);
  if (path.basename(path.dirname(filePath)) === 'config.d') return 'dropin';
  if (/^configuration.*\.toml\.in$/.test(name)) return 'template';
  if (/^configuration.*\.toml$/.test(name)) return 'config';
  return undefined;
}

/** `# kata-runtime: go` or `# kata-runtime: rs` (also `runtime-rs`) on the first line chooses the runtime. */
const RUNTIME_MARKER = /^\s*#\s*kata-runtime\s*:\s*(go|rs|runtime-rs)\b/i;

export type RuntimeChoice = 'auto' | 'go' | 'runtime-rs';

export interface RuntimeInference {
  readonly runtime: KataRuntime;
  /** Why, for hover and the problem messages. */
  readonly reason: string;
}

/** Decides which runtime reads a file: first-line marker, then the setting, then the path, then the keys used. */
export function inferRuntime(filePath: string | undefined, text: string, doc: TomlDocument, setting: RuntimeChoice, schema: KataSchema = kataSchema): RuntimeInference {
  const first = text.split('\n', 1)[0];
  const marker = RUNTIME_MARKER.exec(first);
  if (marker) return { runtime: marker[1].toLowerCase() === 'go' ? 'go' : 'rs', reason: 'the `# kata-runtime:` comment on the first line' };
  if (setting !== 'auto') return { runtime: setting === 'go' ? 'go' : 'rs', reason: 'the setting `kataToolkit.kata.runtime`' };
  if (filePath) {
    const p = filePath.split(path.sep).join('/');
    if (/\/src\/runtime-rs\/config\//.test(p) || /\/runtime-rs\//.test(p)) return { runtime: 'rs', reason: 'its place under a `runtime-rs` directory' };
    if (/\/src\/runtime\/config\//.test(p)) return { runtime: 'go', reason: 'its place under `src/runtime/config`' };
    const name = path.basename(p).replace(/\.in$/, '');
    if (/-runtime-rs\.toml$/.test(name)) return { runtime: 'rs', reason: 'its name' };
    const shipped = new Set(schema.templates.filter((t) => t.installedName === name).map((t) => t.runtime));
    if (shipped.size === 1) {
      const [runtime] = shipped;
      return { runtime, reason: `its name: Kata ships \`${name}\` for ${runtime === 'go' ? 'the Go runtime' : 'runtime-rs'}` };
    }
  }
  // The keys: count those only one runtime knows.
  let go = 0;
  let rs = 0;
  for (const { entry } of allEntries(doc)) {
    const known = (r: KataRuntime) => {
      const place = placeOf(r, entry.path.slice(0, -1), schema);
      const table = place.id ? schema.runtimes[r].tables[place.id] : undefined;
      const key = entry.path[entry.path.length - 1];
      return !!table && (key in table.keys || Object.values(table.keys).some((k) => k.aliases?.includes(key)));
    };
    const g = known('go');
    const r = known('rs');
    if (g && !r) go++;
    if (r && !g) rs++;
  }
  if (rs > go) return { runtime: 'rs', reason: `its keys (${rs} only runtime-rs reads, ${go} only the Go runtime reads)` };
  if (go > rs) return { runtime: 'go', reason: `its keys (${go} only the Go runtime reads, ${rs} only runtime-rs reads)` };
  return { runtime: 'go', reason: 'the default: no marker, setting, path, name or key says otherwise, and the Go runtime reads the default configuration.toml' };
}

/** The hypervisor names of the `[hypervisor.<name>]` tables, in file order. */
export function hypervisorsOf(doc: TomlDocument): string[] {
  const names: string[] = [];
  for (const { entry } of allEntries(doc)) if (entry.path[0] === 'hypervisor' && entry.path.length >= 3 && !names.includes(entry.path[1])) names.push(entry.path[1]);
  for (const t of doc.tables) if (t.path[0] === 'hypervisor' && t.path.length >= 2 && !names.includes(t.path[1])) names.push(t.path[1]);
  return names;
}

/**
 * The file a drop-in is merged onto: the `configuration*.toml` next to its `config.d` directory
 * (`configuration.toml` first when there are several).
 */
export function baseOfDropIn(dropInPath: string, list: (dir: string) => string[] | undefined): string | undefined {
  const dir = path.dirname(path.dirname(dropInPath));
  const names = (list(dir) ?? []).filter((n) => /^configuration.*\.toml$/.test(n)).sort();
  const pick = names.includes('configuration.toml') ? 'configuration.toml' : names[0];
  return pick ? path.join(dir, pick) : undefined;
}

/** The drop-ins of a base file, in the order Kata applies them (every entry of `config.d`, by name). */
export function dropInsOf(basePath: string, list: (dir: string) => string[] | undefined): string[] {
  const dir = path.join(path.dirname(basePath), 'config.d');
  return (list(dir) ?? []).sort().map((n) => path.join(dir, n));
}

/** One value in the merged view: where it was set last. */
export interface MergedValue {
  readonly file: string;
  readonly entry: TomlEntry;
}

/**
 * The configuration as Kata sees it after the drop-ins: each key path to the entry that set it last.
 * Arrays and scalars are replaced whole, tables merge key by key (both runtimes).
 */
export function mergeDocuments(docs: readonly { file: string; doc: TomlDocument }[]): Map<string, MergedValue> {
  const merged = new Map<string, MergedValue>();
  // For each dotted prefix, the keys set below it since it was last set itself: scanning every key for each
  // entry instead made a large file quadratic. Keys deleted since are still listed; deleting them again is harmless.
  const below = new Map<string, Set<string>>();
  for (const { file, doc } of docs) {
    for (const { entry } of allEntries(doc)) {
      const key = entry.path.join('.');
      // A value replaces whatever was below its path before (a table written as a scalar, or nested keys).
      for (const k of below.get(key) ?? []) merged.delete(k);
      below.delete(key);
      merged.set(key, { file, entry });
      for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
        const prefix = key.slice(0, dot);
        let keys = below.get(prefix);
        if (!keys) below.set(prefix, (keys = new Set()));
        keys.add(key);
      }
    }
  }
  return merged;
}

export function readKata(text: string, kind: KataFileKind | undefined): TomlDocument {
  return readToml(text, { placeholders: kind === 'template' });
}
