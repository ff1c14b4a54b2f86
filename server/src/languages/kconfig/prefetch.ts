// A quick read of the Kconfig files ahead of the parser, only to learn which $(shell,...) commands
// the parse will run, so that they can run side by side while the parser works. Compiler probes
// ($(cc-option,...) and friends) are most of the time `conf` spends, and the kernel runs them one
// after the other.
//
// Nothing here decides a result: the parser still asks for every command it needs, and gets the
// answer of the command it asked for. A line this skim reads wrongly only costs a command started
// for nothing or one started late. The skim waits only for commands in `:=` assignments, whose
// values later commands are built from; other commands built from a guessed answer are not started
// (the parser runs those itself when it gets there).

import * as path from 'node:path';
import { HelpBlockLines, KEYWORDS, isWordCode } from './lexer';
import { MacroProcessor } from './macro';
import { HELP_LINE } from './lineScan';
import { sourceAllowed, type KconfigFileSystem } from './parser';

export interface PrefetchOptions {
  readonly srctree: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fs: KconfigFileSystem;
  readonly topFile?: string;
  /** Called once for each command whose text does not depend on another command's output. */
  readonly start: (command: string) => void;
  /**
   * The answer of a command, waiting for it. Used for `:=` assignments only: their values go into
   * the text of later commands (compiler name and version, -m32/-m64 flags), which can then start too.
   */
  readonly answer?: (command: string) => string | undefined;
}

const ASSIGNMENT = /^[ \t]*([A-Za-z0-9_$()-]+)[ \t]*(:=|\+=|=)[ \t]*(.*)$/;
const SOURCE = /^[ \t]*source[ \t]+"([^"]*)"/;
/** Bounds, as the parser has: no input makes this walk forever. */
const MAX_DEPTH = 64;
const MAX_FILES = 20_000;

/** Reads the files the top Kconfig sources, in the parser's order, and reports the commands they run. */
export function prefetchShellCommands(options: PrefetchOptions): void {
  const started = new Set<string>();
  const macros = new MacroProcessor({
    env: (name) => options.env[name] ?? (name === 'srctree' ? options.srctree : undefined),
    shell: (command, guessed) => {
      if (guessed) return undefined;
      if (!started.has(command)) {
        started.add(command);
        options.start(command);
      }
      // Elsewhere the macro processor goes on with its documented guess: the answer is not needed here.
      return settling ? options.answer?.(command) : undefined;
    },
    onMessage: () => undefined,
  });
  const stack: string[] = [];
  let files = 0;
  let settling = false;
  const resolve = (file: string) => (path.isAbsolute(file) ? file : path.join(options.srctree, file));
  const root = path.resolve(options.srctree);

  const visit = (file: string): void => {
    if (stack.length >= MAX_DEPTH || stack.includes(file) || ++files > MAX_FILES) return;
    // The parser reads nothing outside the tree (kconfig-source-outside-tree); neither does this first pass.
    if (!sourceAllowed(root, file, options.fs)) return;
    const text = options.fs.read(file);
    if (text === undefined) return;
    stack.push(file);
    const help = new HelpBlockLines();
    /** The lines that can matter, one by one; the rest are passed over without making strings. */
    const handle = (line: string, lineNo: number): void => {
      if (help.contains(line)) return;
      if (HELP_LINE.test(line)) {
        help.start();
        return;
      }
      const first = line.trimStart();
      if (first === '' || first.startsWith('#')) return;
      macros.setLocation({ file, line: lineNo });
      const assignment = ASSIGNMENT.exec(line);
      if (assignment && !KEYWORDS.has(assignment[1])) {
        const op = assignment[2];
        settling = op !== '=';
        macros.assign(assignment[1], op === '=' ? '=' : op === ':=' ? ':=' : '+=', assignment[3]);
        settling = false;
        return;
      }
      const source = SOURCE.exec(line);
      if (source) {
        visit(resolve(macros.expandString(source[1])));
        return;
      }
      // Anything else: every reference is expanded where the lexer would expand it (not after a comment).
      const comment = line.indexOf('#');
      for (let at = line.indexOf('$('); at >= 0 && (comment < 0 || at < comment); ) {
        const { end } = macros.expandDollar(line, at + 1);
        at = line.indexOf('$(', Math.max(end, at + 2));
      }
    };
    let lineNo = 0;
    let dollar = text.indexOf('$(');
    for (let pos = 0; pos <= text.length; ) {
      const eol = lineEnd(text, pos);
      lineNo++;
      if (eol > pos && text.charCodeAt(eol - 1) === 92) {
        // A line continued with a backslash: joined, then read like any other line.
        const startLine = lineNo;
        let line = text.slice(pos, eol);
        let next = eol + 1;
        while (line.endsWith('\\') && next <= text.length) {
          const e = lineEnd(text, next);
          line = line.slice(0, -1) + text.slice(next, e);
          next = e + 1;
          lineNo++;
        }
        handle(line, startLine);
        pos = next;
        continue;
      }
      if (dollar >= 0 && dollar < pos) dollar = text.indexOf('$(', pos);
      if (!help.containsSlice(text, pos, eol) && ((dollar >= 0 && dollar < eol) || mayMatter(text, pos, eol))) handle(text.slice(pos, eol), lineNo);
      pos = eol + 1;
    }
    stack.pop();
  };
  visit(resolve(options.topFile ?? 'Kconfig'));
}

function lineEnd(text: string, pos: number): number {
  const eol = text.indexOf('\n', pos);
  return eol < 0 ? text.length : eol;
}

/**
 * For a line without `$(`: false only when it cannot be a help start, an assignment or a `source`:
 * plain `config`, `bool`, `depends on` lines, which are most of a tree.
 */
function mayMatter(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  if (c === 104 /* h */ || c === 45 /* - */ || c === 115 /* s */) return true;
  // An assignment: a name (letters, digits, _ - $ ( )), blanks, then =, := or +=.
  let j = i;
  for (; j < end; j++) {
    const d = text.charCodeAt(j);
    if (!(isWordCode(d) || d === 36 || d === 40 || d === 41)) break;
  }
  if (j === i) return i < end && !(c > 32 && c < 127);
  while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  const op = text.charCodeAt(j);
  return op === 61 /* = */ || ((op === 58 /* : */ || op === 43) /* + */ && text.charCodeAt(j + 1) === 61);
}
