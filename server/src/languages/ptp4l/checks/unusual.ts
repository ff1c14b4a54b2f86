// Values ptp4l accepts that are rarely what the writer meant: each one is legal, and each one changes how
// the clock behaves on the network in a way that is easy to miss in review.

import { problem, type Problem } from '../../../common/problem';
import type { Ptp4lConfig, Ptp4lValue } from '../model';

export function checkUnusual(file: string, config: Ptp4lConfig): Problem[] {
  const out: Problem[] = [];
  const say = (v: Ptp4lValue | undefined, message: string) => {
    if (v?.setting) out.push(problem('ptp4l-unusual-value', 'warning', message, file, v.setting.valueSpan));
  };
  const clientOnly = config.globalValue(config.clientOnlyName);
  const isClient = config.isClientOnly;

  const clockClass = config.globalValue('clockClass');
  if (!isClient && config.globalValue('gmCapable')?.number !== 0 && clockClass?.number !== undefined && clockClass.number < 128) {
    say(
      clockClass,
      `clockClass ${clockClass.number} announces a clock locked to a primary reference (such as GNSS), and it beats every clock of class 128 or more in the best master choice. ptp4l does not check that such a source exists; without one, the usual value is 248 (the default), and tools such as ts2phc or pmc raise the class when a reference is really there.`,
    );
  }

  const free = config.globalValue('free_running');
  if (isClient && free?.number === 1) {
    say(free, `free_running 1 means ptp4l never adjusts the clock, and this clock is ${clientOnly?.setting?.option ?? 'clientOnly'}: it will follow the master's messages but stay on its own time. That is only useful for measuring offsets.`);
  }

  const sanity = config.globalValue('sanity_freq_limit');
  if (sanity?.number === 0) {
    say(sanity, 'sanity_freq_limit 0 turns off the check that resets the servo when the clock jumps or its frequency drifts impossibly far; a misbehaving clock then goes unnoticed.');
  }

  const places = config.ports.length > 0 ? config.ports.map((p) => (o: string) => config.portValue(p, o)) : [(o: string) => config.globalValue(o)];
  const reported = new Set<number>();
  for (const at of places) {
    const sync = at('logSyncInterval');
    const announce = at('logAnnounceInterval');
    const once = (v: Ptp4lValue | undefined, message: string) => {
      if (!v?.setting || reported.has(v.setting.line)) return;
      reported.add(v.setting.line);
      say(v, message);
    };
    if (sync?.number !== undefined && sync.number < -7) once(sync, `logSyncInterval ${sync.number} asks for ${2 ** -sync.number} Sync messages a second; no common profile goes beyond 128 (-7), and most hardware drops time stamps at such rates.`);
    if (sync?.number !== undefined && sync.number > 4) once(sync, `logSyncInterval ${sync.number} sends one Sync every ${2 ** sync.number} seconds, so the servo corrects that rarely and drift between corrections grows; profiles use 1 second (0) or faster.`);
    if (sync?.number !== undefined && announce?.number !== undefined && announce.number < sync.number) {
      once(announce.setting ? announce : sync, `Announce messages (logAnnounceInterval ${announce.number}) would go out more often than Sync messages (logSyncInterval ${sync.number}); it is normally the other way round, since Sync carries the time and Announce only the choice of master.`);
    }
  }
  return out;
}
