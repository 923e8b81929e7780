import intentData from "./data/intents.json" with { type: "json" };

interface Intent {
  name: string;
  factor: number;
  patterns: RegExp[];
}

const INTENTS: readonly Intent[] = intentData.intents.map((i) => ({
  name: i.name,
  factor: i.factor,
  patterns: i.patterns.map((p) => new RegExp(p, "i")),
}));

/** The kinds of message (from `data/intents.json`) a question reads as, with the factor they put on confidence. */
export function detectIntent(question: string): { names: string[]; factor: number } {
  const text = question.slice(0, 1_000).replace(/[\u2018\u2019]/g, "'");
  const names: string[] = [];
  let factor = 1;
  for (const intent of INTENTS) {
    if (intent.patterns.some((p) => p.test(text))) {
      names.push(intent.name);
      factor *= intent.factor;
    }
  }
  return { names, factor };
}
