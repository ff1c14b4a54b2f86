// Finding where a symbol is mentioned (features/references.ts): whole words only, not in help text,
// comments or quoted text; definitions left out on request; fragment lines by their parsed name.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { referencesInFragment, referencesInKconfig } from '../../server/src/languages/kconfig/features/references';

const KCONFIG = `config NET
\tbool "NET and NET_X in a prompt"
\thelp
\t  NET in help text is not a reference.

\t  Nor here.
config NET_X
\tbool
\tdepends on NET && !NET_Y # NET in a comment
\tselect NET if X=NET
\tdefault "NET"
menuconfig NET
`;

describe('references', () => {
  test('in a Kconfig file: whole words outside help, comments and quotes', () => {
    const spans = referencesInKconfig(KCONFIG, 'NET', true).map((s) => [s.start.line, s.start.column]);
    assert.deepEqual(spans, [
      [0, 7],
      [8, 12],
      [9, 8],
      [9, 17],
      [11, 11],
    ]);
  });

  test('definitions are left out when asked', () => {
    const spans = referencesInKconfig(KCONFIG, 'NET', false).map((s) => [s.start.line, s.start.column]);
    assert.deepEqual(spans, [
      [8, 12],
      [9, 8],
      [9, 17],
    ]);
  });

  test('in a fragment: assignments and not-set lines, by name', () => {
    const text = 'CONFIG_NET=y\n# CONFIG_NET is not set\nCONFIG_NET_X=y\n# CONFIG_NET here is a comment\n';
    assert.deepEqual(
      referencesInFragment(text, 'NET').map((s) => [s.start.line, s.start.column, s.end.column]),
      [
        [0, 0, 10],
        [1, 2, 12],
      ],
    );
    assert.deepEqual(referencesInFragment(text, 'NOPE'), []);
  });
});
