// A faithful model of the kernel's scripts/kconfig/merge_config.sh at the text level: how it
// concatenates fragments (dropping earlier lines a later fragment overrides), what it prints about
// redefined values, and which "Value requested for CONFIG_X not in final .config" reports it makes.
// The script works with sed and grep on raw lines; so does this, including their quirks.

import { appendAll } from '../../common/arrays';

export interface FragmentText {
  /** The path as given to the script (it prints it back). */
  readonly file: string;
  readonly text: string;
}

/** Where a line of the merged file came from. */
export interface LineOrigin {
  readonly file: string;
  /** 1-based line in that fragment; 0 for the blank separator line the script adds. */
  readonly line: number;
}

export interface RedefinitionMessage {
  readonly kind: 'redefined' | 'redundant';
  readonly symbol: string;
  /** The fragment that redefines it. */
  readonly file: string;
  /** What the merged file said before, and what the new fragment says (grep -w output, several lines possible). */
  readonly previous: string;
  readonly next: string;
  /** Lines of the merged file the script deleted because of this redefinition. */
  readonly deleted: readonly LineOrigin[];
}

export interface MergedFragments {
  /** The text handed to conf as KCONFIG_ALLCONFIG. */
  readonly text: string;
  readonly origins: readonly LineOrigin[];
  readonly messages: readonly RedefinitionMessage[];
}

/** The script's lost-value report for one symbol. */
export interface LostReport {
  readonly symbol: string;
  readonly requested: string;
  readonly actual: string;
}

export interface MergeScriptOptions {
  /** -r: also print "redundant" for repeated identical values. Kata passes -r. */
  readonly warnRedundant?: boolean;
  /** -y: a later `=m` does not demote an earlier `=y`. */
  readonly builtinPrecedence?: boolean;
}

