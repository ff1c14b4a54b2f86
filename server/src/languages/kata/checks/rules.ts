// Rules that tie keys together, checked on the configuration as Kata sees it after the drop-ins, and
// reported in the file that set the value the rule is about (so a base file and its drop-ins never report
// the same thing twice).

import { problem, type Problem, type Severity } from '../../../common/problem';
import type { Span } from '../../../common/span';
import type { TomlEntry } from '../toml';
import type { KataCheckContext } from './context';
import { replaceFix } from './keys';

export function checkRules(ctx: KataCheckContext): Problem[] {
  const out: Problem[] = [];
  const hv = ctx.hypervisor;
  const get = (path: string) => ctx.merged.get(path);
  const hvKey = (key: string) => (hv ? get(`hypervisor.${hv}.${key}`) : undefined);
  const str = (path: string | undefined): string | undefined => {
    const m = path === undefined ? undefined : get(path);
    return m && m.entry.value.kind === 'string' ? String(m.entry.value.value) : undefined;
  };
  const hvStr = (key: string) => (hv ? str(`hypervisor.${hv}.${key}`) : undefined);
  const isPlaceholder = (m: { entry: TomlEntry } | undefined) => m?.entry.value.kind === 'placeholder';
  const truthy = (m: { entry: TomlEntry } | undefined) => m?.entry.value.kind === 'boolean' && m.entry.value.value === true;
  const here = (m: { file: string } | undefined) => m !== undefined && m.file === ctx.file;
  const hvHeader = (): Span | undefined => ctx.doc.tables.find((t) => t.path[0] === 'hypervisor' && t.path[1] === hv && t.path.length === 2)?.nameSpan;
  const report = (code: string, severity: Severity, message: string, at: Span, fixes = [] as ReturnType<typeof replaceFix>[]) =>
    out.push(problem(code, severity, message, ctx.file, at, { fixes }));

  // Without a hypervisor the runtime knows, it stops before any of these rules.
  if (!hv || !ctx.schema.runtimes[ctx.runtime].hypervisors.includes(hv)) return out;
  const validValue = (key: string, table: string, v: string | undefined) => {
    const values = ctx.schema.runtimes[ctx.runtime].tables[table]?.keys[key]?.enum?.values;
    return v === undefined || !values || values.includes(v);
  };

  // Several hypervisor tables: the Go runtime walks a map, so which one wins changes from run to run.
  const hvTables = [...new Set([...ctx.merged.keys()].filter((k) => k.startsWith('hypervisor.')).map((k) => k.split('.')[1]))];
  if (ctx.runtime === 'go' && hvTables.length > 1) {
    const first = ctx.doc.tables.find((t) => t.path[0] === 'hypervisor' && t.path.length === 2 && t.path[1] !== hvTables[0]);
    if (first)
      report('kata-several-hypervisors', 'warning', `The configuration has ${hvTables.length} hypervisor tables (${hvTables.join(', ')}); the Go runtime uses whichever it meets last in a map walk, which changes from run to run. Keep one.`, first.nameSpan);
  }

  if (ctx.runtime === 'go') {
    // virtio-fs needs its daemon (the Go runtime treats a missing shared_fs as virtio-fs).
    const sharedFs = hvKey('shared_fs');
    const fs = sharedFs ? hvStr('shared_fs') : 'virtio-fs';
    const daemon = hvKey('virtio_fs_daemon');
    if (['qemu', 'clh', 'stratovirt'].includes(hv) && (fs === 'virtio-fs' || fs === 'virtio-fs-nydus' || fs === '') && !isPlaceholder(sharedFs) && !isPlaceholder(daemon)) {
      const daemonPath = daemon?.entry.value.kind === 'string' ? String(daemon.entry.value.value) : '';
      if (daemonPath === '') {
        const at = here(daemon) ? daemon!.entry.value.span : here(sharedFs) ? sharedFs!.entry.value.span : ctx.kind !== 'dropin' ? hvHeader() : undefined;
        if (at)
          report(
            'kata-virtio-fs-without-daemon',
            'error',
            `shared_fs is ${fs || 'virtio-fs'}${sharedFs ? '' : ' (the default)'} but virtio_fs_daemon is ${daemon ? 'empty' : 'not set'}: the Go runtime refuses the file ("cannot enable ${fs || 'virtio-fs'} without daemon path in configuration file"). Set virtio_fs_daemon to virtiofsd's path, or choose another shared_fs.`,
            at,
          );
      }
    }

    // disable_new_netns only with internetworking_model = "none".
    const newNetns = get('runtime.disable_new_netns');
    const model = str('runtime.internetworking_model');
    // An invalid model stops loading first, with its own message.
    if (here(newNetns) && truthy(newNetns) && model !== 'none' && validValue('internetworking_model', 'runtime', model) && !isPlaceholder(get('runtime.internetworking_model'))) {
      report(
        'kata-disable-new-netns-needs-none',
        'error',
        `disable_new_netns = true works only with internetworking_model = "none" (it is ${model === undefined ? 'not set, so "tcfilter"' : `"${model}"`}): the Go runtime refuses the file ("config disable_new_netns only works with 'none' internetworking_model").`,
        newNetns!.entry.keySpan,
      );
    }

    // NUMA needs static resource management.
    const numa = hvKey('enable_numa');
    const staticMgmt = get('runtime.static_sandbox_resource_mgmt');
    if (here(numa) && truthy(numa) && !truthy(staticMgmt) && !isPlaceholder(staticMgmt)) {
      report(
        'kata-numa-needs-static-resources',
        'error',
        'enable_numa needs static_sandbox_resource_mgmt = true in [runtime]: with more than one guest NUMA node the Go runtime refuses the file ("NUMA support requires static_sandbox_resource_mgmt to be enabled; NUMA topology is not compatible with dynamic CPU/memory hotplug").',
        numa!.entry.keySpan,
      );
    }

    // Hot and cold plug ports are exclusive.
    const hot = hvKey('hot_plug_vfio');
    const cold = hvKey('cold_plug_vfio');
    const hotV = hvStr('hot_plug_vfio');
    const coldV = hvStr('cold_plug_vfio');
    const set = (v: string | undefined) => v !== undefined && v !== '' && v !== 'no-port';
    if (set(hotV) && set(coldV) && (here(hot) || here(cold))) {
      const target = here(hot) ? hot! : cold!;
      report(
        'kata-vfio-hot-and-cold-plug',
        'error',
        `hot_plug_vfio ("${hotV}") and cold_plug_vfio ("${coldV}") cannot both name a port: the Go runtime refuses the file ("invalid hot-plug=${coldV} and cold-plug=${hotV} settings, only one of them can be set"). Keep one and set the other to "no-port".`,
        target.entry.value.span,
        [replaceFix(ctx.file, target.entry.value.span, '"no-port"', true)],
      );
    }
    if ((set(hotV) && here(hot)) || (set(coldV) && here(cold))) {
      const target = set(hotV) && here(hot) ? hot! : cold!;
      if (!['qemu', 'clh'].includes(hv))
        report('kata-vfio-port-ignored', 'warning', `The Go runtime ignores PCIe port settings for ${hv}; only QEMU and Cloud Hypervisor use them.`, target.entry.keySpan);
    }

    // Silent replacements the Go runtime makes.
    const clamp = (key: string, test: (n: number) => number | undefined, why: string) => {
      const m = hvKey(key);
      if (!here(m) || m!.entry.value.kind !== 'integer') return;
      const n = Number(m!.entry.value.value);
      const used = test(n);
      if (used !== undefined && used !== n) report('kata-value-replaced', 'warning', `The Go runtime uses ${used} instead of ${n} for ${key}: ${why}.`, m!.entry.value.span, [replaceFix(ctx.file, m!.entry.value.span, String(used), true)]);
    };
    clamp('default_memory', (n) => (n < 256 ? 2048 : undefined), 'it replaces any value below 256 MiB by its default of 2048 MiB');
    clamp('default_bridges', (n) => (n === 0 ? 1 : n > 5 ? 5 : undefined), 'it allows 1 to 5 PCI bridges');
    clamp('pcie_root_port', (n) => (n > 16 ? 16 : undefined), 'it allows at most 16 root ports');
    clamp('pcie_switch_port', (n) => (n > 16 ? 16 : undefined), 'it allows at most 16 switch ports');
    clamp('hypervisor_loglevel', (n) => (n === 0 ? 1 : n > 3 ? 3 : undefined), 'it allows levels 1 to 3');
    clamp('memory_slots', (n) => (n === 0 ? 10 : undefined), 'it replaces 0 by 10 slots');
    clamp('msize_9p', (n) => (n === 0 ? 8192 : undefined), 'it replaces 0 by 8192');
  } else {
    const root = hvKey('pcie_root_port');
    const sw = hvKey('pcie_switch_port');
    const positive = (m: typeof root) => m?.entry.value.kind === 'integer' && Number(m.entry.value.value) > 0;
    if (positive(root) && positive(sw) && (here(root) || here(sw))) {
      report('kata-pcie-root-and-switch', 'error', 'pcie_root_port and pcie_switch_port cannot both be above 0: runtime-rs refuses the file ("Root Port and Switch Port set at the same time is forbidden.").', (here(sw) ? sw! : root!).entry.keySpan);
    }
  }

  // Boot images: exactly one of image and initrd (remote hypervisors boot neither).
  if (hv !== 'remote' && ctx.kind !== 'dropin') {
    const image = hvKey('image');
    const initrd = hvKey('initrd');
    const nonEmpty = (m: typeof image) => m !== undefined && (m.entry.value.kind === 'placeholder' || (m.entry.value.kind === 'string' && m.entry.value.value !== ''));
    // s390x Secure Execution boots neither: the Go runtime knows it by the machine type, runtime-rs by the ccw rootfs driver.
    const confidential = truthy(hvKey('confidential_guest'));
    const secureExecution = confidential && (ctx.runtime === 'go' ? hvStr('machine_type') === 's390-ccw-virtio' : (hvStr('vm_rootfs_driver') ?? '').endsWith('ccw'));
    if (nonEmpty(image) && nonEmpty(initrd) && !isPlaceholder(image) && !isPlaceholder(initrd)) {
      const msg =
        ctx.runtime === 'rs'
          ? 'image and initrd are both set: runtime-rs refuses the file ("Can not configure both initrd and image for boot"). Keep one.'
          : hv === 'stratovirt'
            ? 'image and initrd are both set: the Go runtime refuses the file ("having both an image and an initrd defined in the configuration file is not supported"). Keep one.'
            : 'image and initrd are both set: the sandbox fails to start ("Image and initrd path cannot be both set"). Keep one.';
      const at = here(initrd) ? initrd!.entry.keySpan : here(image) ? image!.entry.keySpan : undefined;
      if (at) report('kata-image-and-initrd', 'error', msg, at);
    } else if (!nonEmpty(image) && !nonEmpty(initrd) && !secureExecution) {
      const at = hvHeader();
      const rsMessages: Record<string, string> = {
        qemu: 'Both guest boot image and initrd for qemu are empty',
        clh: 'Both guest boot image and initrd for CH are empty',
        dragonball: 'Both of guest boot image and initrd for dragonball hypervisor is empty',
        firecracker: 'Both guest boot image and initrd for firecracker are empty',
      };
      const msg =
        ctx.runtime === 'go'
          ? hv === 'clh' || hv === 'stratovirt'
            ? 'Neither image nor initrd is set: the Go runtime refuses the file ("image or initrd must be defined in the configuration file").'
            : 'Neither image nor initrd is set: the sandbox fails to start ("Missing image and initrd path").'
          : rsMessages[hv]
            ? `Neither image nor initrd is set: runtime-rs refuses the file ("${rsMessages[hv]}").`
            : undefined;
      if (at && msg) report('kata-no-image-or-initrd', 'error', msg, at);
    }
  }
  return out;
}
