// The server from another editor: README.md's Neovim block, run as written in Debian's Neovim (0.7.2 in Debian 12,
// headless), starts dist/server.js over stdio for a ptp4l.cfg and a Kata configuration.toml; the diagnostics that
// arrive must be the CLI's for the same files, with the settings the block answers workspace/configuration with.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

/** The repository root: the nearest folder above this file that holds package.json. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const repoRoot = findRepoRoot(__dirname);
const serverScript = path.join(repoRoot, 'dist', 'server.js');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-nvim-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `nvim --version`'s first line, or why Neovim cannot be used for this test. */
function neovimVersion(): { version: string } | { skipped: string } {
  const how = 'install it with `apt-get install neovim` (Debian 12 ships 0.7.2); .ci/run does';
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return { skipped: `nvim is not on PATH (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); ${how}` };
  const m = /^NVIM v(\d+)\.(\d+)\.\S*/m.exec(r.stdout ?? '');
  if (!m) return { skipped: `nvim --version printed no version (${JSON.stringify((r.stdout ?? '').slice(0, 80))}); ${how}` };
  if (Number(m[1]) === 0 && Number(m[2]) < 7) return { skipped: `${m[0]} is older than 0.7 (no nvim_create_autocmd); ${how}` };
  return { version: m[0] };
}

/** The README's Neovim block: the first ```lua block under "### Neovim" in "## Other editors: Neovim and Emacs". */
function readmeNeovimBlock(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.indexOf('\n## Other editors: Neovim and Emacs\n');
  assert.ok(section >= 0, 'README.md has no "## Other editors: Neovim and Emacs" section');
  const neovim = readme.indexOf('\n### Neovim\n', section);
  assert.ok(neovim >= 0, 'README.md has no "### Neovim" under "## Other editors: Neovim and Emacs"');
  const m = /\n```lua\n([\s\S]*?)\n```\n/.exec(readme.slice(neovim));
  assert.ok(m, 'no ```lua block under "### Neovim" in README.md');
  return m[1];
}

// Around the README's block, which must run as written except for where the build is: before it, record what
// the server reports about itself and notice when it exits; after it, open every file on the command line, wait
// for their diagnostics, write them out and quit. Only API that Neovim 0.7 has and later versions keep.
const prelude = `-- Written by test/protocol/neovim.test.ts: README.md's Neovim block between a test prelude and epilogue.
vim.o.swapfile = false
vim.o.hidden = true
local test_statuses = {}
local test_exit
vim.lsp.handlers['kataToolkit/status'] = function(_, result) table.insert(test_statuses, result) end
local test_start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  local on_exit = config.on_exit
  config.on_exit = function(code, signal, id)
    test_exit = { code = code, signal = signal }
    if on_exit then on_exit(code, signal, id) end
  end
  return test_start_client(config)
end
-- README.md's block:
`;

const epilogue = `
-- The test's epilogue:
local function test_run()
  local files = {}
  for _, name in ipairs(vim.fn.argv()) do
    local full = vim.fn.fnamemodify(name, ':p')
    local buf
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b) == full and vim.api.nvim_buf_is_loaded(b) then buf = b end
    end
    if buf == nil then
      vim.cmd('edit ' .. vim.fn.fnameescape(full))
      buf = vim.api.nvim_get_current_buf()
    end
    table.insert(files, { name = vim.fn.fnamemodify(full, ':t'), buf = buf })
  end
  local function ready()
    if test_exit ~= nil then return true end
    for _, f in ipairs(files) do
      if #vim.diagnostic.get(f.buf) == 0 then return false end
    end
    local last = test_statuses[#test_statuses]
    return last ~= nil and last.ptp4lVersion ~= nil
  end
  local started = vim.loop.hrtime()
  local arrived = vim.wait(20000, ready, 20)
  local result = {
    arrived = arrived,
    waitedMs = math.floor((vim.loop.hrtime() - started) / 1e6),
    status = test_statuses[#test_statuses],
    serverExit = test_exit,
    files = {},
  }
  for _, f in ipairs(files) do
    local diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(f.buf)) do
      table.insert(diagnostics, {
        line = d.lnum + 1,
        code = d.code,
        severity = vim.diagnostic.severity[d.severity],
        message = d.message,
      })
    end
    table.sort(diagnostics, function(a, b)
      if a.line ~= b.line then return a.line < b.line end
      return a.code < b.code
    end)
    table.insert(result.files, {
      name = f.name,
      filetype = vim.bo[f.buf].filetype,
      language = vim.b[f.buf].kata_toolkit_language,
      diagnostics = diagnostics,
    })
  end
  vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv('KATA_NVIM_OUT'))
end

-- nested: the files opened from here must still get their BufReadPost autocmds (the README's attach).
vim.api.nvim_create_autocmd('VimEnter', {
  nested = true,
  callback = function()
    local ok, err = pcall(test_run)
    if not ok then
      vim.fn.writefile({ vim.fn.json_encode({ error = tostring(err) }) }, os.getenv('KATA_NVIM_OUT'))
      vim.cmd('cquit 2')
    end
    vim.cmd('qa!')
  end,
})
`;

