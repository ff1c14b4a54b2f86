// Document outlines: a fragment's assignments grouped under the comment lines that head them, and a
// Kconfig file's entries nested in its menus, choices and `if` blocks. Read from the text as it is in
// the editor, so the outline follows unsaved edits and works without a kernel tree.

import { lineSpan, span } from '../../../common/span';
import type { DocumentSymbolEntry } from '../../../services';
import { parseFragment } from '../fragment';
import { HelpBlockLines } from '../lexer';
import { HELP_LINE } from '../lineScan';

/** Assignments under the comment that precedes them (Kata's fragments are written that way); the rest at the top. */
export function fragmentOutline(text: string): DocumentSymbolEntry[] {
  const out: DocumentSymbolEntry[] = [];
  // Lengths are kept so that spans end where their lines end (not past them, outside the document).
  let group: { name: string; line: number; length: number; children: DocumentSymbolEntry[]; last: number; lastLength: number } | undefined;
  const close = () => {
    if (group && group.children.length > 0) {
      out.push({ name: group.name, kind: 'group', span: span(group.line, 0, group.last, group.lastLength), selectionSpan: lineSpan(group.line, 0, group.length), children: group.children });
    }
    group = undefined;
  };
  for (const l of parseFragment('', text).lines) {
    if (l.kind === 'comment' && !l.ignoredBecause) {
      const heading = l.text.replace(/^#+\s*/, '').replace(/\r$/, '').trim();
      if (heading === '') continue;
      close();
      group = { name: heading, line: l.line, length: l.text.replace(/\r$/, '').length, children: [], last: l.line, lastLength: 0 };
      continue;
    }
    if (l.kind === 'blank') continue;
    if ((l.kind !== 'assign' && l.kind !== 'not-set') || l.name === undefined) continue;
    const length = l.text.replace(/\r$/, '').length;
    const entry: DocumentSymbolEntry = {
      name: `CONFIG_${l.name}`,
      kind: 'option',
      detail: l.kind === 'not-set' ? 'is not set' : `= ${l.value ?? ''}`,
      span: lineSpan(l.line, 0, length),
      selectionSpan: lineSpan(l.line, l.nameStart ?? 0, (l.nameEnd ?? 0) - (l.nameStart ?? 0)),
    };
    if (group) {
      group.children.push(entry);
      group.last = l.line;
      group.lastLength = length;
    } else {
      out.push(entry);
    }
  }
  close();
  return out;
}

const ENTRY = /^[ \t]*(config|menuconfig)[ \t]+([A-Za-z0-9_]+)/;
const MENU = /^[ \t]*(menu|comment)[ \t]+"((?:[^"\\]|\\.)*)"/;
const CHOICE = /^[ \t]*choice\b[ \t]*([A-Za-z0-9_]*)/;
const IF = /^[ \t]*if[ \t]+(.*?)[ \t]*(#.*)?$/;
const END = /^[ \t]*(endmenu|endchoice|endif)\b/;
const PROMPT = /^[ \t]*(bool|boolean|tristate|string|int|hex|prompt)[ \t]+"((?:[^"\\]|\\.)*)"/;

/**
 * Blocks nest at most this deep in an outline, as in the parser (deeper input is an error there): the editor and
 * the protocol layer walk the outline recursively, and 10,000 nested menus overflowed the stack. Deeper blocks
 * are listed as entries of the deepest one, with their contents beside them.
 */
const MAX_OUTLINE_DEPTH = 200;

interface OpenBlock {
  readonly entry: { name: string; kind: DocumentSymbolEntry['kind']; detail?: string; line: number; nameStart: number; nameLength: number };
  readonly children: DocumentSymbolEntry[];
}

