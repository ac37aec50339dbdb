// __APP_NAME__'s server code. It runs in Parley's sandbox: `parley` is a global (the host API),
// handlers are exported functions `(event, ctx)`, and command arguments arrive as strings.
// It may import the bundle's own modules (relative paths only).
import { greeting } from "./greeting.js";

/** `/hello Ada`: event.text is everything after the command ("Ada"). */
export async function hello(event, ctx) {
  return { text: greeting(event.text) };
}

/** The page's `Parley.server(args)`: what it returns as `result` is what the page gets. */
export async function pageCall(event, ctx) {
  return { result: { text: greeting("from the server") } };
}
