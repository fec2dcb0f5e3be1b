import * as assert from "node:assert/strict";
import { test } from "node:test";
import { statusView } from "../../src/status";

const knowledge = {
  path: "/ext/bundled/knowledge/api",
  source: "bundled" as const,
  distributions: [
    { name: "numpy", releases: 20, newest: "2.3.0" },
    { name: "pandas", releases: 28, newest: "3.1.1" },
  ],
  releases: 48,
};

test("running: server, knowledge and model state in the text", () => {
  const view = statusView({ server: "running", serverDetail: "codesync 0.1.0 on Python 3.11", knowledge, model: { enable: false } });
  assert.equal(view.text, "$(check) codesync · 2 libraries · model off");
  assert.equal(view.level, "ok");
  assert.match(view.tooltip, /\*\*Knowledge \(bundled\):\*\* 2 libraries, 48 releases — numpy ≤ 2\.3\.0, pandas ≤ 3\.1\.1/);
  assert.match(view.tooltip, /\*\*Model:\*\* model off/);
});

test("model on, with a missing file, is a warning", () => {
  const on = statusView({ server: "running", knowledge, model: { enable: true } });
  assert.equal(on.text, "$(check) codesync · 2 libraries · model on");
  assert.match(on.tooltip, /default model/);
  const missing = statusView({ server: "running", knowledge, model: { enable: true, path: "/m/x.gguf", pathExists: false } });
  assert.equal(missing.text, "$(check) codesync · 2 libraries · model missing");
  assert.equal(missing.level, "warning");
  assert.match(missing.tooltip, /file not found/);
});

test("failed: error level, the reason in the tooltip, escaped", () => {
  const view = statusView({ server: "failed", error: "python3 could not be run", model: { enable: false } });
  assert.equal(view.text, "$(error) codesync");
  assert.equal(view.level, "error");
  assert.match(view.tooltip, /failed: python3 could not be run/);
  assert.match(view.tooltip, /\*\*Knowledge:\*\* not found/);
  assert.match(statusView({ server: "failed", error: "a_b*c", model: { enable: false } }).tooltip, /a\\_b\\\*c/);
});

test("starting spins; one library is singular; none is said", () => {
  assert.equal(
    statusView({ server: "starting", knowledge: { ...knowledge, distributions: [knowledge.distributions[0]] }, model: { enable: false } }).text,
    "$(sync~spin) codesync · 1 library · model off",
  );
  assert.equal(statusView({ server: "running", model: { enable: false } }).text, "$(check) codesync · no knowledge · model off");
});
