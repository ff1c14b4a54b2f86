// Where in Kata's sources each value vocabulary, message and hypervisor name is decided. This is a list
// of pointers, not of values: the generator reads the named constants and checks that every literal and
// message is really in the named file, so a Kata update that changes a vocabulary makes the generator
// fail loudly instead of shipping stale facts. The pointers were found by reading Kata 4.1.0's sources
// (see the README's "Kata schema" section).

import type { KataRuntime } from '../../src/languages/kata/schema/types';

/** A value: a named constant to look up in the file, or a literal that must appear quoted in it. */
export type ValueRef = { const: string } | string;

export interface EnumRule {
  readonly runtime: KataRuntime;
  readonly table: string;
  readonly keys: readonly string[];
  /** Repository path of the file that decides. */
  readonly file: string;
  /** Text in that file whose line becomes `$source` (the check, or the constants' block). */
  readonly anchor: string;
  readonly values: readonly ValueRef[];
  /** Per architecture (the runtime's spelling), when the set depends on it; then `values` is unused. */
  readonly byArch?: Readonly<Record<string, { readonly file: string; readonly values: readonly ValueRef[] }>>;
  /** Kata's message for a refused value, exactly as its source writes it (verified). */
  readonly message?: string;
  /** The message lives in another file than `file`. */
  readonly messageFile?: string;
  /** Refused while loading the configuration (true), or only when a sandbox starts (false). */
  readonly atLoad: boolean;
  /** Only for these hypervisors (the code that checks belongs to them). */
  readonly hypervisors?: readonly string[];
}

export interface HypervisorRule {
  readonly runtime: KataRuntime;
  readonly names: readonly { readonly file: string; readonly const: string }[];
}

const GO_CONFIG = 'src/runtime/pkg/katautils/config.go';
const GO_DEVICES = 'src/runtime/pkg/device/config/config.go';
const RS_HYPERVISOR = 'src/libs/kata-types/src/config/hypervisor/mod.rs';
const RS_RUNTIME = 'src/libs/kata-types/src/config/runtime.rs';

export const hypervisorRules: readonly HypervisorRule[] = [
  {
    runtime: 'go',
    names: ['firecracker', 'clh', 'qemu', 'dragonball', 'stratovirt', 'remote'].map((n) => ({ file: GO_CONFIG, const: `${n}HypervisorTableType` })),
  },
  {
    runtime: 'rs',
    names: [
      ['qemu', 'QEMU'],
      ['ch', 'CH'],
      ['dragonball', 'DRAGONBALL'],
      ['firecracker', 'FIRECRACKER'],
      ['remote', 'REMOTE'],
      ['openvmm', 'OPENVMM'],
    ].map(([f, c]) => ({ file: `src/libs/kata-types/src/config/hypervisor/${f}.rs`, const: `HYPERVISOR_NAME_${c}` })),
  },
];

