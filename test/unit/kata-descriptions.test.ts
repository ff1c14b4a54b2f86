// Our descriptions of Kata configuration keys (server/src/languages/kata/schema/descriptions.ts): enough of
// them, the keys users and Kata's documentation touch are all there, every summary is one short sentence and
// unique, and the table ids are the ones the schema uses. sharedRuns() is the originality check: it lists
// the runs of n words a description shares with upstream text. CI has no Kata checkout, so the test only
// proves the helper on an invented example; the real check is run by hand against Kata's templates and docs.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { keyDescriptions, tableDescriptions, type KeyDescription } from '../../server/src/languages/kata/schema/descriptions';

/** Lower-case words of a text, without Markdown, punctuation or separators (`default_memory` is two words). */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/**
 * The runs of `n` consecutive words that `ours` shares verbatim with `theirs` (case, punctuation and
 * Markdown ignored), each once, in the order they occur in `ours`.
 */
export function sharedRuns(ours: string, theirs: string, n: number): string[] {
  const theirWords = words(theirs);
  const theirRuns = new Set<string>();
  for (let i = 0; i + n <= theirWords.length; i++) theirRuns.add(theirWords.slice(i, i + n).join(' '));
  const ourWords = words(ours);
  const found: string[] = [];
  for (let i = 0; i + n <= ourWords.length; i++) {
    const run = ourWords.slice(i, i + n).join(' ');
    if (theirRuns.has(run) && !found.includes(run)) found.push(run);
  }
  return found;
}

/** Every description as [table id, key, description]. */
export function allDescriptions(): [string, string, KeyDescription][] {
  return Object.entries(keyDescriptions).flatMap(([table, keys]) => Object.entries(keys).map(([key, d]) => [table, key, d] as [string, string, KeyDescription]));
}

const TABLE_IDS = ['hypervisor', 'agent', 'runtime', 'factory', 'hypervisor.factory', 'hypervisor.guest_extension_images', 'agent.mem_agent', 'runtime.shared_mounts'];

/** Keys users touch most and keys Kata's documentation names: each must be described in some table. */
const REQUIRED = [
  'shared_fs', 'virtio_fs_daemon', 'virtio_fs_cache', 'virtio_fs_cache_size', 'virtio_fs_extra_args', 'virtio_fs_queue_size',
  'virtio_fs_is_dax', 'hot_plug_vfio', 'cold_plug_vfio', 'pcie_root_port', 'pcie_switch_port', 'default_vcpus', 'default_maxvcpus',
  'default_memory', 'default_maxmemory', 'memory_slots', 'enable_hugepages', 'enable_virtio_mem', 'enable_mem_prealloc',
  'machine_type', 'machine_accelerators', 'cpu_features', 'kernel', 'kernel_params', 'image', 'initrd', 'firmware', 'path',
  'block_device_driver', 'block_device_aio', 'block_device_cache_set', 'block_device_cache_direct', 'block_device_cache_noflush',
  'disable_block_device_use', 'enable_iommu', 'enable_iommu_platform', 'enable_debug', 'debug_console_enabled', 'kernel_modules',
  'dial_timeout', 'internetworking_model', 'disable_new_netns', 'sandbox_cgroup_only', 'static_sandbox_resource_mgmt', 'enable_numa',
  'numa_mapping', 'emptydir_mode', 'vfio_mode', 'experimental', 'enable_annotations', 'disable_guest_seccomp', 'enable_tracing',
  'jaeger_endpoint', 'confidential_guest', 'sev_snp_guest', 'rootfs_type', 'entropy_source', 'guest_hook_path', 'disable_image_nvdimm',
  'default_bridges', 'msize_9p', 'enable_template', 'template_path', 'vm_cache_number', 'disable_selinux', 'disable_guest_selinux',
  'use_legacy_serial', 'extra_monitor_socket', 'hypervisor_loglevel', 'log_level', 'create_container_timeout', 'enable_vcpus_pinning',
  'guest_extension_images',
  // Named in Kata's docs (docs/migrating-config-go-runtime-to-runtime-rs.md and the how-tos).
  'overhead_vcpus', 'overhead_memory', 'vm_rootfs_driver', 'kernel_verity_params', 'dial_timeout_ms', 'reconnect_timeout_ms',
  'seccomp_sandbox', 'hugepage_type', 'enable_guest_swap', 'rootless_user', 'shared_mounts', 'keep_abnormal', 'use_passfd_io',
  'passfd_listener_port', 'hypervisor_name', 'agent_name', 'vm_cache_endpoint', 'firmware_volume', 'measurement_algo',
  'vhost_user_reconnect_timeout_sec', 'net_rate_limiter_bw_max_rate', 'disk_rate_limiter_bw_max_rate', 'container_pipe_size',
  'memcg_swap', 'compact_threshold', 'verity_params',
];

