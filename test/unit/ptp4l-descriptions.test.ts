// The hover descriptions of ptp4l options: one for every option of every linuxptp version in
// server/data/ptp4l-options.json, none for anything else, short and without the defaults the hover prints.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import data from '../../server/data/ptp4l-options.json';
import { ptp4lDescriptions } from '../../server/src/languages/ptp4l/descriptions';
import { sinceWhen } from '../../server/src/languages/ptp4l/features/hover';

type Versions = Record<string, { default: number | string | null }>;
const options = data.options as unknown as Record<string, { versions: Versions }>;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('ptp4l option descriptions', () => {
  const described = Object.keys(ptp4lDescriptions);

  it('describes every option of every version', () => {
    const missing = Object.keys(options).filter((name) => !Object.prototype.hasOwnProperty.call(ptp4lDescriptions, name));
    assert.deepEqual(missing, []);
  });

  it('describes nothing that is not an option', () => {
    assert.deepEqual(
      described.filter((name) => !Object.prototype.hasOwnProperty.call(options, name)),
      [],
    );
  });

  it('keeps each description to 15-70 words, trimmed, ending with a period', () => {
    for (const [name, text] of Object.entries(ptp4lDescriptions)) {
      const words = text.split(/\s+/).filter((w) => w.length > 0).length;
      assert.ok(words >= 15 && words <= 70, `${name}: ${words} words`);
      assert.equal(text, text.trim(), `${name}: leading or trailing whitespace`);
      assert.ok(text.endsWith('.'), `${name}: does not end with a period`);
    }
  });

  it('does not state the default, which the hover prints from the JSON', () => {
    for (const [name, text] of Object.entries(ptp4lDescriptions)) {
      const defaults = new Set(
        Object.values(options[name]?.versions ?? {})
          .map((v) => v.default)
          .filter((d): d is number | string => d !== null && String(d) !== ''),
      );
      for (const d of defaults) {
        const re = new RegExp(`\\bdefaults?\\b[^.;]{0,24}?(?<![\\w.])["'\`]?${escapeRegExp(String(d))}(?!\\w|\\.\\d)`, 'i');
        assert.doesNotMatch(text, re, `${name}: states its default ${String(d)}`);
      }
    }
  });

  it('says which version introduced an option, of the versions known here', () => {
    assert.equal(sinceWhen('allowedLostResponses'), 'New in linuxptp 4.2 (not in 3.1.1); in 4.2 of the versions known here.');
    assert.equal(sinceWhen('priority1'), 'In every linuxptp version known here (3.1.1, 4.2).');
    assert.equal(sinceWhen('clientOnly'), 'Named so since linuxptp 4.2; 3.1.1 calls it slaveOnly.');
  });
});
