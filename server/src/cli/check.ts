// `kata-kconfig check`: problems for the fragments, Kconfig files and whitelists found under the
// paths given, printed as text or JSON.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareProblems, type Problem } from '../common/problem';
import { toolkitVersion } from '../common/toolkitVersion';
import { analyzeFragmentSet } from '../languages/kconfig/analysis';
import { classifyFile, type FileKind } from '../languages/kconfig/files';
import { parseFragment } from '../languages/kconfig/fragment';
import { checkFragmentAlone } from '../languages/kconfig/checks/fragmentAlone';
import { isKernelTree, openKernelTree } from '../languages/kconfig/kernelTree';
import { parseKconfig } from '../languages/kconfig/parser';
import { nodeFileSystem } from '../languages/kconfig/tree';
import { kataFragmentSetFor, problemsOfWhitelist } from '../languages/kconfig/kataSet';
import { parseWhitelist } from '../languages/kconfig/kata';
import { analyzeKata } from '../languages/kata/analysis';
import { kataFileKind } from '../languages/kata/model';
import { analyzePtp4l, commandsBeside, isPtp4lFileName, looksLikePtp4l, switchFilesBeside } from '../languages/ptp4l/analysis';
import { installedPtp4lVersion } from '../languages/ptp4l';
import { atCommit, changesSince, problemsOfChange } from './changed';
import problemCodes from '../../data/problem-codes.json';
import { formatGithub, formatSarif } from './formats';
import { IoError, UsageError, formatJson, formatText, hostArch, kernelTreeOptions, readText, requireDir, stringFlag, type Io, type ParsedArgs } from './common';
import { appendAll } from '../common/arrays';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'out', 'dist']);

/**
 * The files and folders a check reads besides those it was given. The checks look beside a file on purpose (a
 * drop-in's base configuration.toml, the switch's ptp4l file, the script that runs ptp4l one folder up); the
 * user is told which of those lie outside the paths, `--tree` and `--kata-dir` given, after resolving links.
 */
export class ReadLog {
  private readonly roots: string[];
  private readonly outside = new Set<string>();

  constructor(given: readonly string[]) {
    this.roots = given.map(realPath);
  }

  /** Records a read of `file` (or a listing of a folder). */
  read(file: string): void {
    const real = realPath(file);
    if (!this.roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) this.outside.add(path.resolve(file));
  }

  /** Paths read outside what was given, sorted. */
  outsideGiven(): string[] {
    return [...this.outside].sort();
  }

  listDir = (dir: string): string[] | undefined => {
    const names = listDir(dir);
    if (names !== undefined) this.read(dir);
    return names;
  };

  readIfFile = (file: string): string | undefined => {
    const text = readIfFile(file);
    if (text !== undefined) this.read(file);
    return text;
  };
}

/** The path with links resolved, as far as it exists. */
function realPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
  }
}

/** Files under the given paths with the kind each one is, in a stable order. */
export function collectFiles(paths: readonly string[]): { file: string; kind: FileKind | 'kata' | 'ptp4l' }[] {
  const out: { file: string; kind: FileKind | 'kata' | 'ptp4l' }[] = [];
  const visit = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new IoError(`${p} does not exist`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch (e) {
        throw new IoError(`cannot read directory ${p}: ${(e as NodeJS.ErrnoException).code}`);
      }
      for (const n of names) {
        if (SKIP_DIRS.has(n)) continue;
        const child = path.join(p, n);
        let cst: fs.Stats;
        try {
          cst = fs.lstatSync(child);
        } catch {
          continue;
        }
        // Links inside a folder are not followed: the check stays within what it was given.
        if (cst.isSymbolicLink()) continue;
        visit(child, false);
      }
      return;
    }
    // Kata configuration files first: a drop-in in config.d may have any name.
    if (kataFileKind(path.resolve(p))) {
      out.push({ file: path.resolve(p), kind: 'kata' });
      return;
    }
    // ptp4l configurations: by name, or a .cfg whose content is one.
    if (isPtp4lFileName(path.basename(p)) || (p.endsWith('.cfg') && looksLikePtp4l(readText(p)))) {
      out.push({ file: path.resolve(p), kind: 'ptp4l' });
      return;
    }
    const kind = classifyFile(p, explicit ? () => readText(p) : undefined);
    if (kind) out.push({ file: path.resolve(p), kind });
  };
  for (const p of paths) visit(p, true);
  return out;
}

