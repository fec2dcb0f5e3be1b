// VS Code settings (`codesync.*`) -> the settings object the codesync server reads from
// initializationOptions and workspace/didChangeConfiguration (`{"codesync": {...}}`).
// Pure: no `vscode` import, so node's test runner can load it.

import { CODES, KINDS } from "./codes";
import { expandVariables, type PathVariables } from "./paths";

export { CODES, KINDS };
export const SECTION = "codesync";
export const LEVELS = ["error", "warning", "info", "hint", "off"] as const;
export type Level = (typeof LEVELS)[number];
export type ImportStrategy = "useBundled" | "fromEnvironment";

/** What `workspace.getConfiguration("codesync", folder)` holds (every value untrusted). */
export interface RawSettings {
  interpreter?: unknown;
  importStrategy?: unknown;
  target?: unknown;
  baseline?: unknown;
  severity?: unknown;
  fetch?: unknown;
  model?: { enable?: unknown; path?: unknown; adapter?: unknown } | unknown;
  trace?: { server?: unknown } | unknown;
}

/** The `codesync` section the server reads; keys as in `[tool.codesync]`. */
export interface ServerSettings {
  python?: string;
  target: Record<string, string>;
  baseline: Record<string, string>;
  severity: Record<string, Level>;
  fetch: boolean;
  model: { enable: boolean; path?: string; adapter?: string };
  /** The server may run the interpreter to ask for its site-packages: the extension only
   * runs in trusted workspaces (`untrustedWorkspaces.supported` is false), where the user
   * already lets it start that interpreter. */
  allowInterpreter?: boolean;
}

export interface Mapped {
  settings: ServerSettings;
  /** Values that were dropped, for the output channel. */
  problems: string[];
}

/**
 * Map the editor settings of one workspace folder to the server's settings.
 * `python` is the project interpreter the user chose (Python extension or
 * `codesync.interpreter`); left out when none was chosen, so the server looks for the
 * project's `.venv` itself instead of reading the environment of a fallback `python3`.
 */
export function toServerSettings(raw: RawSettings, python: string | undefined, vars: PathVariables): Mapped {
  const problems: string[] = [];
  const settings: ServerSettings = {
    target: versions(raw.target, "target", problems),
    baseline: versions(raw.baseline, "baseline", problems),
    severity: severities(raw.severity, problems),
    fetch: raw.fetch === true,
    model: { enable: false },
  };
  if (python) {
    settings.python = python;
    settings.allowInterpreter = true;
  }
  const model = isObject(raw.model) ? raw.model : {};
  settings.model.enable = model.enable === true;
  if (typeof model.path === "string" && model.path.trim() !== "") {
    settings.model.path = expandVariables(model.path.trim(), vars);
  }
  if (typeof model.adapter === "string" && model.adapter.trim() !== "") {
    settings.model.adapter = expandVariables(model.adapter.trim(), vars);
  }
  return { settings, problems };
}

/** initializationOptions for the server. */
export function initializationOptions(settings: ServerSettings): { codesync: ServerSettings } {
  return { [SECTION]: settings } as { codesync: ServerSettings };
}

export function importStrategy(raw: RawSettings): ImportStrategy {
  return raw.importStrategy === "fromEnvironment" ? "fromEnvironment" : "useBundled";
}

/** Settings whose change needs a new server process (the others are sent to the running one). */
export const RESTART_KEYS = ["codesync.interpreter", "codesync.importStrategy"] as const;

function versions(value: unknown, key: string, problems: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === undefined || value === null) return result;
  if (!isObject(value)) {
    problems.push(`codesync.${key} must be an object of distribution -> version; ignored`);
    return result;
  }
  for (const [dist, version] of Object.entries(value)) {
    const name = dist.trim();
    const text = typeof version === "number" ? String(version) : version;
    if (!name || typeof text !== "string" || !/^\s*[0-9A-Za-z][0-9A-Za-z.+!_-]*\s*$/.test(text)) {
      problems.push(`codesync.${key}: ${JSON.stringify(dist)}: ${JSON.stringify(version)} is not a version; ignored`);
      continue;
    }
    result[name] = text.trim();
  }
  return result;
}

function severities(value: unknown, problems: string[]): Record<string, Level> {
  const result: Record<string, Level> = {};
  if (value === undefined || value === null) return result;
  if (!isObject(value)) {
    problems.push("codesync.severity must be an object of code -> level; ignored");
    return result;
  }
  for (const [code, level] of Object.entries(value)) {
    const upper = normalizedKey(code);
    if (upper === undefined) {
      problems.push(`codesync.severity: unknown code ${JSON.stringify(code)} (known: ${[...CODES, ...KINDS].join(", ")}); ignored`);
      continue;
    }
    const lower = typeof level === "string" ? level.trim().toLowerCase() : "";
    const name = lower === "information" ? "info" : lower;
    if (!(LEVELS as readonly string[]).includes(name)) {
      problems.push(`codesync.severity.${upper}: ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}; ignored`);
      continue;
    }
    result[upper] = name as Level;
  }
  return result;
}

/** A code (`cs102` → `CS102`) or a kind (`Deprecated` → `deprecated`), as the server knows it. */
function normalizedKey(key: string): string | undefined {
  const trimmed = key.trim();
  if ((CODES as readonly string[]).includes(trimmed.toUpperCase())) return trimmed.toUpperCase();
  if ((KINDS as readonly string[]).includes(trimmed.toLowerCase())) return trimmed.toLowerCase();
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
