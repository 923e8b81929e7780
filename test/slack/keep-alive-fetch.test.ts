import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeepAliveFetch } from "../../src/slack/keep-alive-fetch.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
let connections = 0;
const received: Received[] = [];

function reply(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = req.url ?? "/";
  if (url === "/teapot") {
    res.writeHead(418, "I'm a teapot", { "content-type": "text/plain" }).end("short and stout");
  } else if (url === "/moved") {
    res.writeHead(302, { location: "/api/ok" }).end();
  } else if (url === "/slow") {
    setTimeout(() => res.writeHead(200).end("late"), 2_000).unref();
  } else if (url.startsWith("/api/")) {
    const channel = new URLSearchParams(body).get("channel");
    res
      .writeHead(200, { "content-type": "application/json", "x-oauth-scopes": "chat:write" })
      .end(JSON.stringify({ ok: true, channel, ts: "1.2" }));
  } else {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echo: body }));
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      reply(req, res, body);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the keep-alive fetch", () => {
  it("posts a text body and reads status, headers and body as fetch does", async () => {
    const fetch = createKeepAliveFetch();
    const res = await fetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"héllo"}' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ echo: '{"text":"héllo"}' });
    expect(received.at(-1)).toMatchObject({ method: "POST", url: "/echo", body: '{"text":"héllo"}' });
    expect(received.at(-1)!.headers["content-type"]).toBe("application/json");
  });

  it("reuses one connection for requests one after another", async () => {
    const fetch = createKeepAliveFetch();
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/echo`, { method: "POST", body: String(i) })).status).toBe(200);
    expect(connections - before).toBe(1);
  });

  it("passes on an error status, which the caller judges, and lets the body be read once", async () => {
    const res = await createKeepAliveFetch()(`${base}/teapot`, { method: "POST", body: "" });
    expect([res.status, res.ok, res.statusText]).toEqual([418, false, "I'm a teapot"]);
    expect(await res.text()).toBe("short and stout");
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
  });

  it("fails as fetch fails when nothing listens, and when aborted", async () => {
    const fetch = createKeepAliveFetch();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "x" })).rejects.toThrow(new TypeError("fetch failed"));

    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, { method: "POST", body: "x", signal: controller.signal });
    controller.abort(new Error("gave up waiting"));
    await expect(pending).rejects.toThrow("gave up waiting");
    await expect(fetch(`${base}/echo`, { method: "POST", body: "x", signal: AbortSignal.abort(new Error("already")) })).rejects.toThrow(
      "already",
    );
  });

  it("refuses a redirect when told to, and otherwise leaves following it to the fallback", async () => {
    const fetch = createKeepAliveFetch();
    await expect(fetch(`${base}/moved`, { method: "POST", body: "x", redirect: "error" })).rejects.toThrow(TypeError);
    const followed = await fetch(`${base}/moved`, { method: "POST", body: "channel=C1" });
    expect(await followed.json()).toMatchObject({ ok: true });
  });

  it("hands any other body to the fallback fetch", async () => {
    const seen: unknown[] = [];
    const fallback = (async (_input: string | URL | Request, init?: RequestInit) => {
      seen.push(init?.body);
      return new Response("from the fallback");
    }) as typeof fetch;
    const fetch = createKeepAliveFetch({ fallback });
    const form = new FormData();
    form.set("file", new Blob(["data"]));
    expect(await (await fetch(`${base}/echo`, { method: "POST", body: form })).text()).toBe("from the fallback");
    expect(seen).toEqual([form]);
  });

  it("serves the Slack Web API client: a chat.postMessage arrives form-encoded and its result is read", async () => {
    const client = new webApi.WebClient("xoxb-test", { slackApiUrl: `${base}/api/`, fetch: createKeepAliveFetch() });
    const result = await client.chat.postMessage({
      channel: "D0PERSON",
      text: "hi",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }],
    });
    expect(result).toMatchObject({ ok: true, channel: "D0PERSON", ts: "1.2" });
    expect(result.response_metadata?.scopes).toEqual(["chat:write"]);
    const call = received.at(-1)!;
    expect(call.url).toBe("/api/chat.postMessage");
    expect(call.headers.authorization).toBe("Bearer xoxb-test");
    expect(JSON.parse(new URLSearchParams(call.body).get("blocks")!)).toEqual([{ type: "section", text: { type: "mrkdwn", text: "hi" } }]);
  });
});