/** `config`/`menuconfig` entries (with their prompt as detail), nested in `menu`, `choice` and `if` blocks. */
export function kconfigOutline(text: string): DocumentSymbolEntry[] {
  const lines = text.split('\n');
  /** A line's length without a \r before its \n: a span to there ends inside the document. */
  const lengthOf = (i: number) => (lines[i] ?? '').replace(/\r$/, '').length;
  const root: DocumentSymbolEntry[] = [];
  const stack: OpenBlock[] = [];
  const help = new HelpBlockLines();
  // The entry being read (config/menuconfig/comment), closed when the next statement at block level starts.
  let current: { name: string; kind: DocumentSymbolEntry['kind']; detail?: string; line: number; last: number; nameStart: number; nameLength: number } | undefined;
  const siblings = () => (stack.length ? stack[stack.length - 1].children : root);
  const closeCurrent = () => {
    if (!current) return;
    siblings().push({
      name: current.name,
      kind: current.kind,
      detail: current.detail,
      span: span(current.line, 0, current.last, lengthOf(current.last)),
      selectionSpan: lineSpan(current.line, current.nameStart, current.nameLength),
    });
    current = undefined;
  };
  /** Blocks opened past MAX_OUTLINE_DEPTH, whose end keywords close nothing. */
  let flattened = 0;
  const open = (entry: OpenBlock['entry']) => {
    closeCurrent();
    if (stack.length >= MAX_OUTLINE_DEPTH) {
      flattened++;
      const s = lineSpan(entry.line, entry.nameStart, entry.nameLength);
      siblings().push({ name: entry.name, kind: entry.kind, detail: entry.detail, span: span(entry.line, 0, entry.line, lengthOf(entry.line)), selectionSpan: s });
      return;
    }
    stack.push({ entry, children: [] });
  };
  const closeBlock = (endLine: number) => {
    closeCurrent();
    if (flattened > 0) {
      flattened--;
      return;
    }
    const block = stack.pop();
    if (!block) return;
    const e = block.entry;
    siblings().push({
      name: e.name,
      kind: e.kind,
      detail: e.detail,
      span: span(e.line, 0, endLine, lengthOf(endLine)),
      selectionSpan: lineSpan(e.line, e.nameStart, e.nameLength),
      children: block.children,
    });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (help.contains(line)) {
      if (current && line.trim() !== '') current.last = i;
      continue;
    }
    if (HELP_LINE.test(line)) {
      help.start();
      if (current) current.last = i;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = ENTRY.exec(line))) {
      closeCurrent();
      current = { name: m[2], kind: 'option', line: i, last: i, nameStart: m[0].length - m[2].length, nameLength: m[2].length, detail: m[1] === 'menuconfig' ? 'menuconfig' : undefined };
    } else if ((m = MENU.exec(line))) {
      if (m[1] === 'menu') {
        open({ name: m[2], kind: 'menu', line: i, nameStart: line.indexOf('"'), nameLength: m[2].length + 2 });
      } else {
        closeCurrent();
        current = { name: m[2], kind: 'section', detail: 'comment', line: i, last: i, nameStart: line.indexOf('"'), nameLength: m[2].length + 2 };
      }
    } else if ((m = CHOICE.exec(line))) {
      open({ name: m[1] || 'choice', kind: 'choice', line: i, nameStart: line.indexOf('choice'), nameLength: 6 });
    } else if ((m = IF.exec(line))) {
      open({ name: `if ${m[1]}`, kind: 'group', line: i, nameStart: line.indexOf('if'), nameLength: line.length - line.indexOf('if') });
    } else if (END.test(line)) {
      closeBlock(i);
    } else if ((m = PROMPT.exec(line))) {
      if (current && current.detail === undefined) current.detail = m[2];
      else if (current?.detail === 'menuconfig') current.detail = `menuconfig · ${m[2]}`;
      else if (!current && stack.length && stack[stack.length - 1].entry.kind === 'choice') stack[stack.length - 1].entry.detail = m[2];
      if (current) current.last = i;
    } else if (current && line.trim() !== '' && !line.trimStart().startsWith('#') && /^[ \t]/.test(line)) {
      current.last = i;
    }
  }
  // Blocks left open at the end of the file (an error the parser reports) still appear.
  while (stack.length) closeBlock(lines.length - 1);
  closeCurrent();
  return root;
}
