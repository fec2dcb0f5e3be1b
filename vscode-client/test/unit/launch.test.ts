import * as assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { knowledgePath, serverLaunch, summarizeKnowledge } from "../../src/launch";

const ext = "/ext/codesync-0.1.0";

test("the server is the bundled launcher run by the chosen interpreter", () => {
  const plan = serverLaunch({
    interpreter: "/ws/.venv/bin/python",
    extensionPath: ext,
    importStrategy: "useBundled",
    env: { PATH: "/usr/bin", PYTHONPATH: "/user/path", PYTHONSTARTUP: "/home/u/.pythonrc", UNSET: undefined },
  });
  assert.equal(plan.command, "/ws/.venv/bin/python");
  assert.deepEqual(plan.args, [path.join(ext, "bundled", "tool", "launch.py"), "serve"]);
  assert.equal(plan.env.CODESYNC_KNOWLEDGE, path.join(ext, "bundled", "knowledge", "api"));
  assert.equal(plan.env.CODESYNC_IMPORT_STRATEGY, "useBundled");
  assert.equal(plan.env.PYTHONPATH, "/user/path", "bundled libs go on sys.path in the launcher, not in PYTHONPATH");
  assert.equal(plan.env.PATH, "/usr/bin");
  assert.equal("PYTHONSTARTUP" in plan.env, false);
  assert.equal("UNSET" in plan.env, false);
});

test("other codesync commands go through the same launcher", () => {
  const plan = serverLaunch({ interpreter: "python3", extensionPath: ext, importStrategy: "fromEnvironment", env: {}, args: ["explain", "pandas.DataFrame.append"] });
  assert.deepEqual(plan.args.slice(1), ["explain", "pandas.DataFrame.append"]);
  assert.equal(plan.env.CODESYNC_IMPORT_STRATEGY, "fromEnvironment");
});

test("CODESYNC_KNOWLEDGE set by the user wins over the bundled knowledge", () => {
  assert.deepEqual(knowledgePath(ext, { CODESYNC_KNOWLEDGE: "/data/api" }), { path: "/data/api", source: "environment" });
  assert.equal(knowledgePath(ext, { CODESYNC_KNOWLEDGE: "" }).source, "bundled");
  const plan = serverLaunch({ interpreter: "python3", extensionPath: ext, importStrategy: "useBundled", env: { CODESYNC_KNOWLEDGE: "/data/api" } });
  assert.equal(plan.env.CODESYNC_KNOWLEDGE, "/data/api");
});

test("knowledge summary counts stored releases per library and skips what is not knowledge", () => {
  const files: Record<string, string> = {
    [path.join("/k", "pandas", "releases.json")]: JSON.stringify({
      distribution: "pandas",
      releases: [
        { version: "1.5.3", status: "ok" },
        { version: "2.0.0", status: "partial" },
        { version: "2.0.1", status: "failed" },
      ],
    }),
    [path.join("/k", "numpy", "releases.json")]: JSON.stringify({ distribution: "numpy", releases: [{ version: "2.0.2", status: "ok" }] }),
    [path.join("/k", "broken", "releases.json")]: "{",
  };
  const summary = summarizeKnowledge("/k", () => ["pandas", "numpy", "broken", "README.md"], (f) => files[f]);
  assert.deepEqual(summary, {
    distributions: [
      { name: "numpy", releases: 1, newest: "2.0.2" },
      { name: "pandas", releases: 2, newest: "2.0.0" },
    ],
    releases: 3,
  });
  const missing = summarizeKnowledge("/nope", () => {
    throw new Error("ENOENT");
  }, () => undefined);
  assert.deepEqual(missing, { distributions: [], releases: 0 });
});
