// Combinations ptp4l reads without complaint but refuses when it builds the clock and its ports, so it
// exits right after starting: clientOnly with gmCapable 0 (clock_create), and BMCA noop on a port that is
// neither serverOnly nor on a clientOnly clock (port_open). Messages are ptp4l's, in the version's spelling.

import { problem, type Problem } from '../../../common/problem';
import type { Ptp4lConfig, Ptp4lValue } from '../model';

export function checkStartup(file: string, config: Ptp4lConfig): Problem[] {
  const out: Problem[] = [];
  const clientOnly = config.clientOnlyName;
  const serverOnly = config.serverOnlyName;
  const client = config.globalValue(clientOnly);
  const gm = config.globalValue('gmCapable');
  if (client?.number === 1 && gm?.number === 0) {
    const at = gm.setting ?? client.setting;
    if (at) {
      out.push(
        problem(
          'ptp4l-refused-at-start',
          'error',
          `Cannot mix 1588 ${clientOnly} with 802.1AS !gmCapable — ptp4l reads this file, then stops when it creates the clock. A gPTP end station that should never be grandmaster keeps gmCapable 0 and leaves ${clientOnly} at 0; a 1588 client keeps gmCapable 1.`,
          file,
          at.optionSpan,
        ),
      );
    }
  }
  const clockIsClient = config.isClientOnly;
  const noopAt = (v: Ptp4lValue | undefined) => v?.text === 'noop';
  const targets = config.ports.length > 0 ? config.ports.map((p) => ({ bmca: config.portValue(p, 'BMCA'), server: config.portValue(p, serverOnly), name: p.name })) : [{ bmca: config.globalValue('BMCA'), server: config.globalValue(serverOnly), name: undefined }];
  const reported = new Set<number>();
  for (const t of targets) {
    if (!noopAt(t.bmca) || t.server?.number === 1 || clockIsClient || !t.bmca?.setting || reported.has(t.bmca.setting.line)) continue;
    reported.add(t.bmca.setting.line);
    out.push(
      problem(
        'ptp4l-refused-at-start',
        'error',
        `Please enable at least one of ${serverOnly} or ${clientOnly} when BMCA == noop — ptp4l stops when it opens ${t.name ? `port ${t.name}` : 'a port'}: without a BMCA, each port needs a fixed role (${serverOnly} 1 on the port, or ${clientOnly} 1 in [global]).`,
        file,
        t.bmca.setting.valueSpan,
      ),
    );
  }
  return out;
}
