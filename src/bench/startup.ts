import { spawn } from "node:child_process";
import { elapsedMs, median } from "./stats.js";

/** The question `ask` is timed with: the issue's own example. */
export const STARTUP_QUESTION = "does Zoom see my IP?";

/** Wall times of `node dist/cli.js ask QUESTION`, from spawn to the first byte of the answer on stdout. */
export interface StartupFigures {
  runs: number[];
  medianMs: number;
  maxMs: number;
}

/** Spawns the CLI once and resolves with the time to its first output; rejects if it fails or prints nothing. */
function timeOnce(cliPath: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let firstOutput: number | undefined;
    let stderr = "";
    // Plain `node`, no --expose-gc: the same way a person runs it.
    const child = spawn(process.execPath, [cliPath, "ask", STARTUP_QUESTION], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", () => {
      firstOutput ??= elapsedMs(start);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || firstOutput === undefined) {
        reject(new Error(`ask exited with code ${code} and ${firstOutput === undefined ? "no answer" : "an answer"}: ${stderr.trim()}`));
      } else {
        resolve(firstOutput);
      }
    });
  });
}

/** Runs `ask` several times in a row and summarises the times. */
export async function measureStartup(cliPath: string, cwd: string, runs = 5): Promise<StartupFigures> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(cliPath, cwd));
  return { runs: times, medianMs: median(times), maxMs: Math.max(...times) };
}