export async function runCheck(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positional.length === 0) throw new UsageError('check needs at least one file or folder');
  const format = stringFlag(args, '--format') ?? 'text';
  if (!['text', 'json', 'github', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json, github or sarif, not '${format}'`);
  const since = stringFlag(args, '--changed-since');
  let { problems, notes, fileCount, outside } = await collectProblems(args);
  if (since !== undefined) {
    const first = path.resolve(args.positional[0]);
    const { repo, commit, changes } = changesSince(fs.statSync(first).isDirectory() ? first : path.dirname(first), since);
    // REF's problems, from the same command run on a checkout of REF, with its paths mapped back here.
    const rebase = (p: string) => {
      const rel = path.relative(repo, path.resolve(p));
      return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
    };
    const base = await atCommit(repo, commit, async (dir) => {
      const inDir = (p: string) => {
        const rel = rebase(p);
        return path.isAbsolute(rel) ? rel : path.join(dir, rel);
      };
      const flags = new Map(args.flags);
      for (const f of ['--tree', '--kata-dir']) {
        const v = stringFlag(args, f);
        if (v !== undefined) flags.set(f, inDir(v));
      }
      const positional = args.positional.map(inDir).filter((p) => fs.existsSync(p));
      if (positional.length === 0) return [];
      const r = await collectProblems({ command: args.command, flags, positional });
      const back = (f: string) => (f.startsWith(dir + path.sep) ? path.join(repo, f.slice(dir.length + 1)) : f);
      return r.problems.map((p) => ({ ...p, file: back(p.file) }));
    });
    const change = problemsOfChange(problems, base, changes);
    notes = [...notes, `changed since ${since} (${commit.slice(0, 12)}): ${change.shown.length - change.caused} problem(s) on changed lines, ${change.caused} elsewhere that ${since} did not have, ${change.hidden} older one(s) not shown`];
    problems = change.shown;
  }
  if (outside.length > 0) {
    // Said whatever the format (on stderr, which the machine formats leave alone): these were not given.
    const shown = outside.slice(0, 8).join(', ');
    io.err(`note: also read ${outside.length} path(s) outside the paths, --tree and --kata-dir given: ${shown}${outside.length > 8 ? `, and ${outside.length - 8} more` : ''}\n`);
  }
  return report(problems, notes, fileCount, format, io);
}

async function collectProblems(args: ParsedArgs): Promise<{ problems: Problem[]; notes: string[]; fileCount: number; outside: string[] }> {
  const arch = stringFlag(args, '--arch') ?? hostArch();
  const treeArg = stringFlag(args, '--tree');
  const tree = treeArg ? requireDir(treeArg, '--tree') : undefined;
  const kataDir = stringFlag(args, '--kata-dir') ? requireDir(stringFlag(args, '--kata-dir'), '--kata-dir') : undefined;
  if (tree && !isKernelTree(tree)) throw new IoError(`${tree} does not look like a kernel tree (no Makefile with VERSION, or no Kconfig)`);
  const log = new ReadLog([...args.positional, ...(tree ? [tree] : []), ...(kataDir ? [kataDir] : [])]);

  const files = collectFiles(args.positional);
  const problems: Problem[] = [];
  const notes: string[] = [];
  const fragments = files.filter((f) => f.kind === 'fragment');
  const kernel = tree ? openKernelTree(kernelTreeOptions(args, tree, arch)) : undefined;

  for (const f of files.filter((x) => x.kind === 'kconfig')) {
    if (kernel && kernel.model.files.some((m) => m.path === f.file)) {
      appendAll(problems, kernel.model.problems.filter((p) => p.file === f.file));
    } else {
      // A Kconfig file on its own: parse it as a top file to catch syntax errors.
      const model = parseKconfig({
        srctree: path.dirname(f.file),
        topFile: path.basename(f.file),
        env: {},
        fs: { read: (p) => (p === f.file ? nodeFileSystem.read(p) : undefined), list: () => [] },
        shell: () => undefined,
      });
      appendAll(problems, model.problems.filter((p) => p.file === f.file && p.code !== 'kconfig-file-not-found' && p.code !== 'kconfig-missing-type' && !p.code.startsWith('kconfig-macro')));
    }
  }

  // Fragments: as Kata's build assembles them when a kata checkout is given, else in the order given.
  const kataSet = kataDir ? kataFragmentSetFor(kataDir, { arch, confidential: args.flags.has('--confidential'), debug: args.flags.has('--debug'), gpuVendor: stringFlag(args, '--gpu') }) : undefined;
  if (kataSet) {
    problems.push(...kataSet.problems);
    notes.push(`fragment set from ${kataDir}: ${kataSet.fragments.length} fragments for ${arch}`);
  }
  const wanted = new Set(fragments.map((f) => f.file));
  const setFiles = kataSet ? kataSet.fragments.filter((f) => wanted.size === 0 || wanted.has(f) || isUnder(f, args.positional)) : fragments.map((f) => f.file);
  const checkedAlone = new Set<string>();
  if (kernel && setFiles.length > 0) {
    if (kernel.model.fatal) {
      notes.push(`the Kconfig files of ${kernel.dir} have errors; the kernel's conf would stop before merging`);
      problems.push(...kernel.model.problems.filter((p) => p.severity === 'error').slice(0, 50));
    } else {
      const setTexts = (kataSet ? kataSet.fragments : setFiles).map((f) => ({ file: f, text: readText(f) }));
      const previous = kernel.allnoconfig && { run: kernel.allnoconfig };
      const analysis = analyzeFragmentSet({ model: kernel.model, srctree: kernel.dir, fragments: setTexts, mode: 'allnoconfig', whitelist: kataSet?.whitelist, previous });
      const shown = new Set([...setFiles, ...fragments.map((f) => f.file)]);
      appendAll(problems, analysis.problems.filter((p) => shown.has(p.file)));
      for (const f of setTexts) checkedAlone.add(f.file);
      notes.push(`checked ${setTexts.length} fragment(s) against Linux ${kernel.version ?? '?'} (${arch}) in ${kernel.dir}: ${analysis.lost.length} requested value(s) lost`);
    }
  } else if (!kernel && fragments.length > 0) {
    notes.push('no kernel tree given (--tree): only the fragments\' own form was checked');
  }
  for (const f of fragments) {
    if (checkedAlone.has(f.file)) continue;
    appendAll(problems, checkFragmentAlone(parseFragment(f.file, readText(f.file))));
  }
  for (const f of files.filter((x) => x.kind === 'whitelist')) {
    if (kataSet && kataSet.whitelistFiles.includes(f.file)) continue;
    appendAll(problems, problemsOfWhitelist(parseWhitelist(f.file, readText(f.file)), kernel?.model));
  }
  if (kataSet) problems.push(...kataSet.whitelistProblems(kernel?.model));

  // Kata configuration files, with their base file and drop-ins as Kata merges them.
  const kataRuntime = stringFlag(args, '--kata-runtime') ?? 'auto';
  if (kataRuntime !== 'auto' && kataRuntime !== 'go' && kataRuntime !== 'runtime-rs') throw new UsageError(`--kata-runtime must be auto, go or runtime-rs, not '${kataRuntime}'`);
  for (const f of files.filter((x) => x.kind === 'kata')) {
    const analysis = analyzeKata({
      file: f.file,
      text: readText(f.file),
      runtime: kataRuntime,
      arch,
      files: {
        read: (p) => {
          if (!fs.existsSync(p)) return undefined;
          log.read(p);
          return readText(p);
        },
        exists: (p) => fs.existsSync(p),
        list: log.listDir,
      },
      checkPaths: !args.flags.has('--no-path-check'),
    });
    appendAll(problems, analysis.problems.filter((p) => p.file === f.file));
    notes.push(`${path.basename(f.file)}: read as ${analysis.context.runtime === 'go' ? 'the Go runtime' : 'runtime-rs'}'s (${analysis.context.runtimeReason})${analysis.context.hypervisor ? `, hypervisor ${analysis.context.hypervisor}` : ''}`);
  }

  // ptp4l configurations, for the linuxptp version asked for, else the one installed, else the newest.
  const ptp4lFiles = files.filter((x) => x.kind === 'ptp4l');
  if (ptp4lFiles.length > 0) {
    const wanted = stringFlag(args, '--ptp4l-version');
    if (wanted !== undefined && !/^v?\d+(\.\d+){0,2}$/.test(wanted)) throw new UsageError(`--ptp4l-version must be a version such as 4.2, not '${wanted}'`);
    const version = wanted?.replace(/^v/, '') ?? installedPtp4lVersion();
    for (const f of ptp4lFiles) {
      // A node's file is judged against the switch files beside it, whether or not they were named.
      const peers = switchFilesBeside(f.file, log.listDir, log.readIfFile);
      const a = analyzePtp4l(f.file, readText(f.file), version, { peers, commands: commandsBeside(f.file, log.listDir, log.readIfFile) });
      appendAll(problems, a.problems);
      notes.push(`${path.basename(f.file)}: checked as linuxptp ${a.version} reads it${wanted ? '' : version ? ' (ptp4l -v on this machine)' : ' (the newest known version)'}`);
    }
  }

  return { problems: dedupe(problems).sort(compareProblems), notes, fileCount: files.length, outside: log.outsideGiven() };
}

function report(unique: readonly Problem[], notes: readonly string[], fileCount: number, format: string, io: Io): number {
  io.out(
    format === 'json'
      ? formatJson(unique)
      : format === 'github'
        ? formatGithub(unique)
        : format === 'sarif'
          ? formatSarif(unique, { toolVersion: toolkitVersion(), codes: problemCodes.codes })
          : formatText(unique),
  );
  if (format === 'text') {
    for (const n of notes) io.err(`note: ${n}\n`);
    const errors = unique.filter((p) => p.severity === 'error').length;
    io.err(`${fileCount} file(s) checked: ${errors} error(s), ${unique.length - errors} other problem(s)\n`);
  }
  return unique.some((p) => p.severity === 'error') ? 1 : 0;
}

function isUnder(file: string, roots: readonly string[]): boolean {
  return roots.some((r) => {
    const rel = path.relative(path.resolve(r), file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}\0${p.span.start.line}\0${p.span.start.column}\0${p.code}\0${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function listDir(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

