// @ts-check
/// <reference path="./types/server.d.ts" />
// A page app: `/open` posts a card whose button opens ui/index.html; the page calls
// parley.server({name}) and gets `result` back (docs/sdk.md).
import { greeting } from "./lib/greeting.js";

/** @type {CommandHandler} */
export function open() {
  return { card: { title: "My page app", buttons: [{ id: "open", label: "Open", type: "open_page" }] } };
}

/** @type {PageCallHandler} */
export function pageCall(event) {
  return { result: { text: greeting(String(event.args.name ?? "there")) } };
}
