// __APP_NAME__'s server code, in TypeScript. `parley app validate`, `dev` and `publish` compile it
// with esbuild into the bundle's one server.js (types/ declares the `parley` global and the handler
// contract; `npx tsc` checks the types). Handlers are exported functions `(event, ctx)`, and command
// arguments arrive as strings. It imports a module of the app's own.
import { greeting } from "./greeting.ts";

/** `/hello Ada`: event.text is everything after the command ("Ada"). */
export async function hello(event: CommandEvent, ctx: ParleyContext): Promise<HandlerResult> {
  return { text: greeting(event.text) };
}

/** The page's `Parley.server(args)`: what it returns as `result` is what the page gets. */
export async function pageCall(event: PageCallEvent, ctx: ParleyContext): Promise<HandlerResult> {
  return { result: { text: greeting("from the server") } };
}
