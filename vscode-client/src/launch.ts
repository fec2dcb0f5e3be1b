// How the server process is started, and what the shipped knowledge holds. Pure apart from
// reading the knowledge folder (passed in as a function for tests).

import * as path from "path";
import type { ImportStrategy } from "./settings";

export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface LaunchInput {
  interpreter: string;
  extensionPath: string;
  importStrategy: ImportStrategy;
  /** The extension host's environment. */
  env: Record<string, string | undefined>;
  /** Extra codesync arguments; `["serve"]` for the language server. */
  args?: string[];
}

export function launcherPath(extensionPath: string): string {
  return path.join(extensionPath, "bundled", "tool", "launch.py");
}

export function bundledKnowledge(extensionPath: string): string {
  return path.join(extensionPath, "bundled", "knowledge", "api");
}

/**
 * The knowledge folder the server reads: CODESYNC_KNOWLEDGE when the user set it, else the
 * copy shipped in the extension.
 */
export function knowledgePath(extensionPath: string, env: Record<string, string | undefined>): { path: string; source: "bundled" | "environment" } {
  const fromEnv = env.CODESYNC_KNOWLEDGE;
  if (fromEnv && fromEnv.trim() !== "") return { path: fromEnv, source: "environment" };
  return { path: bundledKnowledge(extensionPath), source: "bundled" };
}

export function serverLaunch(input: LaunchInput): LaunchPlan {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.env)) {
    if (value !== undefined) env[key] = value;
  }
  // The launcher puts bundled/libs on sys.path itself, so PYTHONPATH is left as the user has
  // it: the server runs the project interpreter to ask for its site-packages, and that child
  // must not see the extension's libraries.
  env.CODESYNC_IMPORT_STRATEGY = input.importStrategy;
  env.CODESYNC_KNOWLEDGE = knowledgePath(input.extensionPath, input.env).path;
  env.PYTHONUNBUFFERED = "1";
  env.PYTHONIOENCODING = "utf-8";
  // A stray PYTHONHOME or PYTHONSTARTUP from the user's shell would break the interpreter or
  // write to stdout, which carries the protocol.
  delete env.PYTHONSTARTUP;
  return {
    command: input.interpreter,
    args: [launcherPath(input.extensionPath), ...(input.args ?? ["serve"])],
    env,
  };
}

export interface KnowledgeSummary {
  distributions: { name: string; releases: number; newest?: string }[];
  releases: number;
}

/**
 * Libraries and releases in a knowledge folder (`<dist>/releases.json` each). `read` returns
 * a file's text or undefined; `list` the folder's entries.
 */
export function summarizeKnowledge(
  root: string,
  list: (folder: string) => string[],
  read: (file: string) => string | undefined,
): KnowledgeSummary {
  const distributions: KnowledgeSummary["distributions"] = [];
  let entries: string[] = [];
  try {
    entries = list(root);
  } catch {
    entries = [];
  }
  for (const entry of [...entries].sort()) {
    const text = read(path.join(root, entry, "releases.json"));
    if (text === undefined) continue;
    try {
      const data = JSON.parse(text) as { distribution?: string; releases?: { version?: string; status?: string }[] };
      const stored = (data.releases ?? []).filter((r) => r && r.status !== "failed");
      distributions.push({ name: data.distribution ?? entry, releases: stored.length, newest: stored.at(-1)?.version });
    } catch {
      continue;
    }
  }
  return { distributions, releases: distributions.reduce((sum, d) => sum + d.releases, 0) };
}
