import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the app made to the fake Slack: a Web API method or a response_url post. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response:<id>` for a response_url. */
  method: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
  /** What the fake answered: HTTP status and body (set once answered). */
  status?: number;
  reply?: Record<string, unknown>;
}

/** A local stand-in for Slack's Web API and response URLs, on 127.0.0.1, recording every call. */
export interface FakeSlack {
  /** Base URL; the Web API is at `${url}/api/`. */
  url: string;
  apiUrl: string;
  calls: RecordedCall[];
  /** A response_url on this server. */
  responseUrl(id: string): string;
  /** Resolves with the first call (from `from` on) matching, waiting up to `timeoutMs`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  callsTo(method: string): RecordedCall[];
  /** Answers for a method (default `{ ok: true }` plus sensible fields), optionally after a delay. */
  answer(method: string, reply: (body: Record<string, unknown>) => Record<string, unknown>, delayMs?: number): void;
  /** The next calls to a method get these HTTP answers, in order (e.g. 429 with Retry-After, or 503), then normal ones. */
  failNext(method: string, ...responses: ScriptedResponse[]): void;
  /** Display names users.info reports, by user id (default: `Name of <id>`). */
  users: Map<string, string>;
  /** Calls whose response has been sent, in order. */
  answered: RecordedCall[];
  close(): Promise<void>;
}

/** A scripted HTTP answer to a Web API call. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** The DM channel the fake opens for a user id (`U0PERSON` → `D0PERSON`). */
export const dmChannelOf = (userId: string): string => `D${userId.slice(1)}`;

/** Bot identity the fake's auth.test reports. */
export const BOT_USER_ID = "UPRIVACYBOT";
export const BOT_ID = "BPRIVACYBOT";

/** Parses a Web API body as the SDK sends it (form-encoded, nested values as JSON) or JSON. */
export function parseSlackBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Starts the fake Slack. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const waiters: Array<{ predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  const answers = new Map<string, { reply: (body: Record<string, unknown>) => Record<string, unknown>; delayMs: number }>();
  const answered: RecordedCall[] = [];
  const scripted = new Map<string, ScriptedResponse[]>();
  const users = new Map<string, string>();
  let ts = 1_700_000_000;

  const defaults = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: "T0TEAM", user: "privacy_desk", team: "Test" };
      case "chat.postMessage": {
        ts += 1;
        // Posting to a user id posts in the app's DM with them; Slack answers with that DM's channel id.
        const channel = typeof body.channel === "string" && /^[UW]/.test(body.channel) ? dmChannelOf(body.channel) : body.channel;
        return { ok: true, channel, ts: `${ts}.000100`, message: { text: body.text } };
      }
      case "conversations.open":
        return { ok: true, channel: { id: dmChannelOf(String(body.users)) } };
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      case "conversations.history": {
        // What was posted to the channel (not in threads), newest first, with metadata as Slack keeps it.
        const messages = calls
          .filter((c) => c.method === "chat.postMessage" && c.reply?.ok === true && c.reply.channel === body.channel && !c.body.thread_ts)
          .map((c) => ({ type: "message", ts: c.reply!.ts, text: c.body.text, ...(c.body.metadata ? { metadata: c.body.metadata } : {}) }))
          .reverse();
        return { ok: true, messages, has_more: false };
      }
      case "conversations.replies": {
        // A thread's replies, oldest first, with metadata as Slack keeps it.
        const messages = calls
          .filter(
            (c) =>
              c.method === "chat.postMessage" && c.reply?.ok === true && c.reply.channel === body.channel && c.body.thread_ts === body.ts,
          )
          .map((c) => ({
            type: "message",
            ts: c.reply!.ts,
            thread_ts: body.ts,
            text: c.body.text,
            ...(c.body.metadata ? { metadata: c.body.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case "users.info": {
        const id = String(body.user);
        const name = users.get(id) ?? `Name of ${id}`;
        return { ok: true, user: { id, name: id.toLowerCase(), real_name: name, profile: { display_name: name, real_name: name } } };
      }
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const body = parseSlackBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]);
      const method = path.startsWith("/api/") ? path.slice("/api/".length) : `response:${path.replace(/^\/response\//, "")}`;
      const call: RecordedCall = { method, body, headers: req.headers };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      if (method.startsWith("response:")) {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        answered.push(call);
        return;
      }
      const script = scripted.get(method);
      const next = script?.shift();
      if (next) {
        call.status = next.status;
        call.reply = next.body ?? { ok: false };
        res.writeHead(next.status, { "content-type": "application/json", ...next.headers }).end(JSON.stringify(call.reply));
        answered.push(call);
        return;
      }
      const custom = answers.get(method);
      const reply = custom?.reply(body) ?? defaults(method, body);
      const send = () => {
        call.status = 200;
        call.reply = reply;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
        answered.push(call);
      };
      if (custom?.delayMs) setTimeout(send, custom.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responseUrl: (id) => `${url}/response/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    answered,
    answer: (method, reply, delayMs = 0) => void answers.set(method, { reply, delayMs }),
    failNext: (method, ...responses) => void scripted.set(method, [...(scripted.get(method) ?? []), ...responses]),
    users,
    waitFor(predicate, timeoutMs = 5000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(
            waiters.findIndex((w) => w.resolve === done),
            1,
          );
          reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`));
        }, timeoutMs);
        const done = (c: RecordedCall) => {
          clearTimeout(timer);
          resolve(c);
        };
        waiters.push({ predicate, resolve: done });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
