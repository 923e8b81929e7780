import GithubSlugger from "github-slugger";
import type { Heading, List, ListItem, Paragraph as MdParagraph, Nodes, Root, RootContent } from "mdast";
import { toString as markdownText } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import YAML from "yaml";
import { CorpusError } from "./errors.js";
import { FrontMatterSchema, type Paragraph, type Section, type Statement } from "./statement.js";

// GFM for its tables: statements list retention periods and data categories in them. GFM's extensions make a
// parse about three times slower (2.9 against 1.1 ms for the Zoom statement), so a file with nothing GFM reads
// differently (a table's delimiter row, ~~strikethrough~~, a [^footnote]) is read without them.
const parser = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]);
const NEEDS_GFM = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|[ \t|:-]*$|~~|\[\^/m;
const gfmParser = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);

/** A node's text as the statement says it: an inline HTML tag is markup ("<b>"), a line break a space ("<br>"). */
function textOf(node: Nodes): string {
  if (node.type === "html") return /^<(br|hr|\/?(p|div|li|tr|td|th))\b/i.test(node.value) ? " " : "";
  if ("children" in node) return node.children.map((c) => textOf(c)).join("");
  return markdownText(node);
}

/** Parses one statement file's Markdown; `id` is the file name without `.md`. Throws CorpusError. */
export function parseStatement(markdown: string, file: string, id: string): Statement {
  const tree = (NEEDS_GFM.test(markdown) ? gfmParser : parser).parse(markdown) as Root;
  const frontMatter = readFrontMatter(tree, file);
  const sections = sectionsFromTree(tree, id, frontMatter.title, file);
  if (!sections.some((s) => s.paragraphs.length > 0)) {
    throw new CorpusError(file, "body", "no paragraphs to answer from; add text under a ## heading");
  }
  return { id, file, ...frontMatter, sections };
}

function readFrontMatter(tree: Root, file: string) {
  const node = tree.children[0];
  if (node?.type !== "yaml") {
    throw new CorpusError(file, "front matter", "missing; start the file with a --- block holding title, url and updated");
  }
  let data: unknown;
  try {
    data = YAML.parse(node.value);
  } catch (err) {
    // "title: Career Center: CareerLink Privacy" is how people write a title, though YAML wants it quoted.
    data = plainFields(node.value);
    if (!data) throw new CorpusError(file, "front matter", `not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  const parsed = FrontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "front matter";
    const given = typeof data === "object" && data !== null ? (data as Record<string, unknown>)[String(issue.path[0])] : undefined;
    const problem = issue.path.length > 0 && given === undefined ? "required but missing" : issue.message;
    throw new CorpusError(file, field, problem);
  }
  return parsed.data;
}

/**
 * Front matter written as one `field: value` a line, each value read as written up to the line's end; else
 * undefined. A value that starts as YAML's own syntax does (a list, a quote, a block) was meant as YAML.
 */
function plainFields(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const m = /^([A-Za-z][\w-]*):\s+([^\s[\]{}"'&*!|>%@`].*)$/.exec(line);
    if (!m) return undefined;
    fields[m[1]!] = m[2]!.trim();
  }
  return fields;
}

/**
 * Walks the top level: `#` is the title (not a section), each `##`…`######` opens a section, and every paragraph
 * or list item below it is one answerable unit. Text before the first section belongs to an untitled lead section.
 * Statements written another way read the same: when several `#` headings divide the text, they are its sections
 * (a first one that says the title stays the title), and a line that is only bold text is a heading (see
 * boldHeading).
 */
