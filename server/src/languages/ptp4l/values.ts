// How ptp4l turns an option's text into a number: C's strtol (base 0) and strtod, then a range check.
// The results are ptp4l's parser_result names: a value that does not parse to its end is MALFORMED, one
// that parses but is outside the item's range (or overflows) is OUT_OF_RANGE.

export type ValueVerdict = 'ok' | 'malformed' | 'out-of-range';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** Beyond both limits: a number read this far is out of range, so its further digits are not added. */
const SATURATED = 2n ** 64n;

/** strtol(text, &end, 0) as glibc does it, then ptp4l's checks (`*end` must be the end, value in [min, max]). */
export function rangedInt(text: string, min: number, max: number): ValueVerdict {
  const value = strtol(text);
  if (value === undefined) return 'malformed';
  if (value > INT64_MAX || value < INT64_MIN) return 'out-of-range';
  return value < BigInt(Math.ceil(min)) || value > BigInt(Math.floor(max)) ? 'out-of-range' : 'ok';
}

/** The number an int option's text stands for, or undefined when ptp4l would refuse it as malformed. */
export function intValue(text: string): number | undefined {
  const v = strtol(text);
  return v === undefined ? undefined : Number(v);
}

/** The number a double option's text stands for, or undefined when ptp4l would refuse it. */
export function doubleValue(text: string): number | undefined {
  if (rangedDouble(text, -Infinity, Infinity) !== 'ok') return undefined;
  const t = text.trim();
  if (/^[+-]?0x/i.test(t)) return (t.startsWith('-') ? -1 : 1) * hexFloat(t.replace(/^[+-]/, ''));
  return /^[+-]?nan/i.test(t) ? NaN : /^[+-]?inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
}

/** The digits strtol(text, &end, 0) reads, as a big integer; undefined unless they run to the end of the text. */
function strtol(text: string): bigint | undefined {
  let i = 0;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let base = 10;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') base = 8;
  const digit = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const startDigits = i;
  let value = 0n;
  while (i < text.length && digit.test(text[i])) {
    const d = BigInt(parseInt(text[i++], base));
    // Past 2^64 the number is out of range whatever follows (strtol stops at LONG_MAX with ERANGE): keep
    // reading the digits, not growing the number, which made a line of a million digits take minutes.
    if (value <= SATURATED) value = value * BigInt(base) + d;
  }
  if (i === startDigits || i !== text.length) return undefined;
  return negative ? -value : value;
}

/** strtod as glibc does it (decimal and hex floats, inf, infinity, nan, nan(chars)), then ptp4l's checks. */
export function rangedDouble(text: string, min: number, max: number): ValueVerdict {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(inf(?:inity)?)|(nan(?:\([0-9A-Za-z_]*\))?))/i.exec(text);
  if (!m || m[0].length !== text.length) {
    // A shorter prefix may still parse (e.g. "1e" reads as 1 with "e" left): then it is malformed too.
    return 'malformed';
  }
  const sign = m[1] === '-' ? -1 : 1;
  let v: number;
  if (m[2]) v = sign * hexFloat(m[2]);
  else if (m[3]) v = sign * Number(m[3]);
  else if (m[4]) v = sign * Infinity;
  else v = NaN;
  // glibc sets ERANGE on overflow to infinity and on underflow below the smallest normal number.
  if ((m[2] || m[3]) && (!Number.isFinite(v) || (v !== 0 && Math.abs(v) < 2.2250738585072014e-308))) return 'out-of-range';
  if (m[3] && v === 0 && /[1-9]/.test(m[3].replace(/[eE].*$/, ''))) return 'out-of-range';
  // NaN compares false both ways, so ptp4l lets it through.
  return v < min || v > max ? 'out-of-range' : 'ok';
}

function hexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return NaN;
  const digits = m[1] + m[2];
  let v = 0;
  for (const d of digits) v = v * 16 + parseInt(d, 16);
  return v * 2 ** (Number(m[3] ?? 0) - 4 * m[2].length);
}
