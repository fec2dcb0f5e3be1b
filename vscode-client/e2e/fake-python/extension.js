// Test double of the Python extension's `environments` API (the part codesync uses). The active
// interpreter starts as <workspace>/.venv-old/bin/python; "E2E Fake Python: Select Next
// Interpreter" switches to <workspace>/.venv/bin/python and fires the change event, as picking
// an interpreter in the real extension does.
const path = require("path");
const vscode = require("vscode");

exports.activate = function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const choices = [".venv-old", ".venv"].map((venv) => path.join(folder, venv, "bin", "python"));
  let current = 0;
  const changed = new vscode.EventEmitter();
  context.subscriptions.push(
    changed,
    vscode.commands.registerCommand("e2eFakePython.selectNext", () => {
      current = (current + 1) % choices.length;
      changed.fire({ id: choices[current], path: choices[current], resource: undefined });
    }),
  );
  return {
    ready: Promise.resolve(),
    environments: {
      getActiveEnvironmentPath: () => ({ id: choices[current], path: choices[current] }),
      resolveEnvironment: async (env) => {
        const p = typeof env === "string" ? env : env.path;
        return {
          id: p,
          path: p,
          executable: { uri: vscode.Uri.file(p), bitness: "64-bit", sysPrefix: path.dirname(path.dirname(p)) },
          version: { major: 3, minor: 11, micro: 0, release: { level: "final", serial: 0 }, sysVersion: "3.11.0" },
        };
      },
      onDidChangeActiveEnvironmentPath: changed.event,
    },
  };
};

exports.deactivate = function deactivate() {};
