import { createMemoryDatabase, createMemoryStore } from "../support/memory-store.js";
import { describeStoreContract } from "./store-contract.js";

// The contract holds for a store that answers with promises and keeps no file: it assumes nothing of SQL.
describeStoreContract("in memory", (now) => {
  const db = createMemoryDatabase();
  return { open: async () => createMemoryStore(db, now), cleanup: async () => undefined };
});
