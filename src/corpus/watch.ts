import { type FSWatcher, watch } from "node:fs";

/** A watch on the corpus folder; close() stops it. */
export interface CorpusWatch {
  close(): void;
}

/** Options for watchCorpus. */
export interface CorpusWatchOptions {
  /** Quiet time after the last change before `onChange` runs (default 500 ms), so one save is one reload. */
  debounceMs?: number;
  /** Called once if the folder can no longer be watched (removed, unmounted); the watch has stopped. */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange` once after statement files (`*.md`) in `dir` stop changing. Editors save in bursts
 * (temporary file, rename, attribute change); the debounce turns each burst into one call. The watch does not
 * keep the process alive.
 */
export function watchCorpus(dir: string, onChange: () => void, options: CorpusWatchOptions = {}): CorpusWatch {
  const debounceMs = options.debounceMs ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const close = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    watcher?.close();
    watcher = undefined;
  };
  watcher = watch(dir, { persistent: false }, (_event, filename) => {
    if (filename && !mayBeStatement(filename.toString())) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
    timer.unref();
  });
  watcher.on("error", (error) => {
    close();
    options.onError?.(error);
  });
  return { close };
}

/**
 * Changes worth a reload: statement files, and the `..data` link swaps by which mounted configuration volumes
 * (Kubernetes ConfigMaps) replace every file at once. Editor swap and backup files are not. Some platforms give
 * no file name; then any change may be a statement (handled by the caller).
 */
export function mayBeStatement(filename: string): boolean {
  if (filename.startsWith("..")) return true;
  // Emacs keeps a `.#name.md` lock beside a file being edited.
  return filename.toLowerCase().endsWith(".md") && !filename.startsWith(".#");
}