export function sectionsFromTree(tree: Root, statementId: string, title: string, file = statementId): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  let current: Section | undefined;
  const titleHeading = titleHeadingOf(tree, title);
  // The units the node just before was read into: an `asked:` comment belongs to them (see readPhrasings).
  let before: Before | undefined;

  // The paragraph just before a list ("We collect:") gives its items their meaning.
  let lead: Paragraph | undefined;
  const add = (text: string, context?: string): Paragraph | undefined => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (!clean) return undefined;
    if (!current) {
      current = { heading: title, slug: "", paragraphs: [] };
      sections.push(current);
    }
    const n = current.paragraphs.length + 1;
    const paragraph: Paragraph = {
      id: `${statementId}/${current.slug || "lead"}/${n}`,
      statementId,
      sectionSlug: current.slug,
      text: clean,
      ...(context ? { context } : {}),
    };
    current.paragraphs.push(paragraph);
    return paragraph;
  };

  /** A heading opens a section; its slug, unique within the statement, is the link anchor. */
  const openSection = (heading: string) => {
    current = { heading, slug: slugger.slug(heading), paragraphs: [] };
    sections.push(current);
  };

  const visit = (node: RootContent) => {
    if (node.type !== "list" && node.type !== "table") lead = undefined;
    const previous = before;
    before = undefined;
    switch (node.type) {
      case "heading":
        if (node !== titleHeading) openSection(textOf(node).trim());
        return;
      case "paragraph": {
        const heading = boldHeading(node);
        if (heading !== undefined) {
          openSection(heading);
          return;
        }
        if (onlyLinksWithinPage(node)) return;
        const unit = add(textOf(node));
        if (unit) before = { kind: "paragraph", units: [unit] };
        lead = unit;
        return;
      }
      case "html": {
        const asked = readPhrasings(node.value, file, node.position?.start.line);
        if (asked) attachPhrasings(asked, previous, file, node.position?.start.line);
        // Statement text written as HTML (pasted from a web page) is read as the Markdown it stands for.
        const blocks = asked ? [] : htmlBlocks(node.value);
        if (blocks.length === 0) {
          // A comment is not statement text: a second `asked:` comment still belongs to the unit before the first.
          before = previous;
          return;
        }
        for (const block of blocks) {
          if (block.heading) openSection(block.heading);
          else {
            const unit = add(block.text);
            if (unit) before = { kind: "paragraph", units: [unit] };
          }
        }
        return;
      }
      case "list": {
        // The paragraph just before a list ("Harvard uses this information:") introduces it; its items answer.
        // Not the last item of a list just before: two lists in a row share the paragraph that introduces them.
        if (lead) lead.introducesList = true;
        addList(node, add, file, lead?.text);
        return;
      }
      case "blockquote":
        node.children.forEach(visit);
        return;
      case "table": {
        // Each body row is a unit that names its columns ("Data: Logs; Kept for: 90 days"), so it reads alone.
        const [head, ...rows] = node.children.map((row) => row.children.map((cell) => textOf(cell).replace(/\s+/g, " ").trim()));
        if (!head) return;
        if (lead && rows.length > 0) lead.introducesList = true;
        const units: Paragraph[] = [];
        const firstCells: string[] = [];
        const only = rows.length === 0 ? add(head.join("; "), lead?.text) : undefined;
        if (only) units.push(only);
        for (const cells of rows) {
          const unit = add(
            cells
              .map((cell, i) => (head[i] ? `${head[i]}: ${cell}` : cell))
              .filter((c) => c.trim())
              .join("; "),
            lead?.text,
          );
          if (unit) {
            units.push(unit);
            firstCells.push(cells[0] ?? "");
          }
        }
        before = { kind: "table", units, firstCells };
        return;
      }
      default:
        // yaml, code, thematic breaks, footnote definitions: not statement text.
        return;
    }
  };
  tree.children.forEach(visit);
  return sections;
}

/**
 * The `#` heading that is the statement's title rather than a section, if any. With one `#` heading, it is the
 * title (the usual layout: `# Title`, then `##` sections). With several, they divide the text: only a first one
 * that says the front matter's title is the title.
 */
