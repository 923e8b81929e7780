import { escapeText } from "./mrkdwn.js";

/** Slack allows 40,000 characters in a message's text; relays stay well under it. */
export const MAX_RELAY_CHARS = 12_000;

/**
 * Makes a message written in one conversation safe to post in another. Slack delivers text as mrkdwn with `&`,
 * `<` and `>` already escaped, so only its `<…>` markup needs judging: links stay links, broadcasts
 * (`<!channel>`, `<!here>`, user groups) become plain words that ping nobody, and mentions of people stay only when
 * `keepUserMentions` (the person's own DM, where nobody else can be notified).
 */
export function relayText(slackText: string, options: { keepUserMentions: boolean }): string {
  const text = slackText.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    const bar = inner.indexOf("|");
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? undefined : inner.slice(bar + 1);
    if (/^(https?:\/\/|mailto:)[^\s]+$/i.test(target)) return whole;
    if (target.startsWith("#C") || target.startsWith("#G")) return whole;
    if (target.startsWith("@")) return options.keepUserMentions ? whole : escapeText(label ? `@${label.replace(/^@/, "")}` : target);
    if (target.startsWith("!")) return escapeText(label ?? `@${target.slice(1).split("^")[0] ?? ""}`);
    return escapeText(label ?? target);
  });
  if (text.length <= MAX_RELAY_CHARS) return text;
  // Cut before a half entity or half link so the rest still renders.
  let cut = text.slice(0, MAX_RELAY_CHARS - 1);
  const open = Math.max(cut.lastIndexOf("<"), cut.lastIndexOf("&"));
  if (open > cut.length - 400 && !/[>;]/.test(cut.slice(open))) cut = cut.slice(0, open);
  return `${cut}…`;
}
