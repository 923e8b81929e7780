import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/**
 * The settings of Privacy Desk under load: HTTP mode on a random loopback port, the Web API at the loopback Slack,
 * its own database in `dataDir`, no helpdesk destinations, and every other setting at its default (an operator's
 * environment must not change what is measured).
 */
export function appUnderLoadEnv(options: { slackUrl: string; secret: string; dataDir: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SLACK_BOT_TOKEN: "xoxb-load-test",
    SLACK_SIGNING_SECRET: options.secret,
    SLACK_APP_TOKEN: "",
    SLACK_API_URL: `${options.slackUrl}/api/`,
    PORT: "0",
    DATABASE_PATH: join(options.dataDir, "privacy-desk.db"),
    DATABASE_URL: "",
    HELPDESK_CHANNEL: "",
    HELPDESK_WEBHOOK_URL: "",
    SMTP_URL: "",
    LOG_LEVEL: "",
    RATE_LIMIT_PER_MINUTE: "",
  };
}

/** App processes started and not yet stopped, so a run that has to give up can stop them too. */
const running = new Set<ChildProcess>();

/** An app process under load. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  errorLogLines(): number;
  warnings(): string[];
  stop(): Promise<number | null>;
}

/** Starts a Node program (Privacy Desk or the bare app) that listens on a random loopback port; resolves once it listens. */
export async function startApp(args: string[], env: NodeJS.ProcessEnv, profileDir?: string): Promise<AppProcess> {
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...profile, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let errorLines = 0;
  const warnings: string[] = [];
  let listeningSeen = false;
  let partial = "";
  const exited = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      running.delete(child);
      done(code);
    }),
  );
  const listening = new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error("the app did not start within 20 s")), 20_000);
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      partial += chunk;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (/"level":(50|60)/.test(line)) errorLines++;
        // Warnings and errors name events and error codes only (no personal text): kept to explain a failed run.
        if (listeningSeen && /"level":(40|50|60)/.test(line) && warnings.length < 5) warnings.push(line);
        if (line.includes('"event":"started"')) {
          listeningSeen = true;
          clearTimeout(timer);
          done((JSON.parse(line) as { port: number }).port);
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the app exited with code ${code} before listening`));
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    child,
    port,
    errorLogLines: () => errorLines,
    warnings: () => warnings,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Kills every app process still running (a run that has to give up). */
export function killRunningApps(): void {
  for (const child of running) child.kill("SIGKILL");
}
