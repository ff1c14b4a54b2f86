// Where a program is: the first executable file of that name on PATH (or the path itself, when given one).

import * as fs from 'node:fs';
import * as path from 'node:path';

export function which(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}
