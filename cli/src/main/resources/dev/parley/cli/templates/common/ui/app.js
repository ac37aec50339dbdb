// The app's page: Parley's page SDK is served on the app's own origin at /parley-sdk.js
// (its types beside it: /sdk/parley-sdk.d.ts).
import Parley from "/parley-sdk.js";

const status = document.getElementById("status");

await Parley.ready();
const launch = await Parley.getLaunchParams().catch(() => null);
status.textContent = launch ? "Opened in conversation " + launch.params.conversationId : "Open me in Parley";

document.getElementById("ask").addEventListener("click", async () => {
  // Calls server.js's page_call handler; resolves with the `result` it returns.
  const answer = await Parley.server({ op: "hello" });
  status.textContent = answer ? answer.text : "no answer";
});