describe('Kata key descriptions', () => {
  const all = allDescriptions();

  it('describe at least 70 keys, in the allowed tables only', () => {
    assert.ok(all.length >= 70, `only ${all.length} keys described`);
    for (const id of Object.keys(keyDescriptions)) assert.ok(TABLE_IDS.includes(id), `unexpected table id ${id}`);
    for (const id of Object.keys(tableDescriptions)) assert.ok(TABLE_IDS.includes(id), `unexpected table id ${id} in tableDescriptions`);
  });

  it('describe every key users touch most and every key Kata\u2019s docs name', () => {
    const described = new Set(all.map(([, key]) => key));
    const missing = REQUIRED.filter((k) => !described.has(k));
    assert.deepEqual(missing, []);
    assert.ok(keyDescriptions.agent.debug_console_enabled, 'debug_console_enabled is an agent key');
    for (const table of ['hypervisor', 'agent', 'runtime']) assert.ok(keyDescriptions[table].enable_debug, `enable_debug in [${table}]`);
    assert.ok(keyDescriptions.factory.enable_template && keyDescriptions['hypervisor.factory'].enable_template);
  });

  it('use snake_case key names', () => {
    for (const [table, key] of all) assert.match(key, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${table}.${key}`);
  });

  it('give each key one short sentence, different from every other summary', () => {
    const seen = new Map<string, string>();
    for (const [table, key, d] of all) {
      const where = `${table}.${key}`;
      assert.ok(d.summary.trim().length > 0, `${where}: empty summary`);
      assert.match(d.summary, /^[A-Z`].*\.$/, `${where}: starts with a capital letter or code and ends with a period`);
      assert.ok(d.summary.length <= 200, `${where}: summary has ${d.summary.length} characters`);
      assert.ok(d.summary.split(/\s+/).length <= 30, `${where}: summary has more than 30 words`);
      assert.ok(!/\.\s+[A-Z]/.test(d.summary), `${where}: summary has more than one sentence`);
      const other = seen.get(d.summary);
      assert.equal(other, undefined, `${where} has the same summary as ${other}`);
      seen.set(d.summary, where);
      if (d.details !== undefined) assert.match(d.details, /^\S.*[.)]$/s, `${where}: details are sentences`);
      if (d.unit !== undefined) assert.ok(d.unit.trim().length > 0, `${where}: empty unit`);
    }
  });

  it('describe each table in one sentence', () => {
    for (const [id, text] of Object.entries(tableDescriptions)) {
      assert.match(text, /^[A-Z`].*\.$/, id);
      assert.ok(!/\.\s+[A-Z]/.test(text), `${id}: one sentence`);
    }
  });
});

describe('sharedRuns (originality check)', () => {
  const upstream = 'If enabled, the widget frobnicator will polish every sprocket before the machine starts, unless told otherwise.';

  it('finds a run of n words copied verbatim, ignoring case, punctuation and Markdown', () => {
    const copied = 'Note: the `widget` Frobnicator will polish every sprocket before the machine starts.';
    assert.deepEqual(sharedRuns(copied, upstream, 8), [
      'the widget frobnicator will polish every sprocket before',
      'widget frobnicator will polish every sprocket before the',
      'frobnicator will polish every sprocket before the machine',
      'will polish every sprocket before the machine starts',
    ]);
  });

  it('finds nothing in text written independently or sharing fewer than n words in a row', () => {
    assert.deepEqual(sharedRuns('Polishes sprockets with the frobnicator when the machine boots.', upstream, 8), []);
    assert.deepEqual(sharedRuns('The widget frobnicator will polish every gear.', upstream, 8), []);
    assert.deepEqual(sharedRuns('', upstream, 8), []);
  });

  it('reports each shared run once', () => {
    assert.deepEqual(sharedRuns('a b c a b c', 'x a b c y', 3), ['a b c']);
  });
});
