// Shared pieces of the command line: argument parsing, errors for people, output formats.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../common/problem';
import type { KernelTreeOptions } from '../languages/kconfig/kernelTree';

export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface ParsedArgs {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  readonly positional: string[];
}

const VALUE_FLAGS = new Set([
  '--tree', '--arch', '--kata-dir', '--format', '-o', '--output', '--cache-dir', '--mode', '--kata-runtime', '--ptp4l-version', '--changed-since',
  // run's step options
  '--step', '--hypervisor', '--kernel-version', '--headers', '--distro', '--use-docker', '--asset', '--suite', '--image',
]);
const BOOL_FLAGS = new Set(['--allnoconfig', '--alldefconfig', '--no-shell', '--no-model-cache', '-h', '--help', '--confidential', '--debug', '--no-path-check', '--force', '--agent-init', '--no-check', '--check-only']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') return { command: 'help', flags: new Map(), positional: [] };
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else if (BOOL_FLAGS.has(name) || name === '--gpu') {
      if (name === '--gpu') {
        const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
        if (value === undefined) throw new UsageError('--gpu needs a vendor (nvidia, intel, amd)');
        flags.set(name, value);
      } else flags.set(name, true);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  return { command, flags, positional };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** How the command line opens a kernel tree: `--no-shell`, `--cache-dir`, `--no-model-cache`. */
export function kernelTreeOptions(args: ParsedArgs, tree: string, arch: string): KernelTreeOptions {
  return {
    tree,
    arch,
    allowShell: !args.flags.has('--no-shell'),
    cacheDir: stringFlag(args, '--cache-dir'),
    modelSnapshot: !args.flags.has('--no-model-cache'),
    // A run that had to ask the compiler is the slow one already: the next run writes the snapshot.
    snapshotAfterProbes: false,
  };
}

export function requireDir(dir: string | undefined, what: string): string {
  if (!dir) throw new UsageError(`${what} is required`);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new IoError(`${what} ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new IoError(`${what} ${dir} is not a directory`);
  return path.resolve(dir);
}

export class IoError extends Error {}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new IoError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function hostArch(): string {
  return process.arch === 'arm64' ? 'arm64' : process.arch === 's390x' ? 's390x' : process.arch === 'ppc64' ? 'ppc64le' : 'x86_64';
}

/** Problems as `file:line:col: severity: message [code]`, paths relative to the working directory. */
export function formatText(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const rel = path.isAbsolute(p.file) ? path.relative(process.cwd(), p.file) || p.file : p.file;
      const shown = rel.startsWith('../../') ? p.file : rel;
      const note = p.uncertain ? ' (uncertain: depends on $(shell,...) results that were guessed, see --no-shell)' : '';
      return `${shown}:${p.span.start.line + 1}:${p.span.start.column + 1}: ${p.severity}: ${p.message}${note} [${p.code}]\n`;
    })
    .join('');
}

export function formatJson(problems: readonly Problem[]): string {
  return (
    JSON.stringify(
      problems.map((p) => ({
        file: p.file,
        line: p.span.start.line + 1,
        column: p.span.start.column + 1,
        endLine: p.span.end.line + 1,
        endColumn: p.span.end.column + 1,
        severity: p.severity,
        code: p.code,
        message: p.uncertain ? `${p.message} (uncertain: depends on $(shell,...) results that were guessed)` : p.message,
      })),
      null,
      2,
    ) + '\n'
  );
}

