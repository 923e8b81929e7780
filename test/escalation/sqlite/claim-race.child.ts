// Run as its own process: waits for the start signal, then claims one escalation and prints the outcome.
import { existsSync } from "node:fs";
import { SqliteEscalationStore } from "../../../src/escalation/sqlite/store.js";

const [dbPath, reference, agentId, startSignal] = process.argv.slice(2) as [string, string, string, string];
const store = new SqliteEscalationStore({ path: dbPath });
process.stdout.write("ready\n");
while (!existsSync(startSignal)) await new Promise((r) => setTimeout(r, 1));
const result = store.claim(reference, agentId);
store.close();
process.stdout.write(`${JSON.stringify({ agentId, outcome: result.outcome, owner: "owner" in result ? result.owner : null })}\n`);
