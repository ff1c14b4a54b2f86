// linuxptp's own example configurations (gPTP, automotive, G.8275.1/.2, default, unicast, TC) are its
// statement of what each profile sets, so the checks ptp4l does not make (profile contradictions, lines
// that change nothing, unusual values, start-up refusals) must find nothing in them, under their own names.
// The one exception is known and kept visible: 3.1.1's G.8275.x examples leave domainNumber at 0, which
// later linuxptp fixed (4.x sets 24 and 44).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzePtp4l } from '../../server/src/languages/ptp4l/analysis';
import { LINUXPTP_SOURCES, linuxptpSourceDir } from '../../server/tools/ptp4lOptions/debian';
import { defaultCacheDirectory } from '../../server/src/settings';

const EXPECTED: Record<string, string[]> = {
  '3.1.1': ['G.8275.1.cfg:7:ptp4l-g8275-profile domainNumber', 'G.8275.2.cfg:7:ptp4l-g8275-profile domainNumber'],
  '4.2': [],
};

test("linuxptp's example configurations pass the checks ptp4l does not make", async () => {
  for (const src of LINUXPTP_SOURCES) {
    const configs = path.join(await linuxptpSourceDir(src, defaultCacheDirectory()), 'configs');
    const names = fs.readdirSync(configs).filter((n) => n.endsWith('.cfg')).sort();
    const found: string[] = [];
    for (const name of names) {
      const file = path.join(configs, name);
      for (const p of analyzePtp4l(file, fs.readFileSync(file, 'utf8'), src.version).problems) {
        found.push(`${name}:${p.span.start.line + 1}:${p.code} ${/needs (\S+)/.exec(p.message)?.[1] ?? ''}`.trim());
      }
    }
    console.log(`linuxptp ${src.version} examples: ${names.length} files, ${found.length} problems (${EXPECTED[src.version]?.length ?? 0} expected)`);
    assert.deepEqual(found, EXPECTED[src.version] ?? [], `linuxptp ${src.version}`);
    assert.ok(names.includes('gPTP.cfg') && names.some((n) => n.startsWith('G.8275')), 'the profile examples are there');
  }
});
