// The Python extension's `environments` API (ms-python.python), used when it is installed.

import * as vscode from "vscode";
import type { PythonExtensionEnvironment, Version } from "./interpreter";

const PYTHON_EXTENSION = "ms-python.python";

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable: { uri?: vscode.Uri };
  version?: { major?: number; minor?: number };
}

interface ActiveEnvironmentPathChangeEvent extends EnvironmentPath {
  resource?: vscode.WorkspaceFolder | vscode.Uri;
}

interface PythonExtensionApi {
  ready?: Promise<void>;
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri | vscode.WorkspaceFolder): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<ActiveEnvironmentPathChangeEvent>;
  };
}

export class PythonExtension {
  private constructor(private readonly api: Required<Pick<PythonExtensionApi, "environments">>) {}

  /** The API, or undefined when the Python extension is not installed or too old. */
  static async load(log: vscode.LogOutputChannel): Promise<PythonExtension | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
    if (!extension) return undefined;
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      await api?.ready;
      if (!api?.environments) {
        log.warn("the Python extension has no environments API; update it to use its interpreter");
        return undefined;
      }
      return new PythonExtension({ environments: api.environments });
    } catch (error) {
      log.warn(`the Python extension could not be used: ${String(error)}`);
      return undefined;
    }
  }

  /** The interpreter picked for `resource`, with its version when known. */
  async activeInterpreter(resource?: vscode.Uri): Promise<PythonExtensionEnvironment | undefined> {
    const envs = this.api.environments;
    const active = envs.getActiveEnvironmentPath(resource);
    const resolved = await envs.resolveEnvironment(active);
    const executable = resolved?.executable.uri?.fsPath;
    if (!executable) return undefined;
    const v = resolved?.version;
    const version: Version | undefined =
      v && typeof v.major === "number" && typeof v.minor === "number" && v.major >= 0 ? [v.major, v.minor] : undefined;
    return { path: executable, version };
  }

  onDidChangeInterpreter(listener: () => void): vscode.Disposable {
    return this.api.environments.onDidChangeActiveEnvironmentPath(() => listener());
  }
}
