// Checks ptp4l does not make: profile contradictions (gPTP, automotive, G.8275.x), combinations ptp4l
// refuses only when it starts, lines that change nothing, unusual values, and a node file judged against
// the switch file beside it. Files are small ones of our own; the linuxptp example configurations are run
// through the same checks in the conformance suite.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePtp4l } from '../../server/src/languages/ptp4l/analysis';
import { roleOf, stemOf } from '../../server/src/languages/ptp4l/checks/pair';
import { findInvocations, invocationsOf } from '../../server/src/languages/ptp4l/invocations';
import type { Problem } from '../../server/src/common/problem';

const check = (text: string, opts: { name?: string; version?: string; peers?: { file: string; text: string }[] } = {}) =>
  analyzePtp4l(`/w/${opts.name ?? 'ptp4l.cfg'}`, text, opts.version ?? '4.2', { peers: opts.peers }).problems;
const brief = (ps: readonly Problem[]) => ps.map((p) => `${p.span.start.line + 1}:${p.code}`);
const only = (ps: readonly Problem[], code: string) => ps.filter((p) => p.code === code);

const GPTP = `[global]
gmCapable 1
priority1 248
priority2 248
transportSpecific 1
ptp_dst_mac 01:80:C2:00:00:0E
network_transport L2
delay_mechanism P2P
follow_up_info 1
`;

