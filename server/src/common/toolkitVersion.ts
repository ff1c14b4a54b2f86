// The toolkit's version, read at run time from the package.json above the running code.

import * as fs from 'node:fs';
import * as path from 'node:path';

let known: string | undefined;

/** From the package.json above this file (dist/ or out/, in the repository or the package); '0.0.0' when none is found. */
export function toolkitVersion(): string {
  if (known !== undefined) return known;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kata-guest-toolkit' && pkg.version) return (known = pkg.version);
    } catch {
      // not here
    }
    if (path.dirname(dir) === dir) return (known = '0.0.0');
  }
}
