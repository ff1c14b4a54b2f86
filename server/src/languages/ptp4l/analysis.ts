// One ptp4l.cfg checked for one linuxptp version: what ptp4l itself refuses (every bad line, not only the
// first), with ptp4l's words. Used by the language service and the CLI.

import { compareProblems, problem, type Problem } from '../../common/problem';
import * as path from 'node:path';
import { checkOptions } from './checks/options';
import { checkPair, roleOf, type Ptp4lPeerFile } from './checks/pair';
import { checkProfiles } from './checks/profiles';
import { checkRedundant } from './checks/redundant';
import { checkStartup } from './checks/startup';
import { checkUnicastTables } from './checks/unicast';
import { checkUnusual } from './checks/unusual';
import { checkPortsAgainstCommands } from './checks/commands';
import { findInvocations, invocationsOf, type Ptp4lInvocation } from './invocations';
import { ptp4lConfig } from './model';
import { newestVersion, ptp4lOptions } from './options';
import { parsePtp4l, type Ptp4lFile } from './parser';
import { appendAll } from '../../common/arrays';

export interface Ptp4lAnalysis {
  readonly problems: Problem[];
  readonly parsed: Ptp4lFile;
  readonly version: string;
}

export interface Ptp4lAnalysisOptions {
  /** The file's name, when `file` is a URI or a temporary path (default: the base name of `file`). */
  readonly fileName?: string;
  /** The other ptp4l files beside this one, for the node-against-switch checks. */
  readonly peers?: readonly { readonly file: string; readonly text: string }[];
  /** The ptp4l command lines that read this file (see `commandsBeside`). */
  readonly commands?: readonly Ptp4lInvocation[];
}

export function analyzePtp4l(file: string, text: string, version: string | undefined, options: Ptp4lAnalysisOptions = {}): Ptp4lAnalysis {
  const parsed = parsePtp4l(text);
  const v = version ?? newestVersion(ptp4lOptions);
  const config = ptp4lConfig(parsed, v);
  const fileName = options.fileName ?? path.basename(file);
  const self: Ptp4lPeerFile = { file, fileName, parsed, config };
  const peers = (options.peers ?? []).filter((p) => p.file !== file).map((p) => {
    const pp = parsePtp4l(p.text);
    return { file: p.file, fileName: path.basename(p.file), parsed: pp, config: ptp4lConfig(pp, v) };
  });
  const problems: Problem[] = [
    ...parsed.problems.map((p) => problem(p.code, p.code === 'ptp4l-line-too-long' ? 'warning' : 'error', p.message, file, p.span)),
    ...checkUnicastTables(file, parsed),
    ...checkOptions(file, parsed, v),
    ...checkStartup(file, config),
    ...checkProfiles(file, parsed, config, fileName),
    ...checkRedundant(file, parsed, config),
    ...checkUnusual(file, config),
    ...checkPair(self, peers),
    ...checkPortsAgainstCommands(file, config, options.commands ?? []),
  ];
  return { problems: problems.sort(compareProblems), parsed, version: v };
}

/**
 * Names of ptp4l configuration files (`ptp4l.conf` is what Debian and Red Hat install in /etc); other `.cfg`
 * files count when their content looks like one.
 */
export function isPtp4lFileName(name: string): boolean {
  // Generic names such as default.cfg are left to the content check.
  return /^ptp4l.*\.(cfg|conf)$/i.test(name) || /^(gPTP|automotive-(master|slave)|G\.827\d\.\d|UNICAST-(MASTER|SLAVE)|E2E-TC|P2P-TC)\.cfg$/i.test(name);
}

/** A `[global]` section (or an interface section) whose first settings are ptp4l options. */
export function looksLikePtp4l(text: string): boolean {
  const parsed = parsePtp4l(text.slice(0, 4000));
  const settings = parsed.sections.flatMap((s) => s.settings).slice(0, 10);
  if (settings.length === 0) return parsed.sections.some((s) => s.kind === 'global' || s.kind === 'unicast_master_table');
  const known = settings.filter((s) => ptp4lOptions.options[s.option] !== undefined).length;
  return known * 2 >= settings.length && parsed.sections.some((s) => s.kind !== 'port' || s.settings.length > 0);
}

/**
 * For a node's file (by name), the ptp4l files named as a switch's in the same folder, which the pair checks
 * compare it with; nothing for other files. At most 32 names are looked at.
 */
export function switchFilesBeside(file: string, list: (dir: string) => readonly string[] | undefined, read: (file: string) => string | undefined): { file: string; text: string }[] {
  if (roleOf(path.basename(file)) !== 'node') return [];
  const dir = path.dirname(file);
  const out: { file: string; text: string }[] = [];
  for (const name of (list(dir) ?? []).filter((n) => n.endsWith('.cfg') && roleOf(n) === 'switch').slice(0, 32)) {
    const other = path.join(dir, name);
    const text = read(other);
    if (text !== undefined && (isPtp4lFileName(name) || looksLikePtp4l(text))) out.push({ file: other, text });
  }
  return out;
}

/** Names of files worth reading for ptp4l commands: scripts, units, container and build files, documents. */
const COMMAND_FILE = /(\.(sh|bash|service|conf|ya?ml|md|rst|txt|mk|toml|json)$)|^(Dockerfile|Containerfile|Makefile|[^.]+)$/;

/**
 * The ptp4l commands that read `file` (`-f` with its name), written in the files of its folder and of the
 * folder above: start scripts, systemd units, Dockerfiles, READMEs. At most 64 small files per folder.
 */
export function commandsBeside(
  file: string,
  list: (dir: string) => readonly string[] | undefined,
  read: (file: string) => string | undefined,
  /** When given, only folders inside one of these are read. */
  roots?: readonly string[],
): Ptp4lInvocation[] {
  const found: Ptp4lInvocation[] = [];
  for (const candidate of commandFileCandidates(file, list, roots)) {
    const text = read(candidate);
    if (text === undefined || text.length > 256 * 1024 || !text.includes('ptp4l')) continue;
    appendAll(found, findInvocations(candidate, text));
  }
  return invocationsOf(file, found);
}

/** The files `commandsBeside` reads, by name: at most 64 per folder, the file's own and the one above. */
export function commandFileCandidates(file: string, list: (dir: string) => readonly string[] | undefined, roots?: readonly string[]): string[] {
  const dir = path.dirname(file);
  const inside = (d: string) => roots === undefined || roots.some((r) => d === r || d.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  const folders = (dir === path.dirname(dir) ? [dir] : [dir, path.dirname(dir)]).filter(inside);
  return folders.flatMap((d) => (list(d) ?? []).filter((n) => COMMAND_FILE.test(n) && !n.endsWith('.cfg')).slice(0, 64).map((n) => path.join(d, n)));
}
