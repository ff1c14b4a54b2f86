// Writing a cache file so that a reader sees the old content or the new one, never half of it.

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `data` to a temporary file beside `file` (named `<file>.<pid>.<time>.tmp`, which cleaners may look
 * for) and renames it over `file`. False, with no temporary file left, when anything fails. Never throws.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): boolean {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}
