// The status bar item's text and tooltip from the extension's state. Pure.

import type { KnowledgeSummary } from "./launch";

export type ServerState = "starting" | "running" | "stopped" | "failed";

export interface ModelState {
  enable: boolean;
  path?: string;
  /** Whether `path` exists (undefined when no path is set). */
  pathExists?: boolean;
}

export interface StatusInput {
  server: ServerState;
  /** e.g. "codesync 0.1.0 (bundled) on Python 3.11" */
  serverDetail?: string;
  error?: string;
  interpreter?: string;
  knowledge?: KnowledgeSummary & { path: string; source: "bundled" | "environment" };
  model: ModelState;
}

export interface StatusView {
  text: string;
  tooltip: string; // markdown
  /** "error" and "warning" map to the status bar's error/warning backgrounds. */
  level: "ok" | "warning" | "error";
}

const ICONS: Record<ServerState, string> = {
  starting: "$(sync~spin)",
  running: "$(check)",
  stopped: "$(circle-slash)",
  failed: "$(error)",
};

export function modelLabel(model: ModelState): string {
  if (!model.enable) return "model off";
  if (model.path && model.pathExists === false) return "model missing";
  return "model on";
}

export function knowledgeLabel(knowledge: StatusInput["knowledge"]): string {
  if (!knowledge) return "no knowledge";
  const n = knowledge.distributions.length;
  return n === 0 ? "no knowledge" : `${n} ${n === 1 ? "library" : "libraries"}`;
}

export function statusView(input: StatusInput): StatusView {
  const parts = [`${ICONS[input.server]} codesync`];
  if (input.server === "running" || input.server === "starting") {
    parts.push(knowledgeLabel(input.knowledge), modelLabel(input.model));
  }
  const text = parts.join(" · ");

  const lines: string[] = [];
  const server = input.server === "failed" ? `failed${input.error ? `: ${input.error}` : ""}` : input.server;
  lines.push(`**Server:** ${escape(server)}${input.serverDetail ? ` — ${escape(input.serverDetail)}` : ""}`);
  if (input.interpreter) lines.push(`**Interpreter:** \`${input.interpreter}\``);
  if (input.knowledge) {
    const k = input.knowledge;
    const libs = k.distributions.map((d) => `${d.name}${d.newest ? ` ≤ ${d.newest}` : ""}`).join(", ");
    lines.push(`**Knowledge (${k.source}):** ${k.distributions.length} libraries, ${k.releases} releases${libs ? ` — ${escape(libs)}` : ""}`);
  } else {
    lines.push("**Knowledge:** not found");
  }
  const m = input.model;
  let model = modelLabel(m);
  if (m.enable) model += m.path ? ` (\`${m.path}\`${m.pathExists === false ? ", file not found" : ""})` : " (default model)";
  lines.push(`**Model:** ${model}`);
  lines.push("", "Click to show the output.");

  const level = input.server === "failed" ? "error" : m.enable && m.pathExists === false ? "warning" : "ok";
  return { text, tooltip: lines.join("\n\n"), level };
}

function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, "\\$1");
}
