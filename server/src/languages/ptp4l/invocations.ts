// ptp4l command lines written in the files beside a configuration (start scripts, systemd units, READMEs):
// which configuration each one reads (`-f`) and which interfaces it names (`-i`). ptp4l opens the `-i`
// interfaces and every interface section of the file, so a section the command does not name is one more
// port, not settings for the named one. A rough shell reading is enough: words split at blanks, quotes
// removed, `\` line continuations joined, `$VAR` words kept as written.

import * as path from 'node:path';

export interface Ptp4lInvocation {
  /** Where the command is written. */
  readonly file: string;
  /** 0-based line of the word `ptp4l`. */
  readonly line: number;
  readonly config?: string;
  readonly interfaces: readonly string[];
  /** The command as written, on one line, for messages. */
  readonly text: string;
}

/** Every `ptp4l ...` command in a text. Never throws. */
export function findInvocations(file: string, text: string): Ptp4lInvocation[] {
  const out: Ptp4lInvocation[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /(?:^|[\s;&|(`'"/])ptp4l(?=\s)/.exec(lines[i]);
    if (!m) continue;
    let command = lines[i].slice(m.index + m[0].length).replace(/\r$/, '');
    let j = i;
    while (/\\$/.test(command) && j + 1 < lines.length) command = command.slice(0, -1) + ' ' + lines[++j].replace(/\r$/, '');
    // The command ends where the shell would end it.
    command = command.split(/[;&|#`)]|\s>/)[0];
    const words = command
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => w.replace(/^["']|["']$/g, ''));
    let config: string | undefined;
    const interfaces: string[] = [];
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      const value = (flag: string) => (w === flag ? words[++k] : w.startsWith(flag) && !w.startsWith('--') ? w.slice(flag.length) : undefined);
      const f = value('-f');
      if (f !== undefined) config = f;
      const iface = value('-i');
      if (iface !== undefined) interfaces.push(iface);
    }
    out.push({ file, line: i, config, interfaces, text: `ptp4l ${words.join(' ')}`.trim() });
    i = j;
  }
  return out;
}

/** The commands that read `configFile` (by its name; paths differ between the repository and the target). */
export function invocationsOf(configFile: string, invocations: readonly Ptp4lInvocation[]): Ptp4lInvocation[] {
  const name = path.basename(configFile);
  return invocations.filter((inv) => inv.config !== undefined && path.basename(inv.config) === name);
}
