// One Kata configuration file checked the way Kata will read it: the file itself, merged with its base
// file and drop-ins, by the runtime that reads it. Used by the language service and the CLI alike.

import * as path from 'node:path';
import { compareProblems, type Problem } from '../../common/problem';
import { checkConfigDir, checkKataDeploy, checkPaths, checkSyntax } from './checks/files';
import { checkTablesAndKeys } from './checks/keys';
import { checkRules } from './checks/rules';
import { checkVirtioFsArgs } from './checks/virtiofs';
import type { KataCheckContext } from './checks/context';
import { baseOfDropIn, dropInsOf, hypervisorsOf, inferRuntime, kataFileKind, mergeDocuments, readKata, type KataFileKind, type RuntimeChoice } from './model';
import { kataSchema, runtimeArch } from './schema';
import type { KataSchema } from './schema/types';
import type { TomlDocument } from './toml';
import { appendAll } from '../../common/arrays';

export interface KataFiles {
  read(p: string): string | undefined;
  exists(p: string): boolean;
  /** Entry names of a directory, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

export interface KataAnalysisInput {
  readonly file: string;
  readonly text: string;
  readonly runtime: RuntimeChoice;
  /** The guest architecture, kernel spelling (x86_64, arm64, s390x, ppc64le, riscv64). */
  readonly arch: string;
  readonly files: KataFiles;
  /** Check paths against this machine (off for files from another machine, such as a git revision). */
  readonly checkPaths?: boolean;
  readonly schema?: KataSchema;
}

export interface KataAnalysis {
  readonly problems: Problem[];
  readonly context: KataCheckContext;
  /** Files whose change changes this result (base file, drop-ins, config.d). */
  readonly dependencies: string[];
}

export function analyzeKata(input: KataAnalysisInput): KataAnalysis {
  const schema = input.schema ?? kataSchema;
  const kind: KataFileKind = kataFileKind(input.file) ?? 'config';
  const doc = readKata(input.text, kind);
  const problems: Problem[] = checkSyntax(input.file, input.text, doc, kind === 'template');
  const dependencies: string[] = [];

  // The documents Kata merges, in order, and which file the runtime and hypervisor come from.
  const docs: { file: string; doc: TomlDocument }[] = [];
  let runtimeFrom = { file: input.file, text: input.text, doc };
  if (kind === 'dropin') {
    const base = baseOfDropIn(input.file, input.files.list);
    dependencies.push(path.dirname(input.file));
    if (base) {
      dependencies.push(base);
      const baseText = input.files.read(base);
      if (baseText !== undefined) {
        const baseDoc = readKata(baseText, 'config');
        docs.push({ file: base, doc: baseDoc });
        if (!/^\s*#\s*kata-runtime\s*:/i.test(input.text.split('\n', 1)[0])) runtimeFrom = { file: base, text: baseText, doc: baseDoc };
      }
      for (const d of dropInsOf(base, input.files.list)) {
        if (d === input.file) docs.push({ file: d, doc });
        else {
          const t = input.files.read(d);
          if (t !== undefined) docs.push({ file: d, doc: readKata(t, 'dropin') });
        }
      }
    }
    if (!docs.some((d) => d.file === input.file)) docs.push({ file: input.file, doc });
  } else {
    docs.push({ file: input.file, doc });
    if (kind === 'config') {
      dependencies.push(path.join(path.dirname(input.file), 'config.d'));
      for (const d of dropInsOf(input.file, input.files.list)) {
        const t = input.files.read(d);
        if (t !== undefined) docs.push({ file: d, doc: readKata(t, 'dropin') });
      }
    }
  }

  const inferred = inferRuntime(runtimeFrom.file, runtimeFrom.text, runtimeFrom.doc, input.runtime, schema);
  const hypervisors = docs.flatMap((d) => hypervisorsOf(d.doc));
  const ctx: KataCheckContext = {
    file: input.file,
    text: input.text,
    kind,
    doc,
    runtime: inferred.runtime,
    runtimeReason: inferred.reason,
    arch: runtimeArch(inferred.runtime, input.arch),
    schema,
    hypervisor: hypervisors.find((h) => schema.runtimes[inferred.runtime].hypervisors.includes(h)) ?? hypervisors[0],
    merged: mergeDocuments(docs),
  };

  for (const found of [checkTablesAndKeys(ctx), checkRules(ctx), checkVirtioFsArgs(ctx), checkKataDeploy(input.file, input.text)]) appendAll(problems, found);
  if (input.checkPaths !== false) appendAll(problems, checkPaths(ctx, input.files.exists));
  const isDir = (p: string) => input.files.list(p) !== undefined;
  if (kind === 'config') problems.push(...checkConfigDir(input.file, input.files.list, isDir, input.file));
  if (kind === 'dropin' && !input.file.endsWith('.toml')) {
    const base = baseOfDropIn(input.file, input.files.list) ?? input.file;
    problems.push(...checkConfigDir(base, input.files.list, isDir, input.file).filter((p) => p.message.startsWith(`config.d/${path.basename(input.file)} `)));
  }
  return { problems: dedupe(problems).sort(compareProblems), context: ctx, dependencies };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}\0${p.span.start.line}:${p.span.start.column}\0${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
