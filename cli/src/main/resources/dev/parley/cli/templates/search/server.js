// __APP_NAME__'s server code. It runs in Parley's sandbox: `parley` is a global (the host API),
// handlers are exported functions `(event, ctx)`, and command arguments arrive as strings.
// It may import the bundle's own modules (relative paths only).
import { FRUIT, find } from "./fruit.js";

/** The messenger's search box: event.query, event.limit; results open the page with `start`. */
export async function search(event, ctx) {
  return { results: find(event.query).slice(0, Number(event.limit) || 5).map((f) => ({ title: f, subtitle: "a fruit", start: f })) };
}

export async function fruit(event, ctx) {
  const [found] = find(event.text);
  return { text: found ? "You picked: " + found : "No fruit matches '" + event.text + "'" };
}

export async function pageCall(event, ctx) {
  return { result: { text: FRUIT.length + " fruit to search" } };
}
