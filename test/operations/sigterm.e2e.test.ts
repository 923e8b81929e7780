import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { dmEvent, eventCallback, slashCommand } from "../slack/support/payloads.js";
import { formBody } from "../slack/support/signing.js";
import { type ChildApp, type Outcome, postSigned, startChildApp } from "./support/child.js";

const SECRET = "sigterm-signing-secret-0123";
// Slack is slow to take the replies, so some are always on their way when SIGTERM arrives.
const SLACK_DELAY_MS = 250;
const WORKERS = 8;
const SIGTERM_AFTER_ACCEPTED = 60;
const REQUESTS_AFTER_STOPPING = 40;
const MAX_REQUESTS = 800;

interface Sent {
  id: string;
  kind: "command" | "dm";
  question: string;
  afterStopping: boolean;
  outcome: Outcome;
}

let fake: FakeSlack;
let child: ChildApp;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.answer("chat.postMessage", (body) => ({ ok: true, channel: body.channel, ts: "1700000000.000100" }), SLACK_DELAY_MS);
  child = await startChildApp({ SLACK_BOT_TOKEN: "xoxb-sigterm", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
});

afterAll(async () => {
  if (child && child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGKILL");
  await fake?.close();
  if (child) rmSync(child.dataDir, { recursive: true, force: true });
});

function send(n: number, afterStopping: boolean): Promise<Sent> {
  const id = `sig${n}`;
  const user = `U0SIG${n}`;
  if (n % 2 === 0) {
    const question = `Does Zoom use cookies? ${id}-command`;
    const body = formBody({ ...slashCommand(question, fake.responseUrl(id)), user_id: user });
    return postSigned(child.port, SECRET, body, "application/x-www-form-urlencoded").then((outcome) => ({
      id,
      kind: "command",
      question,
      afterStopping,
      outcome,
    }));
  }
  const question = `Can Harvard see the content of my Zoom meetings? ${id}-dm`;
  const body = JSON.stringify(eventCallback(dmEvent(question, { user, channel: `D0${id.toUpperCase()}` }), `Ev0${id.toUpperCase()}`));
  return postSigned(child.port, SECRET, body, "application/json").then((outcome) => ({ id, kind: "dm", question, afterStopping, outcome }));
}

describe("SIGTERM during a burst of requests", () => {
  it("finishes every request it accepted, refuses new ones, exits 0 and loses nothing", async () => {
    let stoppingSeen = false;
    void child
      .waitForLog((l) => l.includes('"event":"stopping"'), 60_000)
      .then(
        () => (stoppingSeen = true),
        () => undefined,
      );
    const sent: Sent[] = [];
    let next = 0;
    let signalled = false;
    const accepted = () => sent.filter((s) => "status" in s.outcome && s.outcome.status === 200).length;
    const afterStopping = () => sent.filter((s) => s.afterStopping).length;

    const worker = async () => {
      while (next < MAX_REQUESTS && afterStopping() < REQUESTS_AFTER_STOPPING) {
        const n = next++;
        sent.push(await send(n, stoppingSeen));
        if (!signalled && accepted() >= SIGTERM_AFTER_ACCEPTED) {
          signalled = true;
          child.proc.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const exit = await child.exited;

    expect(signalled).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });

    // Work was in flight when the signal arrived, so the drain was tested, and it finished in time.
    const stopping = JSON.parse(child.lines.find((l) => l.includes('"event":"stopping"'))!) as { inFlight: number };
    expect(stopping.inFlight).toBeGreaterThan(0);
    expect(child.lines.some((l) => l.includes('"event":"stopped"'))).toBe(true);
    expect(child.lines.some((l) => l.includes("stop_timeout"))).toBe(false);

    // Every accepted request got its reply, exactly once: a command's in its acknowledgement (or else through its
    // response URL), a direct message's at Slack.
    const ok = sent.filter((s) => "status" in s.outcome && s.outcome.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(SIGTERM_AFTER_ACCEPTED);
    const replies = (s: Sent): string[] => {
      if (s.kind === "dm") {
        return fake.calls
          .filter((c) => c.method === "chat.postMessage" && c.body.channel === `D0${s.id.toUpperCase()}`)
          .map((c) => JSON.stringify(c.body));
      }
      const inAck = "body" in s.outcome && s.outcome.body !== "" ? [s.outcome.body] : [];
      return [...inAck, ...fake.calls.filter((c) => c.method === `response:${s.id}`).map((c) => JSON.stringify(c.body))];
    };
    const missing = ok.filter((s) => replies(s).length !== 1).map((s) => `${s.id}: ${replies(s).length} replies`);
    expect(missing).toEqual([]);
    for (const kind of ["command", "dm"] as const) {
      const some = ok.filter((s) => s.kind === kind).slice(0, 5);
      expect(some.length).toBeGreaterThan(0);
      for (const s of some) expect(replies(s)[0]).toContain(s.id);
    }
    // Slack answered every reply before the process went away (nothing cut off mid-request).
    expect(fake.answered.filter((c) => c.method === "chat.postMessage").length).toBe(
      fake.calls.filter((c) => c.method === "chat.postMessage").length,
    );

    // Requests sent once it was stopping were refused, never accepted and dropped.
    const late = sent.filter((s) => s.afterStopping);
    expect(late.length).toBeGreaterThanOrEqual(REQUESTS_AFTER_STOPPING);
    for (const s of late) expect("error" in s.outcome || s.outcome.status === 503, `${s.id}: ${JSON.stringify(s.outcome)}`).toBe(true);
    // Whatever was not accepted was refused outright; nothing failed half-way with a server error.
    for (const s of sent) if ("status" in s.outcome) expect([200, 503]).toContain(s.outcome.status);

    // The log at the default level holds none of what people asked.
    const log = child.lines.join("\n");
    for (const s of sent) expect(log).not.toContain(s.id);
    expect(existsSync(join(child.dataDir, "privacy-desk.pid"))).toBe(false);
  }, 60_000);
});
