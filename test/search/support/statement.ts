import { parseStatement } from "../../../src/corpus/parse.js";
import type { Statement } from "../../../src/corpus/statement.js";

/** A small made-up statement: a title, then one paragraph under each `[heading, text]` section. */
export function exampleStatement(id: string, title: string, sections: ReadonlyArray<readonly [string, string]>): Statement {
  return parseStatement(
    [
      "---",
      `title: ${title}`,
      `url: https://example.edu/privacy/${id}`,
      "updated: 2024-01-01",
      "---",
      "",
      `# ${title}`,
      "",
      ...sections.flatMap(([heading, text]) => [`## ${heading}`, "", text, ""]),
    ].join("\n"),
    `${id}.md`,
    id,
  );
}
