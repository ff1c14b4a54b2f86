// Builds the Kata schema (server/src/languages/kata/schema/types.ts) from a kata-containers checkout:
// tables and keys from the Go and Rust structs the runtimes decode into, vocabularies and messages from
// the places rules.ts points at (checked against the source), and the shipped templates as Kata's own
// Makefile generates them per architecture.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allEntries, readToml } from '../../src/languages/kata/toml';
import { plainValue } from '../../src/languages/kata/schema/templates';
import type { KataCrossRuntimeKey, KataEnum, KataKey, KataKeyChange, KataRuntime, KataRuntimeSchema, KataSchema, KataTable, KataTemplate } from '../../src/languages/kata/schema/types';
import { generateConfigs, RUNTIME_DIRS, type GeneratedConfig } from './build';
import { goTables } from './structsGo';
import { crossRuntimeKeys, keyHistory } from './history';
import { enumRules, hypervisorRules, type EnumRule, type HypervisorRule, type ValueRef } from './rules';
import { rustTables } from './structsRust';

export const GO_CONFIG_FILE = 'src/runtime/pkg/katautils/config.go';
export const RS_CONFIG_DIR = 'src/libs/kata-types/src/config';

export interface GenerateOptions {
  readonly enumRules?: readonly EnumRule[];
  readonly hypervisorRules?: readonly HypervisorRule[];
  readonly history?: readonly KataKeyChange[];
  readonly crossRuntime?: readonly KataCrossRuntimeKey[];
  readonly log?: (s: string) => void;
}

export interface GenerateResult {
  readonly schema: KataSchema;
  /** Facts the sources did not confirm; the generator refuses to write a schema with any. */
  readonly errors: readonly string[];
  /** Things worth a look that do not stop generation. */
  readonly warnings: readonly string[];
}

export function generateSchema(kataDir: string, options: GenerateOptions = {}): GenerateResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const log = options.log ?? (() => {});
  const files = new SourceFiles(kataDir);

  const go = goTables(files.read(GO_CONFIG_FILE) ?? '', GO_CONFIG_FILE);
  if (!files.read(GO_CONFIG_FILE)) errors.push(`${GO_CONFIG_FILE} not found`);
  const rsFiles = new Map(files.list(RS_CONFIG_DIR, '.rs').map((p) => [p, files.read(p) ?? '']));
  if (rsFiles.size === 0) errors.push(`no Rust sources under ${RS_CONFIG_DIR}`);
  const rs = rustTables(rsFiles);
  warnings.push(...go.problems.map((p) => `go structs: ${p}`), ...rs.problems.map((p) => `rust structs: ${p}`));

  const tables: Record<KataRuntime, Record<string, KataTable>> = { go: cloneTables(go.tables), rs: cloneTables(rs.tables) };
  for (const rule of options.enumRules ?? enumRules) applyEnumRule(rule, tables[rule.runtime], files, errors);

  const hypervisors: Record<KataRuntime, string[]> = { go: [], rs: [] };
  for (const rule of options.hypervisorRules ?? hypervisorRules) {
    for (const n of rule.names) {
      const c = files.constant(n.file, n.const);
      if (c) hypervisors[rule.runtime].push(c.value);
      else errors.push(`hypervisor name constant ${n.const} not found in ${n.file}`);
    }
  }

  const templates: KataTemplate[] = [];
  for (const runtime of ['go', 'rs'] as const) {
    if (!existsSync(join(kataDir, RUNTIME_DIRS[runtime], 'Makefile'))) {
      errors.push(`${RUNTIME_DIRS[runtime]}/Makefile not found`);
      continue;
    }
    let generated: GeneratedConfig[] = [];
    try {
      generated = generateConfigs(kataDir, runtime, log);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    templates.push(...collectTemplates(runtime, generated, warnings));
  }

  const runtimeSchema = (r: KataRuntime, namedTables: string[], src: string): KataRuntimeSchema => ({
    namedTables,
    hypervisors: [...new Set(hypervisors[r])].sort(),
    tables: sortRecord(tables[r]),
    $source: src,
  });
  const schema: KataSchema = {
    $source: { repository: 'kata-containers/kata-containers', version: files.version(), generator: 'server/tools/kataSchema (npm run gen:kata-schema)' },
    runtimes: {
      go: runtimeSchema('go', go.namedTables, `${GO_CONFIG_FILE}`),
      rs: runtimeSchema('rs', rs.namedTables, `${RS_CONFIG_DIR}/mod.rs`),
    },
    templates: templates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    history: options.history ?? keyHistory,
    crossRuntime: options.crossRuntime ?? crossRuntimeKeys,
  };
  checkHistory(schema.history, schema.crossRuntime, files, kataDir, errors, warnings);
  return { schema, errors, warnings };
}

