import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A small HTTP load balancer on 127.0.0.1: each request goes to the next replica in turn. */
export interface RoundRobin {
  port: number;
  /** How many requests each replica (by index) was sent. */
  hits: number[];
  /** Stops sending to a replica (as a load balancer does once its health check fails). */
  drop(index: number): void;
  close(): Promise<void>;
}

export async function startRoundRobin(ports: () => readonly number[]): Promise<RoundRobin> {
  let next = 0;
  const dropped = new Set<number>();
  const hits: number[] = [];
  const server: Server = createServer((req, res) => {
    const targets = ports();
    let index = next++ % targets.length;
    for (let i = 0; i < targets.length && dropped.has(index); i++) index = (index + 1) % targets.length;
    hits[index] = (hits[index] ?? 0) + 1;
    const upstream = request(
      { host: "127.0.0.1", port: targets[index], path: req.url, method: req.method, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    drop: (index) => void dropped.add(index),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
