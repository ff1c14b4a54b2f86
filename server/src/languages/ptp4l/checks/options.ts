// Each `option value` line judged as ptp4l's parse_item judges it, for one linuxptp version: the name
// (after ptp4l's own rewrite of deprecated names), then the value, then whether the option may be set in
// a port section. Messages start with ptp4l's own words; what follows them is ours.

import { problem, type Fix, type Problem } from '../../../common/problem';
import { nearestOf } from '../../../common/names';
import type { Ptp4lFile, Ptp4lSection, Ptp4lSetting } from '../parser';
import { ptp4lOptions, tableVersion, versionsWith, type Ptp4lOptionData, type Ptp4lOptionVersion } from '../options';
import { rangedDouble, rangedInt } from '../values';

/** Options whose value may also be the word ASAP (parse_fault_interval). */
const FAULT_INTERVALS = new Set(['fault_badpeernet_interval', 'fault_reset_interval']);

export function checkOptions(file: string, parsed: Ptp4lFile, version: string, data: Ptp4lOptionData = ptp4lOptions): Problem[] {
  const out: Problem[] = [];
  const v = tableVersion(version, data);
  const renames = new Map((data.deprecated[v] ?? []).map((d) => [d.from, d.to]));
  const namesHere = Object.keys(data.options).filter((n) => data.options[n].versions[v]);
  // Looked up once: searching the sections again for every setting made a file of many port sections quadratic.
  const globalSection = parsed.sections.find((x) => x.kind === 'global');
  for (const section of parsed.sections) {
    if (section.kind === 'unicast_master_table') continue;
    for (const s of section.settings) out.push(...checkSetting(file, section, s, v, version, renames, namesHere, data, globalSection));
  }
  return out;
}

function checkSetting(
  file: string,
  section: Ptp4lSection,
  s: Ptp4lSetting,
  v: string,
  asked: string,
  renames: ReadonlyMap<string, string>,
  namesHere: readonly string[],
  data: Ptp4lOptionData,
  globalSection: Ptp4lSection | undefined,
): Problem[] {
  const out: Problem[] = [];
  const where = section.kind === 'global' ? 'global' : section.name;
  const line = s.line + 1;
  let name = s.option;
  const renamed = renames.get(name);
  if (renamed) {
    out.push(
      problem('ptp4l-deprecated-option', 'warning', `option ${name} is deprecated, please use ${renamed} instead (ptp4l ${v} still reads it as ${renamed}).`, file, s.optionSpan, {
        fixes: [{ title: `Change to ${renamed}`, edits: [{ file, span: s.optionSpan, newText: renamed }], preferred: true }],
      }),
    );
    name = renamed;
  }
  if (FAULT_INTERVALS.has(name) && s.value.toLowerCase() === 'asap') return out;
  const item = data.options[name]?.versions[v];
  if (!item) {
    const elsewhere = versionsWith(name, data);
    const versionLabel = asked === v ? `linuxptp ${v}` : `linuxptp ${asked} (checked with ${v}'s table)`;
    let why: string;
    let fixes: Fix[] = [];
    if (elsewhere.length > 0) {
      // Known to another version: offer the spelling this version understands when there is one.
      const successor = [...renames].find(([, to]) => to === name)?.[0] ?? (data.deprecated[elsewhere[elsewhere.length - 1]] ?? []).find((d) => d.from === name)?.to;
      const older = (data.deprecated[elsewhere[elsewhere.length - 1]] ?? []).find((d) => d.to === name && data.options[d.from]?.versions[v]);
      why = ` ${versionLabel} does not have ${name}; linuxptp ${elsewhere.join(' and ')} ${elsewhere.length > 1 ? 'have' : 'has'} it.`;
      const spelled = older?.from ?? (successor && data.options[successor]?.versions[v] ? successor : undefined);
      if (spelled) {
        why += ` This version spells it ${spelled}.`;
        fixes = [{ title: `Change to ${spelled}`, edits: [{ file, span: s.optionSpan, newText: spelled }], preferred: true }];
      }
    } else {
      const near = nearestOf(name, namesHere, 3);
      why = near.length > 0 ? ` Did you mean ${near.join(', ')}? (Option names are case-sensitive.)` : '';
      fixes = near.map((n, i) => ({ title: `Change to ${n}`, edits: [{ file, span: s.optionSpan, newText: n }], preferred: i === 0 }));
    }
    out.push(problem(elsewhere.length > 0 ? 'ptp4l-option-other-version' : 'ptp4l-unknown-option', 'error', `unknown option ${s.option} at line ${line} in ${where} section.${why}`, file, s.optionSpan, { fixes }));
    return out;
  }
  const verdict = judge(item, s.value);
  if (verdict !== 'ok') {
    const detail = describeAccepted(item);
    const messages = {
      'bad-value': ['ptp4l-bad-value', `${s.value} is a bad value for option ${s.option} at line ${line}.`],
      malformed: ['ptp4l-malformed-value', `${s.value} is a malformed value for option ${s.option} at line ${line}.`],
      'out-of-range': ['ptp4l-out-of-range', `${s.value} is an out of range value for option ${s.option} at line ${line}.`],
    } as const;
    const [code, text] = messages[verdict];
    out.push(problem(code, 'error', `${text} ${detail}${inlineCommentHint(s.value)}`, file, s.valueSpan, { fixes: valueFixes(file, s, item) }));
    return out;
  }
  if (section.kind === 'port' && item.scope === 'global') {
    out.push(
      problem('ptp4l-global-only', 'error', `unknown option ${s.option} at line ${line} in ${where} section. ${name} can only be set in [global].`, file, s.optionSpan, {
        fixes: globalSection ? [moveToGlobal(file, s, globalSection)] : [],
      }),
    );
  }
  return out;
}

