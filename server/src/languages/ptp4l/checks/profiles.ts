// Settings that contradict the profile a file claims. ptp4l runs any mix of options, but a gPTP (IEEE
// 802.1AS) node with UDP transport or end-to-end delay, or a telecom G.8275.1 clock outside domains 24-43,
// will not talk to the other side of the profile. The claim comes from the file itself: its name, a
// comment naming the profile, or settings that only that profile uses (not gmCapable alone: ptp4l applies
// it to 1588 clocks too, as class 255). The profile settings below are the
// ones linuxptp's own example files (configs/gPTP.cfg, automotive-*.cfg, G.8275.*.cfg) set.

import { problem, type Fix, type Problem } from '../../../common/problem';
import { span, type Span } from '../../../common/span';
import type { Ptp4lConfig, Ptp4lPort, Ptp4lValue } from '../model';
import type { Ptp4lFile } from '../parser';

export const GPTP_MAC = '01:80:C2:00:00:0E';
export const DEFAULT_PTP_MAC = '01:1B:19:00:00:00';

interface Requirement {
  readonly option: string;
  readonly ok: (v: Ptp4lValue) => boolean;
  /** What to write instead (the quick fix), when one value is the answer. */
  readonly want?: string;
  /** Says what the profile needs, for the message: "L2", "a domain from 24 to 43". */
  readonly needs: string;
  /** Why, in a few words. */
  readonly because: string;
}

interface Profile {
  readonly code: string;
  readonly title: string;
  /** Why we think the file claims the profile, with the place that says so; undefined when it does not. */
  claim(config: Ptp4lConfig, parsed: Ptp4lFile, fileName: string): Claim | undefined;
  requirements(config: Ptp4lConfig): Requirement[];
}

interface Claim {
  readonly reason: string;
  readonly span: Span;
}

const is = (want: string) => (v: Ptp4lValue) => v.text.toLowerCase() === want.toLowerCase();
const num = (want: number) => (v: Ptp4lValue) => v.number === want;
const within = (lo: number, hi: number) => (v: Ptp4lValue) => v.number !== undefined && v.number >= lo && v.number <= hi;

/** The first line of the file that sets `option` explicitly, anywhere, with a value `ok` accepts. */
function explicit(config: Ptp4lConfig, parsed: Ptp4lFile, option: string, ok: (v: Ptp4lValue) => boolean = () => true): Ptp4lValue | undefined {
  for (const section of parsed.sections) {
    const v = config.settingsOf(section).get(option);
    if (v && ok(v)) return v;
  }
  return undefined;
}

function bySetting(v: Ptp4lValue | undefined, what: string): Claim | undefined {
  return v?.setting ? { reason: `${v.setting.option} ${v.text} at line ${v.setting.line + 1} (${what})`, span: v.setting.optionSpan } : undefined;
}

function byName(parsed: Ptp4lFile, fileName: string, pattern: RegExp, label: string): Claim | undefined {
  if (!pattern.test(fileName)) return undefined;
  const first = parsed.sections[0];
  return { reason: `its name (${fileName} says ${label})`, span: first ? first.headerSpan : span(0, 0, 0, 0) };
}

/** A comment line naming the profile; comments are kept on the settings they precede. */
function byComment(parsed: Ptp4lFile, pattern: RegExp, label: string): Claim | undefined {
  for (const section of parsed.sections)
    for (const s of section.settings)
      if (s.comments.some((c) => pattern.test(c))) return { reason: `the comment above line ${s.line + 1}, which names ${label}`, span: s.optionSpan };
  return undefined;
}

const GPTP_NAME = /gptp|802\.?1as/i;

const gptpRequirements = (config: Ptp4lConfig): Requirement[] => [
  { option: 'transportSpecific', ok: num(1), want: '1', needs: '1', because: 'gPTP messages carry transportSpecific (majorSdoId) 1, and peers drop the others' },
  { option: 'network_transport', ok: is('L2'), want: 'L2', needs: 'L2', because: 'gPTP runs over Ethernet frames, not UDP' },
  { option: 'delay_mechanism', ok: is('P2P'), want: 'P2P', needs: 'P2P', because: 'gPTP measures link delay with peer-to-peer Pdelay messages' },
  { option: 'ptp_dst_mac', ok: is(GPTP_MAC), want: GPTP_MAC, needs: GPTP_MAC, because: 'gPTP sends every message to the non-forwardable address, which bridges consume rather than flood' },
  { option: 'p2p_dst_mac', ok: is(GPTP_MAC), want: GPTP_MAC, needs: GPTP_MAC, because: 'Pdelay messages must stay on the link' },
  // Only a clock that may send Sync needs it: not a client-only clock, nor a one-port end station that is not gmCapable.
  ...(sendsSync(config)
    ? [{ option: 'follow_up_info', ok: num(1), want: '1', needs: '1', because: 'an 802.1AS Follow_Up carries the follow-up information TLV, and ptp4l adds it only with follow_up_info 1' }]
    : []),
];

