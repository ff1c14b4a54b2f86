// npm run gen:kata-schema -- --kata-dir DIR [--out FILE] [--version TEXT]
// Writes the Kata schema JSON from a kata-containers checkout; refuses to write when a fact the rules
// point at is not where they say (a Kata update moved or changed it).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateSchema } from './generate';
import { toJsonSchema } from './jsonSchema';

function main(argv: string[]): number {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write('usage: gen:kata-schema --kata-dir DIR [--out FILE] [--version TEXT]\n');
      return 0;
    }
    if (!a.startsWith('--') || i + 1 >= argv.length) {
      process.stderr.write(`gen:kata-schema: unexpected argument ${a}\n`);
      return 2;
    }
    opts[a.slice(2)] = argv[++i];
  }
  if (!opts['kata-dir']) {
    process.stderr.write('gen:kata-schema: --kata-dir DIR is required (a kata-containers checkout)\n');
    return 2;
  }
  const out = resolve(opts.out ?? 'server/data/kata-schema.json');
  const { schema, errors, warnings } = generateSchema(resolve(opts['kata-dir']), { log: (s) => process.stderr.write(`${s}\n`) });
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`error: ${e}\n`);
    process.stderr.write(`gen:kata-schema: ${errors.length} error(s); nothing written\n`);
    return 1;
  }
  const final = opts.version ? { ...schema, $source: { ...schema.$source, version: opts.version } } : schema;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(final, null, 1)}\n`);
  // JSON Schemas for TOML extensions, next to it (package.json's contributes.tomlValidation points at them).
  for (const runtime of ['go', 'rs'] as const) {
    writeFileSync(resolve(dirname(out), `kata-configuration-${runtime}.schema.json`), `${JSON.stringify(toJsonSchema(final, runtime), null, 1)}\n`);
  }
  const keys = (r: 'go' | 'rs') => Object.values(final.runtimes[r].tables).reduce((n, t) => n + Object.keys(t.keys).length, 0);
  process.stdout.write(
    `wrote ${out}: Kata ${final.$source.version}; Go ${keys('go')} keys, runtime-rs ${keys('rs')} keys; ${final.templates.length} templates\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
