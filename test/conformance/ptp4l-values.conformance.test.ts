// ptp4l's number parsing (strtol base 0 and strtod, as linuxptp's get_ranged_int/double use them) against
// the C library itself: a small C program compiled here judges the same inputs. Prints the agreement.

import { test } from 'node:test';
import { rangedDouble, rangedInt } from '../../server/src/languages/ptp4l/values';
import { compareWithC } from './ptp4l/againstC';

const FIXED = ['0', '12', '-12', '+7', '08', '010', '0x1F', '0x', '0xg', '1e3', '1e', '1.5', '.5', '5.', '-0', '1001', '99999999999999999999', ' 12', 'inf', '-INF', 'infinity', 'nan', 'NaN(abc)', 'nan(', '0x1p3', '0x.8p1', '1e-400', '1e400', 'abc', '1_0', '-0x10', '0X7f', '00', '0.', '-.e1', '+-1', '1000', '-1000', '1000.0000001', '0x3E8', '01750', '1e+3', '1E-3'];

test('strtol/strtod verdicts agree with the C library', (t) => {
  compareWithC(t, {
    label: 'ptp4l values',
    source: 'strto.c',
    fixed: FIXED,
    alphabet: '0123456789xXeEpP.+-abcfinINFa() ',
    count: 5000,
    maxLength: 8,
    ours: (s) => `${s}\t${rangedInt(s, -1000, 1000)}\t${rangedDouble(s, -1000, 1000)}`,
    tidy: (s) => s.trim() || '0',
  });
});
