// Tests of the handlers, run with Node's own test runner: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";

const requests = [];
globalThis.parley = { payments: { request: async (r) => { requests.push(r); return { requestId: "r1", status: "pending" }; } } };
const app = await import("../server.js");
const { parseAmount } = await import("../amount.js");

test("amounts are parsed to two decimals", () => {
  assert.equal(parseAmount("2.5"), "2.50");
  assert.equal(parseAmount("abc"), null);
  assert.equal(parseAmount("1000"), null);
});

test("/tip asks Parley for a payment to the app", async () => {
  await app.tip({ text: "2.50" }, { userId: "u1", requestId: "q1" });
  assert.deepEqual(requests[0], { payee: "app", amount: "2.50", currency: "EUR", note: "A tip", reference: "tip:q1" });
});