/** Commits must exist (when the checkout has history); struct lines must name the key they are cited for. */
function checkHistory(
  history: readonly KataKeyChange[],
  crossRuntime: readonly KataCrossRuntimeKey[],
  files: SourceFiles,
  kataDir: string,
  errors: string[],
  warnings: string[],
): void {
  const commits = new Set(history.map((h) => h.$source.split(' ')[0]));
  const git = spawnSync('git', ['-C', kataDir, 'rev-parse', '--git-dir'], { encoding: 'utf8' });
  if (git.status !== 0) {
    if (commits.size > 0) warnings.push(`not a git checkout: ${commits.size} history commits not verified`);
  }
  else {
    for (const c of commits) {
      const r = spawnSync('git', ['-C', kataDir, 'cat-file', '-e', `${c}^{commit}`]);
      if (r.status !== 0) errors.push(`history: commit ${c} not found in the checkout`);
    }
  }
  for (const x of crossRuntime) {
    const cites = x.$source.split('; ');
    const keys = [x.go, x.rs].filter((k) => k !== undefined);
    for (const cite of cites) {
      const [file, line] = cite.split(':');
      const lines = files.read(file)?.split('\n');
      if (!lines) {
        errors.push(`cross-runtime: ${file} not found`);
        continue;
      }
      const near = lines.slice(Math.max(0, Number(line) - 4), Number(line) + 3).join('\n');
      if (!keys.some((k) => near.includes(k.key))) errors.push(`cross-runtime: ${cite} does not mention ${keys.map((k) => k.key).join(' or ')}`);
    }
  }
}

function cloneTables(t: Record<string, KataTable>): Record<string, KataTable> {
  return Object.fromEntries(Object.entries(t).map(([id, table]) => [id, { ...table, keys: { ...table.keys } }]));
}

function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}

function applyEnumRule(rule: EnumRule, tables: Record<string, KataTable>, files: SourceFiles, errors: string[]): void {
  const where = `${rule.runtime} ${rule.table}.${rule.keys.join('/')}`;
  const anchorLine = files.lineOf(rule.file, rule.anchor);
  if (anchorLine === undefined) {
    errors.push(`${where}: "${rule.anchor}" not found in ${rule.file}`);
    return;
  }
  const resolve = (file: string, refs: readonly ValueRef[]): string[] => {
    const out: string[] = [];
    for (const ref of refs) {
      if (typeof ref === 'string') {
        if (ref !== '' && files.lineOf(file, `"${ref}"`) === undefined) errors.push(`${where}: literal "${ref}" not found in ${file}`);
        out.push(ref);
      } else {
        const c = files.constant(file, ref.const);
        if (c) out.push(c.value);
        else errors.push(`${where}: constant ${ref.const} not found in ${file}`);
      }
    }
    return out;
  };
  if (rule.message !== undefined && files.lineOf(rule.messageFile ?? rule.file, rule.message) === undefined) {
    errors.push(`${where}: message "${rule.message}" not found in ${rule.messageFile ?? rule.file}`);
  }
  const byArch = rule.byArch ? Object.fromEntries(Object.entries(rule.byArch).map(([a, v]) => [a, resolve(v.file, v.values)])) : undefined;
  const e: KataEnum = {
    values: byArch ? [...new Set(Object.values(byArch).flat())] : resolve(rule.file, rule.values),
    ...(byArch ? { byArch } : {}),
    ...(rule.hypervisors ? { hypervisors: rule.hypervisors } : {}),
    ...(rule.message !== undefined ? { message: rule.message } : {}),
    atLoad: rule.atLoad,
    $source: `${rule.file}:${anchorLine}`,
  };
  const table = tables[rule.table];
  for (const key of rule.keys) {
    const k: KataKey | undefined = table?.keys[key];
    if (!table || !k) {
      errors.push(`${where}: the structs have no key ${rule.table}.${key}`);
      continue;
    }
    (table.keys as Record<string, KataKey>)[key] = { ...k, enum: e };
  }
}

