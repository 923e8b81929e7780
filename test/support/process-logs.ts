import type { ChildProcess } from "node:child_process";

/** What a child process's stderr log is watched for: its lines so far, a wait for one, and its exit. */
export interface WatchedLog {
  lines: string[];
  /** Resolves with the first line (seen or to come) that matches; rejects on timeout or when the process exits. */
  waitForLog(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  alive(): boolean;
}

/** Reads a started process's stderr line by line (pino's JSON lines), and its exit. */
export function watchProcessLog(proc: ChildProcess): WatchedLog {
  const lines: string[] = [];
  const waiters: Array<{ predicate: (l: string) => boolean; resolve: (l: string) => void }> = [];
  let partial = "";
  let exitedYet = false;
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const complete = partial.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stdout!.resume();
  // "close", not "exit": by then every line the process wrote (its last ones go out as it exits) has been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("close", (code, signal) => {
      exitedYet = true;
      resolve({ code, signal });
    }),
  );
  const waitForLog = (predicate: (line: string) => boolean, timeoutMs = 15_000): Promise<string> => {
    const found = lines.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log line in ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
      waiters.push({
        predicate,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the process exited before a matching log line:\n${lines.join("\n")}${partial}`));
      });
    });
  };
  return { lines, waitForLog, exited, alive: () => !exitedYet };
}