/** init.lua: the README's block with `server` set to this build's dist/server.js (through $KATA_NVIM_SERVER). */
function initLua(): string {
  const block = readmeNeovimBlock();
  const serverLine = /^local server = .*$/m;
  assert.match(block, serverLine, "the README's Neovim block no longer sets `local server = ...`");
  return prelude + block.replace(serverLine, "local server = os.getenv('KATA_NVIM_SERVER')") + '\n' + epilogue;
}

interface NvimDiagnostic {
  readonly line: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}
interface NvimResult {
  readonly error?: string;
  readonly arrived?: boolean;
  readonly waitedMs?: number;
  readonly serverExit?: { code: number; signal: number };
  readonly status?: { ptp4lVersion?: string; ptp4lVersionFrom?: string };
  readonly files?: { name: string; filetype: string; language?: string; diagnostics: NvimDiagnostic[] }[];
}

/** Runs `nvim --headless --clean -u init.lua FILE...` in `dir`, with its own XDG folders, and reads what init.lua wrote. */
async function runNeovim(dir: string, files: readonly string[]): Promise<{ result: NvimResult; ms: number; log: string }> {
  const init = path.join(dir, 'init.lua');
  const out = path.join(dir, 'result.json');
  fs.writeFileSync(init, initLua());
  const xdg = path.join(dir, 'xdg');
  const env = {
    ...process.env,
    // The README's block runs `node` from PATH: this test's own node comes first.
    PATH: [path.dirname(process.execPath), process.env.PATH].filter(Boolean).join(path.delimiter),
    // Neovim's lsp.log, shada and swap files, and the server's cache, stay in the temp folder.
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    KATA_NVIM_SERVER: serverScript,
    KATA_NVIM_OUT: out,
  };
  const started = Date.now();
  const child = spawn('nvim', ['--headless', '--clean', '-n', '-u', init, ...files], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, s) => resolve([c, s]));
  }).finally(() => clearTimeout(timer));
  const ms = Date.now() - started;
  const lspLog = path.join(xdg, 'cache', 'nvim', 'lsp.log');
  const log = fs.existsSync(lspLog) ? fs.readFileSync(lspLog, 'utf8') : '';
  const tell = `nvim exited with ${signal ?? code} after ${ms} ms; its output: ${JSON.stringify(output)}; lsp.log: ${JSON.stringify(log.slice(-4000))}`;
  assert.ok(fs.existsSync(out), `init.lua wrote no result. ${tell}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
  assert.equal(result.error, undefined, `init.lua failed: ${result.error}. ${tell}`);
  assert.equal(code, 0, tell);
  return { result, ms, log };
}

const lines = (ds: readonly NvimDiagnostic[]) => ds.map((d) => `${d.line}:${d.severity}:${d.code}`);

/** What `kata-kconfig check --format json` says about one file, in the same shape (Neovim's severity names). */
function cliDiagnostics(file: string, args: readonly string[]): NvimDiagnostic[] {
  const r = spawnSync(process.execPath, [cliScript, 'check', '--format', 'json', ...args, file], { encoding: 'utf8', timeout: 30_000 });
  assert.ok(r.status === 0 || r.status === 1, `the CLI failed (${r.status ?? r.signal}): ${r.stderr}`);
  const names: Record<string, string> = { error: 'ERROR', warning: 'WARN', information: 'INFO', hint: 'HINT' };
  return (JSON.parse(r.stdout) as { line: number; code: string; severity: string; message: string }[])
    .map((d) => ({ line: d.line, code: d.code, severity: names[d.severity] ?? d.severity, message: d.message }))
    .sort((a, b) => a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

describe('Neovim as the editor', () => {
  it("receives the diagnostics of a ptp4l.cfg and a configuration.toml through the README's Neovim block", async (t) => {
    const nvim = neovimVersion();
    if ('skipped' in nvim) {
      console.log(`# skipped: Neovim client test: ${nvim.skipped}`);
      t.skip(nvim.skipped);
      return;
    }
    assert.ok(fs.existsSync(serverScript), `${serverScript} does not exist; run \`npm run build\` first`);
    const dir = fs.mkdtempSync(path.join(tmp, 'ws-'));
    // priority1 above 255, an option no version has, and 4.2's name for masterOnly, which 3.1.1 (the README
    // block's ptp4l.version) does not know.
    fs.writeFileSync(path.join(dir, 'ptp4l.cfg'), '[global]\npriority1 300\nfoo 1\nserverOnly 0\n');
    // Read by the Go runtime (nothing says runtime-rs). The syntax error on line 4 is only reported for the
    // language id kata-toml: sent as Neovim's filetype `toml`, it would be left to a TOML server.
    fs.writeFileSync(path.join(dir, 'configuration.toml'), '[hypervisor.qemu]\ndefault_memory = "2048"\nenable_debugg = true\nkernel_params = "quiet\n');

    const { result, ms, log } = await runNeovim(dir, ['ptp4l.cfg', 'configuration.toml']);
    console.log(`# ${nvim.version}: diagnostics after ${result.waitedMs} ms of waiting, ${ms} ms from start to exit`);
    const tell = `${JSON.stringify(result)}; lsp.log: ${JSON.stringify(log.slice(-4000))}`;
    assert.equal(result.serverExit, undefined, `the server exited: ${tell}`);
    assert.equal(result.arrived, true, `no diagnostics within 20 s: ${tell}`);

    const [ptp, kata] = result.files!;
    assert.equal(ptp.name, 'ptp4l.cfg');
    assert.equal(ptp.language, 'ptp4l');
    assert.deepEqual(lines(ptp.diagnostics), ['2:ERROR:ptp4l-out-of-range', '3:ERROR:ptp4l-unknown-option', '4:ERROR:ptp4l-option-other-version']);
    assert.match(ptp.diagnostics[0].message, /^300 is an out of range value for option priority1 at line 2\./);
    // The version came from the settings Neovim answered with, not from `ptp4l -v` or the newest known.
    assert.equal(result.status?.ptp4lVersion, '3.1.1');
    assert.equal(result.status?.ptp4lVersionFrom, 'setting');

    assert.equal(kata.name, 'configuration.toml');
    assert.equal(kata.language, 'kata-toml');
    assert.deepEqual(lines(kata.diagnostics), [
      '1:ERROR:kata-no-image-or-initrd',
      '1:ERROR:kata-virtio-fs-without-daemon',
      '2:ERROR:kata-type-mismatch',
      '3:WARN:kata-unknown-key',
      '4:ERROR:kata-toml-syntax',
    ]);

    // The same words as the command line with the same choice of version.
    assert.deepEqual(ptp.diagnostics, cliDiagnostics(path.join(dir, 'ptp4l.cfg'), ['--ptp4l-version', '3.1.1']));
    assert.deepEqual(kata.diagnostics, cliDiagnostics(path.join(dir, 'configuration.toml'), []));
  });
});
