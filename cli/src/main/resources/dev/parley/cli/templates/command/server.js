// __APP_NAME__'s server code. It runs in Parley's sandbox: `parley` is a global (the host API),
// handlers are exported functions `(event, ctx)`, and command arguments arrive as strings.

/** `/hello Ada`: event.text is everything after the command ("Ada"). */
export async function hello(event, ctx) {
  return { text: greeting(event.text) };
}

/** The page's `Parley.server(args)`: what it returns as `result` is what the page gets. */
export async function pageCall(event, ctx) {
  return { result: { text: greeting("from the server") } };
}

export function greeting(name) {
  const who = String(name || "").trim().slice(0, 100) || "there";
  return "Hello, " + who + "!";
}
