import intentData from "./data/intents.json" with { type: "json" };

interface Intent {
  name: string;
  patterns: RegExp[];
}

const INTENTS: readonly Intent[] = intentData.intents.map((i) => ({
  name: i.name,
  patterns: i.patterns.map((p) => new RegExp(p, "i")),
}));

/** The kinds of message (from `data/intents.json`) a question reads as: `request-for-action`, `how-to`. */
export function detectIntent(question: string): string[] {
  const text = question.slice(0, 1_000).replace(/[\u2018\u2019]/g, "'");
  return INTENTS.filter((intent) => intent.patterns.some((p) => p.test(text))).map((intent) => intent.name);
}
