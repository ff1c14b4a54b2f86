// References in a Kconfig file to symbols that no Kconfig file of the tree defines, for any
// architecture: conf quietly takes them as n, which usually means a typo or a symbol removed from
// the kernel. The kernel's own scripts/checkkconfigsymbols.py makes the same check by looking for
// `config` lines across the whole tree, and so does this (a symbol of another architecture is
// defined, just not in the configuration being built, and is not reported).

import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { problem, type Problem } from '../../../common/problem';
import { lineSpan } from '../../../common/span';
import { KEYWORDS } from '../lexer';
import { blankQuoted, commentStart, statementLines } from '../lineScan';

const DEFINITION = /^[ \t]*(?:config|menuconfig)[ \t]+([A-Za-z0-9_]+)/gm;
/** Statements whose words after the keyword are an expression or a symbol. */
const EXPRESSION_LINE = /^[ \t]*(depends[ \t]+on|select|imply|default|def_bool|def_tristate|range|visible[ \t]+if|if)\b/;
/** Statements where only what follows an `if` is an expression. */
const CONDITIONAL_LINE = /^[ \t]*(bool|boolean|tristate|string|int|hex|prompt)\b/;

/** The symbols a Kconfig file defines (its `config` and `menuconfig` lines). */
export function symbolsDefinedIn(text: string): string[] {
  return [...text.matchAll(DEFINITION)].map((m) => m[1]);
}

/** For every `Kconfig*` file under the tree, whatever the architecture: the symbols it defines. */
export function kconfigDefinitionsInTree(treeDir: string, read: (file: string) => string | undefined = (f) => readText(f)): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  const walk = (dir: string, depth: number) => {
    if (depth > 16) return;
    let entries: nodeFs.Dirent[];
    try {
      entries = nodeFs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.isFile() && e.name.startsWith('Kconfig')) {
        const text = read(full);
        if (text !== undefined) byFile.set(full, symbolsDefinedIn(text));
      }
    }
  };
  walk(treeDir, 0);
  return byFile;
}

/** A file's text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return nodeFs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Words of a Kconfig file's expressions that name no symbol defined anywhere in the tree. `suggest` gives
 * the nearest defined names for a word, offered in the message and as fixes.
 */
export function undefinedReferences(file: string, text: string, defined: Pick<ReadonlySet<string>, 'has'>, suggest: (word: string) => readonly string[] = () => []): Problem[] {
  const problems: Problem[] = [];
  for (const { index: i, line } of statementLines(text)) {
    let from: number;
    const expression = EXPRESSION_LINE.exec(line);
    if (expression) {
      from = expression[0].length;
    } else if (CONDITIONAL_LINE.test(line)) {
      const cond = /(^|[ \t"])if[ \t]/.exec(blankQuoted(line));
      if (!cond) continue;
      from = cond.index + cond[0].length;
    } else {
      continue;
    }
    const blanked = blankQuoted(line);
    const scan = blanked.slice(0, commentStart(blanked));
    for (const m of scan.slice(from).matchAll(/[A-Za-z0-9_]+/g)) {
      const word = m[0];
      if (/^(y|m|n)$/.test(word) || /^-?[0-9]/.test(word) || /^0x/i.test(word) || KEYWORDS.has(word)) continue;
      if (defined.has(word)) continue;
      const column = from + m.index!;
      const span = lineSpan(i, column, word.length);
      const near = suggest(word);
      problems.push(
        problem(
          'kconfig-undefined-symbol',
          'warning',
          `${word} is not defined by any Kconfig file of this tree, for any architecture; conf takes it as n (a typo, or a symbol the kernel removed)${near.length ? `. Did you mean ${near.join(', ')}?` : ''}`,
          file,
          span,
          near.length ? { fixes: near.map((n, k) => ({ title: `Change to ${n}`, edits: [{ file, span, newText: n }], preferred: k === 0 })) } : {},
        ),
      );
    }
  }
  return problems;
}
