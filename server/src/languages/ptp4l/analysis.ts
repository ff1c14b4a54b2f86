// One ptp4l.cfg checked for one linuxptp version: what ptp4l itself refuses (every bad line, not only the
// first), with ptp4l's words. Used by the language service and the CLI.

import { compareProblems, problem, type Problem } from '../../common/problem';
import { checkOptions } from './checks/options';
import { checkUnicastTables } from './checks/unicast';
import { newestVersion, ptp4lOptions } from './options';
import { parsePtp4l, type Ptp4lFile } from './parser';

export interface Ptp4lAnalysis {
  readonly problems: Problem[];
  readonly parsed: Ptp4lFile;
  readonly version: string;
}

export function analyzePtp4l(file: string, text: string, version: string | undefined): Ptp4lAnalysis {
  const parsed = parsePtp4l(text);
  const v = version ?? newestVersion(ptp4lOptions);
  const problems: Problem[] = [
    ...parsed.problems.map((p) => problem(p.code, p.code === 'ptp4l-line-too-long' ? 'warning' : 'error', p.message, file, p.span)),
    ...checkUnicastTables(file, parsed),
    ...checkOptions(file, parsed, v),
  ];
  return { problems: problems.sort(compareProblems), parsed, version: v };
}

/** Names of ptp4l configuration files; other `.cfg` files count when their content looks like one. */
export function isPtp4lFileName(name: string): boolean {
  // Generic names such as default.cfg are left to the content check.
  return /^ptp4l.*\.cfg$/i.test(name) || /^(gPTP|automotive-(master|slave)|G\.827\d\.\d|UNICAST-(MASTER|SLAVE)|E2E-TC|P2P-TC)\.cfg$/i.test(name);
}

/** A `[global]` section (or an interface section) whose first settings are ptp4l options. */
export function looksLikePtp4l(text: string): boolean {
  const parsed = parsePtp4l(text.slice(0, 4000));
  const settings = parsed.sections.flatMap((s) => s.settings).slice(0, 10);
  if (settings.length === 0) return parsed.sections.some((s) => s.kind === 'global' || s.kind === 'unicast_master_table');
  const known = settings.filter((s) => ptp4lOptions.options[s.option] !== undefined).length;
  return known * 2 >= settings.length && parsed.sections.some((s) => s.kind !== 'port' || s.settings.length > 0);
}
