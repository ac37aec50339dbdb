// Poll: `/poll Where shall we eat? | Luigi's | Sushi bar | Tacos` posts a card with one button per
// option; a tap votes (one vote per person, a new tap moves it) and the card updates in place.

const MAX_OPTIONS = 8;
const USAGE = "Usage: /poll Question? | option 1 | option 2 (2 to " + MAX_OPTIONS + " options)";

export async function poll(event, ctx) {
  const parts = String(event.text || "").split("|").map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length < 3 || parts.length > MAX_OPTIONS + 1) {
    return { text: USAGE };
  }
  const [question, ...options] = parts.map((s) => s.slice(0, 200));
  const votes = options.map(() => []);
  const { messageId } = await parley.cards.post({ card: render(question, options, votes) });
  await parley.storage.set({ scope: "conversation", key: "poll:" + messageId, value: { question, options, votes } });
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
  await parley.storage.set({ scope: "conversation", key, value: { ...saved, votes } });
  await parley.cards.update({ messageId: event.messageId, card: render(saved.question, saved.options, votes) });
  return {};
}

function render(question, options, votes) {
  const total = votes.reduce((n, voters) => n + voters.length, 0);
  return {
    title: question,
    text: total === 1 ? "1 vote" : total + " votes",
    fields: options.map((option, i) => ({ label: option, value: String(votes[i].length) })),
    buttons: options.map((option, i) => ({ id: "vote-" + i, label: option.slice(0, 40), type: "callback" })),
  };
}
