// Builds dist/ and packs the extension into kata-guest-toolkit-<version>.vsix with @vscode/vsce.
//
// What goes in is decided by .vscodeignore (vsce's own `ls` reads it). The files are copied into a staging
// folder (out/vsix/) and packed from there, so that the README inside the package can differ from the
// repository's: images with relative paths are left out of it. vsce refuses relative images unless a
// repository URL (this project has none) or a base URL tells it where they will be hosted, and an installed
// extension's page in VS Code only loads https: and data: images, so a packaged relative image could only
// ever show up broken. The repository's README keeps them.
//
// Usage: node scripts/package.mjs [--out FILE] [--no-build]   (--no-build: dist/ is fresh already)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const vsix = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const stage = join(root, 'out', 'vsix');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    console.error(`package: ${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

/**
 * The README as packaged: markdown and HTML images with a relative source are dropped (with the line when
 * the image was all it held), relative links become their text. Absolute links and #anchors stay.
 */
export function packagedReadme(text) {
  const relative = (target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#');
  const out = [];
  let dropped = false;
  for (const line of text.split('\n')) {
    const kept = line
      .replace(/!\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (all, target) => (relative(target) ? '' : all))
      .replace(/<img\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi, (all, target) => (relative(target) ? '' : all))
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (all, label, target) => (relative(target) ? label : all));
    if (kept.trim() === '' && line.trim() !== '') {
      dropped = true;
      continue;
    }
    // A paragraph that was only an image leaves one blank line, not two.
    if (dropped && kept.trim() === '' && out.length > 0 && out[out.length - 1].trim() === '') continue;
    dropped = false;
    out.push(kept);
  }
  return out.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--no-build')) run('node', ['scripts/build.mjs'], { stdio: 'inherit' });

  const files = run('node', [vsce, 'ls', '--no-dependencies'])
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!files.includes('package.json') || !files.includes('dist/extension.js')) {
    console.error(`package: vsce ls lists an unexpected set of files:\n${files.join('\n')}`);
    process.exit(1);
  }
  rmSync(stage, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    if (f === 'README.md') writeFileSync(join(stage, f), packagedReadme(readFileSync(join(root, f), 'utf8')));
    else copyFileSync(join(root, f), join(stage, f));
  }
  // Everything in the staging folder is meant to ship; the file only keeps vsce from asking about it.
  writeFileSync(join(stage, '.vscodeignore'), '# the files were chosen by the repository .vscodeignore (scripts/package.mjs)\n');

  rmSync(vsix, { force: true });
  mkdirSync(dirname(vsix), { recursive: true });
  // --no-dependencies: dist/*.js are bundles. --allow-missing-repository: the project has no public URL yet.
  run('node', [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`package: ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB, ${files.length} files)`);
}
