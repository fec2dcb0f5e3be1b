// The Python launcher (bundled/tool/launch.py): bundled server first, fallback to the one in the
// interpreter, a clear message when neither imports. Runs python3 on fake codesync packages.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const root = path.resolve(__dirname, "..", "..", "..");
const python = process.platform === "win32" ? "python" : "python3";

function fakePackage(folder: string, version: string, serverImports = "") {
  const pkg = path.join(folder, "codesync");
  fs.mkdirSync(path.join(pkg, "lsp"), { recursive: true });
  fs.writeFileSync(path.join(pkg, "__init__.py"), `__version__ = "${version}"\n`);
  fs.writeFileSync(path.join(pkg, "cli.py"), `import sys\ndef main(argv):\n    sys.stdout.write("${version}:" + " ".join(argv))\n    return 0\n`);
  fs.writeFileSync(path.join(pkg, "lsp", "__init__.py"), "");
  fs.writeFileSync(path.join(pkg, "lsp", "server.py"), serverImports);
}

/** A copy of the extension's bundled/ with a fake server; `-S` keeps the machine's own codesync out. */
function layout(bundledServer: string | undefined) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codesync-launcher-"));
  fs.mkdirSync(path.join(dir, "bundled", "tool"), { recursive: true });
  fs.copyFileSync(path.join(root, "bundled", "tool", "launch.py"), path.join(dir, "bundled", "tool", "launch.py"));
  if (bundledServer !== undefined) fakePackage(path.join(dir, "bundled", "libs"), "bundled", bundledServer);
  return dir;
}

function run(dir: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(python, ["-S", path.join(dir, "bundled", "tool", "launch.py"), ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("the bundled server runs, and only the protocol goes to stdout", () => {
  const dir = layout("");
  const result = run(dir, ["serve"]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, "bundled:serve");
  assert.match(result.stderr, /codesync bundled \(bundled, /);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("other commands pass through quietly", () => {
  const dir = layout("");
  const result = run(dir, ["explain", "pandas.DataFrame.append"]);
  assert.equal(result.stdout, "bundled:explain pandas.DataFrame.append");
  assert.equal(result.stderr, "");
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a bundled server that cannot import falls back to the interpreter's codesync", () => {
  const dir = layout("import libcst_is_not_installed_here\n");
  const env = fs.mkdtempSync(path.join(os.tmpdir(), "codesync-env-"));
  fakePackage(env, "environment");
  const result = run(dir, ["serve"], { PYTHONPATH: env });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, "environment:serve");
  assert.match(result.stderr, /cannot be imported .*libcst_is_not_installed_here.*trying the codesync installed/s);
  assert.match(result.stderr, /codesync environment \(environment, /);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(env, { recursive: true, force: true });
});

test("fromEnvironment skips the bundled copy", () => {
  const dir = layout("");
  const env = fs.mkdtempSync(path.join(os.tmpdir(), "codesync-env-"));
  fakePackage(env, "environment");
  const result = run(dir, ["serve"], { PYTHONPATH: env, CODESYNC_IMPORT_STRATEGY: "fromEnvironment" });
  assert.equal(result.stdout, "environment:serve");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(env, { recursive: true, force: true });
});

test("neither importable: exit 3 and the remedy, nothing on stdout", () => {
  const dir = layout("import libcst_is_not_installed_here\n");
  const result = run(dir, ["serve"]);
  assert.equal(result.status, 3);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /codesync cannot start with .*pip install codesync-lsp/);
  fs.rmSync(dir, { recursive: true, force: true });
});
