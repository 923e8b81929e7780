import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where the running bot writes its process id: next to the database (`./data/privacy-desk.pid` by default). */
export function pidFilePath(databasePath: string): string {
  return join(dirname(databasePath), "privacy-desk.pid");
}

/** Writes this process's id, creating the folder if needed. */
export function writePidFile(path: string, pid = process.pid): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${pid}\n`);
}

/** Removes the pid file if it is still this process's (a newer instance may have replaced it). */
export function removePidFile(path: string, pid = process.pid): void {
  try {
    if (readFileSync(path, "utf8").trim() === String(pid)) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}

/**
 * The id of the Privacy Desk process named in the pid file, if that process is alive and still Privacy Desk
 * (a stale file whose id now belongs to another program must never receive a signal).
 */
export function runningPid(path: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: no such process. EPERM: alive but someone else's, so not ours to signal.
    return undefined;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline)) {
    const args = readFileSync(cmdline, "utf8").split("\0");
    const isPrivacyDesk = args.some((a) => /privacy-desk|cli\.[jt]s$/.test(a)) && args.includes("start");
    if (!isPrivacyDesk) return undefined;
  }
  return pid;
}
