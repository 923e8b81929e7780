/** Tracks work still running after Slack was acknowledged, so shutdown can let it finish. */
export interface InFlight {
  /** Runs the work and keeps track of it until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Number of pieces of work still running. */
  readonly size: number;
  /** Resolves when all running work has settled, or after `timeoutMs`; true when everything finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Creates an in-flight tracker. */
export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    run(work) {
      const p = work();
      // The tracked copy never rejects; the caller still sees the original outcome.
      const tracked: Promise<void> = p.then(
        () => undefined,
        () => undefined,
      );
      running.add(tracked);
      void tracked.then(() => running.delete(tracked));
      return p;
    },
    get size() {
      return running.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
      });
      const done = (async () => {
        while (running.size > 0) await Promise.allSettled([...running]);
        return true as const;
      })();
      const result = await Promise.race([done, timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}
