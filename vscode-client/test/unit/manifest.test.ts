import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CODES, KINDS, LEVELS } from "../../src/settings";

// out/test/unit -> the extension folder
const root = path.resolve(__dirname, "..", "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const extensionSource = fs.readFileSync(path.join(root, "src", "extension.ts"), "utf8");

test("the settings the issue names are contributed", () => {
  const properties = Object.keys(manifest.contributes.configuration.properties);
  for (const key of [
    "codesync.interpreter",
    "codesync.target",
    "codesync.baseline",
    "codesync.severity",
    "codesync.fetch",
    "codesync.model.enable",
    "codesync.model.path",
    "codesync.trace.server",
  ]) {
    assert.ok(properties.includes(key), key);
  }
});

test("every contributed setting is read by the extension", () => {
  for (const key of Object.keys(manifest.contributes.configuration.properties)) {
    const name = key.replace(/^codesync\./, "");
    if (name === "trace.server") continue; // read by vscode-languageclient for client id "codesync"
    assert.ok(extensionSource.includes(`config.get("${name}")`), `${key} is not read`);
  }
});

test("severity schema and the mapping agree on codes and levels", () => {
  const severity = manifest.contributes.configuration.properties["codesync.severity"];
  assert.deepEqual(Object.keys(severity.properties).sort(), [...CODES, ...KINDS].sort());
  assert.deepEqual(severity.definitions.level.enum, [...LEVELS]);
});

test("every contributed command is registered, and the four the issue names exist", () => {
  const ids = manifest.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of ["codesync.restart", "codesync.showOutput", "codesync.fixAll", "codesync.explain"]) {
    assert.ok(ids.includes(id), id);
  }
  for (const id of ids) assert.ok(extensionSource.includes(`cmd("${id}"`), `${id} is not registered`);
});

test("the package points at the bundle and ships the launcher", () => {
  assert.equal(manifest.main, "./dist/extension.js");
  assert.ok(fs.existsSync(path.join(root, "bundled", "tool", "launch.py")));
  const ignore = fs.readFileSync(path.join(root, ".vscodeignore"), "utf8");
  for (const line of ["src/**", "node_modules/**", "test/**"]) assert.ok(ignore.split("\n").includes(line), line);
});
