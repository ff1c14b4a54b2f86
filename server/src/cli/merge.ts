// `kata-kconfig merge`: the .config merge_config.sh would produce, without running make.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFragmentSet } from '../languages/kconfig/analysis';
import { openKernelTree } from '../languages/kconfig/kernelTree';
import { IoError, UsageError, hostArch, kernelTreeOptions, readText, requireDir, stringFlag, type Io, type ParsedArgs } from './common';

export async function runMerge(args: ParsedArgs, io: Io): Promise<number> {
  const tree = requireDir(stringFlag(args, '--tree'), '--tree');
  const arch = stringFlag(args, '--arch') ?? hostArch();
  if (args.flags.has('--allnoconfig') && args.flags.has('--alldefconfig')) throw new UsageError('choose one of --allnoconfig and --alldefconfig');
  const mode = args.flags.has('--alldefconfig') ? 'alldefconfig' : 'allnoconfig';
  if (args.positional.length === 0) throw new UsageError('merge needs at least one fragment');
  const fragments = args.positional.map((f) => ({ file: f, text: readText(f) }));
  const kernel = openKernelTree(kernelTreeOptions(args, tree, arch));
  if (kernel.model.fatal) {
    for (const p of kernel.model.problems.filter((x) => x.severity === 'error').slice(0, 20)) io.err(`${p.file}:${p.span.start.line + 1}: ${p.message}\n`);
    throw new IoError(`the Kconfig files of ${tree} have errors; the kernel's conf would stop too`);
  }
  // allnoconfig continues from the run kept with the model (only what the fragments change is computed).
  const previous = mode === 'allnoconfig' && kernel.allnoconfig ? { run: kernel.allnoconfig } : undefined;
  const analysis = analyzeFragmentSet({ model: kernel.model, srctree: kernel.dir, fragments, mode, previous });
  // The script's own messages, in its words, on stderr.
  for (const m of analysis.merged.messages) {
    if (m.kind === 'redefined') {
      io.err(`Value of ${m.symbol} is redefined by fragment ${m.file}:\nPrevious  value: ${m.previous.split(/\s+/).join(' ')}\nNew value:       ${m.next.split(/\s+/).join(' ')}\n\n`);
    } else {
      io.err(`Value of ${m.symbol} is redundant by fragment ${m.file}:\n`);
    }
  }
  for (const r of analysis.scriptReports) {
    io.err(`Value requested for ${r.symbol} not in final .config\nRequested value:  ${r.requested}\nActual value:     ${r.actual}\n\n`);
  }
  const out = stringFlag(args, '-o') ?? stringFlag(args, '--output');
  if (out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, analysis.run.configText);
    } catch (e) {
      throw new IoError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else {
    io.out(analysis.run.configText);
  }
  return 0;
}
