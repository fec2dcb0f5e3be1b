// Expanding the variables VS Code users write in path settings. Pure.

export interface PathVariables {
  workspaceFolder?: string;
  home: string;
  env: Record<string, string | undefined>;
}

/** `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a path setting. */
export function expandVariables(value: string, vars: PathVariables): string {
  let text = value.replace(/\$\{(userHome|workspaceFolder|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name: string, envName?: string) => {
    if (name === "userHome") return vars.home;
    if (name === "workspaceFolder") return vars.workspaceFolder ?? whole;
    return vars.env[envName ?? ""] ?? "";
  });
  if (text === "~") text = vars.home;
  else if (text.startsWith("~/") || text.startsWith("~\\")) text = vars.home + text.slice(1);
  return text;
}
