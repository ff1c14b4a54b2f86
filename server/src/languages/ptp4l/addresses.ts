// The address forms ptp4l accepts in a unicast master table, judged as the C library it calls judges them:
// inet_aton for UDPv4 (lenient: "10.1", hex and octal parts), inet_pton for UDPv6 (strict), and
// sscanf("%hhx:%hhx:%hhx:%hhx:%hhx:%hhx") for L2 MAC addresses (trailing text ignored).

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isSpace = (c: string | undefined) => c !== undefined && /^[ \t\n\v\f\r]$/.test(c);

/** glibc's inet_aton: one to four parts, each decimal, 0-prefixed octal or 0x-prefixed hex. */
export function inetAton(s: string): boolean {
  const parts: number[] = [];
  let i = 0;
  let val = 0;
  for (;;) {
    if (!isDigit(s[i])) return false;
    val = 0;
    let base = 10;
    if (s[i] === '0') {
      i++;
      if (s[i] === 'x' || s[i] === 'X') {
        base = 16;
        i++;
      } else base = 8;
    }
    const digitsStart = i;
    for (;;) {
      const c = s[i];
      if (isDigit(c)) {
        if (base === 8 && c >= '8') return false;
        val = val * base + Number(c);
      } else if (base === 16 && isHex(c)) val = val * 16 + parseInt(c, 16);
      else break;
      if (val > 0xffffffff) return false;
      i++;
    }
    // "0x" must be followed by a hex digit.
    if (base === 16 && i === digitsStart) return false;
    if (s[i] === '.') {
      if (parts.length >= 3 || val > 0xff) return false;
      parts.push(val);
      i++;
    } else break;
  }
  if (i < s.length && !isSpace(s[i])) return false;
  const limit = [0xffffffff, 0xffffff, 0xffff, 0xff][parts.length];
  return val <= limit;
}

/** inet_pton(AF_INET6): eight hex groups of up to four digits, one `::`, an optional dotted IPv4 tail. */
export function inetPton6(s: string): boolean {
  if (s.length === 0) return false;
  let i = 0;
  if (s[0] === ':' && s[1] !== ':') return false;
  let groups = 0;
  let doubleColon = false;
  let digits = 0;
  let sawGroupStart = 0;
  if (s.startsWith('::')) {
    doubleColon = true;
    i = 2;
    sawGroupStart = i;
    if (i === s.length) return true;
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if (isHex(c)) {
      if (++digits > 4) return false;
      continue;
    }
    if (c === ':') {
      if (digits === 0) {
        // "::" in the middle (once) is allowed; any other empty group is not.
        if (doubleColon || i !== sawGroupStart || s[i - 1] !== ':') return false;
        doubleColon = true;
        sawGroupStart = i + 1;
        continue;
      }
      if (i + 1 === s.length) return false;
      groups++;
      digits = 0;
      sawGroupStart = i + 1;
      continue;
    }
    if (c === '.' && groups <= 6) {
      // The rest is a strict dotted quad standing for two groups.
      if (!inetPton4(s.slice(sawGroupStart))) return false;
      groups += 2;
      digits = 0;
      i = s.length;
      return doubleColon ? groups <= 7 : groups === 8;
    }
    return false;
  }
  if (digits > 0) groups++;
  return doubleColon ? groups <= 7 : groups === 8;
}

/** inet_pton(AF_INET): exactly four decimal parts 0..255 without leading zeros. */
function inetPton4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx") == 6: hex numbers (0x allowed, any length, wrapped to 8 bits). */
export function macSscanf(s: string): boolean {
  let i = 0;
  for (let n = 0; n < 6; n++) {
    if (n > 0) {
      if (s[i] !== ':') return false;
      i++;
    }
    while (isSpace(s[i])) i++;
    if (s[i] === '+' || s[i] === '-') i++;
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isHex(s[i + 2])) i += 2;
    const start = i;
    while (isHex(s[i])) i++;
    if (i === start) return false;
  }
  return true;
}
