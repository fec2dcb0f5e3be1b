// Which Python runs the server, and which environment the server reads. Pure: the Python
// extension and the probe that runs an interpreter are passed in.

import * as path from "path";
import { expandVariables, type PathVariables } from "./paths";

export const MINIMUM_PYTHON: Version = [3, 10];
export type Version = [number, number];

export type InterpreterSource = "setting" | "python-extension" | "default";

export interface InterpreterChoice {
  /** Command or path of the interpreter. */
  path: string;
  source: InterpreterSource;
  /** Known without running it (the Python extension reports it). */
  version?: Version;
}

export interface PythonExtensionEnvironment {
  path: string;
  version?: Version;
}

/**
 * The project interpreter: `codesync.interpreter` when set (an explicit override, as the
 * black-formatter and isort extensions do it), else the one picked in the Python extension,
 * else the platform's default command.
 */
export function chooseInterpreter(
  setting: unknown,
  pythonExtension: PythonExtensionEnvironment | undefined,
  platform: NodeJS.Platform,
  vars: PathVariables,
): InterpreterChoice {
  if (typeof setting === "string" && setting.trim() !== "") {
    return { path: expandVariables(setting.trim(), vars), source: "setting" };
  }
  if (pythonExtension && pythonExtension.path) {
    return { path: pythonExtension.path, source: "python-extension", version: pythonExtension.version };
  }
  return { path: defaultInterpreter(platform), source: "default" };
}

export function defaultInterpreter(platform: NodeJS.Platform): string {
  return platform === "win32" ? "python" : "python3";
}

/** The interpreter the server is told to read installed releases from (`python`), if any. */
export function projectPython(choice: InterpreterChoice): string | undefined {
  return choice.source === "default" ? undefined : choice.path;
}

/** Code that prints `major.minor` of the interpreter that runs it. */
export const VERSION_PROBE = "import sys; print('%d.%d' % sys.version_info[:2])";

export function parseVersion(output: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\s*$/m.exec(output.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function isSupported(version: Version | undefined): boolean {
  if (!version) return false;
  return version[0] > MINIMUM_PYTHON[0] || (version[0] === MINIMUM_PYTHON[0] && version[1] >= MINIMUM_PYTHON[1]);
}

export function formatVersion(version: Version | undefined): string {
  return version ? `${version[0]}.${version[1]}` : "unknown";
}

export type ServerInterpreter =
  | { ok: true; path: string; version: Version; note?: string }
  | { ok: false; message: string };

/**
 * The interpreter that runs the server: the project interpreter when it is new enough, else
 * the platform default (the server still reads the project's environment through `python`,
 * without importing from it). `probe` runs an interpreter and returns its version, or
 * undefined when it cannot be run.
 */
export async function resolveServerInterpreter(
  choice: InterpreterChoice,
  platform: NodeJS.Platform,
  probe: (command: string) => Promise<Version | undefined>,
): Promise<ServerInterpreter> {
  const version = choice.version ?? (await probe(choice.path));
  if (isSupported(version)) return { ok: true, path: choice.path, version: version as Version };
  const fallback = defaultInterpreter(platform);
  const why = version
    ? `${choice.path} is Python ${formatVersion(version)}; codesync needs ${formatVersion(MINIMUM_PYTHON)}+`
    : `${choice.path} could not be run`;
  if (fallback !== choice.path) {
    const fallbackVersion = await probe(fallback);
    if (isSupported(fallbackVersion)) {
      return { ok: true, path: fallback, version: fallbackVersion as Version, note: `${why}; running the server with ${fallback} (Python ${formatVersion(fallbackVersion)}) instead` };
    }
  }
  return {
    ok: false,
    message: `${why}, and no other Python ${formatVersion(MINIMUM_PYTHON)}+ was found. Pick an interpreter in the Python extension or set codesync.interpreter.`,
  };
}

/** True when two interpreter paths name the same file (ignoring case on Windows). */
export function samePath(a: string | undefined, b: string | undefined, platform: NodeJS.Platform): boolean {
  if (!a || !b) return a === b;
  const norm = (p: string) => {
    const n = path.normalize(p);
    return platform === "win32" ? n.toLowerCase() : n;
  };
  return norm(a) === norm(b);
}
