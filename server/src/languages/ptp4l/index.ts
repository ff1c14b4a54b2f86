// The ptp4l.cfg service: files named ptp4l*.cfg or ptp4l*.conf (or linuxptp's own example names), and other .cfg files
// whose content is a ptp4l configuration, checked for the linuxptp version the user runs.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { AnalysisContext, CompletionEntry, DocumentSnapshot, HoverResult, LanguageService, ProblemsByFile } from '../../services';
import type { Position } from '../../common/span';
import { ptp4lCompletion } from './features/completion';
import { ptp4lHover } from './features/hover';
import { newestVersion } from './options';
import { parsePtp4l } from './parser';
import { documentKey } from '../../services';
import { analyzePtp4l, commandFileCandidates, commandsBeside, isPtp4lFileName, looksLikePtp4l, switchFilesBeside } from './analysis';

let detected: { version?: string } | undefined;

/** `ptp4l -v` on this machine, asked once per server. */
export function installedPtp4lVersion(run: () => string | undefined = runPtp4lV): string | undefined {
  if (!detected) {
    const out = run();
    const m = out ? /^\s*v?(\d+(?:\.\d+){0,2})/.exec(out) : null;
    detected = { version: m?.[1] };
  }
  return detected.version;
}

function runPtp4lV(): string | undefined {
  for (const exe of ['ptp4l', '/usr/sbin/ptp4l', '/sbin/ptp4l']) {
    const r = spawnSync(exe, ['-v'], { encoding: 'utf8', timeout: 2000 });
    if (r.status === 0) return r.stdout || r.stderr;
  }
  return undefined;
}

function versionFor(ctx: AnalysisContext): string {
  return chosenVersion(ctx).version;
}

/** The version to check against and where it came from, in the order the setting's description promises. */
function chosenVersion(ctx: AnalysisContext): { version: string; from: 'setting' | 'installed' | 'newest' } {
  const set = ctx.settings.ptp4l.version;
  if (set) return { version: set, from: 'setting' };
  const installed = installedPtp4lVersion();
  return installed ? { version: installed, from: 'installed' } : { version: newestVersion(), from: 'newest' };
}

function nameOf(doc: DocumentSnapshot): string {
  return path.basename(doc.path ?? decodeURIComponent(doc.uri.replace(/[?#].*$/, '')));
}

export const ptp4lService: LanguageService = {
  name: 'ptp4l',
  failureCode: 'ptp4l-internal-error',
  handles(doc) {
    if (doc.languageId === 'ptp4l') return true;
    const name = nameOf(doc);
    if (isPtp4lFileName(name)) return true;
    return name.endsWith('.cfg') && looksLikePtp4l(doc.text);
  },
  completionTriggerCharacters: ['['],
  async hover(doc, position: Position, ctx): Promise<HoverResult | undefined> {
    return ptp4lHover(parsePtp4l(doc.text), position, versionFor(ctx));
  },
  async completion(doc, position: Position, ctx): Promise<readonly CompletionEntry[]> {
    return ptp4lCompletion(parsePtp4l(doc.text), doc.text, position, versionFor(ctx));
  },
  async analyze(doc, ctx): Promise<ProblemsByFile> {
    const chosen = chosenVersion(ctx);
    ctx.setStatus({ ptp4lVersion: chosen.version, ptp4lVersionFrom: chosen.from });
    const version = chosen.version;
    const key = documentKey(doc);
    const list = (d: string) => ctx.files.list(d);
    const read = (f: string) => ctx.files.read(f);
    const result = analyzePtp4l(key, doc.text, version, {
      fileName: nameOf(doc),
      peers: doc.path ? switchFilesBeside(doc.path, list, read) : [],
      commands: doc.path ? commandsBeside(doc.path, list, read, ctx.workspaceFolders) : [],
    });
    return new Map([[key, result.problems]]);
  },
  dependencies(doc, ctx) {
    // The switch files beside a node's file (its folder, new files included), and the files whose commands
    // may run this one (in its folder and the one above, inside the workspace).
    if (!doc.path) return [];
    const dir = path.dirname(doc.path);
    return [dir, ...commandFileCandidates(doc.path, (d) => ctx.files.list(d), ctx.workspaceFolders).filter((f) => path.dirname(f) !== dir)];
  },
};
