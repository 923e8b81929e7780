/** Text handling at the Slack edge: what people type arrives in Slack markup; what we echo must never ping anyone. */

/** Slack's limit for the text of a section block. */
export const MAX_SECTION_CHARS = 3000;
/** Slack's limit for blocks in one message or view. */
export const MAX_BLOCKS = 50;
/** Slack's limit for a button's value. */
export const MAX_BUTTON_VALUE_CHARS = 2000;
/** Slack's limit for a button's label. */
export const MAX_BUTTON_TEXT_CHARS = 75;
/** Longer links are shown as their label only, so a link can never push a block past Slack's limit. */
export const MAX_LINK_URL_CHARS = 1000;

const MARKUP = /[&<>]/;

/** Escapes the three characters Slack treats as markup, so `<!channel>` or `<@U123>` shows as text and pings no one. */
export function escapeText(text: string): string {
  // Most text has none of them: one scan instead of three replacements.
  if (!MARKUP.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Turns text as Slack delivers it (mentions, links and `&lt;` entities) into the plain text the person typed,
 * so the engine sees words, not markup. Mentions become readable (`@U123`, `#general`, `@channel`).
 */
export function slackToPlainText(text: string): string {
  const plain = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = "", label] = splitOnce(inner, "|");
    if (target.startsWith("@")) return label ? `@${label.replace(/^@/, "")}` : target;
    if (target.startsWith("#")) return label ? `#${label.replace(/^#/, "")}` : target;
    if (target.startsWith("!")) {
      // <!channel>, <!here>, <!subteam^S123|@team>, <!date^…|fallback>
      if (label) return label;
      return `@${target.slice(1).split("^")[0] ?? ""}`;
    }
    return label ?? target;
  });
  return plain.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Removes mentions of the given user (the bot) anywhere in Slack-formatted text. */
export function stripMention(text: string, userId: string | undefined): string {
  if (!userId || !text.includes("<@")) return text;
  return text.replace(mentionPattern(userId), " ");
}

// The bot's id is the same for every message: its pattern is compiled once, not per message.
let mentionOf: { userId: string; pattern: RegExp } | undefined;
function mentionPattern(userId: string): RegExp {
  if (mentionOf?.userId !== userId) mentionOf = { userId, pattern: new RegExp(`<@${escapeRegExp(userId)}(?:\\|[^>]*)?>`, "g") };
  return mentionOf.pattern;
}

/** Turns a message as Slack delivers it into the question the person typed: mention of the bot removed, markup undone. */
export function questionFromSlackText(text: string | undefined, botUserId?: string): string {
  return squash(slackToPlainText(stripMention(text ?? "", botUserId)));
}

/** Collapses whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Shortens plain text to at most `max` characters, ending with an ellipsis when cut (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${sliceWhole(text, Math.max(0, max - 1)).trimEnd()}…`;
}

/** The first `end` UTF-16 units of a text, one fewer when the cut would split an emoji or other astral character. */
export function sliceWhole(text: string, end: number): string {
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** Escapes and shortens plain text so the escaped result fits `max` characters (never cutting an entity in half). */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  let out = "";
  for (const ch of text) {
    const piece = escapeText(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out.trimEnd()}…`;
}

/** Quotes already-escaped mrkdwn as a Slack block quote, line by line. */
export function blockQuote(escaped: string): string {
  return escaped
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

/** A mrkdwn link with an escaped label; falls back to the label alone when the URL could break the markup. */
export function link(url: string | null | undefined, label: string): string {
  const safeLabel = escapeText(label).replace(/\|/g, "¦");
  if (!url || url.length > MAX_LINK_URL_CHARS || !/^https?:\/\/[^\s<>|]+$/.test(url)) return safeLabel;
  return `<${url}|${safeLabel}>`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i === -1 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
