// Poll: `/poll Where shall we eat? | Luigi's | Sushi bar | Tacos` posts a card with one button per
// option; a tap votes (one vote per person, a new tap moves it) and the card updates in place.
// The card says who asked and who chose what, so everyone sees their own choice by their name.

const MAX_OPTIONS = 8;
const USAGE = "Usage: /poll Question? | option 1 | option 2 (2 to " + MAX_OPTIONS + " options)";
/** Names listed per option; more become "and N more". */
const NAMES_SHOWN = 6;

// Without members.read (declined), the card counts votes without names.
async function names(ctx) {
  if (!(ctx.permissions || []).includes("members.read")) return {};
  const list = await parley.members.read();
  const byId = {};
  for (const m of Array.isArray(list) ? list : []) byId[m.id] = m.displayName;
  return byId;
}

export async function poll(event, ctx) {
  const parts = String(event.text || "").split("|").map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length < 3 || parts.length > MAX_OPTIONS + 1) {
    return { text: USAGE };
  }
  const [question, ...options] = parts.map((s) => s.slice(0, 200));
  const votes = options.map(() => []);
  const saved = { question, options, votes, askedBy: ctx.userId };
  const { messageId } = await parley.cards.post({ card: render(saved, await names(ctx)) });
  await parley.storage.set({ scope: "conversation", key: "poll:" + messageId, value: saved });
  return {};
}

export async function vote(event, ctx) {
  const choice = Number(String(event.actionId).replace("vote-", ""));
  const key = "poll:" + event.messageId;
  const saved = await parley.storage.get({ scope: "conversation", key });
  if (!saved || !Number.isInteger(choice) || choice < 0 || choice >= saved.options.length) {
    return {};
  }
  const votes = saved.votes.map((voters) => voters.filter((id) => id !== ctx.userId));
  votes[choice].push(ctx.userId);
  const next = { ...saved, votes };
  await parley.storage.set({ scope: "conversation", key, value: next });
  await parley.cards.update({ messageId: event.messageId, card: render(next, await names(ctx)) });
  return {};
}

/** The card: who asked, the count, and per option its votes with the voters' names. */
export function render(saved, byId) {
  const { question, options, votes } = saved;
  const total = votes.reduce((n, voters) => n + voters.length, 0);
  // Without members.read the card has no names: counts only.
  const named = Object.keys(byId).length > 0;
  const nameOf = (id) => byId[id] || "someone";
  const asked = named && saved.askedBy ? "Asked by " + nameOf(saved.askedBy) + " · " : "";
  return {
    title: question,
    text: asked + (total === 1 ? "1 vote" : total + " votes"),
    fields: options.map((option, i) => {
      if (!named) return { label: option, value: String(votes[i].length) };
      const voters = votes[i].map(nameOf);
      const shown = voters.slice(0, NAMES_SHOWN).join(", ");
      const more = voters.length > NAMES_SHOWN ? " and " + (voters.length - NAMES_SHOWN) + " more" : "";
      return { label: option, value: String(voters.length) + (voters.length ? " — " + shown + more : "") };
    }),
    buttons: options.map((option, i) => ({ id: "vote-" + i, label: option.slice(0, 40), type: "callback" })),
  };
}