/** Lines as sed and grep see them (a final line without newline still counts). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The symbols sed extracts: `CONFIG_X=...` lines and exact `# CONFIG_X is not set` lines, in order. */
export function assignedSymbols(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = /^(CONFIG_[a-zA-Z0-9_]*)=/.exec(line) ?? /^# (CONFIG_[a-zA-Z0-9_]*) is not set$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** `grep -w WORD`: the word occurs somewhere on the line with non-word characters (or the line's ends) around it. */
export function grepWordMatches(line: string, word: string): boolean {
  if (word === '') return false;
  let from = 0;
  for (;;) {
    const i = line.indexOf(word, from);
    if (i < 0) return false;
    if (!isWordChar(line[i - 1]) && !isWordChar(line[i + word.length])) return true;
    from = i + 1;
  }
}

/** `$(grep -w WORD FILE)`: the matching lines joined by newlines, trailing newlines dropped. */
export function grepWord(lines: readonly string[], word: string): string {
  return lines
    .filter((l) => grepWordMatches(l, word))
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * `grep -w` for many names made only of word characters: such a name matches a line exactly when it
 * is one of the line's maximal runs of word characters, so the lines can be indexed by those runs.
 */
export class WordIndex {
  private readonly byWord = new Map<string, number[]>();

  constructor(private readonly lines: readonly string[]) {
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/[A-Za-z0-9_]+/g)) {
        const list = this.byWord.get(m[0]);
        if (!list) this.byWord.set(m[0], [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
  }

  has(word: string): boolean {
    return this.byWord.has(word);
  }

  /** Same result as grepWord(lines, word) for a word of [A-Za-z0-9_] characters. */
  grep(word: string): string {
    return (this.byWord.get(word) ?? [])
      .map((i) => this.lines[i])
      .join('\n')
      .replace(/\n+$/, '');
  }
}

/** `sed "/WORD[ =]/d"`: the line contains the word followed by a blank or '='. */
function sedDeletes(line: string, word: string): boolean {
  return line.includes(word + ' ') || line.includes(word + '=');
}

/** `${VAR#CONFIG_*=}`: the shortest prefix matching CONFIG_*= removed. */
function valueAfterEquals(text: string): string {
  if (!text.startsWith('CONFIG_')) return text;
  const eq = text.indexOf('=', 7);
  return eq < 0 ? text : text.slice(eq + 1);
}

/**
 * The merge loop of merge_config.sh: the first fragment is the base; each further fragment deletes
 * the merged lines it redefines and is appended after a blank line.
 */
export function mergeFragments(fragments: readonly FragmentText[], options: MergeScriptOptions = {}): MergedFragments {
  const messages: RedefinitionMessage[] = [];
  if (fragments.length === 0) return { text: '', origins: [], messages };
  const [base, ...rest] = fragments;
  let lines: string[] = splitLines(base.text);
  let origins: LineOrigin[] = lines.map((_, i) => ({ file: base.file, line: i + 1 }));
  // The line, if any, that ends the merged file without a newline (the script's `echo >>` then completes it).
  const lastIfUnterminated = (text: string, o: LineOrigin[]) => (text !== '' && !text.endsWith('\n') ? o[o.length - 1] : undefined);
  let unterminated = lastIfUnterminated(base.text, origins);

  for (const fragment of rest) {
    let fragLines = splitLines(fragment.text);
    let fragOrigins: LineOrigin[] = fragLines.map((_, i) => ({ file: fragment.file, line: i + 1 }));
    for (const cfg of assignedSymbols(fragLines)) {
      if (!lines.some((l) => grepWordMatches(l, cfg))) continue;
      const previous = grepWord(lines, cfg);
      const next = grepWord(fragLines, cfg);
      let keepOld = false;
      if (options.builtinPrecedence && valueAfterEquals(next) === 'm' && valueAfterEquals(previous) === 'y') {
        keepOld = true;
      } else if (previous !== next) {
        messages.push({ kind: 'redefined', symbol: cfg, file: fragment.file, previous, next, deleted: [] });
      } else if (options.warnRedundant) {
        messages.push({ kind: 'redundant', symbol: cfg, file: fragment.file, previous, next, deleted: [] });
      }
      if (!keepOld) {
        const deleted: LineOrigin[] = [];
        const keptLines: string[] = [];
        const keptOrigins: LineOrigin[] = [];
        lines.forEach((l, i) => {
          if (sedDeletes(l, cfg)) deleted.push(origins[i]);
          else {
            keptLines.push(l);
            keptOrigins.push(origins[i]);
          }
        });
        lines = keptLines;
        origins = keptOrigins;
        const last = messages[messages.length - 1];
        if (last && last.symbol === cfg && last.file === fragment.file) messages[messages.length - 1] = { ...last, deleted };
      } else {
        const keptLines: string[] = [];
        const keptOrigins: LineOrigin[] = [];
        fragLines.forEach((l, i) => {
          if (!sedDeletes(l, cfg)) {
            keptLines.push(l);
            keptOrigins.push(fragOrigins[i]);
          }
        });
        fragLines = keptLines;
        fragOrigins = keptOrigins;
      }
    }
    // `echo >> $TMP_FILE`: a newline, which either ends an unfinished last line or adds a blank one.
    // (sed keeps a missing final newline only while that last line survives.)
    if (!(unterminated && origins[origins.length - 1] === unterminated)) {
      lines.push('');
      origins.push({ file: fragment.file, line: 0 });
    }
    const lastLine = fragment.text !== '' && !fragment.text.endsWith('\n') ? splitLines(fragment.text).length : 0;
    appendAll(lines, fragLines);
    appendAll(origins, fragOrigins);
    const tail = fragOrigins[fragOrigins.length - 1];
    unterminated = lastLine && tail?.line === lastLine ? tail : undefined;
  }
  let text = lines.join('\n');
  if (lines.length > 0 && !(unterminated && origins[origins.length - 1] === unterminated)) text += '\n';
  return { text, origins, messages };
}

/** The script's final check: every assigned symbol whose grep -w lines differ between the merged file and .config. */
export function lostReports(mergedText: string, configText: string): LostReport[] {
  const merged = splitLines(mergedText);
  const requestedIndex = new WordIndex(merged);
  const actualIndex = new WordIndex(splitLines(configText));
  const out: LostReport[] = [];
  // The script reports once per assignment line, so a name assigned on many lines is reported as often; its
  // grep output is made once and shared: made per line, a name on k lines cost k² characters (gigabytes).
  const bySymbol = new Map<string, LostReport | null>();
  for (const cfg of assignedSymbols(merged)) {
    let report = bySymbol.get(cfg);
    if (report === undefined) {
      // sed's names are word characters only, so the index gives grep -w's answer.
      const requested = requestedIndex.grep(cfg);
      const actual = actualIndex.grep(cfg);
      report = requested !== actual ? { symbol: cfg, requested, actual } : null;
      bySymbol.set(cfg, report);
    }
    if (report) out.push({ ...report });
  }
  return out;
}
