// The ptp4l service: which documents it takes, the version it checks against, and its problems.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installedPtp4lVersion, ptp4lService } from '../../server/src/languages/ptp4l';
import { analyzePtp4l, isPtp4lFileName, looksLikePtp4l } from '../../server/src/languages/ptp4l/analysis';
import type { DocumentSnapshot } from '../../server/src/services';

const doc = (p: string, text: string, languageId?: string): DocumentSnapshot => ({ uri: `file://${p}`, path: p, version: 1, text, languageId });

describe('ptp4l service', () => {
  it('takes ptp4l files by name, by language id, and .cfg files by content', () => {
    assert.ok(isPtp4lFileName('ptp4l.cfg') && isPtp4lFileName('ptp4l-gptp.cfg') && isPtp4lFileName('gPTP.cfg'));
    assert.ok(!isPtp4lFileName('haproxy.cfg'));
    assert.ok(ptp4lService.handles(doc('/e/ptp4l.cfg', '')));
    assert.ok(ptp4lService.handles(doc('/e/node.cfg', '[global]\ngmCapable 1\npriority1 248\n')));
    assert.ok(ptp4lService.handles(doc('/e/anything', 'x', 'ptp4l')));
    assert.ok(!ptp4lService.handles(doc('/e/grub.cfg', 'set timeout=5\nmenuentry "x" {\n}\n')));
    assert.ok(!looksLikePtp4l('[section]\nfoo bar\nbaz qux\n'));
  });

  it('checks against the version asked for, else the newest known', () => {
    const text = '[global]\nserverOnly 1\n';
    assert.deepEqual(analyzePtp4l('/e/ptp4l.cfg', text, '3.1.1').problems.map((p) => p.code), ['ptp4l-option-other-version']);
    const newest = analyzePtp4l('/e/ptp4l.cfg', text, undefined);
    assert.equal(newest.version, '4.2');
    assert.deepEqual(newest.problems, []);
  });

  it('reads the installed version from ptp4l -v once', () => {
    let calls = 0;
    const v = installedPtp4lVersion(() => {
      calls++;
      return '3.1.1\n';
    });
    assert.equal(v, '3.1.1');
    // A second call does not run ptp4l again.
    assert.equal(installedPtp4lVersion(() => {
      calls++;
      return '9.9';
    }), v);
    assert.equal(calls, 1);
  });
});

describe('ptp4l snippets', () => {
  it('expand to files ptp4l 4.2 accepts without a warning', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'snippets', 'ptp4l.json'))) dir = path.dirname(dir);
    const snippets = JSON.parse(fs.readFileSync(path.join(dir, 'snippets', 'ptp4l.json'), 'utf8')) as Record<string, { body: string[] }>;
    assert.ok(Object.keys(snippets).length >= 3);
    for (const [name, s] of Object.entries(snippets)) {
      const text = s.body
        .join('\n')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\d+/g, '');
      assert.deepEqual(analyzePtp4l('/s/ptp4l.cfg', text, '4.2').problems.map((p) => `${p.span.start.line + 1}: ${p.message}`), [], name);
    }
  });
});