function judge(item: Ptp4lOptionVersion, value: string): 'ok' | 'bad-value' | 'malformed' | 'out-of-range' {
  switch (item.type) {
    case 'int':
      return rangedInt(value, item.min ?? -Infinity, item.max ?? Infinity);
    case 'double':
      return rangedDouble(value, item.min ?? -Infinity, item.max ?? Infinity);
    case 'enum':
      return (item.values ?? []).some((l) => l.toLowerCase() === value.toLowerCase()) ? 'ok' : 'bad-value';
    case 'string':
      return 'ok';
  }
}

function describeAccepted(item: Ptp4lOptionVersion): string {
  if (item.type === 'enum') return `It takes one of ${(item.values ?? []).join(', ')}.`;
  if (item.type === 'int') return `It takes an integer from ${item.min} to ${item.max}.`;
  if (item.type === 'double') return `It takes a number from ${item.min} to ${item.max}.`;
  return '';
}

function inlineCommentHint(value: string): string {
  if (/\s#/.test(value)) return ' ptp4l has no comments after a value: `#` only starts a comment at the beginning of a line.';
  if (/^=\s*/.test(value)) return ' ptp4l separates name and value by blanks, without `=`.';
  return '';
}

/** `key = value` → `key value`; an inline comment moved onto its own line above. */
function valueFixes(file: string, s: Ptp4lSetting, item: Ptp4lOptionVersion): Fix[] {
  const fixes: Fix[] = [];
  const eq = /^=\s*(.*)$/.exec(s.value);
  if (eq && judge(item, eq[1]) === 'ok') fixes.push({ title: 'Remove the "="', edits: [{ file, span: s.valueSpan, newText: eq[1] }], preferred: true });
  const hash = /^(.*?)\s+(#.*)$/.exec(s.value);
  if (hash && judge(item, hash[1]) === 'ok') {
    fixes.push({
      title: 'Move the comment onto its own line',
      edits: [
        { file, span: s.valueSpan, newText: hash[1] },
        { file, span: { start: { line: s.line, column: 0 }, end: { line: s.line, column: 0 } }, newText: `${hash[2]}\n` },
      ],
      preferred: true,
    });
  }
  if (item.type === 'enum') {
    const near = nearestOf(s.value, item.values ?? [], 2);
    fixes.push(...near.map((n) => ({ title: `Change to ${n}`, edits: [{ file, span: s.valueSpan, newText: n }] })));
  }
  return fixes;
}

/** Delete the line here and write it at the end of [global]. */
function moveToGlobal(file: string, s: Ptp4lSetting, global: Ptp4lSection): Fix {
  const last = global.settings.length > 0 ? global.settings[global.settings.length - 1].line : global.line;
  const text = `${s.option} ${s.value}`;
  return {
    title: `Move ${s.option} to [global]`,
    edits: [
      { file, span: { start: { line: last + 1, column: 0 }, end: { line: last + 1, column: 0 } }, newText: `${text}\n` },
      { file, span: { start: { line: s.line, column: 0 }, end: { line: s.line + 1, column: 0 } }, newText: '' },
    ],
    preferred: true,
  };
}
