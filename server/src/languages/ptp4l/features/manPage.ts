// The ptp4l man page installed on this machine, read at run time so hover can show linuxptp's own words
// for an option (we never ship them). Looks in the usual places, reads .gz with zlib, strips roff.

import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const PLACES = ['/usr/share/man/man8/ptp4l.8.gz', '/usr/share/man/man8/ptp4l.8', '/usr/local/share/man/man8/ptp4l.8', '/usr/local/share/man/man8/ptp4l.8.gz'];

let cached: { path?: string; entries?: Map<string, string> } | undefined;

/** The man page's paragraph for an option, as plain text; undefined when no man page or no entry. */
export function manPageEntry(option: string, places: readonly string[] = PLACES): string | undefined {
  if (!cached || places !== PLACES) {
    const found = places.find((p) => fs.existsSync(p));
    let text: string | undefined;
    try {
      if (found) text = found.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(found)).toString('utf8') : fs.readFileSync(found, 'utf8');
    } catch {
      text = undefined;
    }
    const result = { path: found, entries: text === undefined ? undefined : manEntries(text) };
    if (places !== PLACES) return result.entries?.get(option);
    cached = result;
  }
  return cached.entries?.get(option);
}

/** `.TP` / `.B name` / paragraph ... entries of a roff man page, by name. */
export function manEntries(roff: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = roff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '.TP') continue;
    const head = /^\.B\s+(\S+)/.exec(lines[i + 1] ?? '');
    if (!head) continue;
    const body: string[] = [];
    for (let j = i + 2; j < lines.length && !/^\.(TP|SH|SS)\b/.test(lines[j]); j++) body.push(lines[j]);
    const text = plain(body.join('\n'));
    if (text && !out.has(head[1])) out.set(head[1], text);
  }
  return out;
}

function plain(roff: string): string {
  return roff
    .split('\n')
    .filter((l) => !/^\.(PP|LP|P|RS|RE|IP|br|sp|nf|fi)\b/.test(l))
    .map((l) => l.replace(/^\.(B|I|BR|IR|RB|RI)\s+/, ''))
    .join('\n')
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\\(em/g, '—')
    .replace(/\\&/g, '')
    .replace(/\\e/g, '\\')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
