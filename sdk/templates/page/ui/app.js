// The page: Parley (the SDK's page script, served at /parley-sdk.js on the app's own origin)
// talks to the messenger; Parley.server reaches the pageCall handler of server.js.
import Parley from "/parley-sdk.js";

await Parley.ready();
const answer = await Parley.server({ name: "you" });
document.getElementById("out").textContent = answer.text;
