import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

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

/** At most this many instances on one host keep a pid file in one folder. */
const MAX_PID_FILES = 64;

/** `privacy-desk.pid` → `privacy-desk.pid`, `privacy-desk.2.pid`, `privacy-desk.3.pid`, …: one file per instance on the host. */
export function pidFileSlot(basePath: string, n: number): string {
  return n <= 1 ? basePath : basePath.replace(/(\.pid)?$/, `.${n}.pid`);
}

/**
 * Creates `path` holding `pid` only if no file is there, and whole: the id is written to a private file first and
 * then linked into place, so another instance never reads a pid file half written (an empty file looks stale, and
 * would be taken over while its owner still holds it). False when the file already exists.
 */
function createWhole(path: string, pid: number): boolean {
  const draft = `${path}.${pid}.tmp`;
  writeFileSync(draft, `${pid}\n`);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Writes this process's id into the first pid file of the folder that no live Privacy Desk holds: several replicas
 * on one host (sharing a PostgreSQL database and the data folder) each get their own file, and none overwrites
 * another's. A file left by a process that has died is taken over. Returns the path written.
 */
export function claimPidFile(basePath: string, pid = process.pid): string {
  mkdirSync(dirname(basePath), { recursive: true });
  for (let n = 1; n <= MAX_PID_FILES; n++) {
    const path = pidFileSlot(basePath, n);
    if (createWhole(path, pid)) return path;
    if (runningPid(path) !== undefined) continue;
    // Stale: its process is gone (or is no longer Privacy Desk). Replace it, unless another instance just did.
    rmSync(path, { force: true });
    if (createWhole(path, pid)) return path;
  }
  throw new Error(`more than ${MAX_PID_FILES} Privacy Desk processes hold pid files in ${dirname(basePath)}`);
}

/** The ids of every live Privacy Desk with a pid file in this folder (`privacy-desk.pid`, `privacy-desk.2.pid`, …). */
export function runningPids(basePath: string): number[] {
  const dir = dirname(basePath);
  const stem = basename(basePath).replace(/\.pid$/, "");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const slot = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\.\\d+)?\\.pid$`);
  const pids = names
    .filter((name) => slot.test(name))
    .map((name) => runningPid(join(dir, name)))
    .filter((pid): pid is number => pid !== undefined);
  return [...new Set(pids)].sort((a, b) => a - b);
}
