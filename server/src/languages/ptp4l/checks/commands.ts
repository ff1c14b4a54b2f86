// An interface section that the commands running this file never name with `-i`. ptp4l opens the `-i`
// interfaces and, in addition, every interface section of the file, so such a section is an extra port
// (on a machine without that interface, ptp4l stops at start), and its settings do not reach the interface
// the command names: the usual leftover of a file copied from another machine (`[enp5s0]` on the host,
// `eth1` in the guest).

import { problem, type Fix, type Problem } from '../../../common/problem';
import type { Ptp4lConfig } from '../model';
import type { Ptp4lInvocation } from '../invocations';

export function checkPortsAgainstCommands(file: string, config: Ptp4lConfig, commands: readonly Ptp4lInvocation[]): Problem[] {
  // Only commands whose interfaces are all spelled out can tell which sections are extra.
  const usable = commands.filter((c) => c.interfaces.length > 0 && c.interfaces.every((i) => !/[$`*?]/.test(i)));
  if (usable.length === 0) return [];
  const named = new Set(usable.flatMap((c) => c.interfaces));
  const sectionNames = new Set(config.ports.map((p) => p.name));
  const uncovered = [...named].filter((i) => !sectionNames.has(i));
  const shown = usable[0];
  const where = `${shown.file.split('/').pop()}:${shown.line + 1}`;
  const out: Problem[] = [];
  for (const port of config.ports) {
    if (named.has(port.name)) continue;
    const fixes: Fix[] =
      uncovered.length === 1
        ? [{ title: `Rename [${port.name}] to [${uncovered[0]}]`, edits: port.sections.map((s) => ({ file, span: s.nameSpan, newText: uncovered[0] })), preferred: true }]
        : [];
    out.push(
      problem(
        'ptp4l-port-not-in-command',
        'warning',
        `The command that runs this file, \`${shown.text}\` (${where}), does not name ${port.name}: ptp4l opens it as one more port besides ${[...named].join(', ')}, and its settings do not apply to ${[...named].join(' or ')}. If this section was written for another machine, rename it${uncovered.length === 1 ? ` to [${uncovered[0]}]` : ''}.`,
        file,
        port.sections[0].nameSpan,
        { related: usable.map((c) => ({ location: { file: c.file, span: { start: { line: c.line, column: 0 }, end: { line: c.line, column: 0 } } }, message: c.text })), fixes },
      ),
    );
  }
  return out;
}
