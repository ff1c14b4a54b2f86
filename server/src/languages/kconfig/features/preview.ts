// What a fragment line would change: the whole fragment set is run again with the line set to each
// value a symbol can take, and the final values compared with those of the set as it is. Selects,
// implies, defaults that become visible and everything that follows are in the comparison, because
// it is the engine's own result, not a reading of the Kconfig text.

import { analyzeFragmentSet, type FragmentSetAnalysis, type FragmentSetOptions } from '../analysis';
import type { KSymbol } from '../model';
import { Tri } from '../tristate';

export interface ValueEffect {
  /** The value tried, as a fragment writes it (`y`, `m`, `n`, or a number or string). */
  readonly value: string;
  /** Whether the symbol itself ends up with that value. */
  readonly survives: boolean;
  /** Symbols that go from n to y or m. */
  readonly switchedOn: readonly string[];
  /** Symbols that go from y or m to n. */
  readonly switchedOff: readonly string[];
  /** Other changes (y and m swapped, numbers and strings). */
  readonly changed: readonly string[];
}

export interface PreviewOptions extends Omit<FragmentSetOptions, 'previous'> {
  readonly analysis: FragmentSetAnalysis;
  /** The fragment and 0-based line that sets the symbol (an assignment or a not-set line). */
  readonly file: string;
  readonly line: number;
  readonly sym: KSymbol;
  readonly values: readonly string[];
}

export function previewValues(options: PreviewOptions): ValueEffect[] {
  const index = options.fragments.findIndex((f) => f.file === options.file);
  if (index < 0 || options.sym.name === undefined) return [];
  const before = options.analysis.run.evaluation;
  const symbols = options.model.symbolsInHashOrder.filter((s) => s.name !== undefined && s !== options.sym && s.type !== 'unknown');
  return options.values.map((value) => {
    const lines = options.fragments[index].text.split('\n');
    const eol = lines[options.line]?.endsWith('\r') ? '\r' : '';
    lines[options.line] = (value === 'n' ? `# CONFIG_${options.sym.name} is not set` : `CONFIG_${options.sym.name}=${value}`) + eol;
    const fragments = options.fragments.map((f, i) => (i === index ? { file: f.file, text: lines.join('\n') } : f));
    const after = analyzeFragmentSet({ ...options, fragments, previous: options.analysis }).run.evaluation;
    const switchedOn: string[] = [];
    const switchedOff: string[] = [];
    const changed: string[] = [];
    for (const s of symbols) {
      const a = before.stringValue(s);
      const b = after.stringValue(s);
      if (a === b) continue;
      if (s.type === 'bool' || s.type === 'tristate') {
        const ta = before.tri(s);
        const tb = after.tri(s);
        if (ta === Tri.No) switchedOn.push(s.name!);
        else if (tb === Tri.No) switchedOff.push(s.name!);
        else changed.push(s.name!);
      } else {
        changed.push(s.name!);
      }
    }
    const survives = after.stringValue(options.sym) === value || (value === 'n' && after.tri(options.sym) === Tri.No);
    return { value, survives, switchedOn: switchedOn.sort(), switchedOff: switchedOff.sort(), changed: changed.sort() };
  });
}

/** The values worth previewing for a symbol: y/m/n as its type allows. Numbers and strings are not previewed. */
export function previewCandidates(sym: KSymbol): string[] {
  if (sym.type === 'bool') return ['y', 'n'];
  if (sym.type === 'tristate') return ['y', 'm', 'n'];
  return [];
}
