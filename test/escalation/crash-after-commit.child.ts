// Run as its own process: commits escalations, reports it, then waits to be killed before any delivery.
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { newEscalation } from "./fixtures.js";

const [dbPath, count] = process.argv.slice(2) as [string, string];
const store = new SqliteEscalationStore({ path: dbPath });
const references: string[] = [];
for (let i = 0; i < Number(count); i++)
  references.push(
    store.createEscalation(newEscalation({ requesterId: `U0CRASH${i}` }), ["slack", "email", "webhook"]).escalation.reference,
  );
process.stdout.write(`${JSON.stringify(references)}\n`);
setInterval(() => {}, 1000);
