import * as assert from "node:assert/strict";
import { test } from "node:test";
import { expandVariables } from "../../src/paths";

test("path variables", () => {
  const vars = { workspaceFolder: "/ws", home: "/home/u", env: { VENV: "/v" } };
  assert.equal(expandVariables("~", vars), "/home/u");
  assert.equal(expandVariables("~/x", vars), "/home/u/x");
  assert.equal(expandVariables("a~b", vars), "a~b");
  assert.equal(expandVariables("${userHome}/x", vars), "/home/u/x");
  assert.equal(expandVariables("${workspaceFolder}/.venv/bin/python", vars), "/ws/.venv/bin/python");
  assert.equal(expandVariables("${env:VENV}/bin/python", vars), "/v/bin/python");
  assert.equal(expandVariables("${env:MISSING}/x", vars), "/x");
  assert.equal(expandVariables("${workspaceFolder}/x", { home: "/h", env: {} }), "${workspaceFolder}/x", "no folder: left as written");
});
