// A rough, regex-level list of the symbols a kernel tree's Kconfig files declare, only to feed the random fragment generator.
// It is deliberately not a Kconfig parser: it ignores `if`, `depends on`, `source` and macros.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HelpBlockLines } from '../../server/src/languages/kconfig/lexer';
import type { Arch } from './kernelTree';

export type SymbolKind = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | 'unknown';

export interface NumericRange {
  /** Literal bounds as written (`1`, `-5`, `0x1000`); ranges whose bounds are symbols are not listed. */
  min: string;
  max: string;
}

export interface ScannedSymbol {
  name: string;
  type: SymbolKind;
  /** Some id shared by all members of one `choice ... endchoice` block (file:line of `choice`). */
  choiceOf?: string;
  ranges?: NumericRange[];
  /** Some definition has a prompt (type line with a quoted string, or a `prompt` line). */
  hasPrompt: boolean;
  /** First definition, relative to the tree. */
  file: string;
  line: number;
}

export interface ScanOptions {
  /** Skip arch/<other>/ directories (arch/x86 for x86_64, arch/arm64 for arm64). Default: scan every arch. */
  arch?: Arch;
}

const SKIP_DIRS = new Set(['Documentation', 'tools', '.git', 'LICENSES']);
const BLOCK_START = /^\s*(config|menuconfig|choice|endchoice|menu|endmenu|if|endif|source|rsource|osource|orsource|comment|mainmenu)\b/;

export function scanKconfigSymbols(treeDir: string, opts: ScanOptions = {}): ScannedSymbol[] {
  const srcarch = opts.arch === 'x86_64' ? 'x86' : opts.arch;
  const byName = new Map<string, ScannedSymbol>();
  for (const file of kconfigFiles(treeDir, srcarch)) scanFile(treeDir, file, byName);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function kconfigFiles(treeDir: string, srcarch: string | undefined): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(treeDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!rel && SKIP_DIRS.has(e.name)) continue;
        if (r === 'scripts/kconfig/tests') continue;
        if (rel === 'arch' && srcarch && e.name !== srcarch) continue;
        walk(r);
      } else if (e.isFile() && e.name.startsWith('Kconfig')) {
        out.push(r);
      }
    }
  };
  walk('');
  return out.sort();
}

function scanFile(treeDir: string, rel: string, byName: Map<string, ScannedSymbol>): void {
  const lines = fs.readFileSync(path.join(treeDir, rel), 'utf8').split('\n');
  const choices: string[] = [];
  let current: ScannedSymbol | undefined;
  const help = new HelpBlockLines();
  lines.forEach((line, i) => {
    if (help.contains(line)) return;
    const def = /^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$/.exec(line);
    if (def) {
      const name = def[1];
      current = byName.get(name);
      if (!current) {
        current = { name, type: 'unknown', hasPrompt: false, file: rel, line: i + 1 };
        byName.set(name, current);
      }
      if (choices.length > 0 && current.choiceOf === undefined) current.choiceOf = choices[choices.length - 1];
      return;
    }
    if (/^\s*choice\b/.test(line)) {
      choices.push(`${rel}:${i + 1}`);
      current = undefined;
      return;
    }
    if (/^\s*endchoice\b/.test(line)) {
      choices.pop();
      current = undefined;
      return;
    }
    if (BLOCK_START.test(line)) {
      current = undefined;
      return;
    }
    if (/^\s*(help|---help---)\s*$/.test(line)) {
      help.start();
      return;
    }
    if (!current) return;
    const type = /^\s*(bool|tristate|int|hex|string|def_bool|def_tristate)\b(.*)$/.exec(line);
    if (type) {
      const kind = type[1].replace('def_', '') as SymbolKind;
      if (current.type === 'unknown') current.type = kind;
      if (!type[1].startsWith('def_') && /"/.test(type[2])) current.hasPrompt = true;
      return;
    }
    if (/^\s*prompt\b/.test(line)) {
      current.hasPrompt = true;
      return;
    }
    const range = /^\s*range\s+(-?(?:0x[0-9a-fA-F]+|\d+))\s+(-?(?:0x[0-9a-fA-F]+|\d+))\b/.exec(line);
    if (range) (current.ranges ??= []).push({ min: range[1], max: range[2] });
  });
}