export const enumRules: readonly EnumRule[] = [
  // ---- Go runtime ----
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['shared_fs'],
    file: GO_DEVICES,
    anchor: 'Virtio9P = "virtio-9p"',
    values: ['', { const: 'Virtio9P' }, { const: 'VirtioFS' }, { const: 'VirtioFSNydus' }, { const: 'NoSharedFS' }],
    message: 'Invalid hypervisor shared file system %v specified (supported file systems: %v)',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['block_device_driver'],
    file: GO_DEVICES,
    anchor: 'VirtioMmio = "virtio-mmio"',
    values: ['', { const: 'VirtioSCSI' }, { const: 'VirtioBlock' }, { const: 'VirtioMmio' }, { const: 'Nvdimm' }, { const: 'VirtioBlockCCW' }],
    message: 'Invalid hypervisor block storage driver %v specified (supported drivers: %v)',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['block_device_aio'],
    file: GO_DEVICES,
    anchor: 'AIOThreads = "threads"',
    values: ['', { const: 'AIOIOUring' }, { const: 'AIONative' }, { const: 'AIOThreads' }],
    message: 'Invalid hypervisor block storage I/O mechanism  %v specified (supported AIO: %v)',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['extra_monitor_socket'],
    file: 'src/runtime/pkg/govmm/qemu/qemu.go',
    anchor: 'Hmp MonitorProtocol = "hmp"',
    values: ['', { const: 'Hmp' }, { const: 'Qmp' }, { const: 'QmpPretty' }],
    message: 'Invalid hypervisor extra monitor socket %v specified (supported values: %v)',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['virtio_fs_cache'],
    file: 'src/runtime/virtcontainers/virtiofsd.go',
    anchor: 'typeVirtioFSCacheModeNever',
    values: ['', { const: 'typeVirtioFSCacheModeAuto' }, { const: 'typeVirtioFSCacheModeAlways' }, { const: 'typeVirtioFSCacheModeMetadata' }, { const: 'typeVirtioFSCacheModeNever' }],
    message: 'Invalid virtio-fs cache mode: %s',
    atLoad: false,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['hot_plug_vfio', 'cold_plug_vfio'],
    file: GO_DEVICES,
    anchor: 'RootPort PCIePort = "root-port"',
    values: ['', { const: 'NoPort' }, { const: 'BridgePort' }, { const: 'RootPort' }, { const: 'SwitchPort' }],
    message: 'invalid vfio_port=%s setting, allowed values %s, %s, %s, %s',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['rootfs_type'],
    file: 'src/runtime/virtcontainers/hypervisor.go',
    anchor: 'unsupported rootfs type',
    values: ['', 'ext4', 'xfs', 'erofs'],
    message: 'unsupported rootfs type',
    atLoad: false,
  },
  {
    runtime: 'go',
    table: 'hypervisor',
    keys: ['machine_type'],
    file: 'src/runtime/virtcontainers/qemu_arch_base.go',
    anchor: 'QemuQ35',
    values: [],
    byArch: {
      amd64: { file: 'src/runtime/virtcontainers/qemu_arch_base.go', values: ['', { const: 'QemuQ35' }, { const: 'QemuMicrovm' }] },
      arm64: { file: 'src/runtime/virtcontainers/qemu_arch_base.go', values: ['', { const: 'QemuVirt' }] },
      ppc64le: { file: 'src/runtime/virtcontainers/qemu_arch_base.go', values: ['', { const: 'QemuPseries' }] },
      riscv64: { file: 'src/runtime/virtcontainers/qemu_arch_base.go', values: ['', { const: 'QemuVirt' }] },
      s390x: { file: 'src/runtime/virtcontainers/qemu_arch_base.go', values: ['', { const: 'QemuCCWVirtio' }] },
    },
    message: 'unrecognised machinetype: %v',
    messageFile: 'src/runtime/virtcontainers/qemu_amd64.go',
    atLoad: false,
    hypervisors: ['qemu'],
  },
  {
    runtime: 'go',
    table: 'runtime',
    keys: ['internetworking_model'],
    file: 'src/runtime/virtcontainers/network.go',
    anchor: 'defaultNetModelStr = "default"',
    values: ['', { const: 'defaultNetModelStr' }, { const: 'macvtapNetModelStr' }, { const: 'tcFilterNetModelStr' }, { const: 'noneNetModelStr' }],
    message: 'Unknown type %s',
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'runtime',
    keys: ['vfio_mode'],
    file: GO_DEVICES,
    anchor: 'vfioModeVfioStr',
    values: ['', { const: 'vfioModeVfioStr' }, { const: 'vfioModeGuestKernelStr' }],
    message: 'Unknown VFIO mode %s',
    atLoad: true,
  },
  {
    runtime: 'go',
    table: 'runtime',
    keys: ['emptydir_mode'],
    file: 'src/runtime/virtcontainers/kata_agent.go',
    anchor: 'EmptyDirModeSharedFs = "shared-fs"',
    values: ['', { const: 'EmptyDirModeSharedFs' }, { const: 'EmptyDirModeVirtioBlkEncrypted' }, { const: 'EmptyDirModeVirtioBlkPlain' }],
    message: 'invalid emptydir_mode=%q, allowed values: %q, %q, %q',
    messageFile: GO_CONFIG,
    atLoad: true,
  },
  {
    // No experimental feature is registered outside Kata's tests, so every entry is refused.
    runtime: 'go',
    table: 'runtime',
    keys: ['experimental'],
    file: GO_CONFIG,
    anchor: 'Unsupported experimental feature %q',
    values: [],
    message: 'Unsupported experimental feature %q',
    atLoad: true,
  },

  // ---- runtime-rs ----
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['shared_fs'],
    file: RS_HYPERVISOR,
    anchor: 'const VIRTIO_FS: &str',
    values: ['', { const: 'VIRTIO_FS' }, { const: 'VIRTIO_FS_INLINE' }, { const: 'VIRTIO_FS_NYDUS' }, { const: 'NO_VIRTIO_FS' }],
    message: 'Invalid shared_fs type {v}',
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['block_device_driver', 'vm_rootfs_driver'],
    file: RS_HYPERVISOR,
    anchor: 'pub const VIRTIO_BLK_PCI: &str',
    values: ['', { const: 'VIRTIO_BLK_PCI' }, { const: 'VIRTIO_BLK_CCW' }, { const: 'VIRTIO_BLK_MMIO' }, { const: 'VIRTIO_PMEM' }, { const: 'VIRTIO_SCSI' }],
    message: '{} is unsupported block device type.',
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['block_device_aio'],
    file: 'src/libs/kata-types/src/config/default.rs',
    anchor: 'DEFAULT_BLOCK_DEVICE_AIO_THREADS',
    values: ['', { const: 'DEFAULT_BLOCK_DEVICE_AIO' }, { const: 'DEFAULT_BLOCK_DEVICE_AIO_NATIVE' }, { const: 'DEFAULT_BLOCK_DEVICE_AIO_THREADS' }],
    message: '{} is unsupported block device AIO mode.',
    messageFile: RS_HYPERVISOR,
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['virtio_fs_cache'],
    file: RS_HYPERVISOR,
    anchor: 'Invalid virtio-fs cache mode: {}',
    values: ['', 'never', 'auto', 'always'],
    message: 'Invalid virtio-fs cache mode: {}',
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['cold_plug_vfio'],
    file: 'src/runtime-rs/crates/runtimes/virt_container/src/sandbox.rs',
    anchor: 'cold_plug_vfio == "no-port"',
    values: ['', 'no-port', 'root-port'],
    message: 'unsupported cold_plug_vfio value {:?}; only "root-port" is supported',
    atLoad: false,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['hugepage_type'],
    file: RS_HYPERVISOR,
    anchor: 'rename = "hugetlbfs"',
    values: ['hugetlbfs', 'thp'],
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'hypervisor',
    keys: ['rootfs_type'],
    file: 'src/libs/kata-types/src/fs.rs',
    anchor: '"ext4"',
    values: ['', 'ext4', 'xfs', 'erofs'],
    message: 'Unsupported rootfs type {}',
    messageFile: 'src/runtime-rs/crates/hypervisor/src/kernel_param.rs',
    atLoad: false,
  },
  {
    runtime: 'rs',
    table: 'runtime',
    keys: ['internetworking_model'],
    file: RS_RUNTIME,
    anchor: 'net_model != "macvtap"',
    values: ['', 'macvtap', 'none', 'tcfilter', 'l3forwarding'],
    message: 'Invalid internetworking_model `{net_model}` in configuration file',
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'runtime',
    keys: ['vfio_mode'],
    file: RS_RUNTIME,
    anchor: 'vfio_mode != "vfio"',
    values: ['', 'vfio', 'guest-kernel'],
    message: 'Invalid vfio_mode `{vfio_mode}` in configuration file',
    atLoad: true,
  },
  {
    runtime: 'rs',
    table: 'runtime',
    keys: ['emptydir_mode'],
    file: RS_RUNTIME,
    anchor: 'pub const EMPTYDIR_MODE_SHARED_FS',
    values: ['', { const: 'EMPTYDIR_MODE_SHARED_FS' }, { const: 'EMPTYDIR_MODE_BLOCK_ENCRYPTED' }, { const: 'EMPTYDIR_MODE_BLOCK_PLAIN' }],
    message: 'Invalid emptydir_mode `{emptydir_mode}` in configuration file',
    atLoad: true,
  },
];
