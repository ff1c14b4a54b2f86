// ptp4l's options per linuxptp version (server/data/ptp4l-options.json, generated from each version's
// config.c by npm run gen:ptp4l-options).

import data from '../../../data/ptp4l-options.json';

export interface Ptp4lOptionVersion {
  readonly scope: 'global' | 'port';
  readonly type: 'int' | 'double' | 'string' | 'enum';
  readonly default: number | string | null;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly $source: string;
}

export interface Ptp4lOptionData {
  readonly versions: readonly string[];
  readonly options: Readonly<Record<string, { readonly versions: Readonly<Record<string, Ptp4lOptionVersion>> }>>;
  readonly deprecated: Readonly<Record<string, readonly { readonly from: string; readonly to: string; readonly $source: string }[]>>;
}

export const ptp4lOptions = data as unknown as Ptp4lOptionData;

/** Newest first is how users think of "the current version". */
export function newestVersion(d: Ptp4lOptionData = ptp4lOptions): string {
  return [...d.versions].sort(compareVersions).pop()!;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The versions (of those we know) that have an option, oldest first. */
export function versionsWith(name: string, d: Ptp4lOptionData = ptp4lOptions): string[] {
  return Object.keys(d.options[name]?.versions ?? {}).sort(compareVersions);
}

/**
 * The table of the version to check against: the exact version when we have it, else the newest one not
 * newer than it (options rarely disappear), else the oldest.
 */
export function tableVersion(version: string, d: Ptp4lOptionData = ptp4lOptions): string {
  const known = [...d.versions].sort(compareVersions);
  if (known.includes(version)) return version;
  const older = known.filter((v) => compareVersions(v, version) <= 0);
  return older.length > 0 ? older[older.length - 1] : known[0];
}