describe('ptp4l profile checks', () => {
  it('finds nothing in a complete gPTP file or a file that claims no profile', () => {
    assert.deepEqual(brief(check(GPTP)), []);
    assert.deepEqual(brief(check('[global]\npriority1 128\nnetwork_transport UDPv4\n')), []);
  });

  it('flags the line that contradicts gPTP, says why the file reads as gPTP, and fixes the value', () => {
    const ps = check(GPTP.replace('network_transport L2', 'network_transport UDPv4').replace('delay_mechanism P2P', 'delay_mechanism e2e'));
    assert.deepEqual(brief(ps), ['7:ptp4l-gptp-profile', '8:ptp4l-gptp-profile']);
    assert.match(ps[0].message, /^gPTP \(IEEE 802\.1AS\) needs network_transport L2: .* This file sets UDPv4; it reads as gPTP \(IEEE 802\.1AS\) because of transportSpecific 1 at line 5 \(the 802\.1AS message type\)\.$/);
    assert.equal(ps[0].fixes?.[0].edits[0].newText, 'L2');
    assert.match(ps[1].message, /sets E2E/);
  });

  it('reports a default that contradicts the profile at the line that claims it, with a fix that adds the setting', () => {
    const ps = check('[global]\ntransportSpecific 1\n');
    assert.deepEqual(brief(ps), ['2:ptp4l-gptp-profile', '2:ptp4l-gptp-profile', '2:ptp4l-gptp-profile', '2:ptp4l-gptp-profile']);
    assert.deepEqual(ps.map((p) => /needs (\S+)/.exec(p.message)?.[1]).sort(), ['delay_mechanism', 'follow_up_info', 'network_transport', 'ptp_dst_mac']);
    const add = ps.find((p) => p.message.includes('network_transport'))!.fixes![0];
    assert.equal(add.title, 'Add network_transport L2 to [global]');
    assert.deepEqual(add.edits[0], { file: '/w/ptp4l.cfg', span: { start: { line: 2, column: 0 }, end: { line: 2, column: 0 } }, newText: 'network_transport L2\n' });
  });

  it('judges port-scoped settings per interface section', () => {
    const ps = check(`${GPTP.replace('transportSpecific 1\n', '')}[eth0]\ntransportSpecific 1\n[eth1]\nlogSyncInterval -3\n`);
    // eth1 inherits transportSpecific 0 from the default: reported at its header, with a fix for [global].
    assert.deepEqual(brief(ps), ['11:ptp4l-gptp-profile']);
    assert.match(ps[0].message, /needs transportSpecific 1: .* \[eth1\] leaves it at ptp4l's default, 0; .* because of transportSpecific 1 at line 10/);
    assert.equal(ps[0].fixes?.[0].title, 'Add transportSpecific 1 to [global]');
  });

  it('reads the claim from the file name and from comments', () => {
    assert.deepEqual(brief(check('[global]\ndelay_mechanism E2E\n', { name: 'gPTP-node.cfg' })).length > 0, true);
    const byComment = check('# gPTP end station\n[global]\n# gPTP end station\npriority1 248\n');
    assert.ok(byComment.some((p) => p.code === 'ptp4l-gptp-profile' && /comment above line 4/.test(p.message)));
  });

  it('judges an automotive file as automotive only, including what its client side needs', () => {
    const slave = `${GPTP}BMCA noop\nclientOnly 1\ninhibit_announce 1\nasCapable true\n`;
    const ps = check(slave, { name: 'automotive-slave.cfg' });
    assert.deepEqual(brief(ps), ['1:ptp4l-automotive-profile']);
    assert.match(ps[0].message, /needs ignore_source_id 1/);
    assert.deepEqual(brief(check(`${slave}ignore_source_id 1\n`, { name: 'automotive-slave.cfg' })), []);
    // BMCA noop over gPTP settings is the automotive profile even without the name.
    assert.ok(check(`${GPTP}BMCA noop\nserverOnly 1\n`).every((p) => p.code === 'ptp4l-automotive-profile'));
  });

  it('checks the telecom profiles against their domains and transports', () => {
    const g1 = '[global]\ndataset_comparison G.8275.x\nnetwork_transport L2\nlogAnnounceInterval -3\nlogSyncInterval -4\nlogMinDelayReqInterval -4\n';
    const ps = check(g1);
    assert.deepEqual(brief(ps), ['2:ptp4l-g8275-profile']);
    assert.match(ps[0].message, /^G\.8275\.1 .* needs domainNumber a domain from 24 to 43/);
    assert.deepEqual(brief(check(`${g1}domainNumber 24\n`)), []);
    // The transport set per port decides between .1 and .2 as well.
    const perPort = check('[global]\ndataset_comparison G.8275.x\ndomainNumber 44\n[eth0]\nnetwork_transport L2\n');
    assert.ok(perPort.some((p) => p.span.start.line === 2 && /^G\.8275\.1 .* needs domainNumber/.test(p.message)), JSON.stringify(brief(perPort)));
    const g2 = '[global]\ndataset_comparison G.8275.x\nnetwork_transport UDPv6\ndomainNumber 44\nlogAnnounceInterval 0\n';
    assert.deepEqual(brief(check(g2)), []);
    assert.deepEqual(brief(check(g2.replace('domainNumber 44', 'domainNumber 24'))), ['4:ptp4l-g8275-profile']);
    // Named G.8275.2 but comparing with the 1588 data set.
    assert.ok(check('[global]\nnetwork_transport UDPv4\ndomainNumber 44\n', { name: 'G.8275.2.cfg' }).some((p) => /needs dataset_comparison G\.8275\.x/.test(p.message)));
  });
});

describe('combinations ptp4l refuses when it starts', () => {
  it('refuses clientOnly with gmCapable 0, in the spelling of the version', () => {
    const ps = check('[global]\ngmCapable 0\nslaveOnly 1\n', { version: '3.1.1' });
    assert.deepEqual(brief(only(ps, 'ptp4l-refused-at-start')), ['2:ptp4l-refused-at-start']);
    assert.match(ps.find((p) => p.code === 'ptp4l-refused-at-start')!.message, /^Cannot mix 1588 slaveOnly with 802\.1AS !gmCapable/);
    assert.match(only(check('[global]\ngmCapable 0\nclientOnly 1\n'), 'ptp4l-refused-at-start')[0].message, /^Cannot mix 1588 clientOnly/);
    assert.deepEqual(only(check('[global]\ngmCapable 0\n'), 'ptp4l-refused-at-start'), []);
  });

  it('refuses BMCA noop on a port without a fixed role', () => {
    const ps = only(check('[global]\nBMCA noop\n[eth0]\nserverOnly 1\n[eth1]\nlogSyncInterval 0\n'), 'ptp4l-refused-at-start');
    assert.deepEqual(brief(ps), ['2:ptp4l-refused-at-start']);
    assert.match(ps[0].message, /^Please enable at least one of serverOnly or clientOnly when BMCA == noop .* port eth1/);
    assert.deepEqual(only(check('[global]\nBMCA noop\nclientOnly 1\n[eth1]\nlogSyncInterval 0\n'), 'ptp4l-refused-at-start'), []);
    assert.match(only(check('[global]\nBMCA noop\n', { version: '3.1.1' }), 'ptp4l-refused-at-start')[0].message, /masterOnly or slaveOnly/);
  });
});

describe('lines that change nothing', () => {
  it('flags an option set twice for the same place, a repeated section and a port line equal to [global]', () => {
    const ps = check('[global]\npriority1 100\nslaveOnly 0\npriority1 200\nclientOnly 0\nlogSyncInterval -3\n[eth0]\nlogSyncInterval -3\nlogAnnounceInterval 1\n[eth0]\nlogAnnounceInterval 0\n');
    assert.deepEqual(brief(ps.filter((p) => p.code !== 'ptp4l-deprecated-option')), [
      '2:ptp4l-repeated-option',
      '3:ptp4l-repeated-option',
      '8:ptp4l-same-as-global',
      '9:ptp4l-repeated-option',
      '10:ptp4l-repeated-port-section',
    ]);
    const twice = ps.find((p) => p.span.start.line === 1)!;
    assert.match(twice.message, /^priority1 is set again for \[global\] at line 4 \(priority1 200\)/);
    assert.deepEqual(twice.fixes?.[0].edits[0].span, { start: { line: 1, column: 0 }, end: { line: 2, column: 0 } });
    // slaveOnly is the old name of clientOnly: the later clientOnly line is the one ptp4l keeps.
    assert.match(ps.find((p) => p.span.start.line === 2 && p.code === 'ptp4l-repeated-option')!.message, /set again for \[global\] at line 5 \(clientOnly 0\)/);
  });

  it('compares numbers as numbers and leaves invalid lines to their own errors', () => {
    assert.deepEqual(brief(only(check('[global]\ntransportSpecific 0x1\n[eth0]\ntransportSpecific 1\n'), 'ptp4l-same-as-global')), ['4:ptp4l-same-as-global']);
    assert.deepEqual(brief(check('[global]\npriority1 300\npriority1 100\n')), ['2:ptp4l-out-of-range']);
  });
});

describe('unusual values', () => {
  it('asks for a second look at values that are legal but rarely meant', () => {
    const ps = only(check('[global]\nclockClass 6\nsanity_freq_limit 0\nlogSyncInterval -9\nlogAnnounceInterval -10\n'), 'ptp4l-unusual-value');
    assert.deepEqual(brief(ps), ['2:ptp4l-unusual-value', '3:ptp4l-unusual-value', '4:ptp4l-unusual-value', '5:ptp4l-unusual-value']);
    assert.match(ps[0].message, /clockClass 6 announces a clock locked to a primary reference/);
    assert.match(ps[2].message, /512 Sync messages a second/);
    assert.match(ps[3].message, /Announce messages .* more often than Sync/);
    // A client never announces its class.
    assert.deepEqual(only(check('[global]\nclockClass 6\nclientOnly 1\n'), 'ptp4l-unusual-value'), []);
    assert.deepEqual(brief(only(check('[global]\nclientOnly 1\nfree_running 1\n'), 'ptp4l-unusual-value')), ['3:ptp4l-unusual-value']);
  });
});

// The pair of files from the TSN guides, with one change per case.
const SWITCH = `[global]
gmCapable 1
priority1 128
priority2 128
ptp_dst_mac 01:1B:19:00:00:00
network_transport L2
delay_mechanism P2P
[CE01]
transportSpecific 0x1
[CE02]
transportSpecific 0x1
`;
const NODE = SWITCH.replace('gmCapable 1', 'gmCapable 0').replace(/\[CE01\][^]*$/, '[enp5s0]\ntransportSpecific 0x1\n');

describe('a node file against the switch file beside it', () => {
  const pair = (node: string, sw = SWITCH) => {
    const peers = [
      { file: '/w/ptp4l-node.cfg', text: node },
      { file: '/w/ptp4l-switch.cfg', text: sw },
    ];
    return analyzePtp4l('/w/ptp4l-node.cfg', node, '4.2', { peers }).problems.filter((p) => p.code === 'ptp4l-node-may-win' || p.code === 'ptp4l-pair-mismatch');
  };

  it('tells node and switch files apart by name', () => {
    assert.equal(roleOf('ptp4l-node.cfg'), 'node');
    assert.equal(roleOf('ptp4l-switch.cfg'), 'switch');
    assert.equal(roleOf('gm.cfg'), 'switch');
    assert.equal(roleOf('ptp4l.cfg'), undefined);
    assert.equal(roleOf('switch-client.cfg'), undefined);
    // Pairs are names that differ only in the role word.
    assert.equal(stemOf('ptp4l-node.cfg'), stemOf('ptp4l-switch.cfg'));
    assert.equal(stemOf('automotive-slave.cfg'), stemOf('automotive-master.cfg'));
    assert.equal(stemOf('gm.cfg'), stemOf('node.cfg'));
    assert.notEqual(stemOf('automotive-slave.cfg'), stemOf('UNICAST-MASTER.cfg'));
  });

  it('leaves unrelated files of the same folder alone', () => {
    const node = NODE.replace('gmCapable 0', 'gmCapable 1');
    const peers = [
      { file: '/w/ptp4l-node.cfg', text: node },
      { file: '/w/other-switch.cfg', text: SWITCH },
    ];
    assert.deepEqual(analyzePtp4l('/w/ptp4l-node.cfg', node, '4.2', { peers }).problems.filter((p) => p.code === 'ptp4l-node-may-win'), []);
  });

  it('is quiet for the guide\'s pair: gmCapable 0 gives the node class 255', () => {
    assert.deepEqual(pair(NODE), []);
  });

  it('warns when every compared value ties, so the MAC addresses decide', () => {
    const ps = pair(NODE.replace('gmCapable 0', 'gmCapable 1'));
    assert.deepEqual(brief(ps), ['3:ptp4l-node-may-win']);
    assert.match(ps[0].message, /tie on every value .*priority1 128, clockClass 248, clockAccuracy 254, offsetScaledLogVariance 65535, priority2 128/);
    assert.equal(ps[0].fixes?.[0].edits[0].newText, '255');
    assert.equal(ps[0].related?.[0].location.file, '/w/ptp4l-switch.cfg');
  });

  it('names the value that makes the node win', () => {
    const ps = pair(NODE.replace('gmCapable 0', 'gmCapable 1').replace('priority2 128', 'priority2 100'));
    assert.deepEqual(brief(ps), ['4:ptp4l-node-may-win']);
    assert.match(ps[0].message, /priority2 100 here against 128 there/);
    assert.deepEqual(pair(NODE.replace('gmCapable 0', 'gmCapable 1').replace('priority1 128', 'priority1 200')), []);
    assert.deepEqual(pair(NODE.replace('gmCapable 0', 'gmCapable 1') + '', SWITCH.replace('priority1 128', 'priority1 100')), []);
  });

  it('warns when the two could never hear each other', () => {
    const ps = pair(NODE.replace('network_transport L2', 'network_transport UDPv4'));
    assert.deepEqual(brief(ps), ['6:ptp4l-pair-mismatch']);
    assert.match(ps[0].message, /network_transport UDPv4 \(line 6\) but the switch's ptp4l-switch\.cfg has network_transport L2 \(line 6\)/);
    const ts = pair(NODE.replace('transportSpecific 0x1', 'transportSpecific 0'));
    assert.deepEqual(brief(ts), ['9:ptp4l-pair-mismatch']);
    assert.match(ts[0].message, /transportSpecific 0 \(line 9\).*transportSpecific 0x1 \(line 9\)/);
  });
});

describe('interface sections against the commands that run the file', () => {
  it('reads ptp4l command lines from scripts, units and documents', () => {
    const script = [
      '#!/bin/sh',
      'ip link set eth1 up',
      'ptp4l -f /etc/ptp4l.cfg -m &',
      'phc2sys -s eth1 -c CLOCK_REALTIME -w -O 0 -m &',
      'ExecStart=/usr/sbin/ptp4l -i eth1 \\',
      '    -f "/etc/linuxptp/ptp4l-node.cfg" -ieth2 # comment -i eth9',
      'sudo ptp4l -f $CFG -i $IF',
      'echo no-ptp4l-here',
    ].join('\n');
    const found = findInvocations('/w/start.sh', script);
    assert.deepEqual(
      found.map((c) => [c.line, c.config, c.interfaces]),
      [
        [2, '/etc/ptp4l.cfg', []],
        [4, '/etc/linuxptp/ptp4l-node.cfg', ['eth1', 'eth2']],
        [6, '$CFG', ['$IF']],
      ],
    );
    assert.deepEqual(invocationsOf('/repo/ptp4l-node.cfg', found).map((c) => c.line), [4]);
    // ptp4l glued to other bytes is not a command, nor is the bare word at the end of a line; a dangling -f reads nothing.
    assert.deepEqual(findInvocations('/w/x', '\u0000ptp4l -f a.cfg\n ptp4l\nptp4l -f'), [{ file: '/w/x', line: 2, config: undefined, interfaces: [], text: 'ptp4l -f' }]);
  });

  it('warns about a section the command does not name, and offers to rename it to the one it does', () => {
    const text = '[global]\nnetwork_transport L2\n[enp5s0]\nlogSyncInterval -3\n';
    const commands = findInvocations('/w/run.sh', 'ptp4l -f /etc/ptp4l.cfg -i eth1 -m\n');
    const ps = analyzePtp4l('/w/ptp4l.cfg', text, '4.2', { commands: invocationsOf('/w/ptp4l.cfg', commands) }).problems;
    assert.deepEqual(brief(ps), ['3:ptp4l-port-not-in-command']);
    assert.match(ps[0].message, /`ptp4l -f \/etc\/ptp4l\.cfg -i eth1 -m` \(run\.sh:1\), does not name enp5s0: ptp4l opens it as one more port besides eth1/);
    assert.equal(ps[0].fixes?.[0].title, 'Rename [enp5s0] to [eth1]');
    assert.deepEqual(ps[0].fixes?.[0].edits[0].span, { start: { line: 2, column: 1 }, end: { line: 2, column: 7 } });
    // Named by the command, run without -i, or with interfaces only the shell knows: nothing to say.
    const quiet = (cmd: string) => analyzePtp4l('/w/ptp4l.cfg', text, '4.2', { commands: invocationsOf('/w/ptp4l.cfg', findInvocations('/w/run.sh', cmd)) }).problems;
    assert.deepEqual(quiet('ptp4l -f ptp4l.cfg -i enp5s0 -i eth1'), []);
    assert.deepEqual(quiet('ptp4l -f ptp4l.cfg -m'), []);
    assert.deepEqual(quiet('ptp4l -f ptp4l.cfg -i "$IFACE"'), []);
    assert.deepEqual(quiet('ptp4l -f other.cfg -i eth1'), []);
  });
});
