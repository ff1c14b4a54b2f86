// ptp4l.cfg read the way ptp4l's config_read reads it. The expectations were checked by hand against
// ptp4l 4.2 (Debian) on the same lines; the differential test against ptp4l itself comes with the checks.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePtp4l, PORT_NAME_MAX } from '../../server/src/languages/ptp4l/parser';

describe('ptp4l.cfg parser', () => {
  it('reads sections, settings and their spans; comments only at the start of a line', () => {
    const f = parsePtp4l('# gPTP node\n[global]\n# the priority\n  priority1\t128  \ndelay_mechanism P2P # not a comment\n\n[eth0]\nnetwork_transport L2\n');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sections.map((s) => [s.kind, s.name]), [['global', 'global'], ['port', 'eth0']]);
    const [p1, dm] = f.sections[0].settings;
    assert.deepEqual([p1.option, p1.value, p1.line, p1.comments], ['priority1', '128', 3, ['the priority']]);
    assert.deepEqual([p1.optionSpan.start.column, p1.optionSpan.end.column, p1.valueSpan.start.column, p1.valueSpan.end.column], [2, 11, 12, 15]);
    assert.equal(dm.value, 'P2P # not a comment', 'ptp4l keeps an inline # in the value');
  });

  it('matches section names as ptp4l does: the whole line, without regard to case', () => {
    assert.equal(parsePtp4l('[GLOBAL]\n').sections[0].kind, 'global');
    assert.equal(parsePtp4l('[Unicast_Master_Table]\n').sections[0].kind, 'unicast_master_table');
    // "[ global ]" and "[global] # x" are port sections named "global" for ptp4l.
    for (const header of ['[ global ]', '[global] # x']) {
      const s = parsePtp4l(`${header}\n`).sections[0];
      assert.deepEqual([s.kind, s.name], ['port', 'global'], header);
    }
  });

  it('reports what ptp4l refuses, with its wording, and goes on', () => {
    const f = parsePtp4l('priority1 128\n[global]\npriority1\n[]\nclockClass 6\n[abcdefghijklmnopqrstu]\n');
    assert.deepEqual(
      f.problems.map((p) => [p.code, p.span.start.line, p.message]),
      [
        ['ptp4l-not-in-section', 0, 'line 1 is not in a section'],
        ['ptp4l-no-value', 2, 'could not parse line 3 in global section'],
        ['ptp4l-bad-port-name', 3, 'could not parse port name on line 4'],
        ['ptp4l-bad-port-name', 5, `ptp4l keeps only the first ${PORT_NAME_MAX} characters of a port name, so this section is for "abcdefghijklmnop"; Linux interface names have at most 15.`],
      ],
    );
    assert.equal(f.sections[1].settings[0].option, 'clockClass', 'reading went on after the bad section header');
  });

  it('keeps unicast master table lines for their own checks', () => {
    const f = parsePtp4l('[unicast_master_table]\ntable_id 1\nUDPv4 10.0.0.1\n');
    assert.deepEqual(f.sections[0].tableLines.map((l) => l.text), ['table_id 1', 'UDPv4 10.0.0.1']);
  });

  it('never throws', () => {
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let s = '';
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += '[] \t\n#ab1 '[seed % 10];
      }
      assert.doesNotThrow(() => parsePtp4l(s));
    }
    assert.equal(parsePtp4l('[global]\n' + 'x'.repeat(2000) + ' 1\n').problems[0].code, 'ptp4l-line-too-long');
  });

  it('marks a long CRLF line up to its \\r, not past the end of the line (found by the fuzz suite, FUZZ_SEED=2:5)', () => {
    const [p] = parsePtp4l('[global]\r\n' + 'x'.repeat(2000) + ' 1\r\n').problems;
    assert.equal(p.code, 'ptp4l-line-too-long');
    assert.deepEqual(p.span, { start: { line: 1, column: 0 }, end: { line: 1, column: 2002 } });
    // ptp4l counts the \r as part of what it reads, so the message still does.
    assert.match(p.message, /2003 characters/);
  });
});
