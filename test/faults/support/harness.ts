import { afterAll, beforeAll } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../slack/support/fake-slack.js";
import { type AppProcess, scratchDir, startApp } from "./app.js";
import type { Desk } from "./conversation.js";
import { startSlackProxy } from "./outage.js";

/** What a fault test drives: the app as a process, the stand-in Slack, and the proxy that fakes its failures. */
export interface FaultApp {
  readonly fake: FakeSlack;
  /** Sits between the app and the stand-in Slack when asked for (`behindProxy`); `set` fakes 500s and 429s. */
  readonly proxy: Awaited<ReturnType<typeof startSlackProxy>>;
  readonly app: AppProcess;
  /** The app's SQLite file. */
  readonly dbPath: string;
  /** The app's port and signing secret, and the stand-in Slack, for the conversation helpers. */
  desk(): Desk;
  /** Kills the app outright (SIGKILL) and starts it again on the same database and settings. */
  restart(): Promise<void>;
}

/**
 * Starts, before the file's tests, the stand-in Slack (behind a failure-faking proxy if asked), and the app on a
 * fresh SQLite file; stops and removes them all after.
 */
export function useFaultApp(options: { secret: string; token: string; helpdesk?: string; behindProxy?: boolean }): FaultApp {
  const scratch = scratchDir();
  let fake: FakeSlack | undefined;
  let proxy: Awaited<ReturnType<typeof startSlackProxy>> | undefined;
  let app: AppProcess | undefined;
  const env = () => ({
    SLACK_BOT_TOKEN: options.token,
    SLACK_SIGNING_SECRET: options.secret,
    SLACK_API_URL: proxy?.apiUrl ?? fake!.apiUrl,
    ...(options.helpdesk ? { HELPDESK_CHANNEL: options.helpdesk } : {}),
    DATABASE_PATH: scratch.dbPath,
  });
  beforeAll(async () => {
    fake = await startFakeSlack();
    if (options.behindProxy) proxy = await startSlackProxy(fake.url);
    app = await startApp(env());
  });
  afterAll(async () => {
    await app?.kill();
    await proxy?.close();
    await fake?.close();
    scratch.cleanup();
  });
  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`the fault test's ${name} has not started`);
    return part;
  };
  return {
    get fake() {
      return started(fake, "stand-in Slack");
    },
    get proxy() {
      return started(proxy, "Slack proxy (behindProxy)");
    },
    get app() {
      return started(app, "app");
    },
    dbPath: scratch.dbPath,
    desk: () => ({ port: started(app, "app").port, secret: options.secret, fake: started(fake, "stand-in Slack") }),
    async restart() {
      await started(app, "app").kill();
      app = await startApp(env());
    },
  };
}
