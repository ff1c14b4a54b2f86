// Documents from review views (git history, diff editors, pull requests) checked as the workspace file they are a
// version of: the fragment set, kernel tree, Kata checkout and ptp4l command files are found from that path, while
// the document's own text stands in for the file in that one analysis. Results go to the review document only.
//
// What the common review extensions put in their URIs (the path part is the workspace file in all of them):
//   git:/home/u/repo/a.conf?{"path":"/home/u/repo/a.conf","ref":"HEAD~1"}          (VS Code's Git extension)
//   review:/home/u/repo/a.conf[.git]?{"path":...,"commit":...,"rootPath":"/home/u/repo"}  (GitHub Pull Requests)
//   pr:/home/u/repo/a.conf?{"fileName":"a.conf","prNumber":12,...}                  (GitHub Pull Requests)
//   gitlens://<revision>/home/u/repo/a.conf?{"ref":...,"repoPath":"/home/u/repo"}   (GitLens)
//   gl-review:/a.conf?{"repositoryRoot":"/home/u/repo",...}                           (GitLab Workflow)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Problem } from './common/problem';
import { isSameOrBelow, normalizePath, pathOfUri } from './documents';
import type { DocumentSnapshot, FileSource } from './services';

/** Query keys review extensions use for the repository or workspace root. */
const ROOT_KEYS = ['rootPath', 'repoPath', 'repositoryRoot', 'workspacePath'] as const;
/** Query keys that may hold the file's path, absolute or relative to the root. */
const FILE_KEYS = ['path', 'fileName', 'newPath'] as const;

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

function queryObject(query: string | undefined): Record<string, unknown> {
  if (!query) return {};
  for (const text of [query, safeDecode(query)]) {
    if (text === undefined) continue;
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not JSON: try the decoded form, then give up
    }
  }
  return {};
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Paths a review URI may stand for, most specific first. */
export function candidatePaths(uri: string): string[] {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/[^/?#]*)?([^?#]*)(?:\?([^#]*))?/.exec(uri);
  if (!m) return [];
  const scheme = m[1].toLowerCase();
  if (scheme === 'file' || scheme === 'untitled') return [];
  const query = queryObject(m[3]);
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p === undefined || !isAbsolutePath(p)) return;
    const n = normalizePath(p);
    if (!out.includes(n)) out.push(n);
  };
  const strings = (keys: readonly string[]): string[] =>
    keys.flatMap((k) => (typeof query[k] === 'string' && query[k] !== '' ? [query[k] as string] : []));
  for (const f of strings(FILE_KEYS)) if (isAbsolutePath(f)) add(f);
  const onDisk = m[2] ? pathOfUri(`file://${m[2].startsWith('/') ? '' : '/'}${m[2]}`) : undefined;
  if (onDisk !== undefined) {
    // GitHub Pull Requests may append ".git" to keep linters away; the file's real name is without it.
    if (onDisk.endsWith('.git') && !strings(FILE_KEYS).some((f) => f.endsWith('.git'))) add(onDisk.slice(0, -4));
    add(onDisk);
  }
  for (const root of strings(ROOT_KEYS).filter(isAbsolutePath)) {
    for (const f of strings(FILE_KEYS).filter((x) => !isAbsolutePath(x))) add(path.join(root, f));
    if (onDisk !== undefined) add(path.join(root, onDisk.replace(/\.git$/, '')));
  }
  return out;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The workspace file a review document is a version of: the first candidate inside a workspace folder; with no
 * folder open (a single file's history), the first whose directory exists on this machine. Undefined for `file:`
 * and `untitled:` documents, and for review documents of files elsewhere: what a URI names outside the workspace
 * is never read.
 */
export function reviewedPath(uri: string, workspaceFolders: readonly string[], directoryExists: (dir: string) => boolean = isDirectory): string | undefined {
  const candidates = candidatePaths(uri);
  if (workspaceFolders.length > 0) return candidates.find((c) => workspaceFolders.some((f) => isSameOrBelow(f, c)));
  return candidates.find((c) => directoryExists(path.dirname(c)));
}

/**
 * The files an analysis of a review document reads: everything as the workspace has it, except the reviewed
 * file itself, which is the review document's text.
 */
export class ReviewFileSource implements FileSource {
  private readonly hash: string;

  constructor(
    private readonly base: FileSource,
    private readonly target: string,
    private readonly text: string,
  ) {
    this.hash = createHash('sha1').update(text).digest('hex');
  }

  read(file: string): string | undefined {
    return normalizePath(file) === this.target ? this.text : this.base.read(file);
  }

  exists(file: string): boolean {
    return normalizePath(file) === this.target || this.base.exists(file);
  }

  list(dir: string): string[] | undefined {
    const names = this.base.list(dir);
    if (normalizePath(dir) !== path.dirname(this.target)) return names;
    // A file the change adds is in the review but not yet on disk.
    const own = path.basename(this.target);
    return names === undefined ? [own] : names.includes(own) ? names : [...names, own].sort();
  }

  fingerprint(file: string): string | undefined {
    return normalizePath(file) === this.target ? `review:${this.hash}` : this.base.fingerprint(file);
  }
}

/** The review document as the engines see it: with the path of the file it is a version of. */
export function standIn(doc: DocumentSnapshot, target: string): DocumentSnapshot {
  return { ...doc, path: target };
}

/**
 * Problems of the reviewed file moved onto the review document. Related places in the same file point into the
 * review document too; fixes are dropped, because a review document is read-only and an edit computed from an
 * old or proposed text must not be applied to the working copy.
 */
export function ontoReviewDocument(problems: readonly Problem[], target: string, uri: string): Problem[] {
  const here = (file: string): string => (normalizePath(file) === target ? uri : file);
  return problems.map((p) => {
    const { fixes: _dropped, ...rest } = p;
    return {
      ...rest,
      file: uri,
      ...(p.related ? { related: p.related.map((r) => ({ ...r, location: { ...r.location, file: here(r.location.file) } })) } : {}),
    };
  });
}
