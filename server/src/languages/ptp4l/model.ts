// What a ptp4l.cfg sets, as ptp4l ends up seeing it for one linuxptp version: the last valid line for each
// option in [global], per interface section on top of that, and the defaults of config.c underneath.
// Deprecated names count as the option they stand for. Lines ptp4l would refuse are left out: they have
// their own errors, and checks built on this model judge only what would run.

import { ptp4lOptions, tableVersion, type Ptp4lOptionData, type Ptp4lOptionVersion } from './options';
import type { Ptp4lFile, Ptp4lSection, Ptp4lSetting } from './parser';
import { doubleValue, intValue, rangedDouble, rangedInt } from './values';

/** The value an option has somewhere, and the line that set it (none: the default). */
export interface Ptp4lValue {
  readonly option: string;
  /** Canonical text: an enumeration's own spelling, a number as written. */
  readonly text: string;
  /** The number of an int or double option. */
  readonly number?: number;
  readonly setting?: Ptp4lSetting;
  readonly section?: Ptp4lSection;
}

/** One interface as ptp4l builds it: every section of that name, merged in file order. */
export interface Ptp4lPort {
  readonly name: string;
  readonly sections: readonly Ptp4lSection[];
}

export interface Ptp4lConfig {
  readonly version: string;
  readonly global: Ptp4lSection | undefined;
  readonly ports: readonly Ptp4lPort[];
  /** Known to this version (after deprecated names are rewritten). */
  has(option: string): boolean;
  item(option: string): Ptp4lOptionVersion | undefined;
  /** The value in [global] (or the default). */
  globalValue(option: string): Ptp4lValue | undefined;
  /** The value for one port: its own line, else [global], else the default. */
  portValue(port: Ptp4lPort, option: string): Ptp4lValue | undefined;
  /** The valid settings of a section, keyed by the option they set (deprecated names rewritten), last one wins. */
  settingsOf(section: Ptp4lSection): ReadonlyMap<string, Ptp4lValue>;
  /** Every valid line of a section, in file order. */
  linesOf(section: Ptp4lSection): readonly Ptp4lValue[];
  /** The option a deprecated name stands for in this version, if it is one. */
  renamed(name: string): string | undefined;
  /** This version's names for a client-only clock and a server-only port (slaveOnly/masterOnly before 4.0). */
  readonly clientOnlyName: 'clientOnly' | 'slaveOnly';
  readonly serverOnlyName: 'serverOnly' | 'masterOnly';
  /** Whether the clock is client-only (clientOnly or slaveOnly 1 in [global]). */
  readonly isClientOnly: boolean;
  /** A port-scoped option as the first interface section sees it, else as [global] has it. */
  firstPortValue(option: string): Ptp4lValue | undefined;
}

export function ptp4lConfig(parsed: Ptp4lFile, version: string, data: Ptp4lOptionData = ptp4lOptions): Ptp4lConfig {
  const v = tableVersion(version, data);
  const renames = new Map((data.deprecated[v] ?? []).map((d) => [d.from, d.to]));
  const item = (option: string) => data.options[option]?.versions[v];
  const perSection = new Map<Ptp4lSection, Map<string, Ptp4lValue>>();
  const lines = new Map<Ptp4lSection, Ptp4lValue[]>();
  for (const section of parsed.sections) {
    const values = new Map<string, Ptp4lValue>();
    const valid: Ptp4lValue[] = [];
    perSection.set(section, values);
    lines.set(section, valid);
    if (section.kind === 'unicast_master_table') continue;
    for (const s of section.settings) {
      const option = renames.get(s.option) ?? s.option;
      const it = item(option);
      if (!it || (section.kind === 'port' && it.scope === 'global')) continue;
      const value = valueOf(it, s.value);
      if (!value) continue;
      const full = { option, ...value, setting: s, section };
      values.set(option, full);
      valid.push(full);
    }
  }
  const global = parsed.sections.find((s) => s.kind === 'global');
  const globals = new Map<string, Ptp4lValue>();
  for (const section of parsed.sections) if (section.kind === 'global') for (const [k, x] of perSection.get(section)!) globals.set(k, x);
  const byName = new Map<string, Ptp4lSection[]>();
  for (const section of parsed.sections) if (section.kind === 'port' && section.name !== '') byName.set(section.name, [...(byName.get(section.name) ?? []), section]);
  const ports = [...byName].map(([name, sections]) => ({ name, sections }));

  const defaultValue = (option: string): Ptp4lValue | undefined => {
    const it = item(option);
    if (!it || it.default === null) return undefined;
    const text = String(it.default);
    return { option, text, number: typeof it.default === 'number' ? it.default : undefined };
  };
  const globalValue = (option: string) => globals.get(option) ?? defaultValue(option);
  const portValue = (port: Ptp4lPort, option: string) => {
    let found: Ptp4lValue | undefined;
    for (const section of port.sections) found = perSection.get(section)?.get(option) ?? found;
    return found ?? globalValue(option);
  };
  const modern = item('clientOnly') !== undefined;
  const clientOnlyName = modern ? 'clientOnly' : 'slaveOnly';
  return {
    version: v,
    global,
    ports,
    has: (option) => item(option) !== undefined,
    item,
    globalValue,
    portValue,
    firstPortValue: (option) => (ports.length > 0 ? portValue(ports[0], option) : globalValue(option)),
    clientOnlyName,
    serverOnlyName: modern ? 'serverOnly' : 'masterOnly',
    isClientOnly: globalValue(clientOnlyName)?.number === 1,
    settingsOf: (section) => perSection.get(section) ?? new Map(),
    linesOf: (section) => lines.get(section) ?? [],
    renamed: (name) => renames.get(name),
  };
}

function valueOf(it: Ptp4lOptionVersion, text: string): { text: string; number?: number } | undefined {
  switch (it.type) {
    case 'int':
      return rangedInt(text, it.min ?? -Infinity, it.max ?? Infinity) === 'ok' ? { text, number: intValue(text) } : undefined;
    case 'double':
      return rangedDouble(text, it.min ?? -Infinity, it.max ?? Infinity) === 'ok' ? { text, number: doubleValue(text) } : undefined;
    case 'enum': {
      const label = (it.values ?? []).find((l) => l.toLowerCase() === text.toLowerCase());
      return label === undefined ? undefined : { text: label };
    }
    case 'string':
      return { text };
  }
}
