// Lines that change nothing, which ptp4l takes without a word: an option set again later in the same
// section (the last line wins), an interface section repeated (ptp4l merges them into one port), and an
// interface line that repeats the value [global] already sets.

import { problem, type Problem } from '../../../common/problem';
import { span } from '../../../common/span';
import type { Ptp4lConfig, Ptp4lValue } from '../model';
import type { Ptp4lFile, Ptp4lSection, Ptp4lSetting } from '../parser';

export function checkRedundant(file: string, parsed: Ptp4lFile, config: Ptp4lConfig): Problem[] {
  const out: Problem[] = [];
  const removeLine = (s: Ptp4lSetting) => ({ title: `Remove line ${s.line + 1}`, edits: [{ file, span: span(s.line, 0, s.line + 1, 0), newText: '' }] });

  // The same option twice for the same place: [global] (all its sections) or one interface (all its sections).
  const places: { label: string; sections: readonly Ptp4lSection[] }[] = [
    { label: '[global]', sections: parsed.sections.filter((s) => s.kind === 'global') },
    ...config.ports.map((p) => ({ label: `[${p.name}]`, sections: p.sections })),
  ];
  for (const place of places) {
    const lines = place.sections.flatMap((section) => config.linesOf(section));
    const last = new Map<string, Ptp4lValue>();
    for (const v of lines) last.set(v.option, v);
    for (const v of lines) {
      const winner = last.get(v.option)!;
      if (winner === v || !v.setting || !winner.setting) continue;
      out.push(
        problem('ptp4l-repeated-option', 'warning', `${v.setting.option} is set again for ${place.label} at line ${winner.setting.line + 1} (${winner.setting.option} ${winner.text}); ptp4l keeps the last value, so this line has no effect.`, file, v.setting.optionSpan, {
          related: [{ location: { file, span: winner.setting.optionSpan }, message: 'the value ptp4l keeps' }],
          fixes: [removeLine(v.setting)],
        }),
      );
    }
  }

  for (const port of config.ports) {
    const [first, ...again] = port.sections;
    for (const section of again) {
      out.push(
        problem('ptp4l-repeated-port-section', 'warning', `[${port.name}] already has a section at line ${first.line + 1}; ptp4l merges both into one port, and where they set the same option the later line wins.`, file, section.nameSpan, {
          related: [{ location: { file, span: first.nameSpan }, message: `the first [${port.name}] section` }],
        }),
      );
    }
    for (const section of port.sections) {
      for (const [option, v] of config.settingsOf(section)) {
        const g = config.globalValue(option);
        if (!g?.setting || !v.setting || !sameValue(v, g)) continue;
        out.push(
          problem('ptp4l-same-as-global', 'warning', `${option} ${v.text} in [${port.name}] repeats what [global] sets at line ${g.setting.line + 1}; every port already gets that value, so this line changes nothing.`, file, v.setting.optionSpan, {
            related: [{ location: { file, span: g.setting.optionSpan }, message: 'the value in [global]' }],
            fixes: [removeLine(v.setting)],
          }),
        );
      }
    }
  }
  return out;
}

function sameValue(a: Ptp4lValue, b: Ptp4lValue): boolean {
  if (a.number !== undefined && b.number !== undefined) return a.number === b.number;
  return a.text.toLowerCase() === b.text.toLowerCase();
}