function titleHeadingOf(tree: Root, title: string): Heading | undefined {
  const tops = tree.children.filter((n): n is Heading => n.type === "heading" && n.depth === 1);
  if (tops.length <= 1) return tops[0];
  const same = (a: string) => a.replace(/\s+/g, " ").trim().toLowerCase();
  return same(textOf(tops[0]!)) === same(title) ? tops[0] : undefined;
}

/** The longest line, in words, read as a bold heading: past it, a bold line is emphasis, not a title. */
const BOLD_HEADING_MAX_WORDS = 15;

/**
 * The heading a paragraph stands for when it is only bold text — short, and not a sentence (it does not end in
 * a full stop, comma or semicolon): "**How long we keep records**", "**Can IT read my mail?**". Documents
 * converted from a word processor mark their headings so. A bold sentence ("**We never sell your data.**") and a
 * paragraph that starts bold and goes on ("**Note:** …") stay text. A trailing colon is dropped from the heading.
 */
function boldHeading(node: MdParagraph): string | undefined {
  const parts = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
  if (parts.length !== 1 || parts[0]!.type !== "strong") return undefined;
  const text = textOf(parts[0]!).replace(/\s+/g, " ").trim();
  if (!text || /[.,;]$/.test(text) || text.split(" ").length > BOLD_HEADING_MAX_WORDS) return undefined;
  return text.replace(/\s*:$/, "");
}

/** The HTML entities statements use, and numeric ones: `&amp;` is "&", `&#8217;` "’". */
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Elements that end a unit of text: a paragraph, a list item, a heading, a line break. */
const BLOCK_END = /<\/?(p|div|li|ul|ol|h[1-6]|br|hr|section|article|blockquote|dl|dt|dd)\b[^>]*>/gi;

/**
 * The units of an HTML block, as Markdown would give them: each paragraph or list item its own, each `<h1>`–`<h6>`
 * a heading, each table row a unit that names its columns as a Markdown table's does. Comments, scripts and
 * styles are not text. A block with no text (an anchor, a line break) gives nothing.
 */
function htmlBlocks(html: string): { heading?: string; text: string }[] {
  const clean = html.replace(/<!--[\s\S]*?-->/g, " ").replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ");
  const out: { heading?: string; text: string }[] = [];
  let at = 0;
  for (const table of clean.matchAll(/<table\b[\s\S]*?<\/table\s*>/gi)) {
    out.push(...htmlText(clean.slice(at, table.index)));
    out.push(...htmlTableRows(table[0]));
    at = table.index + table[0].length;
  }
  out.push(...htmlText(clean.slice(at)));
  return out;
}

/** HTML's text, one unit per paragraph-like element (see BLOCK_END), a heading's marked as one. */
function htmlText(html: string): { heading?: string; text: string }[] {
  const out: { heading?: string; text: string }[] = [];
  let heading = false;
  let last = 0;
  const flush = (end: number) => {
    const text = plainHtml(html.slice(last, end));
    if (text) out.push(heading ? { heading: text, text } : { text });
  };
  for (const m of html.matchAll(BLOCK_END)) {
    flush(m.index);
    last = m.index + m[0].length;
    heading = /^<h[1-6]\b/i.test(m[0]);
  }
  flush(html.length);
  return out;
}

/** Each body row of an HTML table as "Column: cell; …", the header row (all `<th>`) naming the columns. */
function htmlTableRows(table: string): { text: string }[] {
  const rows = [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi)].map((r) =>
    [...r[1]!.matchAll(/<t([dh])\b[^>]*>([\s\S]*?)<\/t[dh]\s*>/gi)].map((c) => ({ header: c[1] === "h", text: plainHtml(c[2]!) })),
  );
  const head = rows[0]?.length && rows[0].every((c) => c.header) ? rows[0].map((c) => c.text) : undefined;
  return rows
    .slice(head ? 1 : 0)
    .map((cells) => ({
      text: cells
        .map((c, i) => (head?.[i] ? `${head[i]}: ${c.text}` : c.text))
        .filter((c) => c.trim())
        .join("; "),
    }))
    .filter((r) => r.text);
}