function sendsSync(config: Ptp4lConfig): boolean {
  if (config.isClientOnly) return false;
  return config.globalValue('gmCapable')?.number !== 0 || config.ports.length > 1;
}

const gptp: Profile = {
  code: 'ptp4l-gptp-profile',
  title: 'gPTP (IEEE 802.1AS)',
  claim: (config, parsed, fileName) =>
    byName(parsed, fileName, GPTP_NAME, 'gPTP') ??
    bySetting(explicit(config, parsed, 'transportSpecific', num(1)), 'the 802.1AS message type') ??
    bySetting(explicit(config, parsed, 'follow_up_info', num(1)), 'a setting only 802.1AS uses') ??
    byComment(parsed, /\bgPTP\b|802\.1AS/i, 'gPTP'),
  requirements: (config) => gptpRequirements(config),
};

const automotive: Profile = {
  code: 'ptp4l-automotive-profile',
  title: 'the automotive profile',
  claim: (config, parsed, fileName) => {
    const named = byName(parsed, fileName, /automotive/i, 'the automotive profile') ?? byComment(parsed, /\bautomotive\b/i, 'the automotive profile');
    if (named) return named;
    // A fixed master/slave (no BMCA) over gPTP settings is what the automotive profile is.
    const noop = explicit(config, parsed, 'BMCA', is('noop'));
    return noop && gptp.claim(config, parsed, fileName) ? bySetting(noop, 'fixed roles on gPTP settings') : undefined;
  },
  requirements: (config) => {
    const isClient = config.isClientOnly;
    return [
      ...gptpRequirements(config),
      { option: 'BMCA', ok: is('noop'), want: 'noop', needs: 'noop', because: 'roles are fixed in a car: no best master clock algorithm runs' },
      { option: 'inhibit_announce', ok: num(1), want: '1', needs: '1', because: 'without a BMCA no Announce messages are sent' },
      { option: 'asCapable', ok: is('true'), want: 'true', needs: 'true', because: 'ports are taken as capable from the start instead of after several Pdelay exchanges' },
      ...(isClient
        ? [{ option: 'ignore_source_id', ok: num(1), want: '1', needs: '1', because: 'with no Announce messages the client cannot learn which master to accept Sync from' }]
        : []),
    ];
  },
};

const telecomClaim = (which: '1' | '2') => (config: Ptp4lConfig, parsed: Ptp4lFile, fileName: string): Claim | undefined => {
  const named = byName(parsed, fileName, new RegExp(`G\\.?8275\\.?${which}`, 'i'), `G.8275.${which}`) ?? byComment(parsed, new RegExp(`G\\.8275\\.${which}`), `G.8275.${which}`);
  if (named) return named;
  const comparison = explicit(config, parsed, 'dataset_comparison', is('G.8275.x'));
  if (!comparison) return undefined;
  // network_transport is per port: the first interface section says it when there is one.
  const transport = config.firstPortValue('network_transport')?.text ?? '';
  const l2 = transport === 'L2';
  if ((which === '1') !== l2) return undefined;
  return bySetting(comparison, `the telecom comparison over ${l2 ? 'Ethernet' : 'UDP'}`);
};

const telecomCommon = (): Requirement[] => [
  { option: 'dataset_comparison', ok: is('G.8275.x'), want: 'G.8275.x', needs: 'G.8275.x', because: 'the telecom profiles choose the master with their own alternate BMCA' },
  { option: 'delay_mechanism', ok: is('E2E'), want: 'E2E', needs: 'E2E', because: 'the telecom profiles measure delay end to end' },
];

const g8275_1: Profile = {
  code: 'ptp4l-g8275-profile',
  title: 'G.8275.1 (telecom, full timing support)',
  claim: telecomClaim('1'),
  requirements: () => [
    ...telecomCommon(),
    { option: 'network_transport', ok: is('L2'), want: 'L2', needs: 'L2', because: 'G.8275.1 runs over Ethernet multicast' },
    { option: 'domainNumber', ok: within(24, 43), want: '24', needs: 'a domain from 24 to 43', because: 'G.8275.1 clocks only use domains 24 to 43' },
    { option: 'ptp_dst_mac', ok: (v) => is(GPTP_MAC)(v) || is(DEFAULT_PTP_MAC)(v), needs: `${GPTP_MAC} or ${DEFAULT_PTP_MAC}`, because: 'G.8275.1 allows only those two multicast addresses' },
    { option: 'logAnnounceInterval', ok: num(-3), want: '-3', needs: '-3 (8 per second)', because: 'G.8275.1 fixes the Announce rate' },
    { option: 'logSyncInterval', ok: num(-4), want: '-4', needs: '-4 (16 per second)', because: 'G.8275.1 fixes the Sync rate' },
    { option: 'logMinDelayReqInterval', ok: num(-4), want: '-4', needs: '-4 (16 per second)', because: 'G.8275.1 fixes the Delay_Req rate' },
  ],
};

