// Keys Kata renamed, moved or removed, and keys the two runtimes spell differently. These facts come from
// Kata's history (`git log -S'toml:"<key>"'` on the struct files) and from comparing the Go and Rust
// structs; each names the commit or the two struct lines. When the checkout given to the generator is a
// git clone, every commit below is checked to exist in it.

import type { KataCrossRuntimeKey, KataKeyChange } from '../../src/languages/kata/schema/types';

const hv = (key: string) => ({ table: 'hypervisor', key });
const rt = (key: string) => ({ table: 'runtime', key });
const ag = (key: string) => ({ table: 'agent', key });

export const keyHistory: readonly KataKeyChange[] = [
  { runtime: 'go', table: 'hypervisor', key: 'hotplug_vfio_on_root_bus', to: hv('hot_plug_vfio'), change: 'removed; hot_plug_vfio takes a port type ("root-port", "bridge-port", "switch-port" or "no-port") instead of a boolean', $source: 'dd422ccb69 (2023-07-20)' },
  { runtime: 'rs', table: 'hypervisor', key: 'hotplug_vfio_on_root_bus', change: 'removed from runtime-rs; use cold_plug_vfio = "root-port" for devices present at start', $source: 'a30c22bd64 (2026-06-29)' },
  { runtime: 'go', table: 'hypervisor', key: 'hotplug_vfio', to: hv('hot_plug_vfio'), change: 'renamed', $source: 'da42801c38 (2023-05-08)' },
  { runtime: 'go', table: 'hypervisor', key: 'enable_vcpus_pinning', to: rt('enable_vcpus_pinning'), change: 'moved to [runtime]', $source: '6ee550e9a5 (2023-01-11)' },
  { runtime: 'go', table: 'hypervisor', key: 'use_vsock', change: 'removed; vsock is always used', $source: '1099a28830 (2020-07-13)' },
  { runtime: 'rs', table: 'hypervisor', key: 'use_vsock', change: 'removed; vsock is always used', $source: '1099a28830 (2020-07-13)' },
  { runtime: 'go', table: 'agent', key: 'trace_mode', to: ag('enable_tracing'), change: 'removed; enable_tracing is the only tracing switch', $source: '321be0f794 (2021-07-29)' },
  { runtime: 'go', table: 'agent', key: 'trace_type', to: ag('enable_tracing'), change: 'removed; enable_tracing is the only tracing switch', $source: '321be0f794 (2021-07-29)' },
  { runtime: 'go', table: 'hypervisor', key: 'enable_swap', to: hv('enable_guest_swap'), change: 'removed', $source: '49223e67af (2022-01-18)' },
  { runtime: 'rs', table: 'hypervisor', key: 'enable_swap', to: hv('enable_guest_swap'), change: 'removed', $source: 'c148b70da7 (2025-01-20)' },
  ...(
    [
      ['path_list', 'valid_hypervisor_paths'],
      ['jailer_path_list', 'valid_jailer_paths'],
      ['virtio_fs_daemon_list', 'valid_virtio_fs_daemon_paths'],
      ['vhost_user_store_path_list', 'valid_vhost_user_store_paths'],
    ] as const
  ).flatMap(([from, to]) =>
    (['go', 'rs'] as const).map((runtime): KataKeyChange => ({ runtime, table: 'hypervisor', key: from, to: hv(to), change: 'renamed', $source: 'be6ee2550d (2020-09-10)' })),
  ),
  { runtime: 'rs', table: 'hypervisor', key: 'ctlpath_list', to: hv('valid_ctlpaths'), change: 'renamed', $source: 'be6ee2550d (2020-09-10)' },
  { runtime: 'go', table: 'hypervisor', key: 'ctlpath', change: 'removed with the ACRN hypervisor', $source: 'fefcf7cfa4 (2024-09-02)' },
  { runtime: 'go', table: 'hypervisor', key: 'valid_ctlpaths', change: 'removed with the ACRN hypervisor', $source: 'fefcf7cfa4 (2024-09-02)' },
  { runtime: 'go', table: 'hypervisor', key: 'file_mem_backend', change: 'removed', $source: '70d8f1bf3d (2026-06-08)' },
  { runtime: 'go', table: 'hypervisor', key: 'valid_file_mem_backends', change: 'removed', $source: '70d8f1bf3d (2026-06-08)' },
  { runtime: 'rs', table: 'hypervisor', key: 'file_mem_backend', change: 'removed', $source: '86fd65271c (2026-05-30)' },
  { runtime: 'rs', table: 'hypervisor', key: 'valid_file_mem_backends', change: 'removed', $source: '86fd65271c (2026-05-30)' },
  { runtime: 'go', table: 'hypervisor', key: 'snp_certs_path', change: 'removed', $source: 'e87231edc7 (2025-01-17)' },
  { runtime: 'rs', table: 'hypervisor', key: 'snp_certs_path', change: 'removed', $source: 'e87231edc7 (2025-01-17)' },
];

