import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { loadCorpus } from "../corpus/load.js";
import type { Statement } from "../corpus/statement.js";
import type { AnswerEngine } from "../search/answer.js";
import { createEngine } from "../search/engine.js";
import type { EvalItem } from "./score.js";

/** The package root: question sets and data paths are relative to it. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * `test/eval/sets.json`: each question set with its paragraph keys, the corpus it is asked of, and the statement
 * its questions are about — for the whole set (`statement`), or per question (a `statement` field on each line,
 * when one corpus serves several statements together).
 */
export const SetsSchema = z.array(
  z.object({
    name: z.string(),
    questions: z.string(),
    keys: z.string(),
    corpus: z.string(),
    statement: z.string().optional(),
    /** Skipped when its questions file is absent (the shared sets, outside the repository). */
    optional: z.boolean().default(false),
  }),
);

const ItemSchema = z.object({ q: z.string(), expect: z.array(z.string()), statement: z.string().optional() });

/** A question set ready to ask: its items (each naming its statement), its paragraph keys and an engine over its corpus. */
export interface LoadedSet {
  name: string;
  items: EvalItem[];
  keys: Record<string, string>;
  /** The corpus folder (absolute: sets of several files may name the same relative one). */
  corpus: string;
  statements: readonly Statement[];
  engine: AnswerEngine;
}

/** Thrown when sets.json or a question file is inconsistent: names the file and what is wrong. */
export class QuestionSetError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "QuestionSetError";
  }
}

/**
 * Reads test/eval/sets.json and every set in it (optional sets only when asked for and present), then the sets of
 * each file in `more` (the privacy office's own questions, kept outside the project; written as sets.json is, with
 * paths relative to that file's folder). One engine is built per corpus folder and shared by the sets asked of it.
 */
export function loadQuestionSets({
  includeOptional,
  root = ROOT,
  setsFile = "test/eval/sets.json",
  more = [],
}: {
  includeOptional: boolean;
  root?: string;
  setsFile?: string;
  more?: readonly string[];
}): LoadedSet[] {
  const files = [{ root, file: join(root, setsFile) }, ...more.map((f) => ({ root: dirname(resolve(f)), file: resolve(f) }))];
  const corpora = new Map<string, { statements: Statement[]; engine: AnswerEngine }>();
  const out: LoadedSet[] = [];
  for (const { root, file } of files) out.push(...readSets(root, file, includeOptional, corpora));
  return out;
}

function readSets(
  root: string,
  file: string,
  includeOptional: boolean,
  corpora: Map<string, { statements: Statement[]; engine: AnswerEngine }>,
): LoadedSet[] {
  const sets = SetsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const out: LoadedSet[] = [];
  for (const set of sets) {
    const questions = join(root, set.questions);
    if (set.optional && (!includeOptional || !existsSync(questions))) continue;
    const dir = join(root, set.corpus);
    let corpus = corpora.get(dir);
    if (!corpus) {
      const statements = loadCorpus(dir);
      corpus = { statements, engine: createEngine(statements) };
      corpora.set(dir, corpus);
    }
    const ids = new Set(corpus.statements.map((s) => s.id));
    const items: EvalItem[] = readFileSync(questions, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l, i) => {
        const raw = ItemSchema.parse(JSON.parse(l));
        const statement = raw.statement ?? set.statement;
        if (!statement) throw new QuestionSetError(set.questions, `line ${i + 1} names no statement, and neither does set "${set.name}"`);
        if (!ids.has(statement))
          throw new QuestionSetError(set.questions, `line ${i + 1}: statement "${statement}" is not in ${set.corpus}`);
        return { q: raw.q, expect: raw.expect, statement };
      });
    const keys = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(join(root, set.keys), "utf8")));
    out.push({ name: set.name, items, keys, corpus: dir, statements: corpus.statements, engine: corpus.engine });
  }
  return out;
}
