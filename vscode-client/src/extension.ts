// The codesync VS Code extension: starts `codesync serve` with the project's interpreter and
// connects it through vscode-languageclient; commands, status bar item and output channel.

import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  HoverRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  chooseInterpreter,
  formatVersion,
  parseVersion,
  projectPython,
  resolveServerInterpreter,
  samePath,
  VERSION_PROBE,
  type InterpreterChoice,
  type Version,
} from "./interpreter";
import { knowledgePath, serverLaunch, summarizeKnowledge, type KnowledgeSummary, type LaunchPlan } from "./launch";
import { dottedNameAt, importAliases, qualify } from "./names";
import type { PathVariables } from "./paths";
import { PythonExtension } from "./python";
import {
  importStrategy,
  initializationOptions,
  RESTART_KEYS,
  SECTION,
  toServerSettings,
  type RawSettings,
  type ServerSettings,
} from "./settings";
import { statusView, type ServerState, type StatusInput } from "./status";

const MAX_RESTARTS = 4;
const LAUNCHER_PREFIX = "[codesync launcher]";
const RESTART_WINDOW_MS = 3 * 60_000;
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("codesync");
const EXPLAIN_SCHEME = "codesync-explain";

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel("codesync", { log: true });
  controller = new Controller(context, log);
  context.subscriptions.push(log, controller);
  controller.register();
  await controller.restart("activation");
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
}

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private python: PythonExtension | undefined | null = null; // null: not looked up yet
  private choice: InterpreterChoice | undefined;
  private plan: LaunchPlan | undefined;
  private state: ServerState = "stopped";
  private stopping = false;
  private error: string | undefined;
  private serverDetail: string | undefined;
  private knowledge: StatusInput["knowledge"];
  private queue: Promise<void> = Promise.resolve();
  private readonly status: vscode.StatusBarItem;
  private readonly explanations = new Map<string, string>();
  private readonly explainChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private launcherMessage: string | undefined;
  private readonly launcherMessages = new vscode.EventEmitter<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem("codesync.status", vscode.StatusBarAlignment.Right, 100);
    this.status.name = "codesync";
    this.status.command = "codesync.showOutput";
    this.disposables.push(this.status, this.explainChanged, this.launcherMessages);
  }

  register(): void {
    const cmd = (id: string, fn: () => unknown) => this.disposables.push(vscode.commands.registerCommand(id, fn));
    cmd("codesync.restart", () => this.restart("restart command"));
    cmd("codesync.showOutput", () => this.log.show(true));
    cmd("codesync.fixAll", () => this.fixAll());
    cmd("codesync.explain", () => this.explain());
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, {
        onDidChange: this.explainChanged.event,
        provideTextDocumentContent: (uri) => this.explanations.get(uri.toString()) ?? "",
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
    );
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // lifecycle ------------------------------------------------------------------------------

  /** Stop the server if it runs and start it again; calls are queued, never overlap. */
  restart(reason: string): Promise<void> {
    this.queue = this.queue.then(async () => {
      this.log.info(`starting the server (${reason})`);
      await this.stopNow();
      await this.startNow();
    });
    return this.queue;
  }

  stop(): Promise<void> {
    this.queue = this.queue.then(() => this.stopNow());
    return this.queue;
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.isRunning()) await client.stop(3000);
    } catch (error) {
      this.log.warn(`stopping the server: ${String(error)}`);
    } finally {
      this.stopping = false;
      this.setState("stopped");
    }
  }

  private async startNow(): Promise<void> {
    this.error = undefined;
    this.serverDetail = undefined;
    this.setState("starting");
    const folder = this.primaryFolder();
    const raw = this.rawSettings(folder);

    if (this.python === null) {
      this.python = await PythonExtension.load(this.log);
      if (this.python) {
        this.log.info("using the interpreter picked in the Python extension");
        this.disposables.push(this.python.onDidChangeInterpreter(() => void this.interpreterChanged()));
      }
    }
    const fromPython = await this.python?.activeInterpreter(folder?.uri).catch(() => undefined);
    const choice = chooseInterpreter(raw.interpreter, fromPython, process.platform, this.variables(folder));
    this.choice = choice;
    const server = await resolveServerInterpreter(choice, process.platform, probeVersion);
    if (!server.ok) {
      this.fail(server.message);
      return;
    }
    if (server.note) this.log.warn(server.note);
    this.log.info(`interpreter: ${choice.path} (${choice.source}); server runs on ${server.path} (Python ${formatVersion(server.version)})`);

    const knowledge = knowledgePath(this.context.extensionPath, process.env);
    this.knowledge = { ...readKnowledge(knowledge.path), ...knowledge };
    if (this.knowledge.distributions.length === 0) this.log.warn(`no knowledge found in ${knowledge.path}`);

    const plan = serverLaunch({
      interpreter: server.path,
      extensionPath: this.context.extensionPath,
      importStrategy: importStrategy(raw),
      env: process.env,
    });
    this.plan = plan;
    const serverOptions: ServerOptions = {
      command: plan.command,
      args: plan.args,
      options: { env: plan.env, cwd: folder?.uri.fsPath ?? os.homedir() },
    };
    let reachedRunning = false;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "python" },
        { scheme: "untitled", language: "python" },
      ],
      diagnosticCollectionName: "codesync",
      outputChannel: this.serverOutput(),
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: initializationOptions(this.serverSettings(folder?.uri)),
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/pyproject.toml") },
      markdown: { isTrusted: false, supportHtml: false },
      errorHandler: this.errorHandler(() => reachedRunning),
      initializationFailedHandler: (error) => {
        this.log.error(`the server failed to initialize: ${String(error)}`);
        return false;
      },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return params.items.map((item, i) =>
              item.section === SECTION ? this.serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : result[i],
            );
          },
        },
      },
    };
    const client = new LanguageClient("codesync", "codesync", serverOptions, clientOptions);
    this.client = client;
    this.launcherMessage = undefined;
    quietStartFailure(client, () => reachedRunning);
    client.onDidChangeState((event) => {
      if (this.client !== client) return;
      if (event.newState === State.Running) {
        reachedRunning = true;
        this.setState("running");
      }
      else if (event.newState === State.Starting) this.setState("starting");
      // vscode-languageclient restarts a crashed server a few times and says when it gives up
      else if (event.newState === State.Stopped && !this.stopping) this.fail("the server stopped; see the output", false);
    });
    let startError: unknown;
    try {
      await client.start();
    } catch (error) {
      startError = error ?? "unknown error";
    }
    if (this.client !== client) return;
    // start() can also resolve without a running client, when the connection closed first
    if (startError !== undefined || !client.isRunning()) {
      // the launcher's own words say why (no codesync in that interpreter, Python too old ...);
      // its stderr can arrive just after the failure of start()
      const reason = this.launcherMessage ?? (await this.nextLauncherMessage(2000));
      if (this.client === client && !client.isRunning()) {
        this.fail(reason ?? `the server did not start${startError !== undefined ? `: ${String(startError)}` : ""}`);
      }
      return;
    }
    const info = client.initializeResult?.serverInfo;
    this.serverDetail = `${info?.name ?? "codesync"} ${info?.version ?? ""}`.trim() + ` on Python ${formatVersion(server.version)}`;
    if (this.client === client && client.isRunning()) this.setState("running");
  }

  /**
   * A server that never came up (the launcher exits with the reason) is not restarted: the
   * status bar and a notification say why. One that crashes later is restarted, at most
   * MAX_RESTARTS times in RESTART_WINDOW_MS.
   */
  private errorHandler(reachedRunning: () => boolean): ErrorHandler {
    const crashes: number[] = [];
    return {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: () => {
        if (!reachedRunning()) {
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && now - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
        if (crashes.length > MAX_RESTARTS) {
          return {
            action: CloseAction.DoNotRestart,
            message: `The codesync server crashed ${crashes.length} times in the last ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted; see the output (codesync: Restart Server to try again).`,
          };
        }
        this.log.warn("the server exited; restarting it");
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  /** The output channel handed to the client, noting the launcher's last message on the way. */
  private serverOutput(): vscode.LogOutputChannel {
    const log = this.log;
    let pending = "";
    const note = (text: string) => {
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const at = line.indexOf(LAUNCHER_PREFIX);
        if (at >= 0) {
          this.launcherMessage = line.slice(at + LAUNCHER_PREFIX.length).trim();
          this.launcherMessages.fire(this.launcherMessage);
        }
      }
    };
    return new Proxy(log, {
      get(target, property, receiver) {
        if (property === "append" || property === "appendLine") {
          return (value: string) => {
            note(property === "appendLine" ? `${value}\n` : value);
            target[property](value);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  private nextLauncherMessage(timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(undefined);
      }, timeoutMs);
      const listener = this.launcherMessages.event((message) => {
        clearTimeout(timer);
        listener.dispose();
        resolve(message);
      });
    });
  }

  private fail(message: string, offerOutput = true): void {
    this.error = message;
    this.log.error(message);
    this.setState("failed");
    if (offerOutput) {
      const actions = ["Show Output", "Open Settings"];
      void vscode.window.showErrorMessage(`codesync: ${message}`, ...actions).then((picked) => {
        if (picked === "Show Output") this.log.show();
        else if (picked === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "codesync.interpreter");
      });
    }
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.renderStatus();
  }

  private renderStatus(): void {
    const settings = this.serverSettings(this.primaryFolder()?.uri, false);
    const path = settings.model.path;
    const view = statusView({
      server: this.state,
      serverDetail: this.serverDetail,
      error: this.error,
      interpreter: this.choice ? `${this.choice.path} (${this.choice.source})` : undefined,
      knowledge: this.knowledge,
      model: { enable: settings.model.enable, path, pathExists: path ? fs.existsSync(path) : undefined },
    });
    this.status.text = view.text;
    this.status.tooltip = new vscode.MarkdownString(view.tooltip);
    this.status.backgroundColor =
      view.level === "error"
        ? new vscode.ThemeColor("statusBarItem.errorBackground")
        : view.level === "warning"
          ? new vscode.ThemeColor("statusBarItem.warningBackground")
          : undefined;
    this.status.show();
  }

  // settings -------------------------------------------------------------------------------

  private primaryFolder(): vscode.WorkspaceFolder | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  }

  private rawSettings(folder: vscode.WorkspaceFolder | undefined): RawSettings {
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
    return {
      interpreter: config.get("interpreter"),
      importStrategy: config.get("importStrategy"),
      target: config.get("target"),
      baseline: config.get("baseline"),
      severity: config.get("severity"),
      fetch: config.get("fetch"),
      model: { enable: config.get("model.enable"), path: config.get("model.path"), adapter: config.get("model.adapter") },
    };
  }

  private variables(folder: vscode.WorkspaceFolder | undefined): PathVariables {
    return { workspaceFolder: folder?.uri.fsPath, home: os.homedir(), env: process.env };
  }

  /** The server's settings for a folder (or the primary one). */
  private serverSettings(scope: vscode.Uri | undefined, report = true): ServerSettings {
    const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) || this.primaryFolder();
    const raw = this.rawSettings(folder);
    const python = this.choice ? projectPython(this.choice) : undefined;
    const mapped = toServerSettings(raw, python, this.variables(folder));
    if (report) for (const problem of mapped.problems) this.log.warn(problem);
    return mapped.settings;
  }

  private configurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SECTION)) return;
    if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
      void this.restart("settings changed");
      return;
    }
    const client = this.client;
    if (client?.isRunning()) {
      this.log.info("settings changed; sending them to the server");
      void client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: this.serverSettings(undefined) },
      });
    }
    this.renderStatus();
  }

  private async interpreterChanged(): Promise<void> {
    const folder = this.primaryFolder();
    const fromPython = await this.python?.activeInterpreter(folder?.uri).catch(() => undefined);
    const next = chooseInterpreter(this.rawSettings(folder).interpreter, fromPython, process.platform, this.variables(folder));
    if (this.choice && samePath(next.path, this.choice.path, process.platform)) return;
    await this.restart(`interpreter changed to ${next.path}`);
  }

  // commands -------------------------------------------------------------------------------

  private async fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== "python") {
      void vscode.window.showInformationMessage("codesync: open a Python file to fix.");
      return;
    }
    const document = editor.document;
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        "vscode.executeCodeActionProvider",
        document.uri,
        whole,
        FIX_ALL_KIND.value,
        1,
      )) ?? [];
    const fixes = actions.filter(
      (a): a is vscode.CodeAction => "kind" in a && a.kind !== undefined && FIX_ALL_KIND.contains(a.kind),
    );
    const fix = fixes[0];
    if (!fix || (!fix.edit && !fix.command)) {
      void vscode.window.showInformationMessage("codesync: nothing to fix in this file.");
      return;
    }
    if (fix.edit && !(await vscode.workspace.applyEdit(fix.edit))) {
      void vscode.window.showErrorMessage("codesync: the fixes could not be applied.");
      return;
    }
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
  }

  private async explain(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const document = editor.document;
    const position = editor.selection.active;
    const client = this.client;
    if (client?.isRunning()) {
      try {
        const result = await client.sendRequest(
          HoverRequest.type,
          client.code2ProtocolConverter.asTextDocumentPositionParams(document, position),
        );
        const hover = result ? await client.protocol2CodeConverter.asHover(result) : undefined;
        const text = hover ? hoverText(hover) : "";
        if (text.trim()) {
          const title = /^\*\*([\w.]+)\*\*/.exec(text.trim())?.[1] ?? dottedNameAt(document.lineAt(position.line).text, position.character) ?? "api";
          await this.showExplanation(title, text, "markdown");
          return;
        }
      } catch (error) {
        this.log.warn(`hover request failed: ${String(error)}`);
      }
    }
    const dotted = dottedNameAt(document.lineAt(position.line).text, position.character);
    const guess = dotted ? qualify(dotted, importAliases(document.getText())) : "";
    const name = await vscode.window.showInputBox({
      title: "codesync: explain API",
      prompt: "Public dotted path of the API, e.g. pandas.DataFrame.append",
      value: guess,
    });
    if (!name?.trim()) return;
    await this.explainWithCli(name.trim());
  }

  private async explainWithCli(name: string): Promise<void> {
    const plan = this.plan;
    if (!plan) {
      void vscode.window.showErrorMessage("codesync: the server is not configured; see the output.");
      return;
    }
    const args = [plan.args[0], "explain", name];
    const output = await new Promise<{ ok: boolean; text: string }>((resolve) => {
      execFile(plan.command, args, { env: plan.env, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ ok: !error, text: error ? `${stderr || stdout || String(error)}` : stdout }),
      );
    });
    if (!output.ok) {
      void vscode.window.showWarningMessage(`codesync explain ${name}: ${output.text.trim().split("\n").pop()}`);
      return;
    }
    await this.showExplanation(name, output.text, "plaintext");
  }

  private async showExplanation(name: string, text: string, language: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${name.replace(/[^\w.-]/g, "_")}` });
    this.explanations.set(uri.toString(), text);
    this.explainChanged.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
    if (language === "markdown") {
      try {
        // rendered, beside the code (the built-in Markdown extension)
        await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
        return;
      } catch (error) {
        this.log.info(`no Markdown preview (${String(error)}); showing the text`);
      }
    }
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}

/**
 * vscode-languageclient shows "couldn't create connection to server" when the server exits
 * before it answers initialize; the extension shows the launcher's reason instead, with actions.
 * (A private method of the client: if it is not there, both notifications show.)
 */
function quietStartFailure(client: LanguageClient, reachedRunning: () => boolean): void {
  const target = client as unknown as { showNotificationMessage?: (type: number, message?: string) => void };
  const original = target.showNotificationMessage;
  if (typeof original !== "function") return;
  target.showNotificationMessage = (type: number, message?: string) => {
    if (!reachedRunning() && /couldn't create connection to server/.test(message ?? "")) return;
    original.call(client, type, message);
  };
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((c) => {
      if (typeof c === "string") return c;
      if (c instanceof vscode.MarkdownString) return c.value;
      const marked = c as { language?: string; value?: string };
      return marked.language ? "```" + marked.language + "\n" + (marked.value ?? "") + "\n```" : (marked.value ?? "");
    })
    .join("\n\n---\n\n");
}

function probeVersion(command: string): Promise<Version | undefined> {
  return new Promise((resolve) => {
    execFile(command, ["-c", VERSION_PROBE], { timeout: 20_000 }, (error, stdout) => {
      resolve(error ? undefined : parseVersion(stdout));
    });
  });
}

function readKnowledge(root: string): KnowledgeSummary {
  return summarizeKnowledge(
    root,
    (folder) => fs.readdirSync(folder),
    (file) => {
      try {
        return fs.readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
  );
}
