// Hover for ptp4l options: the facts of the chosen linuxptp version (type, range or values, default,
// where it may be set, which versions have it) and the man page's own paragraph when it is installed.

import type { Position } from '../../../common/span';
import type { HoverResult } from '../../../services';
import { compareVersions, ptp4lOptions, tableVersion, versionsWith, type Ptp4lOptionData } from '../options';
import type { Ptp4lFile } from '../parser';
import { ptp4lDescriptions } from '../descriptions';
import { manPageEntry } from './manPage';

const within = (p: Position, s: { start: Position; end: Position }) =>
  p.line === s.start.line && p.column >= s.start.column && p.column <= s.end.column;

export function ptp4lHover(parsed: Ptp4lFile, position: Position, version: string, man: (o: string) => string | undefined = manPageEntry, data: Ptp4lOptionData = ptp4lOptions): HoverResult | undefined {
  for (const section of parsed.sections) {
    if (within(position, section.headerSpan)) {
      const what =
        section.kind === 'global'
          ? 'Settings for the whole clock, and defaults for every port.'
          : section.kind === 'unicast_master_table'
            ? 'Unicast master tables: `table_id N`, then `<transport> <address>` lines.'
            : `Settings for port \`${section.name}\` only; options marked global cannot be set here.`;
      return { markdown: `**[${section.kind === 'port' ? section.name : section.kind}]**\n\n${what}`, span: section.headerSpan };
    }
    for (const s of section.settings) {
      if (!within(position, s.optionSpan)) continue;
      const v = tableVersion(version, data);
      const renamed = data.deprecated[v]?.find((d) => d.from === s.option)?.to;
      const name = renamed ?? s.option;
      const item = data.options[name]?.versions[v];
      const lines = [`**${s.option}** — linuxptp ${v}${renamed ? ` (an old name of \`${renamed}\`)` : ''}`];
      if (!item) {
        const others = versionsWith(name, data);
        lines.push('', others.length ? `Not in linuxptp ${v}; linuxptp ${others.join(', ')} ${others.length > 1 ? 'have' : 'has'} it.` : `Not an option of linuxptp ${v}.`);
        if (ptp4lDescriptions[name]) lines.push('', ptp4lDescriptions[name]);
      } else {
        const octal = /_file_mode$/.test(name);
        const show = (n: number | string | null | undefined) => (typeof n === 'number' && octal && n !== 0 ? `0${n.toString(8)}` : String(n));
        const range = item.type === 'enum' ? `one of ${(item.values ?? []).map((x) => `\`${x}\``).join(', ')}` : item.type === 'string' ? 'text' : `${item.type === 'int' ? 'an integer' : 'a number'} from ${show(item.min)} to ${show(item.max)}`;
        const description = ptp4lDescriptions[name];
        if (description) lines.push('', description);
        lines.push('', `Takes ${range}; default \`${item.default === null ? '(none)' : show(item.default)}\`. ${item.scope === 'global' ? 'Only in `[global]`.' : 'In `[global]` or per port.'}`);
        lines.push('', `${sinceWhen(name, data)} Read at ${item.$source}.`);
      }
      const text = man(name);
      if (text) lines.push('', '---', '', '_From the ptp4l man page on this machine:_', '', text);
      return { markdown: lines.join('\n'), span: s.optionSpan };
    }
  }
  return undefined;
}

/** Which of the known versions have the option, said as "new in" when older ones lack it. */
export function sinceWhen(name: string, data: Ptp4lOptionData = ptp4lOptions): string {
  const have = versionsWith(name, data);
  const known = [...data.versions].sort(compareVersions);
  const missing = known.filter((v) => !have.includes(v) && compareVersions(v, have[0]) < 0);
  // A renamed option is older than its name: 3.1.1's slaveOnly is 4.2's clientOnly.
  const formerly = missing.flatMap((v) => Object.values(data.deprecated).flat().filter((d) => d.to === name && data.options[d.from]?.versions[v]).map((d) => `${v} calls it ${d.from}`));
  if (formerly.length > 0) return `Named so since linuxptp ${have[0]}; ${[...new Set(formerly)].join(', ')}.`;
  if (missing.length > 0) return `New in linuxptp ${have[0]} (not in ${missing.join(', ')}); in ${have.join(', ')} of the versions known here.`;
  return `In every linuxptp version known here (${have.join(', ')}).`;
}
