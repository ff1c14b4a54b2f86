// Lines of [unicast_master_table] sections, judged as ptp4l's parse_unicast_mtab_line judges them:
// `table_id N` starts a table (ids from 1, unique in the file), `logQueryInterval N` and `peer_address A`
// need a table, any other line is `<transport> <address>` whose address must convert for that transport.
// Messages are ptp4l's.

import { problem, type Problem } from '../../../common/problem';
import type { Ptp4lFile } from '../parser';
import { inetAton, inetPton6, macSscanf } from '../addresses';

/** What sscanf's %d reads after optional blanks: an optional sign and at least one digit. */
const SCANF_INT = /^[ \t\n\v\f\r]*([+-]?\d+)/;

export function checkUnicastTables(file: string, parsed: Ptp4lFile): Problem[] {
  const out: Problem[] = [];
  const taken = new Set<number>();
  for (const section of parsed.sections) {
    if (section.kind !== 'unicast_master_table') continue;
    // Each [unicast_master_table] header forgets the current table.
    let current: number | undefined;
    for (const l of section.tableLines) {
      const n = l.line + 1;
      const say = (message: string) => out.push(problem('ptp4l-unicast-table', 'error', message, file, l.span));
      const keyword = (word: string) => (l.text.startsWith(word) ? l.text.slice(word.length) : undefined);
      const tableId = keyword('table_id');
      const tid = tableId !== undefined ? SCANF_INT.exec(tableId) : null;
      if (tid) {
        const id = Number(tid[1]);
        if (id < 1) say(`line ${n}: table_id ${id} is out of range. Must be in the range 1 to 2147483647`);
        else if (taken.has(id)) say(`line ${n}: table_id ${id} already taken`);
        else {
          taken.add(id);
          current = id;
        }
        continue;
      }
      const lqiText = keyword('logQueryInterval');
      const lqi = lqiText !== undefined ? SCANF_INT.exec(lqiText) : null;
      if (lqi) {
        if (current === undefined) say(`line ${n}: missing table_id`);
        else if (Number(lqi[1]) < -128 || Number(lqi[1]) > 127) say(`line ${n}: logQueryInterval ${Number(lqi[1])} out of range`);
        continue;
      }
      const peer = keyword('peer_address');
      if (peer !== undefined && /^[ \t\n\v\f\r]*\S/.test(peer)) {
        if (current === undefined) say(`line ${n}: missing table_id`);
        continue;
      }
      // sscanf(" %16s %64s"): the first word (at most 16 characters) and what follows it.
      const m = /^\s*(\S{1,16})\s*(\S{1,64})?/.exec(l.text);
      if (!m || m[2] === undefined) {
        say(`bad master table at line ${n}`);
        continue;
      }
      if (current === undefined) {
        say(`line ${n}: missing table_id`);
        continue;
      }
      const transport = m[1].toLowerCase();
      const ok = transport === 'udpv4' ? inetAton(m[2]) : transport === 'udpv6' ? inetPton6(m[2]) : transport === 'l2' ? macSscanf(m[2]) : false;
      if (!ok) {
        const hint = ['udpv4', 'udpv6', 'l2'].includes(transport) ? ` (not a ${m[1]} address)` : ` (the transport must be L2, UDPv4 or UDPv6, not ${m[1]})`;
        out.push(problem('ptp4l-unicast-table', 'error', `line ${n}: bad address${hint}`, file, l.span));
      }
    }
  }
  return out;
}
