// ptp4l option checks per linuxptp version: ptp4l's own messages for unknown options, bad, malformed and
// out-of-range values and global-only options in port sections, plus versions and deprecated names. The
// expected verdicts were checked by hand against ptp4l 3.1.1 and 4.2 (Debian); the differential test
// against ptp4l itself is separate.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePtp4l } from '../../server/src/languages/ptp4l/parser';
import { checkOptions } from '../../server/src/languages/ptp4l/checks/options';
import { checkUnicastTables } from '../../server/src/languages/ptp4l/checks/unicast';
import { newestVersion, ptp4lOptions, tableVersion } from '../../server/src/languages/ptp4l/options';
import { rangedInt } from '../../server/src/languages/ptp4l/values';

const check = (text: string, version = '4.2') => checkOptions('/x/ptp4l.cfg', parsePtp4l(text), version);
const brief = (text: string, version?: string) => check(text, version).map((p) => `${p.span.start.line + 1}:${p.code}`);

describe('ptp4l option checks', () => {
  it('knows both versions from the generated data', () => {
    assert.deepEqual(ptp4lOptions.versions, ['3.1.1', '4.2']);
    assert.equal(newestVersion(), '4.2');
    assert.equal(tableVersion('4.0'), '3.1.1');
    assert.equal(tableVersion('4.4'), '4.2');
  });

  it('accepts a valid file', () => {
    assert.deepEqual(brief('[global]\ntransportSpecific 1\nnetwork_transport l2\ndelay_mechanism P2P\npriority1 248\nstep_threshold 1.5\n[eth0]\nlogMinPdelayReqInterval 0\n'), []);
  });

  it("uses ptp4l's words for each refusal and says what is accepted", () => {
    const ps = check('[global]\npriority1 256\npriority1 12a\ndelay_mechanism P3P\nPriority1 1\n[eth0]\nclockClass 6\n');
    assert.deepEqual(
      ps.map((p) => `${p.span.start.line + 1}:${p.code}`),
      ['2:ptp4l-out-of-range', '3:ptp4l-malformed-value', '4:ptp4l-bad-value', '5:ptp4l-unknown-option', '7:ptp4l-global-only'],
    );
    assert.match(ps[0].message, /^256 is an out of range value for option priority1 at line 2\. It takes an integer from 0 to 255\./);
    assert.match(ps[2].message, /^P3P is a bad value for option delay_mechanism at line 4\./);
    assert.match(ps[3].message, /^unknown option Priority1 at line 5 in global section\. Did you mean priority1/);
    assert.match(ps[4].message, /^unknown option clockClass at line 7 in eth0 section\. clockClass can only be set in \[global\]/);
  });

  it('checks the value before the scope, as ptp4l does', () => {
    assert.deepEqual(brief('[eth0]\nclockClass 600\n'), ['2:ptp4l-out-of-range']);
  });

  it('knows what each version has and offers the spelling the chosen version understands', () => {
    // serverOnly is new in 4.x; 3.1.1 calls it masterOnly.
    const old = check('[global]\nserverOnly 1\n', '3.1.1');
    assert.deepEqual(old.map((p) => p.code), ['ptp4l-option-other-version']);
    assert.match(old[0].message, /linuxptp 3\.1\.1 does not have serverOnly; linuxptp 4\.2 has it\. This version spells it masterOnly\./);
    assert.equal(old[0].fixes?.[0].edits[0].newText, 'masterOnly');
    // 4.2 still reads masterOnly, with a deprecation warning, as serverOnly.
    const now = check('[global]\nmasterOnly 1\n', '4.2');
    assert.deepEqual(now.map((p) => [p.code, p.severity]), [['ptp4l-deprecated-option', 'warning']]);
  });

  it('explains = signs and inline comments and offers to fix them', () => {
    const [eq] = check('[global]\npriority1 = 128\n');
    assert.equal(eq.code, 'ptp4l-malformed-value');
    assert.match(eq.message, /without `=`/);
    assert.equal(eq.fixes?.[0].edits[0].newText, '128');
    const [hash] = check('[global]\npriority1 128 # the switch wins\n');
    assert.match(hash.message, /only starts a comment at the beginning of a line/);
    assert.deepEqual(hash.fixes?.[0].edits.map((e) => e.newText), ['128', '# the switch wins\n']);
  });

  it('accepts ASAP for the fault intervals', () => {
    assert.deepEqual(brief('[global]\nfault_reset_interval ASAP\nfault_badpeernet_interval asap\n'), []);
  });

  it('reads a value of a million digits as out of range at once (found by the fuzz suite\'s 1 MB value case, any seed)', () => {
    // The number used to grow digit by digit as a big integer: quadratic, minutes for this line.
    const started = Date.now();
    assert.deepEqual(brief('[global]\npriority1 ' + '1'.repeat(1_000_000) + '\nclockClass -' + '9'.repeat(100_000) + '\n'), ['2:ptp4l-out-of-range', '3:ptp4l-out-of-range']);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    // strtol's own limits are still told apart exactly.
    const any = (t: string) => rangedInt(t, -1e30, 1e30);
    assert.deepEqual(['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '0x' + 'f'.repeat(40)].map(any), ['ok', 'out-of-range', 'ok', 'out-of-range', 'out-of-range']);
  });

  it('checks a file of many port sections in time linear in its size (found by the fuzz suite\'s 10,000-section case)', () => {
    // Every setting used to search all sections for [global]: 10,000 sections took 16 s.
    const text = Array.from({ length: 20_000 }, (_, i) => `[eth${i}]\nlogSyncInterval 0\nclockClass 6\n`).join('');
    const started = Date.now();
    const problems = check(text);
    assert.equal(problems.length, 20_000, 'clockClass is global-only in every port section');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
});

describe('unicast master tables', () => {
  const tables = (text: string) => checkUnicastTables('/x/ptp4l.cfg', parsePtp4l(text)).map((p) => `${p.span.start.line + 1}:${p.message}`);

  it("accepts what ptp4l accepts, including its lenient forms", () => {
    assert.deepEqual(tables('[unicast_master_table]\ntable_id 1\nlogQueryInterval 2\nUDPv4 10.1\nl2 1:2:3:4:5:6x\nUDPv6 fe80::1\n[unicast_master_table]\ntable_id5\npeer_address 10.0.0.9\n'), []);
  });

  it("refuses what ptp4l refuses, in its words", () => {
    assert.deepEqual(tables('[unicast_master_table]\nUDPv4 10.0.0.1\ntable_id 0\ntable_id 1\nlogQueryInterval 200\nUDP4 10.0.0.1\nUDPv6 fe80::1::2\nUDPv4\n[unicast_master_table]\ntable_id 1\nL2 1:2:3:4:5:6\n'), [
      '2:line 2: missing table_id',
      '3:line 3: table_id 0 is out of range. Must be in the range 1 to 2147483647',
      '5:line 5: logQueryInterval 200 out of range',
      '6:line 6: bad address (the transport must be L2, UDPv4 or UDPv6, not UDP4)',
      '7:line 7: bad address (not a UDPv6 address)',
      '8:bad master table at line 8',
      '10:line 10: table_id 1 already taken',
      '11:line 11: missing table_id',
    ]);
  });
});

describe('ptp4l fixes', () => {
  it('moves a global-only option into [global]', async () => {
    const { applyEdits } = await import('../applyEdits');
    const text = '[global]\npriority1 128\n\n[eth0]\nclockClass 6\ndelay_mechanism P2P\n';
    const [p] = check(text);
    assert.equal(p.code, 'ptp4l-global-only');
    const after = applyEdits(text, p.fixes![0].edits.map((e) => ({ start: e.span.start, end: e.span.end, newText: e.newText })));
    assert.equal(after, '[global]\npriority1 128\nclockClass 6\n\n[eth0]\ndelay_mechanism P2P\n');
    assert.deepEqual(check(after), []);
  });
});
