import { z } from "zod";
import answerTypeData from "./data/answer-types.json" with { type: "json" };
import calibrationData from "./data/calibration.json" with { type: "json" };
import conceptData from "./data/concepts.json" with { type: "json" };
import expansionData from "./data/expansions.json" with { type: "json" };
import framingData from "./data/framing.json" with { type: "json" };
import intentData from "./data/intents.json" with { type: "json" };
import protectedData from "./data/protected.json" with { type: "json" };
import rankingData from "./data/ranking.json" with { type: "json" };
import roleData from "./data/roles.json" with { type: "json" };
import routingData from "./data/routing.json" with { type: "json" };
import stopwordData from "./data/stopwords.json" with { type: "json" };
import { RankingSchema } from "./ranking-schema.js";

/**
 * Every file of `src/search/data/`, validated at load by its schema: a broken edit stops the program at start with
 * the file and the field, not a wrong answer later. The engine's modules read their data from here only.
 */

/**
 * A JavaScript regular expression, as text; it must compile, and refer to no group by number: patterns are joined
 * into one (see anyOf), where a `\1` would point at another pattern's group.
 */
const Pattern = z
  .string()
  .refine((p) => !/(?:^|[^\\])(?:\\\\)*\\[1-9]/.test(p), "refers to a group by number (\\1): name it and use \\k<name>")
  .refine((p) => {
    try {
      new RegExp(p, "u");
      return true;
    } catch {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }
  }, "not a valid regular expression");
const Words = z.array(z.string().min(1));
const Comment = z.string().optional();

export const StopWordsSchema = z.object({ $comment: Comment, words: Words });
export const ProtectedSchema = z.object({ $comment: Comment, words: Words, irregular: z.record(z.string().min(1), z.string().min(1)) });
const Phrases = z.record(z.string().min(1), z.array(z.string().min(1)));
export const ExpansionsSchema = z
  .object({
    $comment: Comment,
    expansions: Phrases,
    /** Phrases whose words apart say nothing of them ("keep an eye on"): each is one idea, said by its phrases. */
    idioms: Phrases,
  })
  .refine((d) => Object.keys(d.idioms).every((k) => k.includes(" ") && !(k in d.expansions)), {
    message: "an idiom is a phrase of several words, listed once, under idioms",
  });
export const FramingSchema = z.object({
  $comment: Comment,
  spellings: z.record(z.string().regex(/^[a-z]+$/, "a chat spelling is one word in lower case"), z.string().min(1)),
  contractions: z.array(
    z.object({
      typed: z.string().regex(/^[a-z]+$/, "a contraction is typed as one word in lower case"),
      reads: z.string().min(1),
      before: Words.min(1),
    }),
  ),
  emphasis: Words,
  preamble: z.array(Pattern),
  asker: z.array(Pattern),
  closing: z.array(Pattern),
  questionFrames: z.array(Pattern),
  pointerParagraphs: z.array(Pattern),
});
export const IntentsSchema = z.object({
  $comment: Comment,
  intents: z.array(z.object({ name: z.enum(["request-for-action", "how-to"]), patterns: z.array(Pattern).min(1) })),
  selfService: Pattern,
});
export const AnswerTypesSchema = z.object({
  $comment: Comment,
  types: z.array(
    z.object({
      name: z.string().min(1),
      question: z.array(Pattern).min(1),
      evidence: z.array(Pattern).min(1),
      rankOnly: z.boolean().optional(),
      decideOnly: z.boolean().optional(),
    }),
  ),
});
export const RolesSchema = z.object({
  $comment: Comment,
  receiving: Words,
  giving: Words,
  towards: Words,
  auxiliaries: Words,
  adverbs: Words,
  alsoNouns: Words,
  names: Words,
  passive: Words,
  periphrases: Words,
});
export const ConceptsSchema = z.object({
  $comment: Comment,
  concepts: z.array(
    z.object({
      name: z.string().regex(/^[a-z][a-z-]*$/, "a concept's name is lower-case words joined by '-'"),
      phrases: z.array(z.string().trim().min(1)).min(1),
      attested: z.array(z.string().min(1)).min(1, "say which development statements attest the concept"),
    }),
  ),
});
export const RoutingSchema = z.object({
  $comment: Comment,
  genericTitleWords: Words,
  minOwnShare: z.number().min(0).max(1),
  minEverydayRarity: z.number().min(0).max(1),
});
export const CalibrationSchema = z.object({
  $comment: Comment,
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
  fittedOn: z.object({ examples: z.number(), positives: z.number(), accuracy: z.number() }).optional(),
});
export const RankingFileSchema = z.object({ $comment: Comment, weights: RankingSchema });

/** Patterns of the data as one regular expression that matches where any of them does (see Pattern). */
export function anyOf(patterns: readonly string[], flags: string): RegExp {
  return new RegExp(patterns.map((p) => `(?:${p})`).join("|"), flags);
}

/** Parses one data file, naming it in the error. */
function load<T extends z.ZodType>(file: string, schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`src/search/data/${file}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
}

export const STOPWORD_DATA = load("stopwords.json", StopWordsSchema, stopwordData);
export const PROTECTED_DATA = load("protected.json", ProtectedSchema, protectedData);
export const EXPANSION_DATA = load("expansions.json", ExpansionsSchema, expansionData);
export const FRAMING_DATA = load("framing.json", FramingSchema, framingData);
export const INTENT_DATA = load("intents.json", IntentsSchema, intentData);
export const ANSWER_TYPE_DATA = load("answer-types.json", AnswerTypesSchema, answerTypeData);
export const ROLE_DATA = load("roles.json", RolesSchema, roleData);
export const CONCEPT_DATA = load("concepts.json", ConceptsSchema, conceptData);
export const ROUTING_DATA = load("routing.json", RoutingSchema, routingData);
export const CALIBRATION_DATA = load("calibration.json", CalibrationSchema, calibrationData);
export const RANKING_DATA = load("ranking.json", RankingFileSchema, rankingData);
