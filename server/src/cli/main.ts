// The `kata-kconfig` command line: merge fragments like the kernel does, check files, and explain
// a symbol's value — on the same engines the language server uses.

import { setFlagsFromString } from 'node:v8';
import { IoError, UsageError, parseArgs, type Io, type ParsedArgs } from './common';
import { runCheck } from './check';
import { runExplain } from './explain';
import { runMerge } from './merge';
import { runRun } from './run';

const USAGE = `Usage:
  kata-kconfig merge --tree DIR --arch ARCH [--allnoconfig|--alldefconfig] [-o OUT] FRAGMENT...
      Write the .config the kernel's merge_config.sh would produce from FRAGMENT... (allnoconfig by default).
  kata-kconfig check [--tree DIR] [--arch ARCH] [--kata-dir DIR] [--kata-runtime auto|go|runtime-rs]
                     [--no-path-check] [--ptp4l-version VERSION] [--format text|json|github|sarif]
                     [--changed-since REF] PATH...
      Print problems for fragments, Kconfig files, whitelists, Kata configuration files
      (configuration*.toml, configuration*.toml.in, config.d/*) and ptp4l configurations
      (ptp4l*.cfg, ptp4l*.conf, or any .cfg that is one) under PATH... With --changed-since REF (git),
      only problems on lines changed since REF, and those the change caused elsewhere.
  kata-kconfig explain --tree DIR --arch ARCH [FRAGMENT...] CONFIG_X
      Print CONFIG_X's final value and why.
  kata-kconfig run [--kata-dir DIR] --step STEP [STEP OPTIONS] [--no-check | --check-only]
  kata-kconfig run [--kata-dir DIR] [--no-check] -- COMMAND [ARG...]
      Check what the step needs (programs, headers, mikefarah's yq at Kata's pinned version, the kernel tree),
      run it, pass its output through, and add a 'kata-toolkit: FILE:LINE:COL: ...' line after each failure
      pointing at its cause (a lost CONFIG value at the fragment line that requested it). STEP is one of
      kernel-setup, kernel-build, kernel-install, kernel-build-headers, rootfs, image, initrd,
      kata-deploy-tarball, runtime-check, runtime-env, smoke-container, integration-tests.
      Step options: --arch ARCH --hypervisor NAME --kernel-version V --gpu VENDOR --confidential --debug
      --force --headers deb|rpm --distro NAME --use-docker true|false --agent-init --asset NAME
      --suite NAME --image REF. The command's exit status is kept; 2 when a need is missing.
      --check-only prints what the step still needs as JSON and runs nothing.

Common options:
  --no-shell          do not run $(shell,...) macros of the Kconfig files (cached results are still used)
  --cache-dir DIR     where $(shell,...) results and the parsed Kconfig model are cached
                      (default ~/.cache/kata-guest-toolkit)
  --no-model-cache    parse the Kconfig files even when the cache holds the model they give, and keep none
  -h, --help          this text

Exit status: 0 no errors, 1 errors were found, 2 usage or I/O error.
`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
    if (args.command === 'help' || args.flags.has('-h') || args.flags.has('--help')) {
      io.out(USAGE);
      return 0;
    }
    switch (args.command) {
      case 'merge':
        return await runMerge(args, io);
      case 'check':
        return await runCheck(args, io);
      case 'explain':
        return await runExplain(args, io);
      case 'run':
        return await runRun(args, io);
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kata-kconfig: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof IoError) {
      io.err(`kata-kconfig: ${e.message}\n`);
      return 2;
    }
    io.err(`kata-kconfig: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  // One run of a few seconds at most: most of it passes before V8's optimizing compiler has caught
  // up, and its compile jobs, each inlining whole call trees of the parser, compete with the
  // parse and the compiler probes for two cores. Without inlining those jobs are about half the
  // work and finish sooner (in `npm run bench`: some 15% less CPU and 10% less time for a
  // cached load). The language server, which lives long and re-checks on every edit, keeps
  // V8's defaults.
  setFlagsFromString('--no-turbo-inlining');
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`kata-kconfig: internal error: ${e}\n`);
      process.exitCode = 2;
    },
  );
}
