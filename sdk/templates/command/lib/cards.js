// The app's cards. A callback button needs a card_actions entry in manifest.json for its id.
/**
 * @param {string} total
 * @param {string} last
 * @returns {ParleyCard}
 */
export function totalCard(total, last) {
  return {
    title: "Total " + total + " EUR",
    buttons: [{ id: "again", label: "Add " + last + " again", type: "callback", value: last }],
  };
}
