// `check --changed-since REF`: what a pull request changes. Every file under the given paths is checked as it
// is now and as it was at REF (in a temporary git worktree), and what is reported is: the problems on lines
// the diff adds or changes, and the problems elsewhere that REF did not have (a fragment edit that loses
// another fragment's value). Problems that were there before and are untouched are left out, and counted.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Problem } from '../common/problem';
import { IoError } from './common';

export interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/** How one file differs from REF: wholly new, or these hunks (1-based lines, as git prints them). */
export interface FileChange {
  readonly added: boolean;
  readonly hunks: readonly Hunk[];
}

/** `git diff --unified=0` output, read into hunks per new path (absolute, under `repo`). */
export function parseUnifiedDiff(repo: string, diff: string): Map<string, FileChange> {
  const out = new Map<string, FileChange>();
  let current: { path?: string; added: boolean; hunks: Hunk[] } | undefined;
  const flush = () => {
    if (current?.path) out.set(current.path, { added: current.added, hunks: current.hunks });
  };
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      current = { added: false, hunks: [] };
    } else if (!current) {
      continue;
    } else if (line.startsWith('new file mode') || line.startsWith('rename from ') || line.startsWith('copy from ')) {
      // A renamed or copied file is new at its new path as far as its lines go.
      current.added = true;
    } else if (line.startsWith('+++ ')) {
      const p = line.slice(4);
      current.path = p === '/dev/null' ? undefined : path.join(repo, unquote(p).replace(/^b\//, ''));
    } else {
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (m) current.hunks.push({ oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]), newStart: Number(m[3]), newCount: m[4] === undefined ? 1 : Number(m[4]) });
    }
  }
  flush();
  return out;
}

/** git quotes unusual paths as C strings. */
function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  return p.slice(1, -1).replace(/\\([\\"tn]|[0-7]{3})/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : /^[0-7]{3}$/.test(c) ? String.fromCharCode(parseInt(c, 8)) : c));
}

/** Whether 1-based `line` of the new file is one the diff added or changed. */
export function isChangedLine(change: FileChange | undefined, line: number): boolean {
  if (!change) return false;
  if (change.added) return true;
  return change.hunks.some((h) => h.newCount > 0 && line >= h.newStart && line < h.newStart + h.newCount);
}

/** The line an unchanged line of the new file had at REF; undefined for a changed or added line. */
export function oldLineOf(change: FileChange | undefined, line: number): number | undefined {
  if (!change) return line;
  if (change.added || isChangedLine(change, line)) return undefined;
  // Each hunk before the line moves it by the lines it removed minus those it added. A hunk that only
  // deletes sits after new line newStart.
  let delta = 0;
  for (const h of change.hunks) {
    const before = h.newCount === 0 ? h.newStart < line : h.newStart + h.newCount - 1 < line;
    if (before) delta += h.oldCount - h.newCount;
  }
  return line + delta;
}

/**
 * The environment for our git commands. Inside a git hook, git exports where the caller's repository and index
 * are (`GIT_INDEX_FILE=.git/index`, relative to the hook's folder); inherited, they would make `git worktree add`
 * and the other commands work on the wrong index. Each command here names its repository with `-C` instead.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const v of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR']) delete env[v];
  return env;
}

function git(repo: string, args: readonly string[]): string {
  const r = spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: gitEnv() });
  if (r.error) throw new IoError(`--changed-since needs git: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
  if (r.status !== 0) throw new IoError(`git ${args.join(' ')} failed: ${(r.stderr || '').trim().split('\n')[0]}`);
  return r.stdout;
}

/** The repository, REF's commit, and how the working tree differs from it. */
export function changesSince(cwd: string, ref: string): { repo: string; commit: string; changes: Map<string, FileChange> } {
  const repo = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const r = spawnSync('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { encoding: 'utf8', env: gitEnv() });
  if (r.status !== 0) throw new IoError(`--changed-since: '${ref}' is not a commit of ${repo}`);
  const commit = r.stdout.trim();
  const changes = parseUnifiedDiff(repo, git(repo, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '-M', commit, '--']));
  for (const untracked of git(repo, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean)) {
    changes.set(path.join(repo, untracked), { added: true, hunks: [] });
  }
  return { repo, commit, changes };
}

/** Runs `work` on a checkout of `commit` in a temporary worktree, removed afterwards. */
export async function atCommit<T>(repo: string, commit: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-kconfig-base-'));
  git(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
  try {
    return await work(dir);
  } finally {
    spawnSync('git', ['-C', repo, 'worktree', 'remove', '--force', dir], { env: gitEnv() });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The problems to report for a change: those on changed lines, and those on unchanged lines that REF did not
 * have at the same place with the same code. `base` holds REF's problems with paths already mapped to `repo`.
 */
export function problemsOfChange(current: readonly Problem[], base: readonly Problem[], changes: ReadonlyMap<string, FileChange>): { shown: Problem[]; caused: number; hidden: number } {
  const before = new Set(base.map((p) => `${p.file}\0${p.span.start.line + 1}\0${p.code}`));
  const shown: Problem[] = [];
  let caused = 0;
  let hidden = 0;
  for (const p of current) {
    const change = changes.get(p.file);
    const line = p.span.start.line + 1;
    if (isChangedLine(change, line)) {
      shown.push(p);
      continue;
    }
    const old = oldLineOf(change, line);
    if (old !== undefined && before.has(`${p.file}\0${old}\0${p.code}`)) {
      hidden++;
      continue;
    }
    shown.push(p);
    caused++;
  }
  return { shown, caused, hidden };
}
