// Completion in ptp4l.cfg: section headers, the options valid in the current section for the chosen
// version (global-only options only in [global]), and enumeration values.

import { span, type Position } from '../../../common/span';
import type { CompletionEntry } from '../../../services';
import { ptp4lOptions, tableVersion, type Ptp4lOptionData } from '../options';
import type { Ptp4lFile } from '../parser';
import { ptp4lDescriptions } from '../descriptions';

export function ptp4lCompletion(parsed: Ptp4lFile, text: string, position: Position, version: string, data: Ptp4lOptionData = ptp4lOptions): CompletionEntry[] {
  const lineText = (text.split('\n')[position.line] ?? '').replace(/\r$/, '');
  const before = lineText.slice(0, position.column);
  const v = tableVersion(version, data);
  const section = [...parsed.sections].reverse().find((s) => s.line < position.line);
  if (/^\s*\[[^\]]*$/.test(before)) {
    const typed = before.length - before.lastIndexOf('[') - 1;
    const replace = span(position.line, position.column - typed, position.line, position.column);
    return ['global', 'unicast_master_table'].map((l) => ({ label: l, kind: 'section' as const, replace, insertText: `${l}]` }));
  }
  const opt = /^\s*([A-Za-z_]\w*)$/.exec(before);
  if (opt || /^\s*$/.test(before)) {
    const typed = opt ? opt[1].length : 0;
    const replace = span(position.line, position.column - typed, position.line, position.column);
    const inPort = section?.kind === 'port';
    const written = new Set(section?.settings.map((s) => s.option));
    return Object.entries(data.options)
      .filter(([name, o]) => o.versions[v] && !(inPort && o.versions[v].scope === 'global') && !written.has(name))
      .map(([name, o]) => {
        const item = o.versions[v];
        const detail = item.type === 'enum' ? (item.values ?? []).join(' | ') : item.type === 'string' ? 'text' : `${item.min}..${item.max}`;
        return { label: name, kind: 'property' as const, detail: `${detail} (default ${item.default ?? 'none'})`, documentationMarkdown: ptp4lDescriptions[name], insertText: `${name} `, replace };
      });
  }
  const val = /^\s*([A-Za-z_]\w*)\s+(\S*)$/.exec(before);
  if (val) {
    const item = data.options[val[1]]?.versions[v];
    if (item?.type !== 'enum') return [];
    const replace = span(position.line, position.column - val[2].length, position.line, position.column);
    return (item.values ?? []).map((x) => ({ label: x, kind: 'value' as const, replace, preselect: x === item.default }));
  }
  return [];
}