export const crossRuntimeKeys: readonly KataCrossRuntimeKey[] = [
  { go: hv('seccompsandbox'), rs: hv('seccomp_sandbox'), $source: 'src/runtime/pkg/katautils/config.go:107; src/libs/kata-types/src/config/hypervisor/mod.rs:1423' },
  { go: hv('hypervisor_loglevel'), rs: hv('log_level'), note: 'Go takes a number from 1 to 3, runtime-rs a level name such as "info"', $source: 'src/runtime/pkg/katautils/config.go:134; src/libs/kata-types/src/config/hypervisor/mod.rs:749' },
  { go: rt('guest_selinux_label'), rs: hv('selinux_label'), note: 'runtime-rs reads it in the hypervisor table', $source: 'src/runtime/pkg/katautils/config.go:195; src/libs/kata-types/src/config/hypervisor/mod.rs:1427' },
  { go: rt('create_container_timeout'), rs: ag('create_container_timeout'), note: 'runtime-rs reads it in the agent table', $source: 'src/runtime/pkg/katautils/config.go:208; src/libs/kata-types/src/config/agent.rs:135' },
  { go: ag('dial_timeout'), rs: ag('dial_timeout_ms'), note: 'Go counts seconds, runtime-rs milliseconds', $source: 'src/runtime/pkg/katautils/config.go:236; src/libs/kata-types/src/config/agent.rs:116' },
  { go: ag('cdh_api_timeout'), rs: ag('cdh_api_timeout_ms'), note: 'Go counts seconds, runtime-rs milliseconds', $source: 'src/runtime/pkg/katautils/config.go:237; src/libs/kata-types/src/config/agent.rs:124' },
  { go: { table: 'factory', key: 'enable_template' }, rs: { table: 'hypervisor.factory', key: 'enable_template' }, note: 'runtime-rs reads it in [hypervisor.<name>.factory]', $source: 'src/runtime/pkg/katautils/config.go:81; src/libs/kata-types/src/config/hypervisor/mod.rs:1687' },
  { go: { table: 'factory', key: 'template_path' }, rs: { table: 'hypervisor.factory', key: 'template_path' }, note: 'runtime-rs reads it in [hypervisor.<name>.factory]', $source: 'src/runtime/pkg/katautils/config.go:78; src/libs/kata-types/src/config/hypervisor/mod.rs:1692' },
  { go: { table: 'factory', key: 'vm_cache_number' }, note: 'runtime-rs has no VM cache', $source: 'src/runtime/pkg/katautils/config.go:80' },
  { go: { table: 'factory', key: 'vm_cache_endpoint' }, note: 'runtime-rs has no VM cache', $source: 'src/runtime/pkg/katautils/config.go:79' },
  { go: rt('experimental_force_guest_pull'), rs: rt('experimental'), note: 'runtime-rs spells it experimental = ["force_guest_pull"]', $source: 'src/runtime/pkg/katautils/config.go:210; src/libs/kata-types/src/config/runtime.rs:65' },
  { go: hv('remote_hypervisor_socket'), rs: hv('hypervisor_socket'), $source: 'src/runtime/pkg/katautils/config.go:109; src/libs/kata-types/src/config/hypervisor/mod.rs:1633' },
  { go: hv('remote_hypervisor_timeout'), rs: hv('hypervisor_timeout'), $source: 'src/runtime/pkg/katautils/config.go:142; src/libs/kata-types/src/config/hypervisor/mod.rs:1637' },
  { go: hv('hot_plug_vfio'), note: 'runtime-rs has no hot-plug port setting; it only knows cold_plug_vfio = "root-port"', $source: 'src/runtime/pkg/katautils/config.go:165' },
];
