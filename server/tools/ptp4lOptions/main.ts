// npm run gen:ptp4l-options [-- --cache-dir DIR] [--out FILE]
// Writes server/data/ptp4l-options.json: ptp4l's options per linuxptp version, read from each version's
// config.c as Debian ships it. Refuses to write when a source cannot be read completely.

import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readOptionTable, type OptionTable } from './configC';
import { LINUXPTP_SOURCES, linuxptpSourceDir } from './debian';

interface VersionEntry {
  readonly scope: 'global' | 'port';
  readonly type: string;
  readonly default: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly $source: string;
}

async function main(argv: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  for (let i = 0; i + 1 < argv.length; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
  const cacheDir = resolve(opts['cache-dir'] ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kata-guest-toolkit'));
  const out = resolve(opts.out ?? 'server/data/ptp4l-options.json');

  const tables = new Map<string, OptionTable>();
  for (const src of LINUXPTP_SOURCES) {
    const dir = await linuxptpSourceDir(src, cacheDir);
    const sources = new Map(readdirSync(dir).filter((f) => /\.(c|h)$/.test(f)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const t = readOptionTable(sources);
    if (t.problems.length > 0) {
      for (const p of t.problems) process.stderr.write(`error: linuxptp ${src.version}: ${p}\n`);
      return 1;
    }
    tables.set(src.version, t);
    process.stderr.write(`linuxptp ${src.version}: ${t.options.length} options, ${t.deprecated.length} deprecated names\n`);
  }

  const versions = LINUXPTP_SOURCES.map((s) => s.version);
  const options: Record<string, { versions: Record<string, VersionEntry> }> = {};
  for (const [version, t] of tables) {
    for (const o of t.options) {
      const entry: VersionEntry = {
        scope: o.scope,
        type: o.type,
        default: o.default,
        ...(o.min !== undefined ? { min: o.min } : {}),
        ...(o.max !== undefined ? { max: o.max } : {}),
        ...(o.values ? { values: o.values } : {}),
        $source: `config.c:${o.line} (linuxptp ${version})`,
      };
      (options[o.name] ??= { versions: {} }).versions[version] = entry;
    }
  }
  const sorted = Object.fromEntries(Object.keys(options).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).map((k) => [k, options[k]]));
  const data = {
    $source: {
      generator: 'server/tools/ptp4lOptions (npm run gen:ptp4l-options)',
      sources: LINUXPTP_SOURCES.map((s) => ({ version: s.version, debian: s.debian, file: `pool/main/l/linuxptp/${s.tarball}`, sha256: s.sha256 })),
    },
    versions,
    options: sorted,
    deprecated: Object.fromEntries([...tables].map(([v, t]) => [v, t.deprecated.map((d) => ({ from: d.from, to: d.to, $source: `config.c:${d.line} (linuxptp ${v})` }))])),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(data, null, 1)}\n`);
  process.stdout.write(`wrote ${out}: ${Object.keys(sorted).length} options over linuxptp ${versions.join(', ')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`gen:ptp4l-options: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
