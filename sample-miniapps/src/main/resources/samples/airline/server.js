// Skyway Air's mini-app has a page only (the boarding pass); its bot is a business of its own,
// written against the Business API (sample-businesses/bots, AirlineBot).
export function pageCall() {
  return {};
}