/** Groups generated files by template and splits their values into common and per-architecture ones. */
function collectTemplates(runtime: KataRuntime, generated: readonly GeneratedConfig[], warnings: string[]): KataTemplate[] {
  const byTemplate = new Map<string, GeneratedConfig[]>();
  for (const g of generated) {
    const list = byTemplate.get(g.template) ?? [];
    list.push(g);
    byTemplate.set(g.template, list);
  }
  const out: KataTemplate[] = [];
  for (const [path, list] of byTemplate) {
    const perArch = new Map<string, Record<string, unknown>>();
    let hypervisor: string | undefined;
    for (const g of list) {
      const doc = readToml(g.text);
      for (const p of doc.problems) warnings.push(`${g.installedName} (${g.arch}) line ${p.span.start.line + 1}: ${p.message}`);
      const values: Record<string, unknown> = {};
      for (const { entry } of allEntries(doc)) values[entry.path.join('.')] = plainValue(entry.value);
      const hv = doc.tables.find((t) => t.path[0] === 'hypervisor' && t.path.length === 2);
      if (hv) hypervisor = hv.path[1];
      perArch.set(g.arch, values);
    }
    const arches = [...perArch.keys()].sort();
    const values: Record<string, unknown> = {};
    const first = perArch.get(arches[0]) ?? {};
    for (const [k, v] of Object.entries(first)) {
      if (arches.every((a) => k in (perArch.get(a) ?? {}) && same(perArch.get(a)?.[k], v))) values[k] = v;
    }
    const archValues: Record<string, Record<string, unknown>> = {};
    for (const a of arches) {
      const own = Object.fromEntries(Object.entries(perArch.get(a) ?? {}).filter(([k]) => !(k in values)));
      if (Object.keys(own).length > 0) archValues[a] = own;
    }
    out.push({ path, installedName: list[0].installedName, runtime, ...(hypervisor ? { hypervisor } : {}), arches, values, archValues });
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Reads files of the checkout, with the lookups rules need. */
class SourceFiles {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly root: string) {}

  read(path: string): string | undefined {
    if (!this.cache.has(path)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(this.root, path), 'utf8');
      } catch {
        text = undefined;
      }
      this.cache.set(path, text);
    }
    return this.cache.get(path);
  }

  /** Repository paths of the files under `dir` (recursively) ending in `ext`, sorted. */
  list(dir: string, ext: string): string[] {
    const out: string[] = [];
    const walk = (abs: string) => {
      let names: string[];
      try {
        names = readdirSync(abs);
      } catch {
        return;
      }
      for (const n of names.sort()) {
        const p = join(abs, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith(ext)) out.push(relative(this.root, p).split('\\').join('/'));
      }
    };
    walk(join(this.root, dir));
    return out;
  }

  /** 1-based line of the first occurrence of `needle` (escaped quotes in the source count as quotes). */
  lineOf(path: string, needle: string): number | undefined {
    const text = this.read(path);
    if (text === undefined) return undefined;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) if (lines[i].replace(/\\"/g, '"').includes(needle)) return i + 1;
    return undefined;
  }

  /** A string constant: Go `Name = "v"` / `Name Type = "v"`, Rust `const NAME: &str = "v";`. */
  constant(path: string, name: string): { value: string; line: number } | undefined {
    const text = this.read(path);
    if (text === undefined) return undefined;
    const go = new RegExp(`^\\s*${name}\\s+(?:[A-Za-z_][\\w.]*\\s*)?=\\s*"([^"]*)"`);
    const rust = new RegExp(`^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?const\\s+${name}\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*"([^"]*)"`);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = go.exec(lines[i]) ?? rust.exec(lines[i]);
      if (m) return { value: m[1], line: i + 1 };
    }
    return undefined;
  }

  /** `git describe` of the checkout, else its VERSION file, else "unknown". */
  version(): string {
    // Only when the checkout is the top of its own repository (not a folder inside another one).
    const top = spawnSync('git', ['-C', this.root, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
    const isTop = top.status === 0 && realpathSync(top.stdout.trim()) === realpathSync(this.root);
    const r = isTop ? spawnSync('git', ['-C', this.root, 'describe', '--tags', '--always'], { encoding: 'utf8' }) : undefined;
    if (r && r.status === 0 && r.stdout.trim()) return r.stdout.trim();
    return this.read('VERSION')?.trim() || 'unknown';
  }
}
