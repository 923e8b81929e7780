import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** How the proxy answers a Web API method instead of passing it on, or undefined to pass it on. */
export type Override = (method: string) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined;

/**
 * A proxy in front of the Slack stand-in that can make Slack's Web API fail (500s, 429s) for some methods
 * or for a while, as Slack does in an incident; response URLs always pass through.
 */
export async function startSlackProxy(upstream: string) {
  let override: Override = () => undefined;
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const method = path.startsWith("/api/") ? path.slice("/api/".length) : undefined;
    const forced = method ? override(method) : undefined;
    if (forced) {
      req.resume();
      req.on("end", () =>
        res
          .writeHead(forced.status, { "content-type": "application/json", ...forced.headers })
          .end(JSON.stringify(forced.body ?? { ok: false, error: "internal_error" })),
      );
      return;
    }
    const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${url}/api/`,
    set(next: Override) {
      override = next;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
