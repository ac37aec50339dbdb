// __APP_NAME__'s server code. It runs in Parley's sandbox: `parley` is a global (the host API),
// handlers are exported functions `(event, ctx)`, and command arguments arrive as strings.
// It may import the bundle's own modules (relative paths only).
import { greeting } from "./greeting.js";

/** `/open`: a card with a button that opens the app's page. */
export async function open(event, ctx) {
  return { card: { title: "__APP_NAME__", text: "Open the page", buttons: [{ id: "open", label: "Open", type: "open_page" }] } };
}

/** The page's `Parley.server(args)`: what it returns as `result` is what the page gets. */
export async function pageCall(event, ctx) {
  const op = event.args && event.args.op;
  return { result: { text: op === "hello" ? greeting(ctx.userId) : "unknown op" } };
}
