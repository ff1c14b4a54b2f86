// A node's file judged against the switch's file beside it whose name differs only in the role word
// (ptp4l-node.cfg and ptp4l-switch.cfg, as the TSN guides lay them out): the two must share domain, transport and message type to hear each other at
// all, and the node must lose the best master choice, or it becomes grandmaster and the switch follows it.
// The comparison is linuxptp's (bmc.c dscmp for ieee1588, telecom.c for G.8275.x) on the values each file
// gives; where every compared value ties, the clock identities (from the MAC addresses) decide, which no
// file controls.

import { problem, type Fix, type Problem } from '../../../common/problem';
import { span, type Span } from '../../../common/span';
import type { Ptp4lConfig, Ptp4lValue } from '../model';
import type { Ptp4lFile } from '../parser';

export interface Ptp4lPeerFile {
  readonly file: string;
  readonly fileName: string;
  readonly parsed: Ptp4lFile;
  readonly config: Ptp4lConfig;
}

export type Ptp4lRole = 'switch' | 'node';

const NODE = /node|slave|client|host|station|guest|endpoint/i;
const SWITCH = /switch|bridge|grandmaster|master|server|(?<![a-z])gm(?![a-z])/i;

/** What a file is for, by its name; undefined when the name says neither or both. */
export function roleOf(fileName: string): Ptp4lRole | undefined {
  const node = NODE.test(fileName);
  const sw = SWITCH.test(fileName);
  return node === sw ? undefined : node ? 'node' : 'switch';
}

/**
 * The name without its role word: a node's file pairs with the switch file whose name differs only there
 * (ptp4l-node.cfg and ptp4l-switch.cfg, automotive-slave.cfg and automotive-master.cfg), so unrelated files that
 * happen to share a folder (linuxptp's examples) are not compared.
 */
export function stemOf(fileName: string): string {
  return fileName.toLowerCase().replace(new RegExp(`${NODE.source}|${SWITCH.source}`, 'i'), '*');
}

interface Field {
  readonly option: string;
  readonly value: number;
  readonly at?: Ptp4lValue;
}

export function checkPair(self: Ptp4lPeerFile, peers: readonly Ptp4lPeerFile[]): Problem[] {
  if (roleOf(self.fileName) !== 'node') return [];
  const out: Problem[] = [];
  const stem = stemOf(self.fileName);
  for (const sw of peers.filter((p) => p.file !== self.file && roleOf(p.fileName) === 'switch' && stemOf(p.fileName) === stem)) {
    const mismatches = mismatch(self, sw);
    out.push(...mismatches);
    if (mismatches.length === 0) out.push(...wins(self, sw));
  }
  return out;
}

const anchor = (f: Ptp4lPeerFile, v: Ptp4lValue | undefined): Span => v?.setting?.optionSpan ?? f.config.global?.headerSpan ?? span(0, 0, 0, 0);
const describe = (option: string, v: Ptp4lValue | undefined) => `${option} ${v?.text ?? '(unset)'}${v?.setting ? ` (line ${v.setting.line + 1})` : ' (default)'}`;

/** Settings both sides must agree on, compared in [global]: a difference means they never exchange messages. */
function mismatch(node: Ptp4lPeerFile, sw: Ptp4lPeerFile): Problem[] {
  const out: Problem[] = [];
  for (const option of ['domainNumber', 'network_transport', 'transportSpecific', 'delay_mechanism', 'ptp_dst_mac']) {
    const a = node.config.firstPortValue(option);
    const b = sw.config.firstPortValue(option);
    if (!a || !b || a.text.toLowerCase() === b.text.toLowerCase() || (a.number !== undefined && a.number === b.number)) continue;
    out.push(
      problem(
        'ptp4l-pair-mismatch',
        'warning',
        `This node has ${describe(option, a)} but the switch's ${sw.fileName} has ${describe(option, b)}; ptp4l on each side ignores what the other sends, so the node never synchronizes.`,
        node.file,
        anchor(node, a),
        { related: [{ location: { file: sw.file, span: anchor(sw, b) }, message: `${option} in ${sw.fileName}` }] },
      ),
    );
  }
  return out;
}

/** The fields of the default data set in the order the comparison uses them. */
function dataset(config: Ptp4lConfig, telecom: boolean): Field[] {
  const client = config.globalValue(config.clientOnlyName);
  const gm = config.globalValue('gmCapable');
  const get = (option: string): Field => {
    const v = config.globalValue(option);
    return { option, value: v?.number ?? 0, at: v };
  };
  const clockClass = get('clockClass');
  // clock_create forces class 255 on a clock that is clientOnly or not gmCapable.
  const forced = client?.number === 1 ? client : gm?.number === 0 ? gm : undefined;
  const cls: Field = forced ? { option: 'clockClass', value: 255, at: forced } : clockClass;
  const quality = [cls, get('clockAccuracy'), get('offsetScaledLogVariance')];
  return telecom ? [...quality, get('priority2')] : [get('priority1'), ...quality, get('priority2')];
}

function wins(node: Ptp4lPeerFile, sw: Ptp4lPeerFile): Problem[] {
  if (node.config.firstPortValue('BMCA')?.text === 'noop' || sw.config.firstPortValue('BMCA')?.text === 'noop') return [];
  if (node.config.isClientOnly) return [];
  const telecom = node.config.globalValue('dataset_comparison')?.text === 'G.8275.x';
  const a = dataset(node.config, telecom);
  const b = dataset(sw.config, telecom);
  const differ = a.findIndex((f, i) => f.value !== b[i].value);
  if (differ >= 0 && a[differ].value > b[differ].value) return [];
  const key = a.map((f) => `${f.option} ${f.value}`).join(', ');
  const theirs = b.map((f) => `${f.option} ${f.value}`).join(', ');
  const deciding = differ >= 0 ? a[differ] : a[0];
  const message =
    differ >= 0
      ? `This node beats the switch in ${sw.fileName} in the best master choice: ${deciding.option} ${a[differ].value} here against ${b[differ].value} there (lower wins), so the node becomes grandmaster and the switch synchronizes to it. Compared in order: ${key} here; ${theirs} there.`
      : `This node and the switch in ${sw.fileName} tie on every value the best master choice compares (${key}), so the lower clock identity, taken from the MAC address, decides: the node may become grandmaster. ${telecom ? 'G.8275.defaultDS.localPriority and the ports\' G.8275.portDS.localPriority break the tie before the identity does.' : ''}`.trim();
  const option = telecom ? 'priority2' : 'priority1';
  const current = node.config.globalValue(option);
  const fixes: Fix[] = [];
  if (current?.setting) fixes.push({ title: `Set ${option} 255 so the node never wins`, edits: [{ file: node.file, span: current.setting.valueSpan, newText: '255' }], preferred: true });
  else if (node.config.global) {
    const g = node.config.global;
    const after = g.settings.length > 0 ? g.settings[g.settings.length - 1].line + 1 : g.line + 1;
    fixes.push({ title: `Add ${option} 255 so the node never wins`, edits: [{ file: node.file, span: span(after, 0, after, 0), newText: `${option} 255\n` }], preferred: true });
  }
  const there = b[differ >= 0 ? differ : 0];
  return [
    problem('ptp4l-node-may-win', 'warning', message, node.file, anchor(node, deciding.at), {
      related: [{ location: { file: sw.file, span: anchor(sw, there.at) }, message: `${there.option} in ${sw.fileName}` }],
      fixes,
    }),
  ];
}
