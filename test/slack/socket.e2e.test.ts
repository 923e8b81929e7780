import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { type RunningSlack, startSlack } from "../../src/slack/app.js";
import { FEEDBACK_HELPFUL_ACK } from "../../src/slack/texts.js";
import { ACTION_IDS } from "../../src/slack/views/action-ids.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { buttonPress, dmEvent, eventCallback, slashCommand } from "./support/payloads.js";
import { createRealEngine } from "./support/real-engine.js";

/**
 * A local Socket Mode server: apps.connections.open (on the fake Web API) hands out its ws:// URL; on connect it
 * says hello; tests push envelopes and read the app's acknowledgements.
 */
interface SocketModeServer {
  url: string;
  acks: Array<{ envelope_id: string; payload?: unknown }>;
  send(envelope: Record<string, unknown>): void;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<{ envelope_id: string; payload?: unknown }>;
  close(): Promise<void>;
}

async function startSocketModeServer(): Promise<SocketModeServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const acks: SocketModeServer["acks"] = [];
  let socket: WebSocket | undefined;
  const waiters: Array<() => void> = [];
  wss.on("connection", (ws) => {
    socket = ws;
    ws.on("message", (data) => {
      acks.push(JSON.parse(String(data)) as { envelope_id: string });
      for (const wake of waiters.splice(0)) wake();
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-test", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A0PRIVACY" },
      }),
    );
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=test-ticket`,
    acks,
    send(envelope) {
      if (!socket) throw new Error("the app is not connected");
      socket.send(JSON.stringify(envelope));
    },
    async waitForAck(envelopeId, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ack = acks.find((a) => a.envelope_id === envelopeId);
        if (ack) return ack;
        if (Date.now() > deadline) throw new Error(`no ack for ${envelopeId}; acks: ${acks.map((a) => a.envelope_id).join(", ")}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

let fake: FakeSlack;
let sockets: SocketModeServer;
let running: RunningSlack;
const logs = captureLogger();
const json = (call: RecordedCall): string => JSON.stringify(call.body);

beforeAll(async () => {
  fake = await startFakeSlack();
  sockets = await startSocketModeServer();
  fake.answer("apps.connections.open", () => ({ ok: true, url: sockets.url }));
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-socket-token",
    SLACK_APP_TOKEN: "xapp-1-socket-token",
    PORT: "0",
    SLACK_API_URL: fake.apiUrl,
  }) as SlackConfig;
  running = await startSlack(config, createRealEngine(), logs.logger, { host: "127.0.0.1" });
});

afterAll(async () => {
  await running?.stop();
  await sockets?.close();
  await fake?.close();
});

describe("Socket Mode, end to end", () => {
  it("opened the connection with the app-level token", () => {
    expect(running.mode).toBe("socket");
    const open = fake.callsTo("apps.connections.open")[0];
    expect(open?.headers.authorization).toBe("Bearer xapp-1-socket-token");
  });

  it("acknowledges an events_api envelope with its envelope_id and answers the DM", async () => {
    sockets.send({
      envelope_id: "env-dm-1",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: eventCallback(dmEvent("Does Zoom use cookies? socket-a81"), "Ev0SOCKETA81"),
    });
    const ack = await sockets.waitForAck("env-dm-1");
    expect(ack.envelope_id).toBe("env-dm-1");
    const reply = await fake.waitFor((c) => c.method === "chat.postMessage" && json(c).includes("socket-a81"));
    expect(reply.body.channel).toBe("D0PERSON");
    expect(reply.headers.authorization).toBe("Bearer xoxb-socket-token");
    expect(json(reply)).toContain("Cookies and related technologies");
  });

  it("acknowledges a redelivered event but answers it once", async () => {
    sockets.send({
      envelope_id: "env-dm-2",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: "timeout",
      payload: eventCallback(dmEvent("Does Zoom use cookies? socket-a81"), "Ev0SOCKETA81"),
    });
    await sockets.waitForAck("env-dm-2");
    // A later question is answered; the redelivered one was not answered again.
    sockets.send({
      envelope_id: "env-dm-3",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: eventCallback(dmEvent("Does Zoom use cookies? barrier-socket"), "Ev0SOCKETBARRIER"),
    });
    await fake.waitFor((c) => c.method === "chat.postMessage" && json(c).includes("barrier-socket"));
    expect(fake.calls.filter((c) => c.method === "chat.postMessage" && json(c).includes("socket-a81"))).toHaveLength(1);
  });

  it("answers /privacy in its acknowledgement over the socket, not through the response URL", async () => {
    sockets.send({
      envelope_id: "env-cmd-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: slashCommand("Can Harvard see the content of my Zoom meetings?", fake.responseUrl("socket-cmd")),
    });
    const ack = await sockets.waitForAck("env-cmd-1");
    const reply = ack.payload as { response_type?: string };
    expect(reply.response_type).toBe("ephemeral");
    expect(JSON.stringify(reply)).toContain("Access to content");
    expect(fake.calls.filter((c) => c.method === "response:socket-cmd")).toEqual([]);
  });

  it("acknowledges a button press and updates the answer in place", async () => {
    sockets.send({
      envelope_id: "env-dm-4",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: eventCallback(dmEvent("Can Harvard see the content of my Zoom meetings?"), "Ev0SOCKETBUTTON"),
    });
    const answer = await fake.waitFor((c) => c.method === "chat.postMessage" && json(c).includes("Can Harvard see the content"));
    const helpful = (answer.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
      .find((e) => e.action_id === ACTION_IDS.helpful)!;
    sockets.send({
      envelope_id: "env-btn-1",
      type: "interactive",
      accepts_response_payload: false,
      payload: buttonPress({
        actionId: ACTION_IDS.helpful,
        value: helpful.value,
        responseUrl: fake.responseUrl("socket-btn"),
        message: { ts: "1700000100.000100", text: String(answer.body.text), blocks: answer.body.blocks as unknown[] },
      }),
    });
    await sockets.waitForAck("env-btn-1");
    const update = await fake.waitFor((c) => c.method === "response:socket-btn");
    expect(update.body.replace_original).toBe(true);
    expect(json(update)).toContain(FEEDBACK_HELPFUL_ACK);
  });

  it("serves /healthz on PORT", async () => {
    const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mode: string }).mode).toBe("socket");
  });
});
