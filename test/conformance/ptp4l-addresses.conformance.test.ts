// The address forms of ptp4l's unicast master table (inet_aton, inet_pton for IPv6, the MAC sscanf)
// against the C library itself: a small C program compiled here judges the same inputs.

import { test } from 'node:test';
import { inetAton, inetPton6, macSscanf } from '../../server/src/languages/ptp4l/addresses';
import { compareWithC } from './ptp4l/againstC';

const FIXED = ['0x.1', '0x1', '0X1F.2', '0x.', '00x1', '10.0.0.1', '10.1', '10', '0x0a.1', '010.1.1.1', '08.1.1.1', '1.2.3.4.5', '256.1.1.1', '1..2', '', '1.2.3.4x', '0x', '4294967296', '1.16777216', '::', '::1', '1::', 'fe80::1', '1:2:3:4:5:6:7:8:9', ':1', '1:', ':::', '1::2::3', '::ffff:1.2.3.4', '::ffff:1.2.3.04', '1:2:3:4:5:6:7:1.2.3.4', '12345::', '01:1B:19:00:00:00', '1:2:3:4:5', '0x1:2:3:4:5:6', '1:2:3:4:5:6junk', '1: 2:3:4:5:6', '-1:2:3:4:5:6'];

test('inet_aton, inet_pton(AF_INET6) and the MAC sscanf agree with the C library', (t) => {
  compareWithC(t, {
    label: 'ptp4l addresses',
    source: 'addr.c',
    fixed: FIXED,
    alphabet: '0123456789abcdefxX.:: ',
    count: 20000,
    maxLength: 14,
    ours: (s) => `${s}\t${+inetAton(s)}\t${+inetPton6(s)}\t${+macSscanf(s)}`,
    tidy: (s) => s.trim(),
  });
});
