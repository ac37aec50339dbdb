// The boarding pass of the flight named by the start parameter ("SW105"), which the airline's
// bot puts on its "Open boarding pass" button after a rebooking. Everything is set as text.
import Parley from "/parley-sdk.js";

const FLIGHTS = {
  SW103: { departs: "Today 13:40", seat: "14C" },
  SW105: { departs: "Today 16:10", seat: "21A" },
  SW107: { departs: "Today 19:45", seat: "9F" },
};
const $ = (id) => document.getElementById(id);

async function main() {
  let start = "";
  if (Parley.launched) {
    await Parley.ready();
    start = String((Parley.launchParams && Parley.launchParams.startParam) || "");
  }
  const flight = FLIGHTS[start];
  if (!flight) {
    $("status").textContent = "No flight chosen: ask Skyway Air's bot to rebook you.";
  } else {
    $("flight").textContent = "SW " + start.slice(2);
    $("departs").textContent = flight.departs;
    $("seat").textContent = flight.seat;
    $("status").textContent = "Your boarding pass";
    $("details").hidden = false;
  }
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("status").textContent = "The boarding pass could not open: " + (e && e.message ? e.message : String(e));
});
