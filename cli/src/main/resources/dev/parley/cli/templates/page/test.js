// Tests of the handlers, run with Node's own test runner: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";

globalThis.parley = {};
const app = await import("../server.js");

test("/open answers with a card that opens the page", async () => {
  const answer = await app.open({ type: "command", command: "open", text: "", args: [] }, { userId: "u1" });
  assert.equal(answer.card.buttons[0].type, "open_page");
});

test("the page's call is answered", async () => {
  const answer = await app.pageCall({ type: "page_call", args: { op: "hello" } }, { userId: "u1" });
  assert.match(answer.result.text, /Hello from the server/);
});
