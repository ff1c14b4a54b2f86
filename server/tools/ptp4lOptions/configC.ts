// The option table of one linuxptp version, read from its own sources: the GLOB_ITEM_* / PORT_ITEM_*
// entries of config.c (name, scope, type, default, range), the enumeration tables they point at, and the
// C constants those use (#define and enum values from the headers and config.c). Never throws: what it
// cannot read goes to `problems`.

export type Ptp4lType = 'int' | 'double' | 'string' | 'enum';

export interface Ptp4lOption {
  readonly name: string;
  /** `global`: only in [global]; `port`: also in an interface section. */
  readonly scope: 'global' | 'port';
  readonly type: Ptp4lType;
  readonly default: number | string | null;
  readonly min?: number;
  readonly max?: number;
  /** For enums: the labels ptp4l accepts, in table order. */
  readonly values?: readonly string[];
  /** 1-based line in config.c. */
  readonly line: number;
}

export interface OptionTable {
  readonly options: Ptp4lOption[];
  /** Old names ptp4l still reads and rewrites to a new one (check_deprecated_options), with a warning. */
  readonly deprecated: { readonly from: string; readonly to: string; readonly line: number }[];
  readonly problems: string[];
}

/** Constants of system headers that config.c uses (the same on every Linux target ptp4l builds for). */
const C_LIMITS: Record<string, number> = {
  INT_MIN: -2147483648,
  INT_MAX: 2147483647,
  UINT8_MAX: 255,
  UINT16_MAX: 65535,
  INT8_MIN: -128,
  INT8_MAX: 127,
  INT16_MIN: -32768,
  INT16_MAX: 32767,
  INT32_MIN: -2147483648,
  INT32_MAX: 2147483647,
  UINT32_MAX: 4294967295,
  UINT_MAX: 4294967295,
  // <float.h>
  DBL_MAX: 1.7976931348623157e308,
  DBL_MIN: 2.2250738585072014e-308,
  // <syslog.h> levels
  LOG_EMERG: 0,
  LOG_ALERT: 1,
  LOG_CRIT: 2,
  LOG_ERR: 3,
  LOG_WARNING: 4,
  LOG_NOTICE: 5,
  LOG_INFO: 6,
  LOG_DEBUG: 7,
  // <sys/stat.h> permission bits
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRGRP: 0o40,
  S_IWGRP: 0o20,
  S_IXGRP: 0o10,
  S_IROTH: 0o4,
  S_IWOTH: 0o2,
  S_IXOTH: 0o1,
  // <linux/ptp_clock.h> external timestamp flags
  PTP_ENABLE_FEATURE: 1,
  PTP_RISING_EDGE: 2,
  PTP_FALLING_EDGE: 4,
};

/**
 * Reads the table. `sources` maps file names (config.c, *.h) to their text; constants are looked up in all of
 * them.
 */
