// The shape of server/data/kata-schema.json: what Kata's own sources say about configuration.toml, per
// runtime (the Go runtime and runtime-rs read the same file names with different decoders). Written by
// server/tools/kataSchema (npm run gen:kata-schema) from a kata-containers checkout; read by the language
// service. Every fact carries `$source`, "path/in/kata:line", so a user (or a reviewer of a schema update)
// can open the line that decides it.

export type KataRuntime = 'go' | 'rs';

/** How a key's value is typed in the struct it is decoded into. */
export type KataValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'string-array'
  | 'integer-array'
  /** A sub-table (`rootless_user = {...}`, `[hypervisor.x.factory]`); `table` names its schema. */
  | 'table'
  /** An array of tables (`[[hypervisor.x.guest_extension_images]]`); `table` names its schema. */
  | 'table-array';

export interface KataEnum {
  /** The values Kata accepts (an empty string is listed when Kata accepts it and applies a default). */
  readonly values: readonly string[];
  /** Only checked for these hypervisors (e.g. machine_type is QEMU's machine model); all when absent. */
  readonly hypervisors?: readonly string[];
  /** When the set depends on the architecture (the runtime's spelling), the set per architecture. */
  readonly byArch?: Readonly<Record<string, readonly string[]>>;
  /** The message Kata prints for any other value, with `%v`/`{}` where it puts the value. */
  readonly message?: string;
  /** True when Kata refuses the value while loading the file; false when it only fails at sandbox start. */
  readonly atLoad: boolean;
  readonly $source: string;
}

export interface KataKey {
  readonly type: KataValueType;
  /** The type as the source writes it: `uint32`, `Option<u64>`, `config.PCIePort`. */
  readonly sourceType: string;
  /** Integer bounds the decoder enforces (from the integer's width). */
  readonly min?: number;
  readonly max?: number;
  /** `Option<...>`/pointer: leaving the key out is not the same as writing the zero value. */
  readonly optional?: boolean;
  /** Other names the decoder accepts for this key (serde `alias`). */
  readonly aliases?: readonly string[];
  /** For 'table' and 'table-array': the id of the table schema the value is decoded as. */
  readonly table?: string;
  readonly enum?: KataEnum;
  readonly $source: string;
}

export interface KataTable {
  /**
   * The table's id: its path in the file with the name level of named tables left out
   * (`[hypervisor.qemu.factory]` has id `hypervisor.factory`).
   */
  readonly id: string;
  /** Unknown keys are refused (serde `deny_unknown_fields`); otherwise they are silently ignored. */
  readonly strict: boolean;
  readonly keys: Readonly<Record<string, KataKey>>;
  readonly $source: string;
}

export interface KataRuntimeSchema {
  /** Top-level tables keyed by a name (`[hypervisor.<name>]`, `[agent.<name>]`). */
  readonly namedTables: readonly string[];
  /** Hypervisor names this runtime has code for (the `<name>` of `[hypervisor.<name>]`). */
  readonly hypervisors: readonly string[];
  readonly tables: Readonly<Record<string, KataTable>>;
  readonly $source: string;
}

/** One shipped template, as Kata's build generates it. */
export interface KataTemplate {
  /** Path in the checkout, e.g. `src/runtime/config/configuration-qemu.toml.in`. */
  readonly path: string;
  /** The installed name, e.g. `configuration-qemu.toml`. */
  readonly installedName: string;
  readonly runtime: KataRuntime;
  readonly hypervisor?: string;
  /** The architectures (the runtime's own spelling: amd64 for Go, x86_64 for runtime-rs) the build ships it for. */
  readonly arches: readonly string[];
  /** Generated values (dotted key path to value) that are the same on every architecture in `arches`. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Per architecture, the values that differ from `values` or exist only there. */
  readonly archValues: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A key Kata once read under another name or in another table, and what replaced it. */
export interface KataKeyChange {
  readonly runtime: KataRuntime;
  /** Table id and key of the old spelling. */
  readonly table: string;
  readonly key: string;
  /** The current table id and key, when there is a successor. */
  readonly to?: { readonly table: string; readonly key: string };
  /** How to say what changed, e.g. "renamed", "removed", "moved to [runtime]". */
  readonly change: string;
  /** The commit that made the change (and its date), e.g. "dd422ccb69 (2023-07-20)". */
  readonly $source: string;
}

/** A key one runtime reads that the other spells differently, or does not have. */
export interface KataCrossRuntimeKey {
  readonly go?: { readonly table: string; readonly key: string };
  readonly rs?: { readonly table: string; readonly key: string };
  /** What differs besides the name (unit, type, vocabulary). */
  readonly note?: string;
  readonly $source: string;
}

export interface KataSchema {
  readonly $source: {
    readonly repository: string;
    /** `git describe` of the checkout the schema was generated from. */
    readonly version: string;
    readonly generator: string;
  };
  readonly runtimes: Readonly<Record<KataRuntime, KataRuntimeSchema>>;
  readonly templates: readonly KataTemplate[];
  readonly history: readonly KataKeyChange[];
  readonly crossRuntime: readonly KataCrossRuntimeKey[];
}
