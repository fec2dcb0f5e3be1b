import * as assert from "node:assert/strict";
import { test } from "node:test";
import { importStrategy, initializationOptions, toServerSettings } from "../../src/settings";

const vars = { workspaceFolder: "/ws", home: "/home/u", env: { MODELS: "/models" } };

test("defaults map to an empty, complete server section", () => {
  const { settings, problems } = toServerSettings({}, undefined, vars);
  assert.deepEqual(settings, { target: {}, baseline: {}, severity: {}, fetch: false, model: { enable: false } });
  assert.deepEqual(problems, []);
  assert.equal("python" in settings, false, "no python key: the server finds the project's .venv itself");
});

test("every setting reaches the server under its [tool.codesync] name", () => {
  const { settings, problems } = toServerSettings(
    {
      interpreter: "ignored here",
      target: { numpy: "2.0.2" },
      baseline: { pandas: "1.5.3", "scikit-learn": "1.1.3" },
      severity: { CS201: "error", cs102: "Warning", CS202: "information" },
      fetch: true,
      model: { enable: true, path: "${env:MODELS}/m.gguf" },
    },
    "/ws/.venv/bin/python",
    vars,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    python: "/ws/.venv/bin/python",
    allowInterpreter: true, // the extension runs only in trusted workspaces
    target: { numpy: "2.0.2" },
    baseline: { pandas: "1.5.3", "scikit-learn": "1.1.3" },
    severity: { CS201: "error", CS102: "warning", CS202: "info" },
    fetch: true,
    model: { enable: true, path: "/models/m.gguf" },
  });
  assert.deepEqual(initializationOptions(settings), { codesync: settings });
});

test("invalid values are dropped and reported, the rest is kept", () => {
  const { settings, problems } = toServerSettings(
    {
      target: { pandas: "2.0.0", numpy: "", scipy: { v: 1 } },
      baseline: ["pandas==1.5.3"],
      severity: { CS999: "error", CS101: "loud", CS103: "off" },
      fetch: "yes",
      model: { enable: "true", path: "  " },
    },
    undefined,
    vars,
  );
  assert.deepEqual(settings.target, { pandas: "2.0.0" });
  assert.deepEqual(settings.baseline, {});
  assert.deepEqual(settings.severity, { CS103: "off" });
  assert.equal(settings.fetch, false);
  assert.deepEqual(settings.model, { enable: false });
  assert.equal(problems.length, 5, problems.join("\n"));
  assert.ok(problems.some((p) => p.includes("CS999")));
  assert.ok(problems.some((p) => p.includes("numpy")));
});

test("model path: ~ and ${workspaceFolder} are expanded", () => {
  assert.equal(toServerSettings({ model: { enable: true, path: "~/m.gguf" } }, undefined, vars).settings.model.path, "/home/u/m.gguf");
  assert.equal(
    toServerSettings({ model: { enable: false, path: "${workspaceFolder}/models/a.gguf" } }, undefined, vars).settings.model.path,
    "/ws/models/a.gguf",
  );
});

test("import strategy defaults to the bundled server", () => {
  assert.equal(importStrategy({}), "useBundled");
  assert.equal(importStrategy({ importStrategy: "bogus" }), "useBundled");
  assert.equal(importStrategy({ importStrategy: "fromEnvironment" }), "fromEnvironment");
});

test("severity accepts kinds as the server does, and rejects unknown keys", () => {
  const { settings, problems } = toServerSettings(
    { severity: { Deprecated: "off", cs101: "warning", "default-changed": "hint", CS999: "error" } },
    undefined,
    vars,
  );
  assert.deepEqual(settings.severity, { deprecated: "off", CS101: "warning", "default-changed": "hint" });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /unknown code "CS999"/);
});
