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
    assert.ok(isPtp4lFileName('ptp4l.conf'), 'the name Debian and Red Hat install in /etc');
    assert.ok(!isPtp4lFileName('haproxy.cfg') && !isPtp4lFileName('default.cfg'), 'generic names go by content');
    assert.ok(ptp4lService.handles(doc('/e/default.cfg', '[global]\ntwoStepFlag 1\nslaveOnly 0\n')));
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
    while (!fs.existsSync(path.join(dir, 'snippets', 'ptp4l.json'))) {
      assert.notEqual(path.dirname(dir), dir, `no snippets/ptp4l.json above ${__dirname}`);
      dir = path.dirname(dir);
    }
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

describe('ptp4l hover and completion', async () => {
  const { ptp4lHover } = await import('../../server/src/languages/ptp4l/features/hover');
  const { ptp4lCompletion } = await import('../../server/src/languages/ptp4l/features/completion');
  const { manEntries } = await import('../../server/src/languages/ptp4l/features/manPage');
  const { parsePtp4l } = await import('../../server/src/languages/ptp4l/parser');

  it('reads an entry of a roff man page as plain text', () => {
    // An invented page in the shape of linuxptp's.
    const roff = '.SH OPTIONS\n.TP\n.B alpha\nThe \\fBfirst\\fR letter, from 0 to\n255\\-ish.\n.TP\n.B beta\nSecond.\n.SH SEE ALSO\n';
    const e = manEntries(roff);
    assert.equal(e.get('alpha'), 'The first letter, from 0 to\n255-ish.');
    assert.equal(e.get('beta'), 'Second.');
  });

  it('hover gives the facts of the version and the man page paragraph when there is one', () => {
    const parsed = parsePtp4l('[global]\npriority1 128\nslaveOnly 1\n[eth0]\n');
    const h = ptp4lHover(parsed, { line: 1, column: 3 }, '4.2', (o) => (o === 'priority1' ? 'Invented man text.' : undefined));
    assert.match(h!.markdown, /\*\*priority1\*\* — linuxptp 4\.2/);
    assert.match(h!.markdown, /an integer from 0 to 255; default `128`\. Only in `\[global\]`/);
    assert.match(h!.markdown, /Invented man text\./);
    const old = ptp4lHover(parsed, { line: 2, column: 2 }, '4.2', () => undefined);
    assert.match(old!.markdown, /an old name of `clientOnly`/);
    assert.match(ptp4lHover(parsed, { line: 3, column: 2 }, '4.2', () => undefined)!.markdown, /Settings for port `eth0` only/);
  });

  it('completion offers options valid in the section and version, and enum values', () => {
    const text = '[global]\npriority1 128\n\n[eth0]\n\n';
    const parsed = parsePtp4l(text);
    const global = ptp4lCompletion(parsed, text, { line: 2, column: 0 }, '4.2').map((c) => c.label);
    assert.ok(global.includes('clockClass') && global.includes('delay_mechanism') && !global.includes('priority1'));
    const port = ptp4lCompletion(parsed, text, { line: 4, column: 0 }, '4.2').map((c) => c.label);
    assert.ok(port.includes('delay_mechanism') && !port.includes('clockClass'), 'global-only options are not offered in a port section');
    assert.ok(!ptp4lCompletion(parsed, text, { line: 2, column: 0 }, '3.1.1').some((c) => c.label === 'serverOnly'), 'not in 3.1.1');
    const t2 = '[global]\ndelay_mechanism P';
    const values = ptp4lCompletion(parsePtp4l(t2), t2, { line: 1, column: t2.split('\n')[1].length }, '4.2');
    assert.deepEqual(values.map((c) => c.label), ['Auto', 'E2E', 'P2P', 'NONE']);
    assert.equal(values.find((c) => c.preselect)?.label, 'E2E');
  });
});
