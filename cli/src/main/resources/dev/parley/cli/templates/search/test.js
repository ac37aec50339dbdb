// Tests of the handlers, run with Node's own test runner: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";

globalThis.parley = {};
const app = await import("../server.js");

test("search answers matching results", async () => {
  const answer = await app.search({ query: "ap", limit: 5 }, {});
  assert.deepEqual(answer.results.map((r) => r.title), ["apple", "apricot", "grape"]);
});
