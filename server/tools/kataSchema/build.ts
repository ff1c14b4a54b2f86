// Generates Kata's shipped configuration files the way Kata's build does: its own Makefile, run by GNU
// make for each architecture, substitutes the @PLACEHOLDER@s of every template. Rather than re-implement
// make (conditionals per architecture, variables defined from other variables), we ask make itself.
// The build runs in a scratch copy holding only what the generation needs, so nothing is written into
// the user's checkout.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KataRuntime } from '../../src/languages/kata/schema/types';

export interface GeneratedConfig {
  /** Repository path of the template, e.g. `src/runtime/config/configuration-qemu.toml.in`. */
  readonly template: string;
  readonly installedName: string;
  readonly arch: string;
  readonly text: string;
}

export const RUNTIME_DIRS: Readonly<Record<KataRuntime, string>> = { go: 'src/runtime', rs: 'src/runtime-rs' };

/** The architectures a runtime's Makefile knows: one `arch/<arch>-options.mk` each. */
export function archesOf(kataDir: string, runtime: KataRuntime): string[] {
  const dir = join(kataDir, RUNTIME_DIRS[runtime], 'arch');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('-options.mk'))
    .map((f) => f.slice(0, -'-options.mk'.length))
    .sort();
}

/**
 * Runs the runtime's Makefile for every architecture and returns each generated configuration.
 * Throws with make's own output when make is missing or fails: the generator cannot go on without it.
 */
export function generateConfigs(kataDir: string, runtime: KataRuntime, log: (s: string) => void = () => {}): GeneratedConfig[] {
  const scratch = mkdtempSync(join(tmpdir(), 'kata-schema-'));
  try {
    const rel = RUNTIME_DIRS[runtime];
    const work = join(scratch, rel);
    copyBuildInputs(kataDir, rel, scratch);
    // Kata's rules depend on a commit stamp; give one so make does not try to ask git.
    writeFileSync(join(work, '.git-commit'), 'unknown\n');
    const printer = join(scratch, 'print-variable.mk');
    // Markers around the value: Kata's Makefiles print notes of their own while being read.
    writeFileSync(printer, 'kgt-print-%:\n\t@printf "<kgt>%s</kgt>\\n" "$($*)"\n');
    const out: GeneratedConfig[] = [];
    for (const arch of archesOf(kataDir, runtime)) {
      const printed = make(work, [`ARCH=${arch}`, '-f', 'Makefile', '-f', printer, 'kgt-print-CONFIGS']);
      const configs = (/<kgt>([\s\S]*?)<\/kgt>/.exec(printed)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
      log(`${runtime} ${arch}: ${configs.length} configurations`);
      for (const c of configs) rmSync(join(work, c), { force: true });
      if (configs.length > 0) make(work, [`ARCH=${arch}`, ...configs]);
      for (const c of configs) {
        out.push({
          template: `${rel}/${c}.in`,
          installedName: c.split('/').pop() ?? c,
          arch,
          text: readFileSync(join(work, c), 'utf8'),
        });
      }
    }
    return out;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The Makefile and what it reads: top-level files of the runtime directory, arch/, config/, and the repository's VERSION and *.mk. */
function copyBuildInputs(kataDir: string, rel: string, scratch: string): void {
  const copyFilesOf = (from: string, to: string) => {
    for (const name of readdirSync(from)) {
      const p = join(from, name);
      if (statSync(p).isFile()) cpSync(p, join(to, name), { dereference: true });
    }
  };
  copyFilesOf(kataDir, scratch);
  const src = join(kataDir, rel);
  const dst = join(scratch, rel);
  cpSync(join(src, 'arch'), join(dst, 'arch'), { recursive: true, dereference: true });
  cpSync(join(src, 'config'), join(dst, 'config'), {
    recursive: true,
    dereference: true,
    filter: (p) => statSync(p).isDirectory() || p.endsWith('.in'),
  });
  copyFilesOf(src, dst);
}

function make(cwd: string, args: string[]): string {
  const r = spawnSync('make', ['--no-print-directory', '-s', ...args], {
    cwd,
    encoding: 'utf8',
    // A clean environment: the user's PREFIX, DESTDIR or ARCH must not change the shipped values.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, LANG: 'C', GIT_CEILING_DIRECTORIES: cwd },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`cannot run make: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}
