// `kata-kconfig explain`: a symbol's final value under a fragment set, and the chain of reasons.

import { analyzeFragmentSet } from '../languages/kconfig/analysis';
import { conditionsOf, explainLoss, reverseIndex } from '../languages/kconfig/explain';
import { openKernelTree } from '../languages/kconfig/kernelTree';
import { exprToString, type KSymbol } from '../languages/kconfig/model';
import { Tri, triName } from '../languages/kconfig/tristate';
import type { Evaluation } from '../languages/kconfig/evaluate';
import { UsageError, hostArch, kernelTreeOptions, readText, requireDir, stringFlag, type Io, type ParsedArgs } from './common';

export async function runExplain(args: ParsedArgs, io: Io): Promise<number> {
  const tree = requireDir(stringFlag(args, '--tree'), '--tree');
  const arch = stringFlag(args, '--arch') ?? hostArch();
  const target = args.positional[args.positional.length - 1];
  if (!target || !/^(CONFIG_)?[A-Za-z0-9_]+$/.test(target)) throw new UsageError('explain needs a symbol name (CONFIG_X) as its last argument');
  const name = target.replace(/^CONFIG_/, '');
  const fragments = args.positional.slice(0, -1).map((f) => ({ file: f, text: readText(f) }));
  const kernel = openKernelTree(kernelTreeOptions(args, tree, arch));
  const sym = kernel.model.byName.get(name);
  if (!sym || sym.type === 'unknown') {
    io.out(`CONFIG_${name} is not defined in ${kernel.dir} (Linux ${kernel.version ?? '?'}, ${arch}).\n`);
    return 1;
  }
  const analysis = analyzeFragmentSet({ model: kernel.model, srctree: kernel.dir, fragments, mode: args.flags.has('--alldefconfig') ? 'alldefconfig' : 'allnoconfig' });
  const ev = analysis.run.evaluation;
  const rel = (f: string) => (f.startsWith(kernel.dir + '/') ? f.slice(kernel.dir.length + 1) : f);
  const lines: string[] = [];
  lines.push(`CONFIG_${name} = ${show(ev, sym)}  (${sym.type}; Linux ${kernel.version ?? '?'}, ${arch})`);
  for (const def of sym.definitions) {
    lines.push(`  defined at ${rel(def.file)}:${def.line}${def.prompt ? ` with prompt "${def.prompt.text}"` : ' without a prompt'}`);
    for (const c of conditionsOf(def)) lines.push(`    ${c.what}: ${exprToString(c.expr)} = ${triName(ev.exprValue(c.expr))}  (${rel(c.file)}:${c.line})`);
  }
  const rev = reverseIndex(ev).get(sym);
  for (const s of rev?.select ?? []) lines.push(`  selected by ${s.by.name}=${show(ev, s.by)}${s.prop.written ? ` if ${exprToString(s.prop.written)}` : ''}  (${rel(s.prop.file)}:${s.prop.line})`);
  for (const s of rev?.imply ?? []) lines.push(`  implied by ${s.by.name}=${show(ev, s.by)}  (${rel(s.prop.file)}:${s.prop.line})`);
  const requests = analysis.requests.filter((r) => r.sym === sym);
  for (const r of requests) {
    lines.push(`  requested ${r.entry.text.trim()} at ${r.fragment.file}:${r.entry.line + 1}${r.survivesMerge ? (r.effective ? '' : ' (not the last assignment)') : ' (overridden by a later fragment)'}`);
  }
  const lost = analysis.lost.find((l) => l.request.sym === sym);
  if (lost) {
    lines.push(`  LOST: requested ${lost.requested}, final ${lost.actual || '""'}`);
    printReasons(ev, sym, lost.requested, kernel.dir, lines, 2, new Set([sym]));
  } else if (requests.length === 0) {
    printReasons(ev, sym, 'y', kernel.dir, lines, 2, new Set([sym]), true);
  }
  io.out(lines.join('\n') + '\n');
  return lost ? 1 : 0;
}

function show(ev: Evaluation, sym: KSymbol): string {
  const v = ev.stringValue(sym);
  return sym.type === 'string' ? JSON.stringify(v) : v;
}

/** The reasons for sym, then recursively for the symbols that block it, indented. */
function printReasons(ev: Evaluation, sym: KSymbol, want: string, root: string, lines: string[], depth: number, seen: Set<KSymbol>, onlyIfBlocked = false): void {
  if (onlyIfBlocked && ev.tri(sym) !== Tri.No) return;
  const reasons = explainLoss(ev, sym, want, root);
  for (const r of reasons) {
    lines.push(`${'  '.repeat(depth)}because ${r.message}`);
    if (depth > 8) continue;
    for (const b of r.blockers ?? []) {
      if (seen.has(b) || b.type === 'unknown') continue;
      seen.add(b);
      if (r.code === 'selected') continue;
      if (ev.tri(b) !== Tri.No && r.code !== 'limited-to-module') continue;
      lines.push(`${'  '.repeat(depth + 1)}${b.name} = ${show(ev, b)}`);
      printReasons(ev, b, r.code === 'limited-to-module' ? 'y' : 'y', root, lines, depth + 2, seen);
    }
  }
}