export function readOptionTable(sources: ReadonlyMap<string, string>): OptionTable {
  const problems: string[] = [];
  const configC = sources.get('config.c');
  if (configC === undefined) return { options: [], deprecated: [], problems: ['config.c not found'] };
  const constants = collectConstants(sources, problems);
  const enums = collectEnumTables(configC, constants, problems);
  const options: Ptp4lOption[] = [];
  // Comments out (keeping lines), so `/*deprecated*/` after an item does not hide it.
  const lines = configC.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n');
  const item = /^\s*(GLOB|PORT)_ITEM_(INT|DBL|ENU|STR)\s*\(\s*"([^"]+)"\s*,(.*)\)\s*,?\s*$/;
  for (let i = 0; i < lines.length; i++) {
    const m = item.exec(lines[i]);
    if (!m) continue;
    const [, scope, kind, name, rest] = m;
    const args = splitArgs(rest);
    const where = `config.c:${i + 1} ${name}`;
    try {
      if (kind === 'STR') {
        options.push({ name, scope: scope === 'GLOB' ? 'global' : 'port', type: 'string', default: cString(args[0]), line: i + 1 });
      } else if (kind === 'ENU') {
        const table = enums.get(args[1]?.trim() ?? '');
        if (!table) {
          problems.push(`${where}: enumeration table ${args[1]} not found`);
          continue;
        }
        const dflt = evaluate(args[0], constants);
        const label = table.find((t) => t.value === dflt)?.label ?? null;
        if (label === null) problems.push(`${where}: default ${args[0]} is not in ${args[1]}`);
        options.push({ name, scope: scope === 'GLOB' ? 'global' : 'port', type: 'enum', default: label, values: table.map((t) => t.label), line: i + 1 });
      } else {
        // INT items keep their default and limits in a C int, so 0xFFFFFFFF is -1 there.
        const [d, lo, hi] = args.map((a) => (kind === 'INT' ? evaluate(a, constants) | 0 : evaluate(a, constants)));
        options.push({ name, scope: scope === 'GLOB' ? 'global' : 'port', type: kind === 'INT' ? 'int' : 'double', default: d, min: lo, max: hi, line: i + 1 });
      }
    } catch (e) {
      problems.push(`${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (options.length === 0) problems.push('no GLOB_ITEM_/PORT_ITEM_ entries in config.c');
  const written = [...configC.matchAll(/(?:GLOB|PORT)_ITEM_[A-Z]+\s*\(\s*"([^"]+)"/g)].map((m) => m[1]);
  const read = new Set(options.map((o) => o.name));
  for (const n of written) if (!read.has(n)) problems.push(`config.c: item ${n} was not read`);
  return { options, deprecated: deprecatedNames(configC), problems };
}

/** `if (!strcmp(*option, "old")) { new_option = "new"; }` chains (3.x writes `*option = "new"` directly). */
function deprecatedNames(configC: string): { from: string; to: string; line: number }[] {
  const out: { from: string; to: string; line: number }[] = [];
  const re = /strcmp\(\s*\*option\s*,\s*"([^"]+)"\s*\)\s*\)\s*\{\s*(?:new_option|\*option)\s*=\s*"([^"]+)"/g;
  for (const m of configC.matchAll(re)) out.push({ from: m[1], to: m[2], line: configC.slice(0, m.index).split('\n').length });
  return out;
}

/** Arguments of a macro call, split at top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      cur += c;
      if (c === '\\') cur += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function cString(arg: string | undefined): string | null {
  if (!arg || arg === 'NULL') return null;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(arg.trim());
  if (!m) throw new Error(`string default ${arg} not understood`);
  return m[1].replace(/\\(.)/g, '$1');
}

/** `#define NAME number-expression` and the members of every `enum { ... }`, across all sources. */
function collectConstants(sources: ReadonlyMap<string, string>, problems: string[]): Map<string, number> {
  const constants = new Map<string, number>(Object.entries(C_LIMITS));
  const defines: [string, string][] = [];
  for (const [file, text] of sources) {
    const clean = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, '');
    for (const m of clean.matchAll(/^#define\s+([A-Za-z_]\w*)\s+([^\n\\]+)$/gm)) defines.push([m[1], m[2].trim()]);
    for (const m of clean.matchAll(/\benum\s+\w*\s*\{([^}]*)\}/g)) {
      let next = 0;
      for (const member of m[1].split(',')) {
        const mm = /^\s*([A-Za-z_]\w*)\s*(?:=\s*(.+))?$/.exec(member.trim());
        if (!mm) continue;
        try {
          const v = mm[2] !== undefined ? evaluate(mm[2], constants) : next;
          constants.set(mm[1], v);
          next = v + 1;
        } catch {
          problems.push(`${file}: enum member ${mm[1]} = ${mm[2]} not understood`);
        }
      }
    }
  }
  // Defines may use each other: resolve until nothing changes.
  for (let round = 0; round < 5; round++) {
    for (const [name, expr] of defines) {
      if (constants.has(name)) continue;
      try {
        constants.set(name, evaluate(expr, constants));
      } catch {
        // not a number (a string, a function-like macro): not a constant we need
      }
    }
  }
  return constants;
}

/** `static struct config_enum name[] = { { "label", VALUE }, ... };` */
function collectEnumTables(configC: string, constants: ReadonlyMap<string, number>, problems: string[]): Map<string, { label: string; value: number }[]> {
  const out = new Map<string, { label: string; value: number }[]>();
  for (const m of configC.matchAll(/struct\s+config_enum\s+(\w+)\s*\[\s*\]\s*=\s*\{([\s\S]*?)\n\};/g)) {
    const entries: { label: string; value: number }[] = [];
    for (const e of m[2].matchAll(/\{\s*"([^"]+)"\s*,\s*([^}]+?)\s*\}/g)) {
      try {
        entries.push({ label: e[1], value: evaluate(e[2], constants) });
      } catch {
        problems.push(`enum table ${m[1]}: value ${e[2]} of "${e[1]}" not understood`);
      }
    }
    out.set(m[1], entries);
  }
  return out;
}

/** A C constant expression: numbers, known names, + - * / << >> | and parentheses. */
export function evaluate(expr: string, constants: ReadonlyMap<string, number>): number {
  const tokens = expr.match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+\.\d*(?:[eE][+-]?\d+)?|\d*\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+*/()|~]|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of ${expr}`);
    if (t === '(') {
      // A cast such as (int) is skipped.
      if (/^[A-Za-z_]\w*$/.test(tokens[pos] ?? '') && tokens[pos + 1] === ')' && !constants.has(tokens[pos])) {
        pos += 2;
        return unary();
      }
      const v = or();
      if (tokens[pos++] !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (/^0[xX]/.test(t)) return parseInt(t.replace(/[uUlL]+$/, ''), 16);
    if (/^0[0-7]+[uUlL]*$/.test(t)) return parseInt(t.replace(/[uUlL]+$/, ''), 8);
    if (/^[\d.]/.test(t)) return Number(t.replace(/[uUlL]+$/, ''));
    if (/^[A-Za-z_]/.test(t)) {
      const v = constants.get(t);
      if (v === undefined) throw new Error(`unknown constant ${t}`);
      return v;
    }
    throw new Error(`unexpected ${t} in ${expr}`);
  };
  const unary = (): number => {
    if (peek() === '-') {
      pos++;
      return -unary();
    }
    if (peek() === '+') {
      pos++;
      return unary();
    }
    if (peek() === '~') {
      pos++;
      return ~unary();
    }
    return primary();
  };
  const mul = (): number => {
    let v = unary();
    while (peek() === '*' || peek() === '/') v = tokens[pos++] === '*' ? v * unary() : v / unary();
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (peek() === '+' || peek() === '-') v = tokens[pos++] === '+' ? v + mul() : v - mul();
    return v;
  };
  const shift = (): number => {
    let v = add();
    while (peek() === '<<' || peek() === '>>') v = tokens[pos++] === '<<' ? v * 2 ** add() : Math.floor(v / 2 ** add());
    return v;
  };
  const or = (): number => {
    let v = shift();
    while (peek() === '|') {
      pos++;
      v = v | shift();
    }
    return v;
  };
  const v = or();
  if (pos !== tokens.length) throw new Error(`trailing ${tokens.slice(pos).join(' ')} in ${expr}`);
  return v;
}