/** HTML as plain text: tags removed, entities decoded, white space folded. */
function plainHtml(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Whether a paragraph is nothing but links to places on the same page ("[Back to top](#top)", a table of contents'
 * "[Your choices](#your-choices)"): navigation, not something the statement says.
 */
function onlyLinksWithinPage(node: MdParagraph): boolean {
  const parts = node.children.filter((c) => !(c.type === "text" && /^[\s|·•,;–—-]*$/.test(c.value)));
  return parts.length > 0 && parts.every((c) => c.type === "link" && c.url.startsWith("#"));
}

/** Each list item is its own unit (its own paragraphs joined); nested lists become units of their own. */
function addList(list: List, add: (text: string, context?: string) => Paragraph | undefined, file: string, context: string | undefined) {
  for (const item of list.children as ListItem[]) {
    const own = item.children.filter((c) => c.type !== "list" && c.type !== "html");
    // A table of contents is the page's navigation, not its text: "Information we collect" answers nothing.
    const navigation = own.length > 0 && own.every((c) => c.type === "paragraph" && onlyLinksWithinPage(c));
    const unit = navigation ? undefined : add(own.map((c) => textOf(c)).join(" "), context);
    for (const child of item.children) {
      if (child.type === "html") {
        const asked = readPhrasings(child.value, file, child.position?.start.line);
        if (asked) attachPhrasings(asked, unit ? { kind: "paragraph", units: [unit] } : undefined, file, child.position?.start.line);
      }
      // A nested list's items are read with the item that introduces them ("Account details:" → "your name").
      if (child.type === "list") {
        if (unit) unit.introducesList = true;
        addList(child, add, file, unit?.text ?? context);
      }
    }
  }
}

/** The units the node before an `asked:` comment was read into; for a table, each row's first cell too. */
interface Before {
  kind: "paragraph" | "table";
  units: Paragraph[];
  firstCells?: string[];
}

/** An `asked:` comment's phrasings, and the table row it names (`asked (first cell): …`), if any. */
interface Phrasings {
  row?: string;
  phrasings: string[];
}

/**
 * Reads `<!-- asked: how long do you keep logs | when are logs deleted -->`: the ways people ask what the unit
 * before it answers. Other comments are not statement text and are passed over. An empty phrasing is an error.
 */
function readPhrasings(html: string, file: string, line: number | undefined): Phrasings | undefined {
  const m = /^<!--\s*asked\s*(?:\(([^)]*)\))?\s*:([\s\S]*?)-->\s*$/i.exec(html.trim());
  if (!m) return undefined;
  const phrasings = m[2]!.split("|").map((p) => p.replace(/\s+/g, " ").trim());
  if (phrasings.some((p) => p.length === 0)) {
    throw new CorpusError(
      file,
      lineField(line),
      "an asked: comment has an empty phrasing; write one way of asking between each pair of '|'",
    );
  }
  return { ...(m[1] !== undefined ? { row: m[1].trim() } : {}), phrasings };
}

/** Gives phrasings to the paragraph, list item or table row they follow; anywhere else is an error. */
function attachPhrasings(asked: Phrasings, before: Before | undefined, file: string, line: number | undefined): void {
  const where = lineField(line);
  if (!before || before.units.length === 0) {
    throw new CorpusError(
      file,
      where,
      "an asked: comment must come right after the paragraph it belongs to, inside its list item, or right after its table",
    );
  }
  let unit = before.units.at(-1)!;
  if (asked.row !== undefined) {
    const named = before.units.find((_, i) => before.firstCells?.[i] === asked.row);
    if (before.kind !== "table" || !named)
      throw new CorpusError(file, where, `no table row before this comment starts with "${asked.row}"`);
    unit = named;
  }
  unit.asked = [...(unit.asked ?? []), ...asked.phrasings];
}

function lineField(line: number | undefined): string {
  return line === undefined ? "asked" : `line ${line}`;
}
