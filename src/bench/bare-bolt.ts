import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

/**
 * The yardstick for `npm run load`: a bare Bolt 5 app on the same HTTP receiver Privacy Desk uses, which only
 * acknowledges a signed `/privacy` with a fixed ephemeral text (and, as Bolt does for any event, acknowledges
 * events with nothing more). What Privacy Desk costs beyond this is what its own work costs.
 *
 * Run as `node dist/bench/bare-bolt.js` with SLACK_SIGNING_SECRET and PORT (0 for any free port) set; it
 * listens on 127.0.0.1 and writes one JSON line `{"event":"started","port":…}` on stderr once it listens.
 */

/** The text the bare app acknowledges every `/privacy` with. */
export const BARE_REPLY = "Privacy Desk is thinking about it.";

async function main(): Promise<void> {
  const signingSecret = process.env.SLACK_SIGNING_SECRET;
  if (!signingSecret) throw new Error("SLACK_SIGNING_SECRET is not set");
  const receiver = new HTTPReceiver({ signingSecret, endpoints: ["/slack/events"], logLevel: LogLevel.ERROR });
  const app = new App({
    token: "xoxb-bare-bolt",
    receiver,
    logLevel: LogLevel.ERROR,
    // The bot's ids given, so Bolt never calls auth.test: the bare app makes no request to Slack.
    botId: "B0BARE",
    botUserId: "U0BARE",
    tokenVerificationEnabled: false,
  });
  app.command("/privacy", async ({ ack }) => {
    await ack({ response_type: "ephemeral", text: BARE_REPLY });
  });
  const server = (await app.start({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" })) as Server;
  process.stderr.write(`${JSON.stringify({ event: "started", port: (server.address() as AddressInfo).port })}\n`);
  process.once("SIGTERM", () => {
    void app.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-bolt: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
