// Tests of the handlers, run with Node's own test runner: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";

// The sandbox's `parley` global, faked for the handlers under test.
globalThis.parley = { cards: { post: async () => ({ messageId: "m1" }) } };
const app = await import("../server.js");

test("/hello answers with a greeting", async () => {
  const answer = await app.hello({ type: "command", command: "hello", text: "Ada", args: ["Ada"] }, { userId: "u1" });
  assert.equal(answer.text, "Hello, Ada!");
});

test("/hello without a name greets anyone", async () => {
  assert.equal((await app.hello({ text: "" }, {})).text, "Hello, there!");
});
