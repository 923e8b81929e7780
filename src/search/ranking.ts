import { RANKING_DATA } from "./data.js";
import type { Ranking } from "./ranking-schema.js";

export { type Ranking, RankingSchema } from "./ranking-schema.js";

/** The shipped weights (`data/ranking.json`), validated at load. */
export const RANKING: Ranking = RANKING_DATA.weights;
