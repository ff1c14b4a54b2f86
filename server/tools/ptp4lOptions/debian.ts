// linuxptp's upstream sources as Debian ships them (the .orig tarballs of its source packages), fetched
// from deb.debian.org with a pinned checksum and unpacked into a cache outside the repository.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LinuxptpSource {
  readonly version: string;
  /** The Debian release that ships it. */
  readonly debian: string;
  readonly tarball: string;
  readonly sha256: string;
  /** The amd64 binary package of the same version (the differential test runs its ptp4l). */
  readonly deb: string;
  readonly debSha256: string;
}

const POOL = 'http://deb.debian.org/debian/pool/main/l/linuxptp';

/** The versions users run: Debian 12's, and Debian 13's (the current 4.x). Checksums from Debian's Sources index. */
export const LINUXPTP_SOURCES: readonly LinuxptpSource[] = [
  {
    version: '3.1.1',
    debian: 'bookworm',
    tarball: 'linuxptp_3.1.1.orig.tar.gz',
    sha256: '94d6855f9b7f2d8e9b0ca6d384e3fae6226ce6fc012dbad02608bdef3be1c0d9',
    deb: 'linuxptp_3.1.1-4+b2_amd64.deb',
    debSha256: '8386911ce14495a5ae051f4fefe245c8afbb3b2d985915b5cb37709184d8dc53',
  },
  {
    version: '4.2',
    debian: 'trixie',
    tarball: 'linuxptp_4.2.orig.tar.gz',
    sha256: '70e38e5d2764e0217443da6f14e8846fe401a472293ac138d8419c07a665447a',
    deb: 'linuxptp_4.2-1_amd64.deb',
    debSha256: '7add3ecb17a2c63534b8ea14bb31479ad90f1e24dad0ec49c2d4036ae6b0c4fa',
  },
];

/**
 * The unpacked source directory of a version (downloaded and checked once, then reused from the cache).
 * Throws with a clear message when it cannot be fetched or does not match its checksum.
 */
export async function linuxptpSourceDir(src: LinuxptpSource, cacheDir: string): Promise<string> {
  const root = join(cacheDir, 'linuxptp-src', src.version);
  const dir = join(root, `linuxptp-${src.version}`);
  if (existsSync(join(dir, 'config.c'))) return dir;
  const file = await download(src.tarball, src.sha256, root);
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync('tar', ['-xzf', file, '-C', root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr || r.error?.message}`);
  if (!existsSync(join(dir, 'config.c'))) throw new Error(`${file} has no linuxptp-${src.version}/config.c`);
  return dir;
}

/** The ptp4l executable of a version, unpacked from Debian's amd64 package (no installation, no root). */
export async function ptp4lBinary(src: LinuxptpSource, cacheDir: string): Promise<string> {
  const root = join(cacheDir, 'linuxptp-bin', src.version);
  const exe = join(root, 'usr', 'sbin', 'ptp4l');
  if (existsSync(exe)) return exe;
  const file = await download(src.deb, src.debSha256, root);
  const r = spawnSync('dpkg-deb', ['-x', file, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr || r.error?.message}`);
  if (!existsSync(exe)) throw new Error(`${file} has no usr/sbin/ptp4l`);
  return exe;
}

/** A file of Debian's linuxptp pool in `dir`, fetched when missing or not matching its checksum. */
async function download(name: string, expected: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  if (existsSync(file) && sha256(readFileSync(file)) === expected) return file;
  const url = `${POOL}/${name}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch ${url}: HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const sum = sha256(body);
  if (sum !== expected) throw new Error(`${url}: sha256 ${sum}, expected ${expected}`);
  writeFileSync(`${file}.part`, body);
  renameSync(`${file}.part`, file);
  return file;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
