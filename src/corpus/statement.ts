import { z } from "zod";

/** A date written out with its day, its month's name and a four-digit year, as YYYY-MM-DD; anything else as it is. */
function writtenDate(text: string): string {
  // A day, a month's name and a year: "September 2024" says no day, and is not made the first.
  if (!/\b\d{4}\b/.test(text) || !/\b\d{1,2}(st|nd|rd|th)?\b/.test(text) || !/[A-Za-z]{3}/.test(text)) return text;
  const d = new Date(text.replace(/(\d)(st|nd|rd|th)\b/, "$1"));
  if (Number.isNaN(d.getTime())) return text;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const UPDATED_FORMAT = "updated must be a date, written YYYY-MM-DD or with its day, month and year (August 19, 2024)";

/** Front matter every statement file must carry; the privacy office edits these fields. */
export const FrontMatterSchema = z.object({
  title: z.string().trim().min(1, "title must not be empty"),
  url: z
    .string()
    .url("url must be an absolute link to the published statement")
    .refine((u) => u.startsWith("https://"), "url must start with https://"),
  // YAML may hand us a Date (YAML 1.1 timestamp) or a string; both normalise to YYYY-MM-DD, as does a date written
  // out ("August 19, 2024", "19 August 2024").
  updated: z
    .union([z.date(), z.string()], { error: UPDATED_FORMAT })
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : writtenDate(v.trim())))
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), UPDATED_FORMAT),
  // "Privacy Office, privacy@example.edu" names the address people write to: that is the contact.
  contact: z
    .string()
    .transform((v) => /[^\s<>(),;:"']+@[^\s<>(),;:"']+\.[A-Za-z]{2,}/.exec(v)?.[0] ?? v.trim())
    .pipe(z.string().email("contact must be an email address"))
    .optional(),
  /**
   * The statement's own terms, each with the other names people use for it ("HUID: [Harvard ID, ID number]"): a
   * question that says one of the names is matched to paragraphs that say the term. Institution and product
   * names belong here, not in the engine's general vocabulary.
   */
  aliases: z
    .record(
      z.string().trim().min(1, "an alias must not be empty"),
      z.union([
        z.string().trim().min(1, "an alias must stand for something"),
        z.array(z.string().trim().min(1, "an alias must stand for something")).min(1),
      ]),
    )
    .transform((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" ? [v] : v])))
    .optional(),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** One answerable unit: exactly one paragraph (or one list item) of a statement. */
export interface Paragraph {
  /** Stable across loads while the text's position in its section does not change: `statement/section-slug/n`. */
  id: string;
  statementId: string;
  sectionSlug: string;
  /** Plain text, as written (inline markup removed). */
  text: string;
  /** For a list item: the paragraph that introduces the list, which gives the item its meaning. */
  context?: string;
  /** The paragraph introduces a list: the list items, not it, say the substance. */
  introducesList?: boolean;
  /**
   * Ways people ask what this paragraph answers, from an `<!-- asked: … | … -->` comment after it: matched like
   * the paragraph's own words, never shown as its text.
   */
  asked?: string[];
}

export interface Section {
  heading: string;
  /** Anchor for links: the GitHub-style slug of the heading, unique within its statement. */
  slug: string;
  paragraphs: Paragraph[];
}

export interface Statement {
  /** The file name without `.md`; unique within a corpus. */
  id: string;
  file: string;
  title: string;
  url: string;
  /** YYYY-MM-DD */
  updated: string;
  contact?: string;
  /** A term of the statement → other names people use for it, from the front matter (see FrontMatterSchema). */
  aliases?: Record<string, string[]>;
  sections: Section[];
}
