// Parser for config fragments and .config files: each line is an assignment, a `# CONFIG_X is not
// set` line, a comment, a blank line, or something conf will complain about. Never throws.

export type FragmentLineKind = 'assign' | 'not-set' | 'comment' | 'blank' | 'garbage';

export interface FragmentLine {
  readonly kind: FragmentLineKind;
  /** 0-based line number. */
  readonly line: number;
  readonly text: string;
  /** Symbol name without the CONFIG_ prefix (assign and not-set lines). */
  readonly name?: string;
  /** Columns of `CONFIG_NAME` on the line. */
  readonly nameStart?: number;
  readonly nameEnd?: number;
  /** The raw value after '=' (assign), or 'n' (not-set). */
  readonly value?: string;
  readonly valueStart?: number;
  /** For comments that look like a mistyped assignment or not-set line: why conf ignores them. */
  readonly ignoredBecause?: string;
}

export interface Fragment {
  readonly file: string;
  readonly lines: readonly FragmentLine[];
}

// The forms conf reads: the name runs up to '=' (or up to the first blank in the not-set form).
const ASSIGN = /^CONFIG_([^=]*)=(.*)$/s;
const NOT_SET = /^# CONFIG_([^ ]*) is not set/;

export function parseFragment(file: string, text: string): Fragment {
  const raw = text.split('\n');
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const lines: FragmentLine[] = raw.map((full, line) => {
    const t = full.endsWith('\r') ? full.slice(0, -1) : full;
    const a = ASSIGN.exec(t);
    if (a) {
      return { kind: 'assign', line, text: full, name: a[1], nameStart: 0, nameEnd: 7 + a[1].length, value: a[2], valueStart: 8 + a[1].length };
    }
    const n = NOT_SET.exec(t);
    if (n) return { kind: 'not-set', line, text: full, name: n[1], nameStart: 2, nameEnd: 9 + n[1].length, value: 'n' };
    if (/^\s*$/.test(t)) return { kind: 'blank', line, text: full };
    if (t.startsWith('#')) {
      let ignoredBecause: string | undefined;
      if (/^#\s*CONFIG_[A-Za-z0-9_]+\s+is\s+not\s+set/.test(t) && !NOT_SET.test(t)) {
        ignoredBecause = "conf only reads this form as '# CONFIG_X is not set' with exactly one space after '#' and between the words";
      }
      return { kind: 'comment', line, text: full, ignoredBecause };
    }
    let ignoredBecause: string | undefined;
    if (/^\s+CONFIG_/.test(t)) ignoredBecause = 'conf ignores lines that do not start at the first column';
    else if (/^CONFIG_[A-Za-z0-9_]+\s*$/.test(t)) ignoredBecause = "an assignment needs '=' and a value";
    else if (/^CONFIG_[A-Za-z0-9_]+\s+=/.test(t)) ignoredBecause = "conf reads the name up to '=': no blank is allowed before it";
    else if (/^[A-Za-z0-9_]+=/.test(t)) ignoredBecause = 'symbol names in a fragment need the CONFIG_ prefix';
    return { kind: 'garbage', line, text: full, ignoredBecause };
  });
  return { file, lines };
}

/** A fragment value as conf reads it for a bool or tristate: only the first character counts. */
export function fragmentTristate(value: string): 'y' | 'm' | 'n' | undefined {
  const c = value[0];
  return c === 'y' || c === 'm' || c === 'n' ? c : undefined;
}

/** The text of a string value between double quotes, with conf's backslash escapes undone. */
export function unquoteFragmentString(value: string): string | undefined {
  if (!value.startsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if (c === '"') return out;
    if (c === '\\') {
      i++;
      if (i >= value.length) return undefined;
    }
    out += value[i];
  }
  return undefined;
}
