// Reads a .config (or a fragment) into symbol -> value, the way kconfig's conf_read_simple sees lines, and diffs two of them.

/**
 * Symbol names are bare kconfig names (`NET`, not `CONFIG_NET`). Values are kept as written after
 * '=' (strings keep their quotes and escapes); `# CONFIG_X is not set` is 'n'. As in conf, one
 * trailing '\r' is dropped and a later line for the same symbol wins.
 */
export function parseConfig(text: string): Map<string, string> {
  return parseConfigDetailed(text).values;
}

export interface ParsedConfig {
  values: Map<string, string>;
  /** Symbols assigned more than once, in first-seen order. */
  duplicates: string[];
  /** 1-based numbers of lines that are neither assignments, `is not set` comments, other comments nor blank. */
  unexpectedLines: number[];
}

const PREFIX = 'CONFIG_';

export function parseConfigDetailed(text: string): ParsedConfig {
  const values = new Map<string, string>();
  const duplicates: string[] = [];
  const unexpectedLines: number[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let name: string | undefined;
    let value: string | undefined;
    if (line.startsWith('#')) {
      // conf only honours "# CONFIG_X is not set" with exactly one space after '#'; other comments are skipped.
      if (line.startsWith(`# ${PREFIX}`)) {
        const rest = line.slice(2 + PREFIX.length);
        const sp = rest.indexOf(' ');
        if (sp > 0 && rest.startsWith('is not set', sp + 1)) {
          name = rest.slice(0, sp);
          value = 'n';
        }
      }
    } else if (line.startsWith(PREFIX)) {
      const eq = line.indexOf('=');
      if (eq >= 0) {
        name = line.slice(PREFIX.length, eq);
        value = line.slice(eq + 1);
      } else {
        unexpectedLines.push(i + 1);
      }
    } else if (line !== '') {
      unexpectedLines.push(i + 1);
    }
    if (name === undefined || value === undefined) return;
    if (values.has(name) && !duplicates.includes(name)) duplicates.push(name);
    values.set(name, value);
  });
  return { values, duplicates, unexpectedLines };
}

export interface ConfigDifference {
  symbol: string;
  /** undefined: the symbol has no line on that side. */
  ours: string | undefined;
  theirs: string | undefined;
}

/** Every symbol whose value differs, including symbols present on one side only; sorted by name. */
export function diffConfigs(ours: Map<string, string>, theirs: Map<string, string>): ConfigDifference[] {
  const names = new Set<string>([...ours.keys(), ...theirs.keys()]);
  const out: ConfigDifference[] = [];
  for (const symbol of [...names].sort()) {
    const a = ours.get(symbol);
    const b = theirs.get(symbol);
    if (a !== b) out.push({ symbol, ours: a, theirs: b });
  }
  return out;
}

/** `CONFIG_X=y` / `# CONFIG_X is not set` / `(absent)`, for messages. */
export function showValue(symbol: string, value: string | undefined): string {
  if (value === undefined) return '(absent)';
  return value === 'n' ? `# ${PREFIX}${symbol} is not set` : `${PREFIX}${symbol}=${value}`;
}
