import * as assert from "node:assert/strict";
import { test } from "node:test";
import {
  chooseInterpreter,
  defaultInterpreter,
  isSupported,
  parseVersion,
  projectPython,
  resolveServerInterpreter,
  samePath,
  type Version,
} from "../../src/interpreter";

const vars = { workspaceFolder: "/ws", home: "/home/u", env: {} };

test("the codesync.interpreter setting overrides the Python extension", () => {
  const choice = chooseInterpreter("${workspaceFolder}/.venv/bin/python", { path: "/usr/bin/python3.12", version: [3, 12] }, "linux", vars);
  assert.deepEqual(choice, { path: "/ws/.venv/bin/python", source: "setting" });
});

test("without the setting, the Python extension's interpreter is used, with its version", () => {
  const choice = chooseInterpreter("  ", { path: "/envs/a/bin/python", version: [3, 12] }, "linux", vars);
  assert.deepEqual(choice, { path: "/envs/a/bin/python", source: "python-extension", version: [3, 12] });
  assert.equal(projectPython(choice), "/envs/a/bin/python");
});

test("without either, the platform's default command, and the server finds the project environment", () => {
  const linux = chooseInterpreter(undefined, undefined, "linux", vars);
  assert.deepEqual(linux, { path: "python3", source: "default" });
  assert.equal(projectPython(linux), undefined);
  assert.equal(chooseInterpreter("", undefined, "win32", vars).path, "python");
  assert.equal(defaultInterpreter("darwin"), "python3");
});

test("~ in the setting is the home folder", () => {
  assert.equal(chooseInterpreter("~/venvs/x/bin/python", undefined, "linux", vars).path, "/home/u/venvs/x/bin/python");
});

test("version probe output is parsed and checked against 3.10", () => {
  assert.deepEqual(parseVersion("3.11\n"), [3, 11]);
  assert.equal(parseVersion("Python was not found; run without arguments to install"), undefined);
  assert.equal(isSupported([3, 10]), true);
  assert.equal(isSupported([3, 9]), false);
  assert.equal(isSupported([4, 0]), true);
  assert.equal(isSupported(undefined), false);
});

function prober(versions: Record<string, Version | undefined>) {
  const asked: string[] = [];
  return {
    asked,
    probe: async (command: string) => {
      asked.push(command);
      return versions[command];
    },
  };
}

test("a new enough project interpreter runs the server itself", async () => {
  const { asked, probe } = prober({ "/ws/.venv/bin/python": [3, 11] });
  const result = await resolveServerInterpreter({ path: "/ws/.venv/bin/python", source: "setting" }, "linux", probe);
  assert.deepEqual(result, { ok: true, path: "/ws/.venv/bin/python", version: [3, 11] });
  assert.deepEqual(asked, ["/ws/.venv/bin/python"]);
});

test("a version the Python extension reported is not probed again", async () => {
  const { asked, probe } = prober({});
  const result = await resolveServerInterpreter({ path: "/p", source: "python-extension", version: [3, 13] }, "linux", probe);
  assert.equal(result.ok, true);
  assert.deepEqual(asked, []);
});

test("an old project interpreter: the server runs on python3 and says why", async () => {
  const { probe } = prober({ "/old/bin/python": [3, 8], python3: [3, 12] });
  const result = await resolveServerInterpreter({ path: "/old/bin/python", source: "python-extension" }, "linux", probe);
  assert.equal(result.ok, true);
  assert.ok(result.ok && result.path === "python3" && result.note?.includes("3.8"));
});

test("no usable interpreter at all is an error that names the remedy", async () => {
  const { probe } = prober({ "/old/bin/python": [3, 8], python3: [3, 9] });
  const result = await resolveServerInterpreter({ path: "/old/bin/python", source: "setting" }, "linux", probe);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.message.includes("codesync.interpreter"));
  const missing = await resolveServerInterpreter({ path: "python3", source: "default" }, "linux", prober({}).probe);
  assert.ok(!missing.ok && missing.message.includes("could not be run"));
});

test("interpreter paths compare like the platform's file system", () => {
  assert.equal(samePath("/a/b/../bin/python", "/a/bin/python", "linux"), true);
  assert.equal(samePath("/a/bin/Python", "/a/bin/python", "linux"), false);
  assert.equal(samePath("C:\\Env\\python.exe", "c:\\env\\python.exe", "win32"), true);
});
