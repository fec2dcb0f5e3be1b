// The dotted name under the cursor and its import aliases, for "Explain API at Cursor" when
// the server has no hover there. Pure.

const IDENT = /[A-Za-z0-9_]/;

/** The dotted expression covering `character` in `line` (up to the end of the word under it). */
export function dottedNameAt(line: string, character: number): string | undefined {
  let end = Math.min(Math.max(character, 0), line.length);
  if (end > 0 && !IDENT.test(line[end] ?? "") && IDENT.test(line[end - 1])) end -= 1; // cursor just after a word
  if (!IDENT.test(line[end] ?? "")) return undefined;
  while (end < line.length && IDENT.test(line[end])) end += 1;
  let start = end;
  for (;;) {
    while (start > 0 && IDENT.test(line[start - 1])) start -= 1;
    // step over `.` (allow spaces around it) to the previous name
    let probe = start - 1;
    while (probe >= 0 && line[probe] === " ") probe -= 1;
    if (probe >= 0 && line[probe] === ".") {
      let before = probe - 1;
      while (before >= 0 && line[before] === " ") before -= 1;
      if (before >= 0 && IDENT.test(line[before])) {
        start = before + 1;
        continue;
      }
    }
    break;
  }
  const text = line.slice(start, end).replace(/\s+/g, "");
  if (!text || /^\d/.test(text)) return undefined;
  return text;
}

/** Import aliases in a module: `import numpy as np` -> np: numpy; `from a.b import c as d` -> d: a.b.c. */
export function importAliases(source: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const joined = source.replace(/\\\r?\n/g, " ").replace(/\(([^)]*)\)/g, (_, inner: string) => inner.replace(/\s+/g, " "));
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    let m = /^import\s+(.+)$/.exec(line);
    if (m) {
      for (const part of m[1].split(",")) {
        const p = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (!p) continue;
        if (p[2]) aliases.set(p[2], p[1]);
        else aliases.set(p[1].split(".")[0], p[1].split(".")[0]);
      }
      continue;
    }
    m = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(line);
    if (m && !m[1].startsWith(".")) {
      for (const part of m[2].split(",")) {
        const p = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (p) aliases.set(p[2] ?? p[1], `${m[1]}.${p[1]}`);
      }
    }
  }
  return aliases;
}

/** `pd.DataFrame.append` with `import pandas as pd` -> `pandas.DataFrame.append`. */
export function qualify(name: string, aliases: Map<string, string>): string {
  const [head, ...rest] = name.split(".");
  const full = aliases.get(head);
  return full ? [full, ...rest].join(".") : name;
}
