// Our own short descriptions of Kata's configuration.toml keys, for hover, completion and the JSON Schemas.
// Written in our words (never copied from Kata's templates, docs or code comments); facts such as names,
// units, defaults and accepted values agree with the generated schema and /work/notes/kata-config-research.md.
// test/unit/kata-descriptions.test.ts checks the shape; its sharedRuns() helper is the originality check.

export interface KeyDescription {
  /** One sentence, at most ~25 words: what the key controls. */
  readonly summary: string;
  /** Optional: 1–3 short sentences of practical guidance (interplay with other keys, units, common mistakes). */
  readonly details?: string;
  /** Unit when numeric: 'MiB', 'seconds', 'milliseconds', 'vCPUs', ... */
  readonly unit?: string;
}

/**
 * Key descriptions by table id and key: table ids are 'hypervisor', 'agent', 'runtime', 'factory',
 * 'hypervisor.factory', 'hypervisor.guest_extension_images', 'agent.mem_agent', 'runtime.shared_mounts'.
 */
export const keyDescriptions: Readonly<Record<string, Readonly<Record<string, KeyDescription>>>> = {
  hypervisor: {
    // --- Binaries and boot assets -------------------------------------------------------------
    path: {
      summary: 'Host path of the hypervisor program (QEMU, Cloud Hypervisor, Firecracker, ...) that runs the sandbox VM.',
      details: 'The file must exist. Dragonball is built into the runtime-rs shim, so for `[hypervisor.dragonball]` it has to stay empty.',
    },
    valid_hypervisor_paths: {
      summary: 'Glob patterns naming the hypervisor binaries a pod annotation may switch `path` to.',
      details: 'An empty list means no annotation can change the hypervisor binary.',
    },
    jailer_path: {
      summary: 'Host path of the Firecracker jailer; when set, Firecracker is started inside the jail it prepares.',
      details: 'Only Firecracker uses it; the runtime-rs QEMU and Cloud Hypervisor plugins require it to be empty.',
    },
    valid_jailer_paths: {
      summary: 'Glob patterns naming the jailer binaries a pod annotation may select.',
    },
    ctlpath: {
      summary: 'Host path of a separate hypervisor control program (runtime-rs); normally left empty.',
      details: 'Dragonball refuses any value here.',
    },
    valid_ctlpaths: {
      summary: 'Glob patterns naming the control programs a pod annotation may set as `ctlpath` (runtime-rs).',
    },
    kernel: {
      summary: 'Host path of the guest Linux kernel the VM boots.',
      details: 'Needed by every hypervisor except `remote`; Kata falls back to its installed default kernel when empty.',
    },
    kernel_params: {
      summary: 'Extra guest kernel command-line parameters, space separated, added after the ones Kata generates.',
      details: 'A parameter given here overrides Kata\u2019s own value of the same name, which can stop the guest from booting. A drop-in that sets it replaces the whole string, so repeat the base parameters.',
    },
    kernel_verity_params: {
      summary: 'The dm-verity settings that let the guest verify the root image, as comma-separated `key=value` pairs.',
      details: '`root_hash` and `salt` are required, as are non-zero `data_blocks`, `data_block_size` and `hash_block_size`; block sizes must be multiples of 512.',
    },
    image: {
      summary: 'Host path of the guest root filesystem disk image.',
      details: 'Give exactly one of `image` and `initrd` (s390x Secure Execution guests take neither). The filesystem inside is named by `rootfs_type`.',
    },
    initrd: {
      summary: 'Host path of an initramfs to use as the guest root filesystem in place of a disk image.',
      details: 'Go VM templating (`enable_template`) works only with an initrd.',
    },
    rootfs_type: {
      summary: 'Filesystem of the guest root image: `ext4` (the default), `xfs` or `erofs`.',
      details: 'It has to match how the image was built; NVIDIA GPU images use `erofs`.',
    },
    vm_rootfs_driver: {
      summary: 'Virtual device type that carries the guest root image, separately from `block_device_driver` (runtime-rs).',
      details: 'Empty means `virtio-blk-pci`; at boot only `virtio-pmem`, `virtio-blk-pci`, `virtio-blk-ccw` and `virtio-blk-mmio` work.',
    },
    firmware: {
      summary: 'Host path of the firmware the VM starts from (for example OVMF); empty keeps the hypervisor\u2019s built-in firmware.',
      details: 'TDX and SEV-SNP guests need their matching firmware build. Dragonball refuses a firmware path.',
    },
    firmware_volume: {
      summary: 'Host path of a separate UEFI variable store used next to the firmware code image (Go runtime).',
      details: 'runtime-rs silently ignores this key.',
    },
    pflashes: {
      summary: 'Flash image files QEMU attaches as `-pflash` drives, given as a list of host paths.',
    },
    guest_extension_images: {
      summary: 'Additional read-only EROFS disk images cold-plugged into the guest and mounted under `/run/kata-extensions/<name>/`.',
      details: 'Written as `[[hypervisor.<name>.guest_extension_images]]` tables. A drop-in replaces the whole array, so list every entry again. The Go runtime honours it for QEMU only.',
    },
    prefetch_list_path: {
      summary: 'Host path of a `prefetch_files.list` naming image files to fetch early when images are loaded lazily (runtime-rs).',
    },

    // --- Machine and CPU ----------------------------------------------------------------------
    machine_type: {
      summary: 'QEMU machine model: `q35` on x86_64, `virt` on arm64, `pseries` on ppc64le, `s390-ccw-virtio` on s390x.',
      details: 'Empty picks the architecture\u2019s default. PCIe root and switch ports are only built for `q35` and `virt`. Dragonball refuses the key.',
    },
    machine_accelerators: {
      summary: 'Comma-separated extra properties appended to QEMU\u2019s `-machine` option.',
    },
    cpu_features: {
      summary: 'Comma-separated CPU flags applied to the guest CPU model, such as `pmu=off`.',
      details: 'Cloud Hypervisor under the Go runtime ignores it.',
    },
    default_vcpus: {
      summary: 'Number of vCPUs the VM boots with; fractions are allowed.',
      unit: 'vCPUs',
      details: '0 becomes 1; a negative value or more than the host has becomes the host\u2019s CPU count. Container CPU limits are hot-plugged on top, unless `static_sandbox_resource_mgmt` sizes the VM before boot.',
    },
    default_maxvcpus: {
      summary: 'Ceiling for vCPU hot-plug; 0 means the number of host CPUs.',
      unit: 'vCPUs',
      details: 'Larger values cost guest memory even when unused, and are capped at what KVM supports. Arm hosts with a GICv2 interrupt controller need 8 or less.',
    },
    overhead_vcpus: {
      summary: 'Extra vCPUs runtime-rs adds for the guest\u2019s own needs on top of the workload\u2019s CPU limits when sizing the VM statically.',
      unit: 'vCPUs',
      details: 'Used with `static_sandbox_resource_mgmt`; the sum is rounded up. Without any workload limit, `default_vcpus` applies instead.',
    },
    disable_nested_virtualization: {
      summary: 'Switches nested virtualization inside the guest off or on for Cloud Hypervisor (runtime-rs); unset leaves Cloud Hypervisor\u2019s default.',
    },
    disable_nesting_checks: {
      summary: 'Stops the runtime from detecting that the host is itself a VM and adjusting its behaviour for that case.',
    },

    // --- Memory -------------------------------------------------------------------------------
    default_memory: {
      summary: 'Guest memory the VM boots with, before any container memory is added.',
      unit: 'MiB',
      details: 'The Go runtime replaces values below 256 by 2048. With a shared filesystem (virtio-fs) this memory is allocated as shared memory on the host. runtime-rs with static sizing uses it only when the workload sets no limits.',
    },
    default_maxmemory: {
      summary: 'Ceiling for memory hot-plug; 0 or more than the host has means all host memory.',
      unit: 'MiB',
    },
    overhead_memory: {
      summary: 'Memory runtime-rs adds for the guest kernel and agent on top of the workload\u2019s memory limits when sizing the VM statically.',
      unit: 'MiB',
      details: 'Set `RuntimeClass.overhead.podFixed` higher than this: the pod overhead also pays for the runtime and hypervisor processes on the host.',
    },
    memory_slots: {
      summary: 'Number of memory slots reserved for hot-plug, which limits how many times memory can be added to a running VM.',
      details: '0 becomes 10 in the Go runtime and 128 in runtime-rs.',
    },
    memory_offset: {
      summary: 'Extra guest address space, in MiB, reserved for NVDIMM devices on top of the maximum memory.',
      unit: 'MiB',
      details: 'Set it to the size of the block device when `block_device_driver` is `nvdimm`.',
    },
    enable_mem_prealloc: {
      summary: 'Allocates and locks all guest memory on the host when the VM starts instead of on first touch.',
      details: 'Memory latency becomes predictable, but fewer sandboxes fit on a host.',
    },
    enable_hugepages: {
      summary: 'Backs guest memory with host huge pages, which also preallocates it.',
      details: 'The host needs enough free huge pages; vhost-user network or storage backends usually require this.',
    },
    hugepage_type: {
      summary: 'Kind of huge pages used when `enable_hugepages` is on: `hugetlbfs` (default) or `thp` for transparent huge pages (runtime-rs).',
    },
    enable_virtio_mem: {
      summary: 'Resizes guest memory through a virtio-mem device rather than by plugging DIMMs.',
      details: 'The host should allow memory overcommit (`vm.overcommit_memory = 1`). The s390x builds turn it on by default.',
    },
    reclaim_guest_freed_memory: {
      summary: 'Lets the guest report freed pages through the balloon device so the host can take that memory back.',
      details: 'Lowers the VM\u2019s host memory use at some cost in guest memory access speed.',
    },
    enable_guest_swap: {
      summary: 'Gives the guest a swap file when container settings ask for swap.',
      details: 'The runtime-rs QEMU plugin refuses it; with runtime-rs it is meant for hypervisors such as Dragonball, tuned by the `guest_swap_*` keys.',
    },
    guest_swap_path: {
      summary: 'Guest path of the swap file created when `enable_guest_swap` is on (runtime-rs; default `/run/kata-containers/swap`).',
    },
    guest_swap_size_percent: {
      summary: 'Size of the guest swap file as a share of the guest\u2019s total memory (runtime-rs; default 100).',
      unit: 'percent',
    },
    guest_swap_create_threshold_secs: {
      summary: 'Delay before runtime-rs creates the guest swap file (default 60).',
      unit: 'seconds',
    },
    enable_numa: {
      summary: 'Gives the guest NUMA nodes that follow the host\u2019s and binds vCPUs to the matching host CPUs (Go runtime).',
      details: 'More than one guest node needs `static_sandbox_resource_mgmt = true` and an amd64 or arm64 host. runtime-rs does not implement it yet.',
    },
    numa_mapping: {
      summary: 'Host NUMA nodes behind each guest NUMA node, one cpuset-style string per guest node, such as `["0-1", "2-3"]` (Go runtime).',
      details: 'Empty with `enable_numa` maps guest nodes one to one and may shrink to a single node for small sandboxes; an explicit list is used exactly as written.',
    },

    // --- Devices and PCI(e) -------------------------------------------------------------------
    default_bridges: {
      summary: 'Number of PCI bridges created in the VM for devices plugged in later; at most 5.',
      unit: 'bridges',
      details: 'Each bridge takes up to 30 devices. Dragonball does not support PCI hot-plug and needs 0.',
    },
    hot_plug_vfio: {
      summary: 'Kind of PCIe port VFIO devices are hot-plugged into after boot: `no-port`, `bridge-port`, `root-port` or `switch-port` (Go runtime).',
      details: 'Replaces the removed boolean `hotplug_vfio_on_root_bus`. Only one of `hot_plug_vfio` and `cold_plug_vfio` may be other than `no-port`; runtime-rs has no hot-plug port setting.',
    },
    cold_plug_vfio: {
      summary: 'Kind of PCIe port VFIO devices are attached to before the VM boots; `no-port` turns cold plug off.',
      details: 'runtime-rs accepts only `no-port` and `root-port`; the NVIDIA GPU configurations cold-plug into `root-port`. See also `pod_resource_api_sock` in `[runtime]`.',
    },
    pcie_root_port: {
      summary: 'How many PCIe root ports the VM gets at start, so that devices with large BARs, such as GPUs, can be plugged in.',
      unit: 'ports',
      details: 'The Go runtime caps it at 16. runtime-rs refuses it together with a non-zero `pcie_switch_port`.',
    },
    pcie_switch_port: {
      summary: 'Number of PCIe switch downstream ports to create at VM start for plugging devices later.',
      unit: 'ports',
      details: 'Only on `q35`/`virt` machines. The Go runtime caps it at 16.',
    },
    enable_iommu: {
      summary: 'Adds a virtual IOMMU to the VM and the matching IOMMU options to the guest kernel command line.',
      details: 'Dragonball does not support it.',
    },
    enable_iommu_platform: {
      summary: 'Sets `iommu_platform=on` on the VM\u2019s virtio devices so their DMA goes through the IOMMU, as confidential guests require.',
    },
    entropy_source: {
      summary: 'Host device that feeds the guest\u2019s virtio random number generator; `/dev/urandom` by default.',
      details: '`/dev/random` can block when the host is short of entropy and slow down VM start.',
    },
    valid_entropy_sources: {
      summary: 'Paths a pod annotation may pick as `entropy_source`.',
    },
    extra_monitor_socket: {
      summary: 'Adds a debugging monitor socket to QEMU (`hmp`, `qmp` or `qmp-pretty`) while `enable_debug` is on.',
      details: 'Anyone who can open that socket fully controls the VM; never use it in production. runtime-rs also accepts the old name `dbg_monitor_socket`.',
    },
    use_legacy_serial: {
      summary: 'Uses an emulated legacy serial port for the guest console where the architecture has one (Go runtime).',
    },

    // --- Block storage ------------------------------------------------------------------------
    block_device_driver: {
      summary: 'Virtual device type used to pass container volumes and block-backed root filesystems to the guest.',
      details: 'The names differ between runtimes: Go uses short ones such as `virtio-blk` and `nvdimm` (default `virtio-scsi`), runtime-rs bus-specific ones such as `virtio-blk-pci` (its default) and `virtio-pmem`.',
    },
    block_device_aio: {
      summary: 'Asynchronous I/O engine QEMU uses for block devices: `io_uring` (default), `native` or `threads`.',
      details: '`io_uring` needs a host kernel newer than 5.1 and QEMU 5.0 or later.',
    },
    block_device_cache_set: {
      summary: 'Switch that makes QEMU apply `block_device_cache_direct` and `block_device_cache_noflush` to block devices.',
      details: 'With this off, the other two cache keys have no effect.',
    },
    block_device_cache_direct: {
      summary: 'Opens block device backing files with `O_DIRECT`, so I/O skips the host page cache.',
      details: 'Takes effect only with `block_device_cache_set = true`.',
    },
    block_device_cache_noflush: {
      summary: 'Makes the hypervisor ignore guest flush requests on block devices: faster, but writes can be lost if the host crashes.',
      details: 'Takes effect only with `block_device_cache_set = true`.',
    },
    block_device_logical_sector_size: {
      summary: 'Logical sector size block devices report to the guest; 0 keeps the hypervisor default.',
      unit: 'bytes',
      details: 'Otherwise a power of two from 512 to 65536, not larger than the physical sector size.',
    },
    block_device_physical_sector_size: {
      summary: 'Physical sector size block devices report to the guest; 0 keeps the hypervisor default.',
      unit: 'bytes',
      details: 'Otherwise a power of two from 512 to 65536.',
    },
    disable_block_device_use: {
      summary: 'Stops Kata from handing block-device-backed container root filesystems to the VM; they travel over the shared filesystem instead.',
      details: 'Set it when your snapshotter\u2019s devices must not be plugged into guests, for example because the host or other guests use them.',
    },
    disable_image_nvdimm: {
      summary: 'Attaches the guest image as a plain virtio block device instead of an NVDIMM.',
      details: 'Confidential guests cannot use NVDIMM. The Go runtime forces it on for `microvm` machines; runtime-rs chooses the device with `vm_rootfs_driver`.',
    },
    enable_iothreads: {
      summary: 'Handles block I/O in dedicated hypervisor I/O threads instead of the main event loop.',
      details: 'Dragonball does not support I/O threads.',
    },
    indep_iothreads: {
      summary: 'Number of independent I/O threads created for hot-plugged virtio-blk devices; 0 disables them.',
      details: 'runtime-rs uses them only when `enable_iothreads` is also on.',
    },
    queue_size: {
      summary: 'Depth of each virtio block device queue (runtime-rs; 0 becomes 128).',
    },
    num_queues: {
      summary: 'Number of queues per virtio block device (runtime-rs; 0 becomes 1).',
    },
    enable_vhost_user_store: {
      summary: 'Lets containers use vhost-user block devices (such as SPDK), represented by device numbers from the reserved major range 240\u2013254.',
    },
    vhost_user_store_path: {
      summary: 'Base directory for vhost-user devices; sockets go under `block/sockets`, device nodes under `block/devices`.',
    },
    valid_vhost_user_store_paths: {
      summary: 'Paths a pod annotation may set as `vhost_user_store_path`.',
    },
    vhost_user_reconnect_timeout_sec: {
      summary: 'Delay after which QEMU tries to reconnect to a vhost-user client socket that went away; 0 disables reconnecting (Go runtime).',
      unit: 'seconds',
    },
    disk_rate_limiter_bw_max_rate: {
      summary: 'Bandwidth cap on the VM\u2019s disk I/O; 0 means unlimited.',
      unit: 'bits/s',
      details: 'Cloud Hypervisor, and Firecracker in runtime-rs.',
    },
    disk_rate_limiter_bw_one_time_burst: {
      summary: 'Extra disk bandwidth credit usable once, at start, above `disk_rate_limiter_bw_max_rate`.',
      details: 'Ignored while the matching max rate is 0.',
    },
    disk_rate_limiter_ops_max_rate: {
      summary: 'Cap on disk operations per second of the VM; 0 means unlimited.',
      unit: 'ops/s',
    },
    disk_rate_limiter_ops_one_time_burst: {
      summary: 'Extra disk operation credit usable once, at start, above `disk_rate_limiter_ops_max_rate`.',
    },

    // --- Shared filesystem --------------------------------------------------------------------
    shared_fs: {
      summary: 'How host directories such as container root filesystems and volumes are shared with the guest, or `none` for no sharing.',
      details: 'Go also offers `virtio-9p`; runtime-rs offers `inline-virtio-fs` (Dragonball, no separate daemon). When the key is missing, Go uses `virtio-fs` but runtime-rs shares nothing.',
    },
    virtio_fs_daemon: {
      summary: 'Host path of the virtiofsd program (or nydusd for `virtio-fs-nydus`) that serves the shared directory.',
      details: 'The Go runtime refuses an empty path when `shared_fs` is virtio-fs; `inline-virtio-fs` does not use it.',
    },
    valid_virtio_fs_daemon_paths: {
      summary: 'Paths a pod annotation may set as `virtio_fs_daemon`.',
    },
    virtio_fs_cache: {
      summary: 'How long the guest may keep file data and metadata from the shared directory cached: `never`, `auto` or `always`.',
      details: 'Go also accepts `metadata`. The old value `none` is refused by Go and turned into `never`, with a warning, by runtime-rs.',
    },
    virtio_fs_cache_size: {
      summary: 'Size of the virtio-fs DAX window through which the guest maps shared files directly; 0 means no DAX.',
      unit: 'MiB',
      details: 'The window reserves guest address space, not host memory. Performance drops when the active files exceed it. In runtime-rs a non-zero size also turns on `virtio_fs_is_dax`.',
    },
    virtio_fs_is_dax: {
      summary: 'Turns the virtio-fs DAX window on explicitly (runtime-rs); with `virtio_fs_cache_size = 0` a 1024 MiB window is used.',
    },
    virtio_fs_queue_size: {
      summary: 'Number of entries in the virtio-fs request queue.',
      unit: 'entries',
      details: 'Cloud Hypervisor under the Go runtime ignores it.',
    },
    virtio_fs_extra_args: {
      summary: 'Additional command-line arguments for the virtio-fs daemon, one argument per array element.',
      details: 'Kata already passes the shared directory, socket and cache mode. Prefer the `--name=value` form of the Rust virtiofsd; an option and its value given separately (`"-o", "xattr"`) take two elements. Dragonball\u2019s `inline-virtio-fs` accepts only a few Go-style flags.',
    },
    msize_9p: {
      summary: 'Largest 9p message payload when `shared_fs` is `virtio-9p` (Go runtime; 0 becomes 8192).',
      unit: 'bytes',
    },

    // --- Network ------------------------------------------------------------------------------
    disable_vhost_net: {
      summary: 'Runs virtio-net without the in-kernel vhost-net backend, giving up network speed for a smaller host kernel attack surface.',
    },
    rx_rate_limiter_max_rate: {
      summary: 'Cap on the VM\u2019s inbound network bandwidth; 0 means unlimited.',
      unit: 'bits/s',
      details: 'With QEMU the limit is enforced by host traffic control (an HTB qdisc).',
    },
    tx_rate_limiter_max_rate: {
      summary: 'Cap on the VM\u2019s outbound network bandwidth; 0 means unlimited.',
      unit: 'bits/s',
    },
    net_rate_limiter_bw_max_rate: {
      summary: 'Cloud Hypervisor network bandwidth cap applied to each direction; 0 means unlimited (Go runtime).',
      unit: 'bits/s',
    },
    net_rate_limiter_bw_one_time_burst: {
      summary: 'One-time extra network bandwidth credit above `net_rate_limiter_bw_max_rate` (Go runtime, Cloud Hypervisor).',
    },
    net_rate_limiter_ops_max_rate: {
      summary: 'Cloud Hypervisor cap on network operations per second; 0 means unlimited (Go runtime).',
      unit: 'ops/s',
    },
    net_rate_limiter_ops_one_time_burst: {
      summary: 'One-time extra network operation credit above `net_rate_limiter_ops_max_rate` (Go runtime, Cloud Hypervisor).',
    },
    network_queues: {
      summary: 'Number of receive/transmit queue pairs on each virtio-net device (runtime-rs; 1 to 256).',
      details: 'More queues can spread packet processing over vCPUs; going beyond the vCPU count rarely helps.',
    },

    // --- Security and confidential computing --------------------------------------------------
    enable_annotations: {
      summary: 'Regular expressions naming the hypervisor settings that pod annotations (`io.katacontainers.config.hypervisor.*`) may override.',
      details: 'Each allowed entry widens what a pod author controls on the host. Do not allow `virtio_fs_extra_args` unless every annotation source is trusted.',
    },
    confidential_guest: {
      summary: 'Runs the sandbox as a confidential VM (TDX, SEV/SEV-SNP, Secure Execution), using the strongest protection the host offers.',
      details: 'CPU and memory hot-plug and NVDIMM devices are unavailable, so VMs are sized before boot and devices are cold-plugged.',
    },
    sev_snp_guest: {
      summary: 'Chooses AMD SEV-SNP rather than plain SEV for confidential guests on AMD hosts.',
    },
    snp_id_block: {
      summary: 'Base64-encoded 96-byte SEV-SNP ID Block handed to the firmware at launch; set it together with `snp_id_auth`.',
      details: 'The policy inside it must equal `snp_guest_policy`, or QEMU\u2019s default policy when that is unset.',
    },
    snp_id_auth: {
      summary: 'Base64-encoded 4096-byte SEV-SNP ID authentication structure that signs `snp_id_block`.',
    },
    snp_guest_policy: {
      summary: 'SEV-SNP guest policy value given at launch; QEMU\u2019s default 0x30000 (196608) applies when unset.',
      details: 'A policy the platform rejects stops the VM from starting. Leaving the key out differs from writing 0 in the Go runtime.',
    },
    tdx_quote_generation_service_socket_port: {
      summary: 'Vsock port of the host\u2019s TDX Quote Generation Service used for attestation; 0 selects its Unix socket.',
      details: 'runtime-rs uses 4050 when the key is absent; with 0 and no `/var/run/tdx-qgs/qgs.socket`, Kata falls back to port 4050.',
    },
    measurement_algo: {
      summary: 'Hash algorithm for the launch measurement of Arm CCA realm guests (Go runtime; `sha512` when empty).',
    },
    initdata: {
      summary: 'InitData document for a confidential guest, for example its agent policy and attestation settings, whose digest is bound to the VM launch (runtime-rs).',
      details: 'The Go runtime accepts it only through an annotation.',
    },
    rootless: {
      summary: 'Runs the QEMU process as an unprivileged user instead of root.',
      details: 'Some features are unavailable in this mode; see Kata\u2019s rootless VMM guide.',
    },
    rootless_user: {
      summary: 'The non-root account (`uid`, `gid`, `groups`, `user_name`) runtime-rs runs the VMM as when `rootless` is on.',
    },
    disable_seccomp: {
      summary: 'Turns off the seccomp filter the VMM (Cloud Hypervisor, Firecracker, Dragonball, StratoVirt) places on its own threads.',
    },
    seccompsandbox: {
      summary: 'Options for QEMU\u2019s `-sandbox` seccomp filter, comma separated, such as `on,spawn=deny` (Go runtime).',
      details: 'runtime-rs spells it `seccomp_sandbox`. The filter costs some performance.',
    },
    seccomp_sandbox: {
      summary: 'Options for QEMU\u2019s `-sandbox` seccomp filter, comma separated (runtime-rs spelling of `seccompsandbox`).',
    },
    selinux_label: {
      summary: 'SELinux label runtime-rs gives container processes in the guest; the Go runtime\u2019s `guest_selinux_label` in `[runtime]`.',
    },
    disable_selinux: {
      summary: 'Starts the VMM process on the host without applying an SELinux label.',
    },
    disable_guest_selinux: {
      summary: 'Keeps SELinux off inside the guest; it is on only when this is false and the guest image was built with SELinux.',
      details: 'With guest SELinux, container processes get the `container_t` type and Kata adds `--xattr` to virtiofsd.',
    },
    guest_hook_path: {
      summary: 'Directory inside the guest image holding OCI hooks the agent runs, in `prestart`, `poststart` and `poststop` subdirectories.',
      details: 'Host-side hooks belong in the OCI spec instead. Empty disables guest hooks.',
    },

    // --- Debugging ----------------------------------------------------------------------------
    enable_debug: {
      summary: 'Starts the hypervisor and guest kernel with debug output turned on.',
      details: 'Needed for `extra_monitor_socket`. In runtime-rs it also turns this component\u2019s unset or `info` `log_level` into `debug`.',
    },
    hypervisor_loglevel: {
      summary: 'Verbosity of Cloud Hypervisor\u2019s or StratoVirt\u2019s own log, from 1 to 3 (Go runtime).',
      details: 'Out-of-range values are clamped. runtime-rs uses the `log_level` string instead.',
    },
    log_level: {
      summary: 'How much of this hypervisor component\u2019s output runtime-rs writes to its log: `trace`, `debug`, `info` (default), `warn`, `error`, `critical`.',
    },
    guest_memory_dump_path: {
      summary: 'Host directory where the guest\u2019s memory is saved as a vmcore when the guest kernel panics; empty disables dumps.',
      details: 'Dumps take time and disk space proportional to guest memory.',
    },
    guest_memory_dump_paging: {
      summary: 'Includes paging information in guest memory dumps, so tools like gdb can resolve guest virtual addresses.',
    },

    // --- Remote hypervisor --------------------------------------------------------------------
    remote_hypervisor_socket: {
      summary: 'Unix socket of the remote hypervisor service (peer pods) the Go runtime talks to; default `/run/peerpod/hypervisor.sock`.',
      details: 'runtime-rs spells it `hypervisor_socket`.',
    },
    remote_hypervisor_timeout: {
      summary: 'How long the Go runtime waits for the remote hypervisor to create the VM (default 600).',
      unit: 'seconds',
      details: 'runtime-rs spells it `hypervisor_timeout`.',
    },
    hypervisor_socket: {
      summary: 'Unix socket of the remote hypervisor service (peer pods) runtime-rs talks to; default `/run/peerpod/hypervisor.sock`.',
    },
    hypervisor_timeout: {
      summary: 'How long runtime-rs waits for the remote hypervisor to create the VM; 0 becomes 600.',
      unit: 'seconds',
    },
    default_gpus: {
      summary: 'Number of GPUs to request for the remote VM (runtime-rs, remote hypervisor only).',
    },
    default_gpu_model: {
      summary: 'GPU model name to request for the remote VM, such as `a100` (runtime-rs, remote hypervisor only).',
    },

    // --- VM templating (runtime-rs, Dragonball) ------------------------------------------------
    boot_to_be_template: {
      summary: 'Boots this VM so that it can be saved as a template for cloning others (runtime-rs).',
    },
    boot_from_template: {
      summary: 'Creates the VM by restoring a saved template instead of booting it (runtime-rs).',
    },
    memory_path: {
      summary: 'File holding the template VM\u2019s memory image (runtime-rs templating).',
    },
    device_state_path: {
      summary: 'File holding the template VM\u2019s saved device state (runtime-rs templating).',
    },
  },

  'hypervisor.guest_extension_images': {
    name: {
      summary: 'Identifier of the extension image, used for its device serial, dm-verity target and mount point; required.',
      details: 'Only ASCII letters, digits, `-` and `_`, unique among the entries.',
    },
    path: {
      summary: 'Host path of the extension image file.',
    },
    verity_params: {
      summary: 'The dm-verity settings for this extension image, written like `kernel_verity_params`; empty attaches it unmeasured.',
    },
  },

  'hypervisor.factory': {
    enable_template: {
      summary: 'Creates VMs from a template that `kata-ctl factory init` prepared beforehand (runtime-rs).',
      details: 'The runtime-rs guide asks for `initrd` instead of `image`, no `shared_fs`, and the blockfile snapshotter.',
    },
    template_path: {
      summary: 'Directory where runtime-rs keeps the template VM\u2019s memory and device state (default `/run/vc/vm/template`).',
    },
  },

  agent: {
    enable_debug: {
      summary: 'Makes the kata-agent in the guest log at debug level.',
      details: 'Kata adds the agent\u2019s debug kernel parameter itself, so `agent.log=debug` need not go into `kernel_params`.',
    },
    log_level: {
      summary: 'Level of agent messages runtime-rs passes to its log: `trace`, `debug`, `info` (default), `warn`, `error` or `critical`.',
      details: 'With `enable_debug = true` the default `info` becomes `debug`; an explicitly different level is kept.',
    },
    enable_tracing: {
      summary: 'Makes the kata-agent produce OpenTelemetry trace spans, attached to the runtime\u2019s spans when runtime tracing is on.',
      details: 'Stopping containers takes slightly longer, because the runtime waits for the agent.',
    },
    debug_console_enabled: {
      summary: 'Offers a root shell in the guest, reachable with `kata-runtime exec` (Go) or `kata-ctl exec` (runtime-rs), for debugging.',
      details: 'It belongs in `[agent.kata]`. Kata adds `agent.debug_console` and a vsock port (1026) to the kernel parameters; the guest image must contain a shell. Keep it off in production.',
    },
    kernel_modules: {
      summary: 'Guest kernel modules the agent loads with modprobe before starting containers; each string is a module name followed by its parameters.',
      details: 'A module that is missing or fails to load prevents the container from starting.',
    },
    dial_timeout: {
      summary: 'How long the Go runtime keeps trying to connect to the agent of a starting VM (default 45).',
      unit: 'seconds',
      details: 'Go runtime only; runtime-rs refuses it and uses `reconnect_timeout_ms` and `dial_timeout_ms`, in milliseconds.',
    },
    dial_timeout_ms: {
      summary: 'Pause between two attempts of runtime-rs to connect to the agent (default 10, never 0).',
      unit: 'milliseconds',
      details: 'The overall limit is `reconnect_timeout_ms`; raise that one when agents are slow to come up. The Go runtime uses `dial_timeout`, in seconds.',
    },
    reconnect_timeout_ms: {
      summary: 'Total time runtime-rs spends trying to reach the agent of a starting VM before failing (default 3000).',
      unit: 'milliseconds',
      details: 'Must not be below `dial_timeout_ms`.',
    },
    cdh_api_timeout: {
      summary: 'Time limit the Go runtime sets for calls to the Confidential Data Hub in the guest (default 50).',
      unit: 'seconds',
      details: 'runtime-rs spells it `cdh_api_timeout_ms`, in milliseconds.',
    },
    cdh_api_timeout_ms: {
      summary: 'Time limit runtime-rs sets for calls to the Confidential Data Hub in the guest (default 50000).',
      unit: 'milliseconds',
    },
    launch_process_timeout: {
      summary: 'How long the agent waits for the guest components it starts (attestation-agent, confidential-data-hub) to open their sockets.',
      unit: 'seconds',
      details: 'The agent uses 6 when it is unset.',
    },
    create_container_timeout: {
      summary: 'Time runtime-rs allows the agent to create a container, including any image pull inside the guest (default 30).',
      unit: 'seconds',
      details: 'The Go runtime reads this key in `[runtime]`. Kubelet\u2019s `runtime-request-timeout` still limits the wait if it is shorter.',
    },
    health_check_request_timeout_ms: {
      summary: 'Time limit of each health-check request runtime-rs sends to the agent (default 90000).',
      unit: 'milliseconds',
    },
    visible_cdi_devices: {
      summary: 'Has the agent turn a container\u2019s `VISIBLE_CDI_DEVICES` variable into CDI requests for the matching GPUs in the VM.',
    },
    container_pipe_size: {
      summary: 'Size the agent sets for the stdout and stderr pipes of container processes; 0 keeps the guest kernel\u2019s default.',
      unit: 'bytes',
    },
    server_port: {
      summary: 'Vsock port of the agent\u2019s API server in the guest (runtime-rs; default 1024).',
    },
    log_port: {
      summary: 'Vsock port over which the agent sends its log to runtime-rs (default 1025).',
    },
    passfd_listener_port: {
      summary: 'Guest vsock port where the agent accepts passed-through container I/O (runtime-rs; default 1027).',
    },
    policy: {
      summary: 'Agent policy runtime-rs sends to the agent at sandbox start to restrict which agent requests are allowed.',
      details: 'The Go runtime takes a policy only from the `io.katacontainers.config.agent.policy` annotation.',
    },
  },

  'agent.mem_agent': {
    enable: {
      summary: 'Starts the guest memory agent (runtime-rs), which periodically reclaims cold memory from cgroups and compacts free memory.',
      details: 'The templates write it under its older name `mem_agent_enable`, which is still accepted.',
    },
    memcg_disable: {
      summary: 'Switches off the memory agent\u2019s per-cgroup aging and eviction while leaving compaction running.',
    },
    memcg_swap: {
      summary: 'Lets the memory agent\u2019s cgroup reclaim also swap anonymous memory out, not only drop cached pages.',
    },
    memcg_swappiness_max: {
      summary: 'Highest swappiness the memory agent uses during cgroup reclaim with swap (default 50).',
    },
    memcg_period_secs: {
      summary: 'Interval between two cgroup reclaim rounds of the memory agent (default 600).',
      unit: 'seconds',
    },
    memcg_period_psi_percent_limit: {
      summary: 'A cgroup is skipped in a reclaim round if its memory and I/O pressure stalls (PSI) during the interval exceeded this share (default 1).',
      unit: 'percent',
    },
    memcg_eviction_psi_percent_limit: {
      summary: 'Eviction from a cgroup stops until the next round once its memory and I/O stall share during eviction passes this value (default 1).',
      unit: 'percent',
    },
    memcg_eviction_run_aging_count_min: {
      summary: 'Number of aging passes a cgroup needs before the memory agent starts evicting from it (default 3).',
    },
    compact_disable: {
      summary: 'Switches off the memory agent\u2019s periodic memory compaction.',
    },
    compact_period_secs: {
      summary: 'Interval between two compaction checks of the memory agent (default 600).',
      unit: 'seconds',
    },
    compact_period_psi_percent_limit: {
      summary: 'Compaction is skipped after an interval whose memory and I/O pressure stall share exceeded this value (default 1).',
      unit: 'percent',
    },
    compact_psi_percent_limit: {
      summary: 'A running compaction is stopped when the memory and I/O stall share, sampled every second, exceeds this value (default 5).',
      unit: 'percent',
    },
    compact_sec_max: {
      summary: 'Longest time a single compaction run may last.',
      unit: 'seconds',
    },
    compact_order: {
      summary: 'Page order that compaction aims to make available, used together with `compact_threshold` (default 9).',
    },
    compact_threshold: {
      summary: 'Change in page counts since the last compaction (movable pages below `compact_order`, or lost free pages) that triggers a new one (default 1024).',
      unit: 'pages',
    },
    compact_force_times: {
      summary: 'Number of intervals without compaction after which one is forced regardless of memory state; 0 forces one every interval.',
      details: 'The shipped value 9223372036854775807 effectively never forces one.',
    },
  },

  runtime: {
    enable_debug: {
      summary: 'Makes the runtime (the containerd shim) write debug messages to its log.',
      details: 'In runtime-rs it also turns an unset or `info` `log_level` into `debug`.',
    },
    log_level: {
      summary: 'Verbosity of runtime-rs\u2019s own messages: `trace`, `debug`, `info` (default), `warn`, `error` or `critical`.',
    },
    name: {
      summary: 'Runtime implementation runtime-rs starts; only `virt_container` (or empty) is accepted.',
    },
    hypervisor_name: {
      summary: 'Selects which `[hypervisor.<name>]` table runtime-rs uses, for example `qemu` or `dragonball`.',
    },
    agent_name: {
      summary: 'Selects which `[agent.<name>]` table runtime-rs uses; it must be `kata`.',
    },
    internetworking_model: {
      summary: 'How traffic of the pod\u2019s network interfaces is carried to the VM\u2019s tap devices; `tcfilter` by default.',
      details: '`none` only creates a tap device and leaves the wiring to you. Go also accepts `default`; runtime-rs adds the experimental IPv4-only `l3forwarding`.',
    },
    disable_new_netns: {
      summary: 'Keeps the shim and hypervisor in the host network namespace instead of a namespace of their own.',
      details: 'The Go runtime refuses it unless `internetworking_model` is `none`; the VM\u2019s tap device then stays in the host namespace, where it can join a bridge such as OVS.',
    },
    sandbox_cgroup_only: {
      summary: 'Puts all host-side Kata processes of a sandbox into a single cgroup, without separate host cgroups per container.',
      details: 'The sandbox\u2019s limits then also have to cover the VM\u2019s overhead, so size `RuntimeClass.overhead` accordingly.',
    },
    static_sandbox_resource_mgmt: {
      summary: 'Sizes the VM\u2019s CPUs and memory once, before boot, from the workload\u2019s limits, and never hot-plugs afterwards.',
      details: 'Go adds the limits to `default_vcpus`/`default_memory`; runtime-rs adds them to `overhead_vcpus`/`overhead_memory` and falls back to the defaults without limits. Confidential guests rely on it, and Go multi-node NUMA requires it.',
    },
    enable_vcpus_pinning: {
      summary: 'Pins each vCPU thread to one host CPU whenever the sandbox\u2019s CPU set holds exactly as many CPUs as there are vCPUs.',
    },
    experimental: {
      summary: 'Names of experimental features to switch on.',
      details: 'The Go runtime registers none, so any entry makes it refuse the file; runtime-rs understands `force_guest_pull`.',
    },
    emptydir_mode: {
      summary: 'How Kubernetes emptyDir volumes are provided to the guest: via the shared filesystem, or as a plain or encrypted block device.',
      details: 'The confidential-computing templates use `block-encrypted`.',
    },
    enable_tracing: {
      summary: 'Makes the runtime record tracing spans and send them to the Jaeger collector named by `jaeger_endpoint`.',
    },
    jaeger_endpoint: {
      summary: 'URL of the Jaeger HTTP collector that receives traces; empty means `http://localhost:14268/api/traces`.',
    },
    jaeger_user: {
      summary: 'User name for basic authentication to the Jaeger collector.',
    },
    jaeger_password: {
      summary: 'Password for basic authentication to the Jaeger collector, stored in clear text in this file.',
    },
    vfio_mode: {
      summary: 'Whether a passed-through device reaches the container as a VFIO device node (`vfio`) or is claimed by a guest kernel driver (`guest-kernel`).',
      details: 'Default `guest-kernel`. In `vfio` mode the group numbers under `/dev/vfio` follow the VM\u2019s IOMMU groups, not the host\u2019s.',
    },
    disable_guest_seccomp: {
      summary: 'Skips applying containers\u2019 seccomp profiles inside the guest; the shipped templates set it to true.',
    },
    create_container_timeout: {
      summary: 'Time the Go runtime allows for creating a container, including an image pull inside the guest (default 60).',
      unit: 'seconds',
      details: 'A shorter kubelet `runtime-request-timeout` still wins. runtime-rs reads this key in `[agent.kata]`.',
    },
    sandbox_bind_mounts: {
      summary: 'Host paths bind-mounted into the sandbox\u2019s shared directory for services in the guest, not for containers.',
      details: 'Needs a shared filesystem; the guest sees them under `/run/kata-containers/shared/containers/sandbox-mounts`. Go mounts them read-only; runtime-rs accepts a `:ro` or `:rw` suffix.',
    },
    dan_conf: {
      summary: 'Directory where CNI plugins leave Directly Attachable Network descriptions of host devices to hand to the VM (default `/run/kata-containers/dans`).',
    },
    enable_pprof: {
      summary: 'Lets `kata-monitor` serve pprof profiling data of the shim process.',
    },
    pod_resource_api_sock: {
      summary: 'Path of the kubelet\u2019s PodResources API socket, used to discover devices to cold-plug; empty disables that lookup.',
      details: 'Only matters when `cold_plug_vfio` is not `no-port`; without the socket, cold plug needs explicit CDI annotations.',
    },
    kubelet_root_dir: {
      summary: 'Kubelet root directory, used to recognise ConfigMap and Secret volume paths (Go runtime; default `/var/lib/kubelet`).',
      details: 'Change it on distributions with a different kubelet root, such as k0s.',
    },
    guest_selinux_label: {
      summary: 'Custom SELinux label (`user:role:type`) for container processes in the guest instead of the default `container_t` type (Go runtime).',
      details: 'Requires guest SELinux (`disable_guest_selinux = false`). runtime-rs uses `selinux_label` in the hypervisor table.',
    },
    disable_guest_empty_dir: {
      summary: 'Keeps emptyDir volumes on the host, reaching the guest through the shared filesystem, rather than in guest storage (Go runtime).',
    },
    experimental_force_guest_pull: {
      summary: 'Pulls container images inside the guest rather than on the host (Go runtime, experimental).',
      details: 'runtime-rs expresses this as `experimental = ["force_guest_pull"]`.',
    },
    keep_abnormal: {
      summary: 'Debug aid: after an abnormal exit or failed health check, runtime-rs leaves the sandbox in place instead of cleaning up.',
    },
    use_passfd_io: {
      summary: 'Carries container stdin, stdout and stderr over passed-through file descriptors instead of agent I/O requests (runtime-rs; Dragonball only).',
    },
    passfd_listener_port: {
      summary: 'Port runtime-rs connects to for fd-passthrough I/O when `use_passfd_io` is on (default 1027).',
    },
    shared_mounts: {
      summary: 'Directories one container of a pod shares with another container of the same sandbox (runtime-rs).',
      details: 'Written as `[[runtime.shared_mounts]]` tables; every field is required.',
    },
  },

  'runtime.shared_mounts': {
    name: {
      summary: 'Identifier of this pair of shared mount points.',
    },
    src_ctr: {
      summary: 'Name of the container that provides the shared directory.',
    },
    src_path: {
      summary: 'Absolute path of the shared directory inside the source container; `..` is not allowed.',
    },
    dst_ctr: {
      summary: 'Name of the container that receives the shared directory.',
    },
    dst_path: {
      summary: 'Absolute path where the directory appears in the destination container; `..` is not allowed.',
    },
  },

  factory: {
    enable_template: {
      summary: 'Creates new VMs by cloning a paused template VM whose kernel, initrd and agent memory they share read-only (Go runtime).',
      details: 'Needs `initrd`, not `image`. runtime-rs reads this key in `[hypervisor.<name>.factory]`.',
    },
    template_path: {
      summary: 'Directory holding the template VM of the Go runtime\u2019s factory (default `/run/vc/vm/template`).',
    },
    vm_cache_number: {
      summary: 'Number of pre-booted VMs the VMCache server keeps ready for new sandboxes; 0 disables VMCache.',
      details: 'QEMU only. VMCache is deprecated and runtime-rs has no equivalent.',
    },
    vm_cache_endpoint: {
      summary: 'Unix socket over which VMCache hands cached VMs to runtimes (default `/var/run/kata-containers/cache.sock`).',
    },
  },
};

/** Table descriptions by table id (one sentence each), for hover on [hypervisor.qemu] etc. */
export const tableDescriptions: Readonly<Record<string, string>> = {
  hypervisor: 'Settings of the sandbox VM and of the hypervisor that runs it; the name after `hypervisor.` picks the hypervisor.',
  agent: 'Settings of the kata-agent, the process in the guest that creates and runs the containers.',
  runtime: 'Settings of the runtime on the host, the containerd shim that manages sandboxes.',
  factory: 'VM templating and VM caching of the Go runtime, to start sandboxes faster.',
  'hypervisor.factory': 'VM templating for this hypervisor (runtime-rs).',
  'hypervisor.guest_extension_images': 'One extra read-only image attached to the guest, such as the confidential-computing extension.',
  'agent.mem_agent': 'The guest memory agent of runtime-rs, which reclaims cgroup memory and compacts free memory.',
  'runtime.shared_mounts': 'One directory shared from one container of the sandbox to another (runtime-rs).',
};
