import { describe, expect, it } from "vitest";
import { countParagraphs, mulberry32, syntheticCorpus, syntheticCorpusFiles } from "../../src/bench/synthetic.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";

describe("synthetic bench corpus", () => {
  it("is the same Markdown for the same seed, and different for another seed", () => {
    const a = syntheticCorpusFiles({ seed: 42 });
    const b = syntheticCorpusFiles({ seed: 42 });
    const c = syntheticCorpusFiles({ seed: 43 });
    expect(a.map((f) => f.markdown)).toEqual(b.map((f) => f.markdown));
    expect(c.map((f) => f.markdown)).not.toEqual(a.map((f) => f.markdown));
  });

  it("seeds the PRNG reproducibly", () => {
    const first = mulberry32(1);
    const again = mulberry32(1);
    const draws = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => again())).toEqual(draws);
    for (const x of draws) expect(x >= 0 && x < 1).toBe(true);
  });

  it("gives 100 statements of about 3,000 paragraphs that load through the real parser", () => {
    const files = syntheticCorpusFiles();
    expect(files).toHaveLength(100);
    expect(new Set(files.map((f) => f.id)).size).toBe(100);
    const statements = files.map((f) => parseStatement(f.markdown, f.file, f.id));
    const paragraphs = countParagraphs(statements);
    expect(paragraphs).toBeGreaterThanOrEqual(2_900);
    expect(paragraphs).toBeLessThanOrEqual(3_100);

    const sections = statements.flatMap((s) => s.sections);
    expect(sections.length).toBeGreaterThan(300);
    expect(sections.every((s) => s.heading.length > 0 && s.slug.length > 0)).toBe(true);
    // Bullet lists are there, and their items carry the lead-in paragraph as context.
    const listItems = sections.flatMap((s) => s.paragraphs).filter((p) => p.context !== undefined);
    expect(listItems.length).toBeGreaterThan(100);
    expect(statements[0]!.url).toMatch(/^https:\/\//);
  });

  it("shares enough privacy vocabulary that a real question finds candidates", () => {
    const engine = createEngine(syntheticCorpus({ statements: 10 }));
    expect(engine.ask("does Zoom see my IP address?").matches.length).toBeGreaterThan(0);
  });
});
