import { isWellFormed } from "./hostile-text.js";

/** Slack's documented limits for what Privacy Desk sends (Block Kit reference, chat.postMessage). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  headerText: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
} as const;

type Json = Record<string, unknown>;

/** Where mrkdwn appears in a payload (section and context text, the fallback) — Slack parses markup only there. */
export function mrkdwnStrings(payload: { text?: unknown; blocks?: unknown }): string[] {
  const out: string[] = [];
  if (typeof payload.text === "string") out.push(payload.text);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!node || typeof node !== "object") return;
    const obj = node as Json;
    if (obj.type === "mrkdwn" && typeof obj.text === "string") out.push(obj.text);
    for (const value of Object.values(obj)) visit(value);
  };
  visit(payload.blocks);
  return out;
}

/** Every string anywhere in a payload. */
export function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === "string") out.push(node);
  else if (Array.isArray(node)) for (const n of node) allStrings(n, out);
  else if (node && typeof node === "object") for (const n of Object.values(node)) allStrings(n, out);
  return out;
}

/**
 * Markup that would notify or link: `<!…>`, `<@…>`, `<#…>`, or any `<` that does not open a well-formed
 * http(s) link (the only markup Privacy Desk writes itself). Returns the offending snippets.
 */
export function unescapedMarkup(payload: { text?: unknown; blocks?: unknown }): string[] {
  const found: string[] = [];
  for (const text of mrkdwnStrings(payload)) {
    for (const m of text.matchAll(/<[\s\S]{0,40}/g)) {
      const at = m.index ?? 0;
      if (/^<[!@#]/.test(m[0]) || !/^<https?:\/\/[^\s<>|]+\|[^<>]*>/.test(text.slice(at))) found.push(m[0]);
    }
  }
  return found;
}

/** What breaks Slack's rules for a message's blocks and fallback text; empty when the message is valid. */
export function blockKitProblems(message: { text?: unknown; blocks?: unknown }, options: { wellFormedInput?: boolean } = {}): string[] {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const text = message.text;
  if (typeof text !== "string" || text.trim() === "") problem("text", "plain-text fallback missing or blank");
  else if (text.length > LIMITS.messageText) problem("text", `fallback of ${text.length} characters`);

  const blocks = message.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) {
    problem("blocks", "missing or empty");
    return problems;
  }
  if (blocks.length > LIMITS.blocks) problem("blocks", `${blocks.length} blocks`);
  const textObject = (where: string, t: unknown, max: number, type?: string) => {
    const obj = t as Json | undefined;
    if (!obj || typeof obj.text !== "string") return problem(where, "text object missing");
    if (type && obj.type !== type) problem(where, `text type ${String(obj.type)}`);
    if (obj.type !== "mrkdwn" && obj.type !== "plain_text") problem(where, `text type ${String(obj.type)}`);
    if (obj.text.length === 0) problem(where, "empty text");
    if (obj.text.length > max) problem(where, `text of ${obj.text.length} characters (max ${max})`);
  };
  blocks.forEach((raw, i) => {
    const block = raw as Json;
    const where = `blocks[${i}] ${String(block.type)}`;
    if (typeof block.block_id === "string" && (block.block_id.length === 0 || block.block_id.length > LIMITS.blockId))
      problem(where, "block_id length");
    switch (block.type) {
      case "section":
        textObject(where, block.text, LIMITS.sectionText);
        break;
      case "context": {
        const elements = block.elements as unknown[] | undefined;
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.contextElements) problem(where, "elements count");
        else
          elements.forEach((e, j) => {
            textObject(`${where}.elements[${j}]`, e, LIMITS.sectionText);
          });
        break;
      }
      case "header":
        textObject(where, block.text, LIMITS.headerText, "plain_text");
        break;
      case "divider":
        break;
      case "actions": {
        const elements = block.elements as Json[] | undefined;
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.actionsElements) {
          problem(where, "elements count");
          break;
        }
        const ids = new Set<string>();
        elements.forEach((e, j) => {
          const at = `${where}.elements[${j}]`;
          if (e.type !== "button") {
            problem(at, `element type ${String(e.type)}`);
            return;
          }
          textObject(at, e.text, LIMITS.buttonText, "plain_text");
          if (typeof e.action_id !== "string" || e.action_id.length === 0 || e.action_id.length > LIMITS.actionId) problem(at, "action_id");
          else if (ids.has(e.action_id)) problem(at, "duplicate action_id");
          else ids.add(e.action_id);
          if (e.value !== undefined && (typeof e.value !== "string" || e.value.length > LIMITS.buttonValue))
            problem(at, "value over 2000 characters");
          if (e.style !== undefined && e.style !== "primary" && e.style !== "danger") problem(at, "style");
        });
        break;
      }
      default:
        problem(where, "unknown block type");
    }
  });
  if (options.wellFormedInput) {
    for (const s of allStrings(message)) if (!isWellFormed(s)) problem("strings", "a surrogate pair was cut in half");
  }
  return problems;
}
