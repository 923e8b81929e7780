import GithubSlugger from "github-slugger";
import type { List, ListItem, Root, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";
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

/** Parses one statement file's Markdown; `id` is the file name without `.md`. Throws CorpusError. */
export function parseStatement(markdown: string, file: string, id: string): Statement {
  const tree = (NEEDS_GFM.test(markdown) ? gfmParser : parser).parse(markdown) as Root;
  const frontMatter = readFrontMatter(tree, file);
  const sections = sectionsFromTree(tree, id, frontMatter.title);
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
    throw new CorpusError(file, "front matter", `not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  const parsed = FrontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "front matter";
    const problem = issue.code === "invalid_type" && issue.input === undefined ? "required but missing" : issue.message;
    throw new CorpusError(file, field, problem);
  }
  return parsed.data;
}

/**
 * Walks the top level: `#` is the title (not a section), each `##`…`######` opens a section, and every paragraph
 * or list item below it is one answerable unit. Text before the first section belongs to an untitled lead section.
 */
export function sectionsFromTree(tree: Root, statementId: string, title: string): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  let current: Section | undefined;

  // The paragraph just before a list ("We collect:") gives its items their meaning.
  let lead: string | undefined;
  const add = (text: string, context?: string) => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (!clean) return;
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
  };

  const visit = (node: RootContent) => {
    if (node.type !== "list" && node.type !== "table") lead = undefined;
    switch (node.type) {
      case "heading":
        if (node.depth === 1) return;
        {
          const heading = toString(node).trim();
          current = { heading, slug: slugger.slug(heading), paragraphs: [] };
          sections.push(current);
        }
        return;
      case "paragraph":
        add(toString(node));
        lead = toString(node).replace(/\s+/g, " ").trim();
        return;
      case "list": {
        // The paragraph just before a list ("Harvard uses this information:") introduces it; its items answer.
        const intro = lead ? current?.paragraphs.at(-1) : undefined;
        if (intro) intro.introducesList = true;
        addList(node, (text) => add(text, lead));
        return;
      }
      case "blockquote":
        node.children.forEach(visit);
        return;
      case "table": {
        // Each body row is a unit that names its columns ("Data: Logs; Kept for: 90 days"), so it reads alone.
        const [head, ...rows] = node.children.map((row) => row.children.map((cell) => toString(cell).replace(/\s+/g, " ").trim()));
        if (!head) return;
        const intro = lead ? current?.paragraphs.at(-1) : undefined;
        if (intro && rows.length > 0) intro.introducesList = true;
        if (rows.length === 0) add(head.join("; "), lead);
        for (const cells of rows) add(cells.map((cell, i) => (head[i] ? `${head[i]}: ${cell}` : cell)).filter((c) => c.trim()).join("; "), lead);
        return;
      }
      default:
        // yaml, html, code, thematic breaks, footnote definitions: not statement text.
        return;
    }
  };
  tree.children.forEach(visit);
  return sections;
}

/** Each list item is its own unit (its own paragraphs joined); nested lists become units of their own. */
function addList(list: List, add: (text: string) => void) {
  for (const item of list.children as ListItem[]) {
    const own = item.children.filter((c) => c.type !== "list");
    add(own.map((c) => toString(c)).join(" "));
    for (const child of item.children) if (child.type === "list") addList(child, add);
  }
}
