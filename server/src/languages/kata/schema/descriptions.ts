// Our own short descriptions of the Kata keys users touch most, for hover, completion and the JSON Schemas.
// Facts (units, defaults, value sets) agree with the generated schema; the wording is ours.

export interface KeyDescription {
  /** One sentence: what the key controls. */
  readonly summary: string;
  /** Optional practical guidance. */
  readonly details?: string;
  /** Unit of a number. */
  readonly unit?: string;
}

export const keyDescriptions: Readonly<Record<string, Readonly<Record<string, KeyDescription>>>> = {
  hypervisor: {
    path: { summary: 'The hypervisor binary Kata starts for each sandbox.' },
    kernel: { summary: 'The guest kernel image the VM boots.' },
    image: { summary: 'The guest root filesystem disk image; set this or initrd, not both.' },
    initrd: { summary: 'The guest initramfs; set this or image, not both.' },
    kernel_params: { summary: 'Extra kernel command-line parameters, appended after the ones Kata sets itself.' },
    machine_type: { summary: 'The QEMU machine model (q35 on x86_64, virt on arm64, s390-ccw-virtio on s390x).' },
    default_vcpus: { summary: 'How many vCPUs the VM starts with before container limits are added.', unit: 'vCPUs' },
    default_maxvcpus: { summary: 'The upper limit of vCPUs the VM can grow to by hot-plug; 0 means the host\u2019s CPU count.', unit: 'vCPUs' },
    default_memory: { summary: 'Memory the VM starts with, before container limits are hot-plugged.', unit: 'MiB', details: 'The Go runtime replaces values below 256 by 2048.' },
    default_maxmemory: { summary: 'The most memory the VM can reach by hot-plug; 0 means all host memory.', unit: 'MiB' },
    shared_fs: { summary: 'How container files on the host reach the guest: virtio-fs (default), virtio-9p (Go only), inline-virtio-fs (runtime-rs Dragonball) or none.' },
    virtio_fs_daemon: { summary: 'Path of the virtiofsd binary that serves the shared directory; needed whenever shared_fs is virtio-fs.' },
    virtio_fs_cache: { summary: 'The guest cache policy virtiofsd applies: never, auto or always (metadata too in the Go runtime).' },
    virtio_fs_cache_size: { summary: 'Size of the DAX window mapping host pages into the guest; 0 switches DAX off.', unit: 'MiB' },
    virtio_fs_extra_args: { summary: 'Additional command-line arguments given to the virtio-fs daemon, one option per array element.', details: 'Use the `--option=value` form of the Rust virtiofsd; the old `-o sub,options` form is legacy. Kata passes the shared directory, socket and cache mode itself.' },
    hot_plug_vfio: { summary: 'Which PCIe port type hot-plugged VFIO devices attach to (no-port, root-port, bridge-port, switch-port); Go runtime only.' },
    cold_plug_vfio: { summary: 'Which PCIe port type VFIO devices present at VM start attach to; no-port disables cold plug.' },
    pcie_root_port: { summary: 'How many PCIe root ports to create for devices plugged in later.' },
    block_device_driver: { summary: 'The virtual device type used for block volumes and block-based root filesystems.' },
    block_device_aio: { summary: 'The I/O engine QEMU uses for block devices: io_uring, native or threads.' },
    enable_iommu: { summary: 'Gives the guest a virtual IOMMU, needed for some VFIO passthrough setups.' },
    enable_hugepages: { summary: 'Backs guest memory with huge pages from the host.' },
    enable_debug: { summary: 'Turns on debug output of this component (hypervisor, runtime or agent, by table).' },
    disable_image_nvdimm: { summary: 'Attaches the rootfs image as a plain block device instead of an NVDIMM (DAX) device.' },
    confidential_guest: { summary: 'Runs the guest as a confidential VM (TDX, SEV-SNP or Secure Execution), which changes how devices and memory are handled.' },
    enable_annotations: { summary: 'Hypervisor keys that pod annotations may override; keep it short, each entry widens what a pod can change.' },
  },
  agent: {
    debug_console_enabled: { summary: 'Opens a shell in the guest that `kata-runtime exec` can reach, for debugging.' },
    kernel_modules: { summary: 'Kernel modules the agent loads in the guest at start, each with its parameters.' },
    enable_tracing: { summary: 'Makes the agent emit OpenTelemetry traces.' },
    dial_timeout: { summary: 'How long the runtime keeps trying to reach the agent when the VM starts (Go runtime).', unit: 'seconds', details: 'runtime-rs spells it dial_timeout_ms, in milliseconds.' },
  },
  runtime: {
    internetworking_model: { summary: 'How the container network namespace is connected to the VM\u2019s network devices (tcfilter by default).' },
    disable_new_netns: { summary: 'Keeps the runtime in the host network namespace instead of creating one; needs internetworking_model = "none" in the Go runtime.' },
    sandbox_cgroup_only: { summary: 'Puts all Kata host processes of a pod in the pod\u2019s cgroup, so the pod\u2019s limits also pay for the VM overhead.' },
    static_sandbox_resource_mgmt: { summary: 'Sizes the VM once at start from the pod\u2019s limits instead of hot-plugging CPUs and memory.' },
    enable_vcpus_pinning: { summary: 'Pins each vCPU thread to one host CPU when the pod\u2019s CPU set allows it.' },
    experimental: { summary: 'Experimental features to switch on; the Go runtime currently registers none, runtime-rs reads force_guest_pull.' },
    emptydir_mode: { summary: 'How Kubernetes emptyDir volumes are provided to the guest: shared-fs, block-encrypted or block-plain.' },
  },
  factory: {
    enable_template: { summary: 'Starts new VMs from a prepared template VM to save boot time and memory.' },
  },
};

export const tableDescriptions: Readonly<Record<string, string>> = {
  hypervisor: 'Settings of the virtual machine and the hypervisor that runs it; the table name picks the hypervisor.',
  agent: 'Settings of the kata-agent, the process inside the guest that starts the containers.',
  runtime: 'Settings of the runtime (the containerd shim) on the host.',
  factory: 'VM templating and caching, to start sandboxes faster (Go runtime).',
  'hypervisor.factory': 'VM templating for this hypervisor (runtime-rs).',
  'agent.mem_agent': 'The guest memory agent that reclaims and compacts memory (runtime-rs).',
};
