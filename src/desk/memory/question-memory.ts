import type { Answer } from "../../search/answer.js";
import { randomFillSync } from "node:crypto";
import { createExpiringMap } from "./expiring-map.js";

/**
 * Short-lived memory of questions, so buttons can carry a reference instead of the question itself.
 * It holds the question text and the answer it got — not who asked — in memory only; entries expire and the
 * oldest go first. Keeping the answer means a button press needs no second search.
 */
export interface QuestionMemory {
  /** Remembers a question (and the answer given to it) and returns its reference. */
  remember(question: string, answer?: Answer): string;
  /** The question for a reference, or undefined once forgotten. */
  recall(ref: string): string | undefined;
  /** The answer given to the question, when it was remembered with one. */
  recallAnswer(ref: string): Answer | undefined;
}

/** Options for the in-memory question memory. */
export interface QuestionMemoryOptions {
  /** How long a question is kept (default 24 hours). */
  ttlMs?: number;
  /** At most this many questions are kept (default 5,000). */
  maxEntries?: number;
  /** Clock in milliseconds; injected for tests. */
  now?: () => number;
  /** Reference generator; injected for tests. */
  newRef?: () => string;
}

/** Creates the in-memory question memory. */
export function createQuestionMemory(options: QuestionMemoryOptions = {}): QuestionMemory {
  const newRef = options.newRef ?? createRandomRefs();
  const entries = createExpiringMap<string, { question: string; answer: Answer | undefined }>({
    ttlMs: options.ttlMs ?? 24 * 60 * 60 * 1000,
    maxEntries: options.maxEntries ?? 5000,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    remember(question, answer) {
      const ref = newRef();
      entries.set(ref, { question, answer });
      return ref;
    },
    recall: (ref) => entries.get(ref)?.question,
    recallAnswer: (ref) => entries.get(ref)?.answer,
  };
}

/**
 * Unguessable references (9 random bytes, 12 characters): drawn from a pool of random bytes refilled when used
 * up, so a question costs a slice of the pool rather than a call into the system's random source.
 */
export function createRandomRefs(bytes = 9, perRefill = 256): () => string {
  const pool = Buffer.alloc(bytes * perRefill);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const ref = pool.toString("base64url", offset, offset + bytes);
    offset += bytes;
    return ref;
  };
}