const g8275_2: Profile = {
  code: 'ptp4l-g8275-profile',
  title: 'G.8275.2 (telecom, partial timing support)',
  claim: telecomClaim('2'),
  requirements: () => [
    ...telecomCommon(),
    { option: 'network_transport', ok: (v) => v.text === 'UDPv4' || v.text === 'UDPv6', want: 'UDPv4', needs: 'UDPv4 or UDPv6', because: 'G.8275.2 runs over IP unicast' },
    { option: 'domainNumber', ok: within(44, 63), want: '44', needs: 'a domain from 44 to 63', because: 'G.8275.2 clocks only use domains 44 to 63' },
    { option: 'logAnnounceInterval', ok: within(-3, 0), needs: 'from -3 to 0', because: 'G.8275.2 allows 1 to 8 Announce messages per second' },
    { option: 'logSyncInterval', ok: within(-7, 0), needs: 'from -7 to 0', because: 'G.8275.2 allows 1 to 128 Sync messages per second' },
    { option: 'logMinDelayReqInterval', ok: within(-7, 0), needs: 'from -7 to 0', because: 'G.8275.2 allows 1 to 128 Delay_Req messages per second' },
  ],
};

/** Automotive includes gPTP, so a file that claims it is judged only as automotive. */
const PROFILES: readonly Profile[] = [automotive, gptp, g8275_1, g8275_2];

export function checkProfiles(file: string, parsed: Ptp4lFile, config: Ptp4lConfig, fileName: string): Problem[] {
  const out: Problem[] = [];
  const claimed = new Set<Profile>();
  for (const profile of PROFILES) {
    if (profile === gptp && claimed.has(automotive)) continue;
    const claim = profile.claim(config, parsed, fileName);
    if (!claim) continue;
    claimed.add(profile);
    for (const r of profile.requirements(config)) {
      if (!config.has(r.option)) continue;
      out.push(...contradictions(file, config, profile, claim, r));
    }
  }
  return out;
}

/** One warning per line that sets a contradicting value, or one at the claim when the default contradicts. */
function contradictions(file: string, config: Ptp4lConfig, profile: Profile, claim: Claim, r: Requirement): Problem[] {
  const values: { v: Ptp4lValue; port?: Ptp4lPort }[] = [];
  const item = config.item(r.option);
  if (item?.scope === 'port' && config.ports.length > 0) for (const port of config.ports) values.push({ v: valueFor(config, port, r.option), port });
  else {
    const g = config.globalValue(r.option);
    if (g) values.push({ v: g });
  }
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const { v, port } of values) {
    if (r.ok(v)) continue;
    const key = v.setting ? `${v.setting.line}` : 'default';
    if (seen.has(key)) continue;
    seen.add(key);
    const who = port && !v.setting ? `[${port.name}]` : 'This file';
    const message = `${profile.title} needs ${r.option} ${r.needs}: ${r.because}. ${who} ${v.setting ? `sets ${v.text}` : `leaves it at ptp4l's default, ${v.text}`}; it reads as ${profile.title} because of ${claim.reason}.`;
    const fixes: Fix[] = [];
    if (r.want !== undefined && v.setting) fixes.push({ title: `Change to ${r.option} ${r.want}`, edits: [{ file, span: v.setting.valueSpan, newText: r.want }], preferred: true });
    if (r.want !== undefined && !v.setting && config.global) {
      const after = config.global.settings.length > 0 ? config.global.settings[config.global.settings.length - 1].line + 1 : config.global.line + 1;
      fixes.push({ title: `Add ${r.option} ${r.want} to [global]`, edits: [{ file, span: span(after, 0, after, 0), newText: `${r.option} ${r.want}\n` }], preferred: true });
    }
    out.push(problem(profile.code, 'warning', message, file, v.setting ? v.setting.valueSpan : port ? port.sections[0].nameSpan : claim.span, { fixes }));
  }
  return out;
}

function valueFor(config: Ptp4lConfig, port: Ptp4lPort, option: string): Ptp4lValue {
  return config.portValue(port, option) ?? { option, text: '(none)' };
}
