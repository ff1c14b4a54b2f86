// Which files this engine reads: Kconfig sources, config fragments and .config files, and Kata's
// whitelists — recognised by name, and for a file named explicitly, by content.

import * as path from 'node:path';

export type FileKind = 'kconfig' | 'fragment' | 'whitelist';

/**
 * The kind of a file, or undefined when it is none of ours. `readText` is given for files the user
 * named explicitly, so that an oddly named fragment is still recognised by its content.
 */
export function classifyFile(file: string, readText?: () => string): FileKind | undefined {
  const base = path.basename(file);
  const parts = file.split(/[\\/]/);
  if (base === 'whitelist.conf' || /whitelist.*\.(conf|txt)$/.test(base)) return 'whitelist';
  if (base === 'Kconfig' || base.startsWith('Kconfig.')) return 'kconfig';
  if (base === '.config' || base.endsWith('_defconfig') || base.endsWith('.config')) return 'fragment';
  if (base.endsWith('.conf') && parts.includes('fragments')) return 'fragment';
  if (base.endsWith('.conf') && parts.includes('configs')) return 'fragment';
  if (readText) {
    let text: string;
    try {
      text = readText();
    } catch {
      return undefined;
    }
    const lines = text.split('\n').slice(0, 200);
    const assignments = lines.filter((l) => /^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)/.test(l)).length;
    if (assignments > 0 && assignments * 2 >= lines.filter((l) => l.trim() && !l.startsWith('#')).length) return 'fragment';
    if (/^\s*(config|menuconfig|menu|choice|source)\s/m.test(text)) return 'kconfig';
  }
  return undefined;
}
