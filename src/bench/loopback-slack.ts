import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Slack's Web API and response URLs on loopback: answers ok at once and records which request
 * each reply belongs to (the response URL's number, or the number in the direct message's channel). It keeps
 * connections open, as Slack does, and counts them, so a client that does not reuse its connections shows.
 */
export async function startLoopbackSlack(): Promise<{
  url: string;
  replied: Set<number>;
  connections(): number;
  requests(): number;
  close(): Promise<void>;
}> {
  const replied = new Set<number>();
  let ts = 1_700_000_000;
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (path.startsWith("/response/")) {
        replied.add(Number(path.slice("/response/".length)));
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      let body = '{"ok":true}';
      if (path.startsWith("/api/auth.test"))
        body = JSON.stringify({ ok: true, user_id: "U0LOADBOT", bot_id: "B0LOADBOT", team_id: "T0LOAD" });
      if (path.startsWith("/api/chat.postMessage")) {
        const raw = Buffer.concat(chunks).toString("latin1");
        // Only the channel is read, without decoding the whole message (the app sends it form-encoded).
        const channel = req.headers["content-type"]?.includes("json")
          ? String((JSON.parse(raw) as { channel?: unknown }).channel)
          : decodeURIComponent(/(?:^|&)channel=([^&]*)/.exec(raw)?.[1] ?? "");
        replied.add(Number(channel.replace(/^D0LOAD/, "")));
        body = `{"ok":true,"channel":${JSON.stringify(channel)},"ts":"${++ts}.000100"}`;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replied,
    connections: () => connections,
    requests: () => requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
