// Shop: a store assistant. `/find running shoes under 80` answers with product cards (picture,
// price, a View button that opens the item in the app's page, a Buy button); the messenger's
// search box asks the `search` entry point; the app's page lists the catalogue with filters.
//
// Buying goes through the host: the app asks Parley for a merchant payment to its own account
// (parley.payments.request with payee "app"), Parley shows the buyer its own confirmation sheet,
// and only the `payment` event says that an order is paid. Prices are integer cents from the
// catalogue, never what a button or a page sent.
//
// The catalogue is made up for Parley (see README.md); the block at the end of this file is
// generated with ui/catalogue.json by ShopCatalogue.java.

const CURRENCY = "EUR";
/** Product cards one /find posts; the page shows the rest. */
const FIND_CARDS = 3;
/** The search entry point answers at most this many results. */
const SEARCH_LIMIT = 10;
/** Longer queries are cut: nobody types more to find a product, and the work stays small. */
const QUERY_MAX = 200;
const TOKENS_MAX = 12;
/** A price above this (in cents) is not a price: 1,000,000 EUR. */
const PRICE_MAX_MINOR = 100000000;

const USAGE = "Usage: /find <what> [under 80] [over 20] [between 20 and 50] — e.g. /find running shoes under 80";

// ---- words ----

const STOP = new Set(["a", "an", "the", "and", "or", "for", "with", "of", "in", "on", "to", "me", "my", "some", "any",
  "i", "want", "need", "looking", "find", "show", "please", "buy", "get", "that", "is", "are", "cheap", "good", "best",
  "new", "eur", "euro", "euros"]);

/** Lower case, accents removed, split on anything that is not a letter or a digit. */
export function words(text) {
  return String(text === undefined || text === null ? "" : text)
    .slice(0, QUERY_MAX * 4)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Light English stemming, enough for shop words: plurals (shoes → shoe, batteries → battery,
 * boxes → box, knives → knife) and -ing (running → run, hiking → hike, camping → camp).
 */
export function stem(word) {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return w.slice(0, -3) + "y";
  if (w.endsWith("ves") && w.length > 4) return w.slice(0, -3) + "fe";
  if (/(ches|shes|sses|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length >= 6) {
    w = w.slice(0, -3);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) return w.slice(0, -1); // running → run
    if (/[^aeiou][aeiou][kvz]$/.test(w)) return w + "e"; // hiking → hike
  }
  return w;
}

/** The distinct stems of a text without stop words, at most `max` of them. */
export function tokens(text, max = TOKENS_MAX) {
  const out = [];
  for (const w of words(text)) {
    if (STOP.has(w)) continue;
    const s = stem(w);
    if (!out.includes(s)) out.push(s);
    if (out.length >= max) break;
  }
  return out;
}

// ---- prices ----

/**
 * An amount as typed, "80", "79.90", "79,90", "€80", "80€", "80eur", into cents, or null.
 * Strict: digits with at most two decimals, nothing else; above PRICE_MAX_MINOR is null.
 */
export function parsePrice(text) {
  const s = String(text).toLowerCase().replace(/^(€|\$|£|eur)/, "").replace(/(€|\$|£|eur|euros?)$/, "");
  const m = /^([0-9]{1,9})(?:[.,]([0-9]{1,2}))?$/.exec(s);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + (m[2] === undefined ? 0 : Number(m[2].padEnd(2, "0")));
  return cents > PRICE_MAX_MINOR ? null : cents;
}

/** Cents as "79.90 EUR". */
export function formatPrice(minor) {
  return Math.floor(minor / 100) + "." + String(minor % 100).padStart(2, "0") + " " + CURRENCY;
}

const UNDER = ["under", "below", "less than", "cheaper than", "max", "up to", "at most", "<", "<="];
const OVER = ["over", "above", "more than", "min", "from", "at least", ">", ">="];
const SYMBOL = "(?:€|\\$|£|eur|euros?)";
const AMOUNT = "(?:(?:€|\\$|£|eur)\\s*)?[0-9][0-9.,]*(?:\\s*" + SYMBOL + ")?";

function phrase(list) {
  return list.map((p) => p.replace(/[<>=]/g, (c) => "\\" + c).replace(/ /g, "\\s+")).join("|");
}

const BETWEEN = new RegExp("(?:^|\\s)(?:between|from)\\s+(" + AMOUNT + ")\\s+(?:and|to|-)\\s+(" + AMOUNT + ")(?=\\s|$)", "i");
const RANGE = new RegExp("(?:^|\\s)(" + AMOUNT + ")\\s*-\\s*(" + AMOUNT + ")(?=\\s|$)", "i");
const BOUND = new RegExp("(?:^|\\s)(" + phrase(UNDER) + "|" + phrase(OVER) + ")\\s*(" + AMOUNT + ")(?=\\s|$)", "i");
const DANGLING = new RegExp("(?:^|\\s)(?:" + phrase(UNDER) + "|" + phrase(OVER) + "|between)\\s*$", "i");
/** A limit word before something that looks like a number but is not a price: "under -5", "over 1e9". */
const NOT_A_PRICE = new RegExp("(?:^|\\s)(?:under|below|over|above|between|max|min|<=?|>=?)\\s*([-+€$£0-9.,]\\S*)", "i");

function amountOf(text) {
  return parsePrice(text.replace(/\s+/g, ""));
}

/**
 * Splits a query into what to look for and price limits: `{text, min, max}` with min and max in
 * cents (inclusive, null when open), or `{error}` with a sentence for the user. "under 80" is
 * up to 79.99, "over 20" from 20.01, "between 20 and 50" both ends included.
 */
export function parseQuery(input) {
  let text = String(input === undefined || input === null ? "" : input).replace(/[\u0000-\u001f\u007f]/g, " ");
  if (text.length > QUERY_MAX) text = text.slice(0, QUERY_MAX);
  text = " " + text.trim() + " ";
  let min = null;
  let max = null;
  let m;
  for (let guard = 0; guard < 4; guard++) {
    if ((m = BETWEEN.exec(text)) || (m = RANGE.exec(text))) {
      const a = amountOf(m[1]);
      const b = amountOf(m[2]);
      if (a === null || b === null) return { error: "\"" + m[0].trim().slice(0, 40) + "\" is not a price range I understand." };
      min = Math.max(min === null ? 0 : min, Math.min(a, b));
      max = Math.min(max === null ? PRICE_MAX_MINOR : max, Math.max(a, b));
    } else if ((m = BOUND.exec(text))) {
      const cents = amountOf(m[2]);
      if (cents === null) return { error: "\"" + m[2].trim().slice(0, 20) + "\" is not a price. Write it like 80 or 79.90." };
      const word = m[1].toLowerCase().replace(/\s+/g, " ");
      if (UNDER.includes(word)) {
        const limit = word === "max" || word === "up to" || word === "at most" || word === "<=" ? cents : cents - 1;
        max = max === null ? limit : Math.min(max, limit);
      } else {
        const limit = word === "min" || word === "from" || word === "at least" || word === ">=" ? cents : cents + 1;
        min = min === null ? limit : Math.max(min, limit);
      }
    } else {
      break;
    }
    text = text.slice(0, m.index) + " " + text.slice(m.index + m[0].length) + " ";
  }
  if (DANGLING.test(text)) {
    return { error: "Say the price, like \"under 80\"." };
  }
  const odd = NOT_A_PRICE.exec(text);
  if (odd) {
    return { error: "\"" + odd[1].slice(0, 20) + "\" is not a price. Write it like 80 or 79.90." };
  }
  if (max !== null && max < 0) max = 0;
  if (min !== null && max !== null && min > max) {
    return { error: "No price is at least " + formatPrice(min) + " and at most " + formatPrice(max) + "." };
  }
  return { text: text.replace(/\s+/g, " ").trim(), min, max };
}

// ---- the index and ranking ----

let index = null;

/** Each product with the stems of its fields, built once per sandbox. */
function productIndex() {
  if (index === null) {
    index = CATALOGUE.map((p) => ({
      product: p,
      name: tokens(p.name, 100),
      categories: p.categories.map(stem),
      colour: stem(p.colour),
      words: new Set(tokens(p.description, 1000)),
    }));
  }
  return index;
}

/** How well one query stem matches a product: name 3, category 2, colour 1.5, description 1; prefixes half. */
function fieldScore(entry, t) {
  if (entry.name.includes(t)) return 3;
  if (entry.categories.includes(t)) return 2;
  if (entry.colour === t) return 1.5;
  if (entry.words.has(t)) return 1;
  if (t.length >= 3) {
    for (const w of entry.name) if (w.startsWith(t)) return 1.5;
    for (const c of entry.categories) if (c.startsWith(t)) return 1;
    for (const w of entry.words) if (w.startsWith(t)) return 0.5;
  }
  return 0;
}

/**
 * Ranks the catalogue for a parsed query: every query word must match (name, categories,
 * colour, description, or a prefix of a word there); when nothing matches them all, the products
 * matching most of them (at least half) come back with `partial: true`. Ties go to the cheaper product, then the
 * id. Price limits filter first. Answers `{hits: [product], total, partial}`.
 */
export function rank(parsed) {
  const want = tokens(parsed.text);
  const inRange = productIndex().filter((e) => (parsed.min === null || e.product.priceMinor >= parsed.min)
    && (parsed.max === null || e.product.priceMinor <= parsed.max));
  const scored = [];
  for (const e of inRange) {
    let score = 0;
    let matched = 0;
    for (const t of want) {
      const s = fieldScore(e, t);
      if (s > 0) matched++;
      score += s;
    }
    if (want.length === 0 || matched > 0) scored.push({ e, score, matched });
  }
  const all = scored.filter((s) => s.matched === want.length);
  // Closest matches only when they have at least half of the words: "tent kettle", not "<script>".
  const partial = all.length === 0 && want.length > 1;
  const chosen = partial ? scored.filter((s) => s.matched * 2 >= want.length) : all;
  chosen.sort((a, b) => b.matched - a.matched || b.score - a.score
    || a.e.product.priceMinor - b.e.product.priceMinor || (a.e.product.id < b.e.product.id ? -1 : 1));
  return { hits: chosen.map((s) => s.e.product), total: chosen.length, partial: partial && chosen.length > 0 };
}

/** One call: query text → `{hits, total, partial, parsed}` or `{error}`. */
export function find(query) {
  const parsed = parseQuery(query);
  if (parsed.error) return parsed;
  if (tokens(parsed.text).length === 0 && parsed.min === null && parsed.max === null) {
    return { error: "Say what you are looking for." };
  }
  return { ...rank(parsed), parsed };
}

function product(id) {
  if (typeof id !== "string" || !/^p[0-9]{3}$/.test(id)) return null;
  return CATALOGUE.find((p) => p.id === id) || null;
}

function categoryLabel(p) {
  return p.categories.map((c) => c.charAt(0).toUpperCase() + c.slice(1)).join(" · ");
}

function describeLimits(parsed) {
  if (parsed.min !== null && parsed.max !== null) return " between " + formatPrice(parsed.min) + " and " + formatPrice(parsed.max);
  if (parsed.max !== null) return " up to " + formatPrice(parsed.max);
  if (parsed.min !== null) return " from " + formatPrice(parsed.min);
  return "";
}

/**
 * The start parameter of the page for a search: `q_` and the words joined by `-`, then `_min<cents>`
 * and `_max<cents>`; at most 64 characters of [A-Za-z0-9_-].
 */
export function searchStart(parsed) {
  let start = "q_" + words(parsed.text).join("-").slice(0, 40).replace(/-+$/, "");
  if (parsed.min !== null) start += "_min" + parsed.min;
  if (parsed.max !== null) start += "_max" + parsed.max;
  return start.slice(0, 64);
}

// ---- cards ----

/** A product card: picture, name, price, View (opens the page at the item) and Buy. */
export function productCard(p) {
  return {
    title: p.name,
    text: p.description,
    image: "ui/" + p.image,
    fields: [{ label: "Price", value: formatPrice(p.priceMinor) }, { label: "Category", value: categoryLabel(p) }],
    buttons: [
      { id: "view", label: "View", type: "open_page", value: p.id },
      { id: "buy", label: "Buy · " + formatPrice(p.priceMinor), type: "callback", value: p.id },
    ],
  };
}

// ---- /find ----

export async function findCommand(event, ctx) {
  const query = String(event.text || "").trim();
  if (query === "") return { text: USAGE };
  const found = find(query);
  if (found.error) return { text: found.error + "\n" + USAGE };
  const what = (found.parsed.text === "" ? "products" : "“" + found.parsed.text.slice(0, 60) + "”") + describeLimits(found.parsed);
  if (found.total === 0) {
    return { text: "Nothing in the shop matches " + what + ". Try fewer words or another price." };
  }
  const shown = found.hits.slice(0, FIND_CARDS);
  const summary = {
    title: (found.partial ? "Closest matches for " : "Found " + found.total + " for ") + what,
    text: found.partial ? "Nothing matches every word; these match some of them."
      : "Showing the best " + shown.length + " of " + found.total + ".",
    buttons: [{ id: "all", label: "See all in the shop", type: "open_page", value: searchStart(found.parsed) }],
  };
  await parley.cards.post({ card: summary });
  for (const p of shown) {
    await parley.cards.post({ card: productCard(p) });
  }
  return {};
}

// ---- the messenger's search box (contract: {results: [{title, subtitle?, image?, start?}]}) ----

export async function search(event, ctx) {
  const limit = Math.max(1, Math.min(SEARCH_LIMIT, Math.floor(Number(event.limit)) || 5));
  const found = find(typeof event.query === "string" ? event.query : "");
  if (found.error || found.partial) return { results: [] };
  return {
    results: found.hits.slice(0, limit).map((p) => ({
      title: p.name.slice(0, 100),
      subtitle: (formatPrice(p.priceMinor) + " · " + categoryLabel(p)).slice(0, 200),
      image: "ui/" + p.image,
      start: p.id,
    })),
  };
}

// ---- buying ----

/** Asks Parley to show the buyer its sheet for the catalogue's price of `p`, paid to this app. */
async function askToPay(p, ctx) {
  return await parley.payments.request({ payee: "app", amount: formatPrice(p.priceMinor).split(" ")[0], currency: CURRENCY,
    note: p.name.slice(0, 200), reference: "order:" + p.id + ":" + ctx.requestId });
}

export async function buyCard(event, ctx) {
  const p = product(event.value);
  if (!p) return { text: "That product is not in the shop any more." };
  await askToPay(p, ctx);
  return {};
}

/** The page's calls: `{op: "buy", item}` asks for the payment of one product; anything else does nothing. */
export async function pageCall(event, ctx) {
  const args = event.args || {};
  if (args.op === "buy") {
    const p = product(args.item);
    if (p) await askToPay(p, ctx); // the sheet opens in the messenger; the page just waits
  }
  return {};
}

/**
 * The outcome, from Parley (at least once: one receipt per request). A completed payment whose
 * amount is not the catalogue's price of the product in its reference (a hand-made request) is
 * refunded, never taken as an order.
 */
export async function onPayment(event, ctx) {
  const m = /^order:(p[0-9]{3}):/.exec(String(event.reference || ""));
  if (!m || event.payee !== "app" || event.type !== "payment.completed") return {};
  const key = "order:" + event.requestId;
  if (await parley.storage.get({ scope: "conversation", key })) return {};
  const p = product(m[1]);
  if (!p || event.currency !== CURRENCY || Number(event.amountMinor) !== p.priceMinor) {
    await parley.storage.set({ scope: "conversation", key, value: { status: "refunded" } });
    await parley.payments.refund({ requestId: event.requestId });
    await parley.cards.post({ card: { title: "Payment refunded", text: "The amount paid did not match the price of the"
      + " product, so it went back to the buyer's wallet." } });
    return {};
  }
  await parley.storage.set({ scope: "conversation", key, value: { status: "paid", item: p.id, buyer: event.payerId } });
  const list = await parley.members.read();
  const buyer = (Array.isArray(list) ? list : []).find((x) => x.id === event.payerId);
  await parley.cards.post({ card: {
    title: "Order confirmed: " + p.name,
    text: (buyer ? buyer.displayName : "Someone") + " bought it for " + formatPrice(p.priceMinor) + ".",
    image: "ui/" + p.image,
    fields: [{ label: "Paid", value: formatPrice(p.priceMinor) }, { label: "Order", value: String(event.requestId) }],
    buttons: [{ id: "view", label: "View", type: "open_page", value: p.id }],
  } });
  return {};
}

// ---- CATALOGUE: generated by ShopCatalogue.java, do not edit by hand ----
const CATALOGUE = [
  {"id":"p001","name":"Orrin Flow Running Shoes","categories":["shoes","running"],"colour":"orange","price":"124.90","priceMinor":12490,"image":"img/shoe-orange.svg","description":"Running shoes with a responsive carbon-free plate and a grippy rubber outsole for wet roads. Also a cushioned foam midsole. Colour: orange."},
  {"id":"p002","name":"Tessaly Flow Running Shoes","categories":["shoes","running"],"colour":"red","price":"89.00","priceMinor":8900,"image":"img/shoe-red.svg","description":"Running shoes with a grippy rubber outsole for wet roads and a light 240 g build. Also a cushioned foam midsole. Colour: red."},
  {"id":"p003","name":"Quorra Stride Lite Running Shoes","categories":["shoes","running"],"colour":"black","price":"119.90","priceMinor":11990,"image":"img/shoe-black.svg","description":"Running shoes with a breathable mesh upper and an 8 mm drop for everyday training. Also a wide toe box. Colour: black."},
  {"id":"p004","name":"Tessaly Stride Pro Running Shoes","categories":["shoes","running"],"colour":"black","price":"149.50","priceMinor":14950,"image":"img/shoe-black.svg","description":"Running shoes with a padded heel collar and reflective details for early runs. Also an 8 mm drop for everyday training. Colour: black."},
  {"id":"p005","name":"Korvel Rally Pro Running Shoes","categories":["shoes","running"],"colour":"black","price":"148.50","priceMinor":14850,"image":"img/shoe-black.svg","description":"Running shoes with a breathable mesh upper and a responsive carbon-free plate. Also reflective details for early runs. Colour: black."},
  {"id":"p006","name":"Quorra Flow Pro Running Shoes","categories":["shoes","running"],"colour":"red","price":"53.90","priceMinor":5390,"image":"img/shoe-red.svg","description":"Running shoes with a cushioned foam midsole and a wide toe box. Also reflective details for early runs. Colour: red."},
  {"id":"p007","name":"Pellin Glide Running Shoes","categories":["shoes","running"],"colour":"red","price":"148.90","priceMinor":14890,"image":"img/shoe-red.svg","description":"Running shoes with a breathable mesh upper and an 8 mm drop for everyday training. Also a light 240 g build. Colour: red."},
  {"id":"p008","name":"Nimbra Velo Running Shoes","categories":["shoes","running"],"colour":"red","price":"122.99","priceMinor":12299,"image":"img/shoe-red.svg","description":"Running shoes with a wide toe box and reflective details for early runs. Also an 8 mm drop for everyday training. Colour: red."},
  {"id":"p009","name":"Vandra Tempo Pro Running Shoes","categories":["shoes","running"],"colour":"black","price":"82.00","priceMinor":8200,"image":"img/shoe-black.svg","description":"Running shoes with a responsive carbon-free plate and a cushioned foam midsole. Also a breathable mesh upper. Colour: black."},
  {"id":"p010","name":"Tessaly Aero Lite Running Shoes","categories":["shoes","running"],"colour":"orange","price":"139.50","priceMinor":13950,"image":"img/shoe-orange.svg","description":"Running shoes with a cushioned foam midsole and a wide toe box. Also a light 240 g build. Colour: orange."},
  {"id":"p011","name":"Brisa Pace Running Shoes","categories":["shoes","running"],"colour":"orange","price":"51.00","priceMinor":5100,"image":"img/shoe-orange.svg","description":"Running shoes with a cushioned foam midsole and reflective details for early runs. Also a wide toe box. Colour: orange."},
  {"id":"p012","name":"Orrin Sprint Lite Running Shoes","categories":["shoes","running"],"colour":"red","price":"54.50","priceMinor":5450,"image":"img/shoe-red.svg","description":"Running shoes with a grippy rubber outsole for wet roads and a breathable mesh upper. Also reflective details for early runs. Colour: red."},
  {"id":"p013","name":"Lumo Velo 2 Running Shoes","categories":["shoes","running"],"colour":"orange","price":"124.00","priceMinor":12400,"image":"img/shoe-orange.svg","description":"Running shoes with a wide toe box and a grippy rubber outsole for wet roads. Also reflective details for early runs. Colour: orange."},
  {"id":"p014","name":"Halvard Tempo 2 Running Shoes","categories":["shoes","running"],"colour":"orange","price":"153.90","priceMinor":15390,"image":"img/shoe-orange.svg","description":"Running shoes with a cushioned foam midsole and a responsive carbon-free plate. Also a light 240 g build. Colour: orange."},
  {"id":"p015","name":"Nimbra Dash Lite Running Shoes","categories":["shoes","running"],"colour":"black","price":"108.50","priceMinor":10850,"image":"img/shoe-black.svg","description":"Running shoes with reflective details for early runs and a light 240 g build. Also a breathable mesh upper. Colour: black."},
  {"id":"p016","name":"Ostwind Stride Running Shoes","categories":["shoes","running"],"colour":"orange","price":"50.99","priceMinor":5099,"image":"img/shoe-orange.svg","description":"Running shoes with a wide toe box and a light 240 g build. Also an 8 mm drop for everyday training. Colour: orange."},
  {"id":"p017","name":"Halvard Velo 2 Running Shoes","categories":["shoes","running"],"colour":"orange","price":"69.00","priceMinor":6900,"image":"img/shoe-orange.svg","description":"Running shoes with a wide toe box and reflective details for early runs. Also a responsive carbon-free plate. Colour: orange."},
  {"id":"p018","name":"Quorra Rally Lite Running Shoes","categories":["shoes","running"],"colour":"black","price":"96.50","priceMinor":9650,"image":"img/shoe-black.svg","description":"Running shoes with a responsive carbon-free plate and reflective details for early runs. Also a grippy rubber outsole for wet roads. Colour: black."},
  {"id":"p019","name":"Ostwind Swift Running Shoes","categories":["shoes","running"],"colour":"orange","price":"152.50","priceMinor":15250,"image":"img/shoe-orange.svg","description":"Running shoes with a padded heel collar and a grippy rubber outsole for wet roads. Also a breathable mesh upper. Colour: orange."},
  {"id":"p020","name":"Orrin Velo 2 Running Shoes","categories":["shoes","running"],"colour":"red","price":"82.00","priceMinor":8200,"image":"img/shoe-red.svg","description":"Running shoes with a light 240 g build and reflective details for early runs. Also a grippy rubber outsole for wet roads. Colour: red."},
  {"id":"p021","name":"Ostwind Sprint 2 Running Shoes","categories":["shoes","running"],"colour":"red","price":"44.99","priceMinor":4499,"image":"img/shoe-red.svg","description":"Running shoes with a grippy rubber outsole for wet roads and a cushioned foam midsole. Also a breathable mesh upper. Colour: red."},
  {"id":"p022","name":"Vandra Aero 2 Running Shoes","categories":["shoes","running"],"colour":"orange","price":"98.90","priceMinor":9890,"image":"img/shoe-orange.svg","description":"Running shoes with reflective details for early runs and an 8 mm drop for everyday training. Also a cushioned foam midsole. Colour: orange."},
  {"id":"p023","name":"Ostwind Sprint Pro Running Shoes","categories":["shoes","running"],"colour":"black","price":"48.00","priceMinor":4800,"image":"img/shoe-black.svg","description":"Running shoes with a padded heel collar and a wide toe box. Also an 8 mm drop for everyday training. Colour: black."},
  {"id":"p024","name":"Brisa Aero Pro Running Shoes","categories":["shoes","running"],"colour":"orange","price":"94.99","priceMinor":9499,"image":"img/shoe-orange.svg","description":"Running shoes with a padded heel collar and an 8 mm drop for everyday training. Also a cushioned foam midsole. Colour: orange."},
  {"id":"p025","name":"Halvard Aero Running Shoes","categories":["shoes","running"],"colour":"orange","price":"96.99","priceMinor":9699,"image":"img/shoe-orange.svg","description":"Running shoes with a padded heel collar and a cushioned foam midsole. Also a wide toe box. Colour: orange."},
  {"id":"p026","name":"Pellin Swift Running Shoes","categories":["shoes","running"],"colour":"red","price":"48.99","priceMinor":4899,"image":"img/shoe-red.svg","description":"Running shoes with a light 240 g build and a padded heel collar. Also a grippy rubber outsole for wet roads. Colour: red."},
  {"id":"p027","name":"Lumo Talus 2 Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"92.00","priceMinor":9200,"image":"img/shoe-green.svg","description":"Trail running shoes with a water-resistant upper and deep lugs for mud and loose rock. Also quick-pull laces. Colour: green."},
  {"id":"p028","name":"Sundre Scree Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"orange","price":"122.90","priceMinor":12290,"image":"img/shoe-orange.svg","description":"Trail running shoes with a gusseted tongue that keeps grit out and quick-pull laces. Also a water-resistant upper. Colour: orange."},
  {"id":"p029","name":"Quorra Gully Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"98.50","priceMinor":9850,"image":"img/shoe-green.svg","description":"Trail running shoes with quick-pull laces and deep lugs for mud and loose rock. Also a gusseted tongue that keeps grit out. Colour: green."},
  {"id":"p030","name":"Quorra Switchback Pro Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"145.50","priceMinor":14550,"image":"img/shoe-green.svg","description":"Trail running shoes with quick-pull laces and deep lugs for mud and loose rock. Also a rock plate under the forefoot. Colour: green."},
  {"id":"p031","name":"Tessaly Talus Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"101.90","priceMinor":10190,"image":"img/shoe-green.svg","description":"Trail running shoes with quick-pull laces and a gusseted tongue that keeps grit out. Also a snug heel for steep descents. Colour: green."},
  {"id":"p032","name":"Lumo Switchback Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"orange","price":"158.00","priceMinor":15800,"image":"img/shoe-orange.svg","description":"Trail running shoes with quick-pull laces and a water-resistant upper. Also deep lugs for mud and loose rock. Colour: orange."},
  {"id":"p033","name":"Pellin Moss Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"grey","price":"109.99","priceMinor":10999,"image":"img/shoe-grey.svg","description":"Trail running shoes with a water-resistant upper and a rock plate under the forefoot. Also quick-pull laces. Colour: grey."},
  {"id":"p034","name":"Orrin Ridge Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"grey","price":"82.90","priceMinor":8290,"image":"img/shoe-grey.svg","description":"Trail running shoes with quick-pull laces and a gusseted tongue that keeps grit out. Also a rock plate under the forefoot. Colour: grey."},
  {"id":"p035","name":"Nimbra Talus Pro Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"grey","price":"165.90","priceMinor":16590,"image":"img/shoe-grey.svg","description":"Trail running shoes with quick-pull laces and a water-resistant upper. Also a gusseted tongue that keeps grit out. Colour: grey."},
  {"id":"p036","name":"Brisa Canyon Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"orange","price":"79.99","priceMinor":7999,"image":"img/shoe-orange.svg","description":"Trail running shoes with a snug heel for steep descents and a rock plate under the forefoot. Also a water-resistant upper. Colour: orange."},
  {"id":"p037","name":"Ostwind Switchback Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"orange","price":"151.00","priceMinor":15100,"image":"img/shoe-orange.svg","description":"Trail running shoes with a snug heel for steep descents and a water-resistant upper. Also a gusseted tongue that keeps grit out. Colour: orange."},
  {"id":"p038","name":"Korvel Gully Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"125.90","priceMinor":12590,"image":"img/shoe-green.svg","description":"Trail running shoes with a water-resistant upper and a rock plate under the forefoot. Also a snug heel for steep descents. Colour: green."},
  {"id":"p039","name":"Ostwind Scree Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"green","price":"80.50","priceMinor":8050,"image":"img/shoe-green.svg","description":"Trail running shoes with a water-resistant upper and quick-pull laces. Also a gusseted tongue that keeps grit out. Colour: green."},
  {"id":"p040","name":"Ostwind Ridge Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"grey","price":"92.99","priceMinor":9299,"image":"img/shoe-grey.svg","description":"Trail running shoes with quick-pull laces and a water-resistant upper. Also deep lugs for mud and loose rock. Colour: grey."},
  {"id":"p041","name":"Nimbra Canyon Pro Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"orange","price":"98.90","priceMinor":9890,"image":"img/shoe-orange.svg","description":"Trail running shoes with a snug heel for steep descents and a rock plate under the forefoot. Also quick-pull laces. Colour: orange."},
  {"id":"p042","name":"Nimbra Talus Lite Trail Running Shoes","categories":["shoes","running","outdoor"],"colour":"grey","price":"77.00","priceMinor":7700,"image":"img/shoe-grey.svg","description":"Trail running shoes with a gusseted tongue that keeps grit out and a snug heel for steep descents. Also deep lugs for mud and loose rock. Colour: grey."},
  {"id":"p043","name":"Brisa Tundra Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"201.50","priceMinor":20150,"image":"img/boot-green.svg","description":"Hiking boots with a toe cap against stones and a waterproof membrane. Also a stiff sole for carrying loads. Colour: green."},
  {"id":"p044","name":"Ostwind Crag 2 Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"grey","price":"186.99","priceMinor":18699,"image":"img/boot-grey.svg","description":"Hiking boots with a stiff sole for carrying loads and full-grain leather. Also a toe cap against stones. Colour: grey."},
  {"id":"p045","name":"Quorra Pathfinder Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"black","price":"218.00","priceMinor":21800,"image":"img/boot-black.svg","description":"Hiking boots with a waterproof membrane and full-grain leather. Also a toe cap against stones. Colour: black."},
  {"id":"p046","name":"Quorra Fell Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"grey","price":"104.00","priceMinor":10400,"image":"img/boot-grey.svg","description":"Hiking boots with ankle support for rough trails and a waterproof membrane. Also a stiff sole for carrying loads. Colour: grey."},
  {"id":"p047","name":"Halvard Fell Pro Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"black","price":"183.90","priceMinor":18390,"image":"img/boot-black.svg","description":"Hiking boots with full-grain leather and ankle support for rough trails. Also a waterproof membrane. Colour: black."},
  {"id":"p048","name":"Lumo Highland Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"grey","price":"232.00","priceMinor":23200,"image":"img/boot-grey.svg","description":"Hiking boots with a stiff sole for carrying loads and a lacing system that locks the heel. Also a toe cap against stones. Colour: grey."},
  {"id":"p049","name":"Brisa Crag 2 Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"108.99","priceMinor":10899,"image":"img/boot-green.svg","description":"Hiking boots with ankle support for rough trails and full-grain leather. Also a waterproof membrane. Colour: green."},
  {"id":"p050","name":"Quorra Ranger Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"black","price":"214.99","priceMinor":21499,"image":"img/boot-black.svg","description":"Hiking boots with a lacing system that locks the heel and a toe cap against stones. Also a stiff sole for carrying loads. Colour: black."},
  {"id":"p051","name":"Halvard Heath Lite Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"black","price":"138.50","priceMinor":13850,"image":"img/boot-black.svg","description":"Hiking boots with a stiff sole for carrying loads and ankle support for rough trails. Also a lacing system that locks the heel. Colour: black."},
  {"id":"p052","name":"Vandra Glacier Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"157.99","priceMinor":15799,"image":"img/boot-green.svg","description":"Hiking boots with full-grain leather and a waterproof membrane. Also a stiff sole for carrying loads. Colour: green."},
  {"id":"p053","name":"Nimbra Highland Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"grey","price":"232.99","priceMinor":23299,"image":"img/boot-grey.svg","description":"Hiking boots with a lacing system that locks the heel and a stiff sole for carrying loads. Also a toe cap against stones. Colour: grey."},
  {"id":"p054","name":"Lumo Fell Lite Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"grey","price":"198.50","priceMinor":19850,"image":"img/boot-grey.svg","description":"Hiking boots with a stiff sole for carrying loads and ankle support for rough trails. Also full-grain leather. Colour: grey."},
  {"id":"p055","name":"Sundre Highland Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"97.50","priceMinor":9750,"image":"img/boot-green.svg","description":"Hiking boots with ankle support for rough trails and a waterproof membrane. Also a toe cap against stones. Colour: green."},
  {"id":"p056","name":"Halvard Fell Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"black","price":"84.00","priceMinor":8400,"image":"img/boot-black.svg","description":"Hiking boots with full-grain leather and a stiff sole for carrying loads. Also a lacing system that locks the heel. Colour: black."},
  {"id":"p057","name":"Nimbra Heath Lite Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"107.00","priceMinor":10700,"image":"img/boot-green.svg","description":"Hiking boots with a toe cap against stones and a stiff sole for carrying loads. Also ankle support for rough trails. Colour: green."},
  {"id":"p058","name":"Sundre Crag Pro Hiking Boots","categories":["shoes","outdoor","hiking"],"colour":"green","price":"217.00","priceMinor":21700,"image":"img/boot-green.svg","description":"Hiking boots with a lacing system that locks the heel and ankle support for rough trails. Also full-grain leather. Colour: green."},
  {"id":"p059","name":"Nimbra Loop Sneakers","categories":["shoes","casual"],"colour":"teal","price":"63.00","priceMinor":6300,"image":"img/shoe-teal.svg","description":"Sneakers with a cushioned insole for all-day wear and organic cotton laces. Also a clean low-top cut. Colour: teal."},
  {"id":"p060","name":"Quorra Avenue Lite Sneakers","categories":["shoes","casual"],"colour":"white","price":"109.90","priceMinor":10990,"image":"img/shoe-white.svg","description":"Sneakers with organic cotton laces and a canvas upper. Also a suede toe. Colour: white."},
  {"id":"p061","name":"Orrin Loop Sneakers","categories":["shoes","casual"],"colour":"black","price":"60.99","priceMinor":6099,"image":"img/shoe-black.svg","description":"Sneakers with a canvas upper and organic cotton laces. Also a clean low-top cut. Colour: black."},
  {"id":"p062","name":"Brisa Metro Sneakers","categories":["shoes","casual"],"colour":"teal","price":"50.00","priceMinor":5000,"image":"img/shoe-teal.svg","description":"Sneakers with a vulcanised sole and a clean low-top cut. Also a suede toe. Colour: teal."},
  {"id":"p063","name":"Tessaly Harbour Sneakers","categories":["shoes","casual"],"colour":"blue","price":"57.50","priceMinor":5750,"image":"img/shoe-blue.svg","description":"Sneakers with organic cotton laces and a suede toe. Also a clean low-top cut. Colour: blue."},
  {"id":"p064","name":"Ostwind Drift Pro Sneakers","categories":["shoes","casual"],"colour":"white","price":"98.99","priceMinor":9899,"image":"img/shoe-white.svg","description":"Sneakers with a suede toe and a canvas upper. Also organic cotton laces. Colour: white."},
  {"id":"p065","name":"Pellin Drift Sneakers","categories":["shoes","casual"],"colour":"black","price":"105.90","priceMinor":10590,"image":"img/shoe-black.svg","description":"Sneakers with a clean low-top cut and a vulcanised sole. Also a cushioned insole for all-day wear. Colour: black."},
  {"id":"p066","name":"Sundre Plaza Sneakers","categories":["shoes","casual"],"colour":"black","price":"77.90","priceMinor":7790,"image":"img/shoe-black.svg","description":"Sneakers with a clean low-top cut and a cushioned insole for all-day wear. Also organic cotton laces. Colour: black."},
  {"id":"p067","name":"Nimbra Metro Sneakers","categories":["shoes","casual"],"colour":"blue","price":"51.99","priceMinor":5199,"image":"img/shoe-blue.svg","description":"Sneakers with a canvas upper and organic cotton laces. Also a cushioned insole for all-day wear. Colour: blue."},
  {"id":"p068","name":"Brisa Corner Lite Sneakers","categories":["shoes","casual"],"colour":"white","price":"61.50","priceMinor":6150,"image":"img/shoe-white.svg","description":"Sneakers with a suede toe and a cushioned insole for all-day wear. Also a canvas upper. Colour: white."},
  {"id":"p069","name":"Nimbra Drift Pro Sneakers","categories":["shoes","casual"],"colour":"white","price":"99.99","priceMinor":9999,"image":"img/shoe-white.svg","description":"Sneakers with a canvas upper and a clean low-top cut. Also a vulcanised sole. Colour: white."},
  {"id":"p070","name":"Tessaly Metro Sneakers","categories":["shoes","casual"],"colour":"white","price":"78.50","priceMinor":7850,"image":"img/shoe-white.svg","description":"Sneakers with a cushioned insole for all-day wear and a clean low-top cut. Also organic cotton laces. Colour: white."},
  {"id":"p071","name":"Vandra Loop Lite Sneakers","categories":["shoes","casual"],"colour":"white","price":"81.00","priceMinor":8100,"image":"img/shoe-white.svg","description":"Sneakers with a cushioned insole for all-day wear and a clean low-top cut. Also a suede toe. Colour: white."},
  {"id":"p072","name":"Ostwind Metro Sneakers","categories":["shoes","casual"],"colour":"teal","price":"100.99","priceMinor":10099,"image":"img/shoe-teal.svg","description":"Sneakers with a clean low-top cut and a suede toe. Also organic cotton laces. Colour: teal."},
  {"id":"p073","name":"Nimbra Harbour Lite Sneakers","categories":["shoes","casual"],"colour":"white","price":"108.00","priceMinor":10800,"image":"img/shoe-white.svg","description":"Sneakers with a clean low-top cut and a suede toe. Also organic cotton laces. Colour: white."},
  {"id":"p074","name":"Vandra Corner Pro Sneakers","categories":["shoes","casual"],"colour":"white","price":"88.50","priceMinor":8850,"image":"img/shoe-white.svg","description":"Sneakers with a suede toe and a vulcanised sole. Also a canvas upper. Colour: white."},
  {"id":"p075","name":"Vandra Breeze Lite Sandals","categories":["shoes","summer"],"colour":"black","price":"22.50","priceMinor":2250,"image":"img/sandal-black.svg","description":"Sandals with adjustable straps and a soft padded strap. Also a quick-drying build for rivers and beaches. Colour: black."},
  {"id":"p076","name":"Sundre Tide Sandals","categories":["shoes","summer"],"colour":"black","price":"48.00","priceMinor":4800,"image":"img/sandal-black.svg","description":"Sandals with a soft padded strap and a grippy sole on wet rock. Also a contoured footbed. Colour: black."},
  {"id":"p077","name":"Ostwind Coral Sandals","categories":["shoes","summer"],"colour":"teal","price":"32.90","priceMinor":3290,"image":"img/sandal-teal.svg","description":"Sandals with adjustable straps and a contoured footbed. Also a soft padded strap. Colour: teal."},
  {"id":"p078","name":"Lumo Breeze Sandals","categories":["shoes","summer"],"colour":"teal","price":"36.00","priceMinor":3600,"image":"img/sandal-teal.svg","description":"Sandals with a contoured footbed and adjustable straps. Also a quick-drying build for rivers and beaches. Colour: teal."},
  {"id":"p079","name":"Halvard Lagoon 2 Sandals","categories":["shoes","summer"],"colour":"black","price":"68.00","priceMinor":6800,"image":"img/sandal-black.svg","description":"Sandals with adjustable straps and a contoured footbed. Also a soft padded strap. Colour: black."},
  {"id":"p080","name":"Brisa Coral Sandals","categories":["shoes","summer"],"colour":"black","price":"53.00","priceMinor":5300,"image":"img/sandal-black.svg","description":"Sandals with a contoured footbed and adjustable straps. Also a grippy sole on wet rock. Colour: black."},
  {"id":"p081","name":"Orrin Dune 2 Sandals","categories":["shoes","summer"],"colour":"teal","price":"78.50","priceMinor":7850,"image":"img/sandal-teal.svg","description":"Sandals with a grippy sole on wet rock and adjustable straps. Also a contoured footbed. Colour: teal."},
  {"id":"p082","name":"Orrin Dune Sandals","categories":["shoes","summer"],"colour":"black","price":"74.50","priceMinor":7450,"image":"img/sandal-black.svg","description":"Sandals with adjustable straps and a contoured footbed. Also a soft padded strap. Colour: black."},
  {"id":"p083","name":"Pellin Coral Pro Sandals","categories":["shoes","summer"],"colour":"orange","price":"69.90","priceMinor":6990,"image":"img/sandal-orange.svg","description":"Sandals with a contoured footbed and a soft padded strap. Also a quick-drying build for rivers and beaches. Colour: orange."},
  {"id":"p084","name":"Nimbra Coral Lite Sandals","categories":["shoes","summer"],"colour":"orange","price":"24.99","priceMinor":2499,"image":"img/sandal-orange.svg","description":"Sandals with a contoured footbed and a soft padded strap. Also a quick-drying build for rivers and beaches. Colour: orange."},
  {"id":"p085","name":"Nimbra Breeze Pro Sandals","categories":["shoes","summer"],"colour":"black","price":"72.90","priceMinor":7290,"image":"img/sandal-black.svg","description":"Sandals with a soft padded strap and adjustable straps. Also a grippy sole on wet rock. Colour: black."},
  {"id":"p086","name":"Orrin Lagoon Pro Sandals","categories":["shoes","summer"],"colour":"black","price":"65.50","priceMinor":6550,"image":"img/sandal-black.svg","description":"Sandals with adjustable straps and a contoured footbed. Also a quick-drying build for rivers and beaches. Colour: black."},
  {"id":"p087","name":"Korvel Pulse Running Shirt","categories":["clothing","running"],"colour":"red","price":"32.00","priceMinor":3200,"image":"img/shirt-red.svg","description":"Running shirt with a reflective logo and recycled polyester. Also a relaxed fit. Colour: red."},
  {"id":"p088","name":"Ostwind Pulse Running Shirt","categories":["clothing","running"],"colour":"red","price":"39.99","priceMinor":3999,"image":"img/shirt-red.svg","description":"Running shirt with a relaxed fit and mesh panels under the arms. Also a reflective logo. Colour: red."},
  {"id":"p089","name":"Vandra Pulse Lite Running Shirt","categories":["clothing","running"],"colour":"blue","price":"54.00","priceMinor":5400,"image":"img/shirt-blue.svg","description":"Running shirt with flat seams that do not chafe and a reflective logo. Also a wicking fabric that dries fast. Colour: blue."},
  {"id":"p090","name":"Lumo Tempo Pro Running Shirt","categories":["clothing","running"],"colour":"red","price":"59.00","priceMinor":5900,"image":"img/shirt-red.svg","description":"Running shirt with mesh panels under the arms and recycled polyester. Also a reflective logo. Colour: red."},
  {"id":"p091","name":"Sundre Breeze Pro Running Shirt","categories":["clothing","running"],"colour":"red","price":"17.00","priceMinor":1700,"image":"img/shirt-red.svg","description":"Running shirt with mesh panels under the arms and a relaxed fit. Also a reflective logo. Colour: red."},
  {"id":"p092","name":"Halvard Mile Running Shirt","categories":["clothing","running"],"colour":"red","price":"49.90","priceMinor":4990,"image":"img/shirt-red.svg","description":"Running shirt with recycled polyester and a reflective logo. Also flat seams that do not chafe. Colour: red."},
  {"id":"p093","name":"Tessaly Pulse Running Shirt","categories":["clothing","running"],"colour":"red","price":"29.99","priceMinor":2999,"image":"img/shirt-red.svg","description":"Running shirt with flat seams that do not chafe and a relaxed fit. Also a wicking fabric that dries fast. Colour: red."},
  {"id":"p094","name":"Halvard Breeze 2 Running Shirt","categories":["clothing","running"],"colour":"blue","price":"30.00","priceMinor":3000,"image":"img/shirt-blue.svg","description":"Running shirt with a relaxed fit and recycled polyester. Also flat seams that do not chafe. Colour: blue."},
  {"id":"p095","name":"Vandra Mile 2 Running Shirt","categories":["clothing","running"],"colour":"red","price":"43.00","priceMinor":4300,"image":"img/shirt-red.svg","description":"Running shirt with a wicking fabric that dries fast and mesh panels under the arms. Also a reflective logo. Colour: red."},
  {"id":"p096","name":"Sundre Split 2 Running Shirt","categories":["clothing","running"],"colour":"yellow","price":"40.90","priceMinor":4090,"image":"img/shirt-yellow.svg","description":"Running shirt with flat seams that do not chafe and a reflective logo. Also mesh panels under the arms. Colour: yellow."},
  {"id":"p097","name":"Ostwind Split Pro Running Shirt","categories":["clothing","running"],"colour":"blue","price":"49.00","priceMinor":4900,"image":"img/shirt-blue.svg","description":"Running shirt with a relaxed fit and flat seams that do not chafe. Also a reflective logo. Colour: blue."},
  {"id":"p098","name":"Halvard Breeze Running Shirt","categories":["clothing","running"],"colour":"blue","price":"47.99","priceMinor":4799,"image":"img/shirt-blue.svg","description":"Running shirt with recycled polyester and a reflective logo. Also a wicking fabric that dries fast. Colour: blue."},
  {"id":"p099","name":"Korvel Mile Running Shirt","categories":["clothing","running"],"colour":"blue","price":"26.50","priceMinor":2650,"image":"img/shirt-blue.svg","description":"Running shirt with flat seams that do not chafe and recycled polyester. Also a relaxed fit. Colour: blue."},
  {"id":"p100","name":"Lumo Mile Pro Running Shirt","categories":["clothing","running"],"colour":"blue","price":"58.99","priceMinor":5899,"image":"img/shirt-blue.svg","description":"Running shirt with flat seams that do not chafe and recycled polyester. Also a relaxed fit. Colour: blue."},
  {"id":"p101","name":"Korvel Tempo Running Shirt","categories":["clothing","running"],"colour":"yellow","price":"53.99","priceMinor":5399,"image":"img/shirt-yellow.svg","description":"Running shirt with a relaxed fit and recycled polyester. Also a wicking fabric that dries fast. Colour: yellow."},
  {"id":"p102","name":"Sundre Mile Running Shirt","categories":["clothing","running"],"colour":"red","price":"57.50","priceMinor":5750,"image":"img/shirt-red.svg","description":"Running shirt with mesh panels under the arms and a relaxed fit. Also a reflective logo. Colour: red."},
  {"id":"p103","name":"Nimbra Drizzle Lite Rain Jacket","categories":["clothing","outdoor"],"colour":"yellow","price":"138.50","priceMinor":13850,"image":"img/jacket-yellow.svg","description":"Rain jacket with taped seams and a packable pocket. Also a helmet-compatible hood. Colour: yellow."},
  {"id":"p104","name":"Brisa Torrent Rain Jacket","categories":["clothing","outdoor"],"colour":"yellow","price":"224.50","priceMinor":22450,"image":"img/jacket-yellow.svg","description":"Rain jacket with a packable pocket and pit zips for ventilation. Also a soft chin guard. Colour: yellow."},
  {"id":"p105","name":"Pellin Cloudburst Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"71.99","priceMinor":7199,"image":"img/jacket-green.svg","description":"Rain jacket with pit zips for ventilation and a 20,000 mm waterproof rating. Also taped seams. Colour: green."},
  {"id":"p106","name":"Orrin Storm 2 Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"172.99","priceMinor":17299,"image":"img/jacket-green.svg","description":"Rain jacket with a packable pocket and a soft chin guard. Also a helmet-compatible hood. Colour: green."},
  {"id":"p107","name":"Quorra Torrent Pro Rain Jacket","categories":["clothing","outdoor"],"colour":"red","price":"210.99","priceMinor":21099,"image":"img/jacket-red.svg","description":"Rain jacket with a helmet-compatible hood and a packable pocket. Also pit zips for ventilation. Colour: red."},
  {"id":"p108","name":"Nimbra Monsoon Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"139.90","priceMinor":13990,"image":"img/jacket-green.svg","description":"Rain jacket with a helmet-compatible hood and a soft chin guard. Also pit zips for ventilation. Colour: green."},
  {"id":"p109","name":"Korvel Drizzle Rain Jacket","categories":["clothing","outdoor"],"colour":"yellow","price":"201.90","priceMinor":20190,"image":"img/jacket-yellow.svg","description":"Rain jacket with a packable pocket and pit zips for ventilation. Also a helmet-compatible hood. Colour: yellow."},
  {"id":"p110","name":"Tessaly Gale Rain Jacket","categories":["clothing","outdoor"],"colour":"red","price":"220.99","priceMinor":22099,"image":"img/jacket-red.svg","description":"Rain jacket with pit zips for ventilation and a packable pocket. Also taped seams. Colour: red."},
  {"id":"p111","name":"Nimbra Cloudburst Rain Jacket","categories":["clothing","outdoor"],"colour":"blue","price":"66.00","priceMinor":6600,"image":"img/jacket-blue.svg","description":"Rain jacket with taped seams and a 20,000 mm waterproof rating. Also pit zips for ventilation. Colour: blue."},
  {"id":"p112","name":"Orrin Drizzle Pro Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"92.99","priceMinor":9299,"image":"img/jacket-green.svg","description":"Rain jacket with a soft chin guard and taped seams. Also a packable pocket. Colour: green."},
  {"id":"p113","name":"Pellin Torrent Pro Rain Jacket","categories":["clothing","outdoor"],"colour":"red","price":"90.99","priceMinor":9099,"image":"img/jacket-red.svg","description":"Rain jacket with a soft chin guard and a helmet-compatible hood. Also a packable pocket. Colour: red."},
  {"id":"p114","name":"Quorra Squall 2 Rain Jacket","categories":["clothing","outdoor"],"colour":"red","price":"121.99","priceMinor":12199,"image":"img/jacket-red.svg","description":"Rain jacket with a 20,000 mm waterproof rating and a helmet-compatible hood. Also taped seams. Colour: red."},
  {"id":"p115","name":"Halvard Squall Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"137.99","priceMinor":13799,"image":"img/jacket-green.svg","description":"Rain jacket with a packable pocket and pit zips for ventilation. Also taped seams. Colour: green."},
  {"id":"p116","name":"Nimbra Cloudburst 2 Rain Jacket","categories":["clothing","outdoor"],"colour":"green","price":"123.99","priceMinor":12399,"image":"img/jacket-green.svg","description":"Rain jacket with a helmet-compatible hood and pit zips for ventilation. Also taped seams. Colour: green."},
  {"id":"p117","name":"Tessaly Ember Pro Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"68.99","priceMinor":6899,"image":"img/jacket-grey.svg","description":"Fleece jacket with a full-length zip and a brushed inside that stays soft. Also a warm grid fleece. Colour: grey."},
  {"id":"p118","name":"Ostwind Hearth Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"85.99","priceMinor":8599,"image":"img/jacket-grey.svg","description":"Fleece jacket with zipped hand pockets and a full-length zip. Also stretchy cuffs. Colour: grey."},
  {"id":"p119","name":"Brisa Timber Fleece Jacket","categories":["clothing","outdoor"],"colour":"purple","price":"126.90","priceMinor":12690,"image":"img/jacket-purple.svg","description":"Fleece jacket with a warm grid fleece and zipped hand pockets. Also stretchy cuffs. Colour: purple."},
  {"id":"p120","name":"Vandra Pine 2 Fleece Jacket","categories":["clothing","outdoor"],"colour":"teal","price":"87.90","priceMinor":8790,"image":"img/jacket-teal.svg","description":"Fleece jacket with zipped hand pockets and stretchy cuffs. Also a full-length zip. Colour: teal."},
  {"id":"p121","name":"Korvel Ember 2 Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"88.50","priceMinor":8850,"image":"img/jacket-grey.svg","description":"Fleece jacket with a brushed inside that stays soft and a full-length zip. Also stretchy cuffs. Colour: grey."},
  {"id":"p122","name":"Tessaly Bracken 2 Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"62.50","priceMinor":6250,"image":"img/jacket-grey.svg","description":"Fleece jacket with a brushed inside that stays soft and a warm grid fleece. Also stretchy cuffs. Colour: grey."},
  {"id":"p123","name":"Pellin Bracken Fleece Jacket","categories":["clothing","outdoor"],"colour":"teal","price":"59.90","priceMinor":5990,"image":"img/jacket-teal.svg","description":"Fleece jacket with a warm grid fleece and zipped hand pockets. Also a full-length zip. Colour: teal."},
  {"id":"p124","name":"Orrin Pine Pro Fleece Jacket","categories":["clothing","outdoor"],"colour":"teal","price":"92.99","priceMinor":9299,"image":"img/jacket-teal.svg","description":"Fleece jacket with a warm grid fleece and zipped hand pockets. Also a brushed inside that stays soft. Colour: teal."},
  {"id":"p125","name":"Brisa Lodge Fleece Jacket","categories":["clothing","outdoor"],"colour":"teal","price":"67.90","priceMinor":6790,"image":"img/jacket-teal.svg","description":"Fleece jacket with stretchy cuffs and zipped hand pockets. Also a full-length zip. Colour: teal."},
  {"id":"p126","name":"Quorra Bracken Fleece Jacket","categories":["clothing","outdoor"],"colour":"teal","price":"128.99","priceMinor":12899,"image":"img/jacket-teal.svg","description":"Fleece jacket with a brushed inside that stays soft and stretchy cuffs. Also zipped hand pockets. Colour: teal."},
  {"id":"p127","name":"Brisa Hearth Lite Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"98.00","priceMinor":9800,"image":"img/jacket-grey.svg","description":"Fleece jacket with zipped hand pockets and stretchy cuffs. Also a brushed inside that stays soft. Colour: grey."},
  {"id":"p128","name":"Orrin Hearth Fleece Jacket","categories":["clothing","outdoor"],"colour":"grey","price":"47.00","priceMinor":4700,"image":"img/jacket-grey.svg","description":"Fleece jacket with a brushed inside that stays soft and a full-length zip. Also a warm grid fleece. Colour: grey."},
  {"id":"p129","name":"Tessaly Sprint Running Socks","categories":["clothing","running"],"colour":"white","price":"12.90","priceMinor":1290,"image":"img/sock-white.svg","description":"Running socks with a seamless toe and merino wool. Also cushioning under the heel. Colour: white."},
  {"id":"p130","name":"Sundre Sprint Pro Running Socks","categories":["clothing","running"],"colour":"orange","price":"22.50","priceMinor":2250,"image":"img/sock-orange.svg","description":"Running socks with arch support and merino wool. Also cushioning under the heel. Colour: orange."},
  {"id":"p131","name":"Sundre Pace Lite Running Socks","categories":["clothing","running"],"colour":"white","price":"8.90","priceMinor":890,"image":"img/sock-white.svg","description":"Running socks with arch support and a seamless toe. Also a pack of three pairs. Colour: white."},
  {"id":"p132","name":"Quorra Tempo Running Socks","categories":["clothing","running"],"colour":"white","price":"10.00","priceMinor":1000,"image":"img/sock-white.svg","description":"Running socks with a pack of three pairs and cushioning under the heel. Also arch support. Colour: white."},
  {"id":"p133","name":"Quorra Sprint 2 Running Socks","categories":["clothing","running"],"colour":"black","price":"24.90","priceMinor":2490,"image":"img/sock-black.svg","description":"Running socks with arch support and a seamless toe. Also cushioning under the heel. Colour: black."},
  {"id":"p134","name":"Ostwind Tempo Running Socks","categories":["clothing","running"],"colour":"orange","price":"13.90","priceMinor":1390,"image":"img/sock-orange.svg","description":"Running socks with cushioning under the heel and a pack of three pairs. Also merino wool. Colour: orange."},
  {"id":"p135","name":"Halvard Pace Running Socks","categories":["clothing","running"],"colour":"white","price":"19.00","priceMinor":1900,"image":"img/sock-white.svg","description":"Running socks with a pack of three pairs and cushioning under the heel. Also arch support. Colour: white."},
  {"id":"p136","name":"Quorra Pace 2 Running Socks","categories":["clothing","running"],"colour":"black","price":"17.90","priceMinor":1790,"image":"img/sock-black.svg","description":"Running socks with a pack of three pairs and arch support. Also cushioning under the heel. Colour: black."},
  {"id":"p137","name":"Korvel Marathon Lite Running Socks","categories":["clothing","running"],"colour":"white","price":"20.50","priceMinor":2050,"image":"img/sock-white.svg","description":"Running socks with a seamless toe and arch support. Also a pack of three pairs. Colour: white."},
  {"id":"p138","name":"Quorra Marathon Lite Running Socks","categories":["clothing","running"],"colour":"orange","price":"10.99","priceMinor":1099,"image":"img/sock-orange.svg","description":"Running socks with a seamless toe and a pack of three pairs. Also merino wool. Colour: orange."},
  {"id":"p139","name":"Sundre Cirrus Lite Tent","categories":["outdoor","camping"],"colour":"green","price":"470.99","priceMinor":47099,"image":"img/tent-green.svg","description":"Tent with a weight of 1.9 kg and two doors and two porches. Also room for a family of four. Colour: green."},
  {"id":"p140","name":"Tessaly Hollow Tent","categories":["outdoor","camping"],"colour":"orange","price":"268.99","priceMinor":26899,"image":"img/tent-orange.svg","description":"Tent with room for two and their packs and a weight of 1.9 kg. Also a freestanding aluminium frame. Colour: orange."},
  {"id":"p141","name":"Quorra Nomad Tent","categories":["outdoor","camping"],"colour":"orange","price":"346.00","priceMinor":34600,"image":"img/tent-orange.svg","description":"Tent with a weight of 1.9 kg and room for two and their packs. Also two doors and two porches. Colour: orange."},
  {"id":"p142","name":"Korvel Wanderer Pro Tent","categories":["outdoor","camping"],"colour":"orange","price":"131.99","priceMinor":13199,"image":"img/tent-orange.svg","description":"Tent with two doors and two porches and room for two and their packs. Also a weight of 1.9 kg. Colour: orange."},
  {"id":"p143","name":"Vandra Cirrus Tent","categories":["outdoor","camping"],"colour":"yellow","price":"377.90","priceMinor":37790,"image":"img/tent-yellow.svg","description":"Tent with room for two and their packs and a fly that pitches first in the rain. Also two doors and two porches. Colour: yellow."},
  {"id":"p144","name":"Ostwind Cirrus 2 Tent","categories":["outdoor","camping"],"colour":"orange","price":"280.00","priceMinor":28000,"image":"img/tent-orange.svg","description":"Tent with two doors and two porches and a freestanding aluminium frame. Also a weight of 1.9 kg. Colour: orange."},
  {"id":"p145","name":"Vandra Hollow Lite Tent","categories":["outdoor","camping"],"colour":"green","price":"416.99","priceMinor":41699,"image":"img/tent-green.svg","description":"Tent with a freestanding aluminium frame and room for two and their packs. Also a fly that pitches first in the rain. Colour: green."},
  {"id":"p146","name":"Nimbra Cirrus Lite Tent","categories":["outdoor","camping"],"colour":"green","price":"295.99","priceMinor":29599,"image":"img/tent-green.svg","description":"Tent with a fly that pitches first in the rain and a weight of 1.9 kg. Also room for two and their packs. Colour: green."},
  {"id":"p147","name":"Tessaly Wanderer Lite Tent","categories":["outdoor","camping"],"colour":"yellow","price":"249.90","priceMinor":24990,"image":"img/tent-yellow.svg","description":"Tent with room for a family of four and a fly that pitches first in the rain. Also two doors and two porches. Colour: yellow."},
  {"id":"p148","name":"Nimbra Nomad Pro Tent","categories":["outdoor","camping"],"colour":"yellow","price":"477.50","priceMinor":47750,"image":"img/tent-yellow.svg","description":"Tent with two doors and two porches and a fly that pitches first in the rain. Also a freestanding aluminium frame. Colour: yellow."},
  {"id":"p149","name":"Quorra Meadow Lite Tent","categories":["outdoor","camping"],"colour":"orange","price":"172.99","priceMinor":17299,"image":"img/tent-orange.svg","description":"Tent with two doors and two porches and room for two and their packs. Also a freestanding aluminium frame. Colour: orange."},
  {"id":"p150","name":"Quorra Meadow 2 Tent","categories":["outdoor","camping"],"colour":"yellow","price":"454.50","priceMinor":45450,"image":"img/tent-yellow.svg","description":"Tent with a weight of 1.9 kg and room for a family of four. Also a fly that pitches first in the rain. Colour: yellow."},
  {"id":"p151","name":"Korvel Wanderer Tent","categories":["outdoor","camping"],"colour":"orange","price":"111.99","priceMinor":11199,"image":"img/tent-orange.svg","description":"Tent with room for a family of four and a fly that pitches first in the rain. Also a freestanding aluminium frame. Colour: orange."},
  {"id":"p152","name":"Pellin Cirrus Tent","categories":["outdoor","camping"],"colour":"yellow","price":"116.99","priceMinor":11699,"image":"img/tent-yellow.svg","description":"Tent with a weight of 1.9 kg and room for two and their packs. Also room for a family of four. Colour: yellow."},
  {"id":"p153","name":"Quorra Daytrip Lite Backpack","categories":["outdoor","bags","hiking"],"colour":"grey","price":"114.90","priceMinor":11490,"image":"img/backpack-grey.svg","description":"Backpack with a ventilated back panel and a hip belt with pockets. Also a 28 litre main compartment. Colour: grey."},
  {"id":"p154","name":"Sundre Voyager Backpack","categories":["outdoor","bags","hiking"],"colour":"grey","price":"163.50","priceMinor":16350,"image":"img/backpack-grey.svg","description":"Backpack with a padded laptop sleeve and a 45 litre volume for trips. Also a rain cover. Colour: grey."},
  {"id":"p155","name":"Orrin Traverse Backpack","categories":["outdoor","bags","hiking"],"colour":"grey","price":"80.90","priceMinor":8090,"image":"img/backpack-grey.svg","description":"Backpack with a 45 litre volume for trips and a ventilated back panel. Also a rain cover. Colour: grey."},
  {"id":"p156","name":"Tessaly Commuter Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"59.00","priceMinor":5900,"image":"img/backpack-blue.svg","description":"Backpack with a hip belt with pockets and a padded laptop sleeve. Also a ventilated back panel. Colour: blue."},
  {"id":"p157","name":"Nimbra Voyager 2 Backpack","categories":["outdoor","bags","hiking"],"colour":"grey","price":"29.50","priceMinor":2950,"image":"img/backpack-grey.svg","description":"Backpack with a 28 litre main compartment and a hip belt with pockets. Also a rain cover. Colour: grey."},
  {"id":"p158","name":"Vandra Commuter 2 Backpack","categories":["outdoor","bags","hiking"],"colour":"red","price":"133.50","priceMinor":13350,"image":"img/backpack-red.svg","description":"Backpack with side pockets for bottles and a 45 litre volume for trips. Also a 28 litre main compartment. Colour: red."},
  {"id":"p159","name":"Tessaly Daytrip Backpack","categories":["outdoor","bags","hiking"],"colour":"red","price":"183.00","priceMinor":18300,"image":"img/backpack-red.svg","description":"Backpack with a padded laptop sleeve and a 45 litre volume for trips. Also side pockets for bottles. Colour: red."},
  {"id":"p160","name":"Tessaly Traverse Backpack","categories":["outdoor","bags","hiking"],"colour":"red","price":"46.90","priceMinor":4690,"image":"img/backpack-red.svg","description":"Backpack with a hip belt with pockets and a 45 litre volume for trips. Also side pockets for bottles. Colour: red."},
  {"id":"p161","name":"Lumo Summit Backpack","categories":["outdoor","bags","hiking"],"colour":"black","price":"162.90","priceMinor":16290,"image":"img/backpack-black.svg","description":"Backpack with a rain cover and a ventilated back panel. Also a hip belt with pockets. Colour: black."},
  {"id":"p162","name":"Tessaly Summit 2 Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"155.90","priceMinor":15590,"image":"img/backpack-blue.svg","description":"Backpack with a ventilated back panel and a 45 litre volume for trips. Also side pockets for bottles. Colour: blue."},
  {"id":"p163","name":"Tessaly Rucksack Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"48.00","priceMinor":4800,"image":"img/backpack-blue.svg","description":"Backpack with a rain cover and a 45 litre volume for trips. Also a padded laptop sleeve. Colour: blue."},
  {"id":"p164","name":"Nimbra Traverse Pro Backpack","categories":["outdoor","bags","hiking"],"colour":"grey","price":"72.99","priceMinor":7299,"image":"img/backpack-grey.svg","description":"Backpack with a ventilated back panel and a padded laptop sleeve. Also side pockets for bottles. Colour: grey."},
  {"id":"p165","name":"Ostwind Traverse Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"166.90","priceMinor":16690,"image":"img/backpack-blue.svg","description":"Backpack with a padded laptop sleeve and a rain cover. Also a 45 litre volume for trips. Colour: blue."},
  {"id":"p166","name":"Vandra Voyager Lite Backpack","categories":["outdoor","bags","hiking"],"colour":"red","price":"55.50","priceMinor":5550,"image":"img/backpack-red.svg","description":"Backpack with side pockets for bottles and a 45 litre volume for trips. Also a hip belt with pockets. Colour: red."},
  {"id":"p167","name":"Lumo Traverse Lite Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"152.50","priceMinor":15250,"image":"img/backpack-blue.svg","description":"Backpack with a rain cover and a hip belt with pockets. Also a 28 litre main compartment. Colour: blue."},
  {"id":"p168","name":"Ostwind Commuter 2 Backpack","categories":["outdoor","bags","hiking"],"colour":"blue","price":"109.99","priceMinor":10999,"image":"img/backpack-blue.svg","description":"Backpack with a ventilated back panel and a 45 litre volume for trips. Also a rain cover. Colour: blue."},
  {"id":"p169","name":"Korvel Cocoon Lite Sleeping Bag","categories":["outdoor","camping"],"colour":"blue","price":"124.99","priceMinor":12499,"image":"img/sleepingbag-blue.svg","description":"Sleeping bag with a mummy shape and a comfort rating of 2 \u00b0C. Also a synthetic fill that stays warm when damp. Colour: blue."},
  {"id":"p170","name":"Brisa Ember Lite Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"344.50","priceMinor":34450,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with responsibly sourced down and a comfort rating of 2 \u00b0C. Also a synthetic fill that stays warm when damp. Colour: purple."},
  {"id":"p171","name":"Brisa Ember Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"278.50","priceMinor":27850,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with a comfort rating of 2 \u00b0C and a comfort rating of -5 \u00b0C. Also a mummy shape. Colour: purple."},
  {"id":"p172","name":"Brisa Cocoon 2 Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"81.90","priceMinor":8190,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with a comfort rating of 2 \u00b0C and a compression sack. Also a mummy shape. Colour: purple."},
  {"id":"p173","name":"Lumo Dormer Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"65.00","priceMinor":6500,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with a compression sack and a synthetic fill that stays warm when damp. Also a comfort rating of -5 \u00b0C. Colour: purple."},
  {"id":"p174","name":"Korvel Starlight Sleeping Bag","categories":["outdoor","camping"],"colour":"orange","price":"112.50","priceMinor":11250,"image":"img/sleepingbag-orange.svg","description":"Sleeping bag with a synthetic fill that stays warm when damp and a mummy shape. Also a comfort rating of 2 \u00b0C. Colour: orange."},
  {"id":"p175","name":"Lumo Cocoon Sleeping Bag","categories":["outdoor","camping"],"colour":"blue","price":"79.99","priceMinor":7999,"image":"img/sleepingbag-blue.svg","description":"Sleeping bag with a comfort rating of -5 \u00b0C and a synthetic fill that stays warm when damp. Also a mummy shape. Colour: blue."},
  {"id":"p176","name":"Brisa Cocoon Lite Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"116.50","priceMinor":11650,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with a comfort rating of 2 \u00b0C and a compression sack. Also a synthetic fill that stays warm when damp. Colour: purple."},
  {"id":"p177","name":"Tessaly Ember Lite Sleeping Bag","categories":["outdoor","camping"],"colour":"blue","price":"216.50","priceMinor":21650,"image":"img/sleepingbag-blue.svg","description":"Sleeping bag with a mummy shape and a compression sack. Also responsibly sourced down. Colour: blue."},
  {"id":"p178","name":"Quorra Ember Sleeping Bag","categories":["outdoor","camping"],"colour":"orange","price":"217.90","priceMinor":21790,"image":"img/sleepingbag-orange.svg","description":"Sleeping bag with a compression sack and a comfort rating of -5 \u00b0C. Also a mummy shape. Colour: orange."},
  {"id":"p179","name":"Halvard Ember Sleeping Bag","categories":["outdoor","camping"],"colour":"orange","price":"144.00","priceMinor":14400,"image":"img/sleepingbag-orange.svg","description":"Sleeping bag with a compression sack and a mummy shape. Also responsibly sourced down. Colour: orange."},
  {"id":"p180","name":"Lumo Nightfall 2 Sleeping Bag","categories":["outdoor","camping"],"colour":"purple","price":"173.00","priceMinor":17300,"image":"img/sleepingbag-purple.svg","description":"Sleeping bag with a comfort rating of -5 \u00b0C and a synthetic fill that stays warm when damp. Also a comfort rating of 2 \u00b0C. Colour: purple."},
  {"id":"p181","name":"Vandra Cascade Lite Water Bottle","categories":["outdoor","kitchen","running"],"colour":"grey","price":"35.90","priceMinor":3590,"image":"img/bottle-grey.svg","description":"Water bottle with 750 ml and a soft flask that folds away. Also a leak-proof lid. Colour: grey."},
  {"id":"p182","name":"Pellin Cascade Lite Water Bottle","categories":["outdoor","kitchen","running"],"colour":"blue","price":"13.99","priceMinor":1399,"image":"img/bottle-blue.svg","description":"Water bottle with keeps drinks cold for 24 hours and a leak-proof lid. Also a carry loop. Colour: blue."},
  {"id":"p183","name":"Nimbra Rill Pro Water Bottle","categories":["outdoor","kitchen","running"],"colour":"blue","price":"24.50","priceMinor":2450,"image":"img/bottle-blue.svg","description":"Water bottle with a carry loop and a leak-proof lid. Also 750 ml. Colour: blue."},
  {"id":"p184","name":"Brisa Oasis 2 Water Bottle","categories":["outdoor","kitchen","running"],"colour":"red","price":"21.00","priceMinor":2100,"image":"img/bottle-red.svg","description":"Water bottle with a double-wall steel body and 750 ml. Also a leak-proof lid. Colour: red."},
  {"id":"p185","name":"Vandra Brook Lite Water Bottle","categories":["outdoor","kitchen","running"],"colour":"teal","price":"44.50","priceMinor":4450,"image":"img/bottle-teal.svg","description":"Water bottle with a soft flask that folds away and 750 ml. Also keeps drinks cold for 24 hours. Colour: teal."},
  {"id":"p186","name":"Nimbra Oasis Pro Water Bottle","categories":["outdoor","kitchen","running"],"colour":"blue","price":"45.00","priceMinor":4500,"image":"img/bottle-blue.svg","description":"Water bottle with a soft flask that folds away and a leak-proof lid. Also keeps drinks cold for 24 hours. Colour: blue."},
  {"id":"p187","name":"Tessaly Rill Lite Water Bottle","categories":["outdoor","kitchen","running"],"colour":"teal","price":"41.99","priceMinor":4199,"image":"img/bottle-teal.svg","description":"Water bottle with a soft flask that folds away and keeps drinks cold for 24 hours. Also a double-wall steel body. Colour: teal."},
  {"id":"p188","name":"Orrin Cascade Water Bottle","categories":["outdoor","kitchen","running"],"colour":"grey","price":"32.50","priceMinor":3250,"image":"img/bottle-grey.svg","description":"Water bottle with a double-wall steel body and 750 ml. Also a leak-proof lid. Colour: grey."},
  {"id":"p189","name":"Pellin Rill Lite Water Bottle","categories":["outdoor","kitchen","running"],"colour":"grey","price":"41.99","priceMinor":4199,"image":"img/bottle-grey.svg","description":"Water bottle with 750 ml and a carry loop. Also keeps drinks cold for 24 hours. Colour: grey."},
  {"id":"p190","name":"Quorra Cascade Water Bottle","categories":["outdoor","kitchen","running"],"colour":"grey","price":"38.00","priceMinor":3800,"image":"img/bottle-grey.svg","description":"Water bottle with keeps drinks cold for 24 hours and a carry loop. Also a soft flask that folds away. Colour: grey."},
  {"id":"p191","name":"Pellin Rill 2 Water Bottle","categories":["outdoor","kitchen","running"],"colour":"red","price":"41.50","priceMinor":4150,"image":"img/bottle-red.svg","description":"Water bottle with keeps drinks cold for 24 hours and a double-wall steel body. Also 750 ml. Colour: red."},
  {"id":"p192","name":"Brisa Well 2 Water Bottle","categories":["outdoor","kitchen","running"],"colour":"grey","price":"9.50","priceMinor":950,"image":"img/bottle-grey.svg","description":"Water bottle with a leak-proof lid and a soft flask that folds away. Also 750 ml. Colour: grey."},
  {"id":"p193","name":"Korvel Nightrun Headlamp","categories":["outdoor","running","camping"],"colour":"orange","price":"32.99","priceMinor":3299,"image":"img/headlamp-orange.svg","description":"Headlamp with a comfortable elastic band and water resistance for rainy runs. Also 400 lumens. Colour: orange."},
  {"id":"p194","name":"Orrin Lantern Lite Headlamp","categories":["outdoor","running","camping"],"colour":"yellow","price":"87.50","priceMinor":8750,"image":"img/headlamp-yellow.svg","description":"Headlamp with a USB-C rechargeable battery and a tilting head. Also 400 lumens. Colour: yellow."},
  {"id":"p195","name":"Vandra Nightrun 2 Headlamp","categories":["outdoor","running","camping"],"colour":"orange","price":"44.99","priceMinor":4499,"image":"img/headlamp-orange.svg","description":"Headlamp with a red light mode and a USB-C rechargeable battery. Also water resistance for rainy runs. Colour: orange."},
  {"id":"p196","name":"Korvel Flare Headlamp","categories":["outdoor","running","camping"],"colour":"yellow","price":"28.50","priceMinor":2850,"image":"img/headlamp-yellow.svg","description":"Headlamp with 400 lumens and a red light mode. Also a USB-C rechargeable battery. Colour: yellow."},
  {"id":"p197","name":"Orrin Nightrun Pro Headlamp","categories":["outdoor","running","camping"],"colour":"orange","price":"50.99","priceMinor":5099,"image":"img/headlamp-orange.svg","description":"Headlamp with water resistance for rainy runs and a comfortable elastic band. Also a tilting head. Colour: orange."},
  {"id":"p198","name":"Korvel Nightrun 2 Headlamp","categories":["outdoor","running","camping"],"colour":"black","price":"30.90","priceMinor":3090,"image":"img/headlamp-black.svg","description":"Headlamp with a USB-C rechargeable battery and a red light mode. Also 400 lumens. Colour: black."},
  {"id":"p199","name":"Orrin Flare Headlamp","categories":["outdoor","running","camping"],"colour":"black","price":"51.99","priceMinor":5199,"image":"img/headlamp-black.svg","description":"Headlamp with 400 lumens and a USB-C rechargeable battery. Also a red light mode. Colour: black."},
  {"id":"p200","name":"Vandra Nightrun Headlamp","categories":["outdoor","running","camping"],"colour":"yellow","price":"53.99","priceMinor":5399,"image":"img/headlamp-yellow.svg","description":"Headlamp with a tilting head and a red light mode. Also a USB-C rechargeable battery. Colour: yellow."},
  {"id":"p201","name":"Pellin Beacon Headlamp","categories":["outdoor","running","camping"],"colour":"yellow","price":"26.90","priceMinor":2690,"image":"img/headlamp-yellow.svg","description":"Headlamp with a USB-C rechargeable battery and a comfortable elastic band. Also a tilting head. Colour: yellow."},
  {"id":"p202","name":"Ostwind Flare Headlamp","categories":["outdoor","running","camping"],"colour":"orange","price":"46.90","priceMinor":4690,"image":"img/headlamp-orange.svg","description":"Headlamp with a tilting head and a comfortable elastic band. Also a USB-C rechargeable battery. Colour: orange."},
  {"id":"p203","name":"Brisa Skillet Lite Frying Pan","categories":["kitchen","cookware"],"colour":"grey","price":"34.90","priceMinor":3490,"image":"img/pan-grey.svg","description":"Frying pan with a pouring lip and a base for induction hobs. Also a 28 cm cast-iron body. Colour: grey."},
  {"id":"p204","name":"Pellin Skillet Frying Pan","categories":["kitchen","cookware"],"colour":"black","price":"86.90","priceMinor":8690,"image":"img/pan-black.svg","description":"Frying pan with a 28 cm cast-iron body and a tri-ply stainless build. Also a pouring lip. Colour: black."},
  {"id":"p205","name":"Halvard Bistro Frying Pan","categories":["kitchen","cookware"],"colour":"black","price":"89.00","priceMinor":8900,"image":"img/pan-black.svg","description":"Frying pan with a tri-ply stainless build and an oven-safe handle. Also a PFAS-free non-stick coating. Colour: black."},
  {"id":"p206","name":"Tessaly Bistro 2 Frying Pan","categories":["kitchen","cookware"],"colour":"red","price":"46.99","priceMinor":4699,"image":"img/pan-red.svg","description":"Frying pan with a tri-ply stainless build and a 28 cm cast-iron body. Also an oven-safe handle. Colour: red."},
  {"id":"p207","name":"Brisa Skillet Frying Pan","categories":["kitchen","cookware"],"colour":"red","price":"118.90","priceMinor":11890,"image":"img/pan-red.svg","description":"Frying pan with a base for induction hobs and an oven-safe handle. Also a tri-ply stainless build. Colour: red."},
  {"id":"p208","name":"Ostwind Skillet Frying Pan","categories":["kitchen","cookware"],"colour":"black","price":"44.50","priceMinor":4450,"image":"img/pan-black.svg","description":"Frying pan with an oven-safe handle and a pouring lip. Also a PFAS-free non-stick coating. Colour: black."},
  {"id":"p209","name":"Brisa Chef 2 Frying Pan","categories":["kitchen","cookware"],"colour":"grey","price":"63.99","priceMinor":6399,"image":"img/pan-grey.svg","description":"Frying pan with a tri-ply stainless build and a PFAS-free non-stick coating. Also a pouring lip. Colour: grey."},
  {"id":"p210","name":"Orrin Bistro Lite Frying Pan","categories":["kitchen","cookware"],"colour":"black","price":"106.00","priceMinor":10600,"image":"img/pan-black.svg","description":"Frying pan with a pouring lip and a tri-ply stainless build. Also a PFAS-free non-stick coating. Colour: black."},
  {"id":"p211","name":"Korvel Skillet 2 Frying Pan","categories":["kitchen","cookware"],"colour":"grey","price":"79.90","priceMinor":7990,"image":"img/pan-grey.svg","description":"Frying pan with a PFAS-free non-stick coating and a 28 cm cast-iron body. Also a pouring lip. Colour: grey."},
  {"id":"p212","name":"Sundre Chef Frying Pan","categories":["kitchen","cookware"],"colour":"red","price":"76.99","priceMinor":7699,"image":"img/pan-red.svg","description":"Frying pan with a PFAS-free non-stick coating and a base for induction hobs. Also a tri-ply stainless build. Colour: red."},
  {"id":"p213","name":"Korvel Searing Pro Frying Pan","categories":["kitchen","cookware"],"colour":"grey","price":"122.00","priceMinor":12200,"image":"img/pan-grey.svg","description":"Frying pan with a tri-ply stainless build and a 28 cm cast-iron body. Also a base for induction hobs. Colour: grey."},
  {"id":"p214","name":"Lumo Bistro Lite Frying Pan","categories":["kitchen","cookware"],"colour":"red","price":"60.99","priceMinor":6099,"image":"img/pan-red.svg","description":"Frying pan with an oven-safe handle and a 28 cm cast-iron body. Also a base for induction hobs. Colour: red."},
  {"id":"p215","name":"Lumo Sizzle Lite Frying Pan","categories":["kitchen","cookware"],"colour":"black","price":"95.90","priceMinor":9590,"image":"img/pan-black.svg","description":"Frying pan with a 28 cm cast-iron body and a PFAS-free non-stick coating. Also a base for induction hobs. Colour: black."},
  {"id":"p216","name":"Halvard Everyday Frying Pan","categories":["kitchen","cookware"],"colour":"grey","price":"90.50","priceMinor":9050,"image":"img/pan-grey.svg","description":"Frying pan with a 28 cm cast-iron body and a pouring lip. Also a base for induction hobs. Colour: grey."},
  {"id":"p217","name":"Brisa Santoku Chef Knife","categories":["kitchen","knives"],"colour":"grey","price":"40.99","priceMinor":4099,"image":"img/knife-grey.svg","description":"Chef knife with a blade guard and a balanced wooden handle. Also a 20 cm blade. Colour: grey."},
  {"id":"p218","name":"Orrin Classic Chef Knife","categories":["kitchen","knives"],"colour":"white","price":"119.90","priceMinor":11990,"image":"img/knife-white.svg","description":"Chef knife with a balanced wooden handle and a full tang. Also a 20 cm blade. Colour: white."},
  {"id":"p219","name":"Tessaly Carver Chef Knife","categories":["kitchen","knives"],"colour":"black","price":"169.99","priceMinor":16999,"image":"img/knife-black.svg","description":"Chef knife with a full tang and a hand-sharpened edge. Also a blade guard. Colour: black."},
  {"id":"p220","name":"Lumo Paring Chef Knife","categories":["kitchen","knives"],"colour":"grey","price":"160.50","priceMinor":16050,"image":"img/knife-grey.svg","description":"Chef knife with a balanced wooden handle and a blade guard. Also a full tang. Colour: grey."},
  {"id":"p221","name":"Korvel Gyuto Chef Knife","categories":["kitchen","knives"],"colour":"black","price":"43.90","priceMinor":4390,"image":"img/knife-black.svg","description":"Chef knife with a balanced wooden handle and hardened stainless steel. Also a blade guard. Colour: black."},
  {"id":"p222","name":"Pellin Classic Chef Knife","categories":["kitchen","knives"],"colour":"white","price":"127.99","priceMinor":12799,"image":"img/knife-white.svg","description":"Chef knife with a hand-sharpened edge and hardened stainless steel. Also a balanced wooden handle. Colour: white."},
  {"id":"p223","name":"Pellin Classic Pro Chef Knife","categories":["kitchen","knives"],"colour":"black","price":"101.99","priceMinor":10199,"image":"img/knife-black.svg","description":"Chef knife with a blade guard and a balanced wooden handle. Also hardened stainless steel. Colour: black."},
  {"id":"p224","name":"Ostwind Classic Chef Knife","categories":["kitchen","knives"],"colour":"white","price":"112.90","priceMinor":11290,"image":"img/knife-white.svg","description":"Chef knife with a balanced wooden handle and a blade guard. Also hardened stainless steel. Colour: white."},
  {"id":"p225","name":"Pellin Gyuto 2 Chef Knife","categories":["kitchen","knives"],"colour":"grey","price":"98.99","priceMinor":9899,"image":"img/knife-grey.svg","description":"Chef knife with a blade guard and a 20 cm blade. Also a hand-sharpened edge. Colour: grey."},
  {"id":"p226","name":"Vandra Classic Chef Knife","categories":["kitchen","knives"],"colour":"white","price":"141.90","priceMinor":14190,"image":"img/knife-white.svg","description":"Chef knife with a 20 cm blade and hardened stainless steel. Also a balanced wooden handle. Colour: white."},
  {"id":"p227","name":"Pellin Classic 2 Chef Knife","categories":["kitchen","knives"],"colour":"grey","price":"148.50","priceMinor":14850,"image":"img/knife-grey.svg","description":"Chef knife with a hand-sharpened edge and a balanced wooden handle. Also a full tang. Colour: grey."},
  {"id":"p228","name":"Tessaly Gyuto Pro Chef Knife","categories":["kitchen","knives"],"colour":"black","price":"79.99","priceMinor":7999,"image":"img/knife-black.svg","description":"Chef knife with a hand-sharpened edge and a blade guard. Also a full tang. Colour: black."},
  {"id":"p229","name":"Pellin Tea Time 2 Kettle","categories":["kitchen","appliances"],"colour":"white","price":"86.00","priceMinor":8600,"image":"img/kettle-white.svg","description":"Kettle with a limescale filter and a gooseneck spout for pour-over coffee. Also a keep-warm setting. Colour: white."},
  {"id":"p230","name":"Quorra Tea Time Lite Kettle","categories":["kitchen","appliances"],"colour":"white","price":"47.50","priceMinor":4750,"image":"img/kettle-white.svg","description":"Kettle with temperature control for green tea and 1.7 litres. Also a limescale filter. Colour: white."},
  {"id":"p231","name":"Tessaly Boil Kettle","categories":["kitchen","appliances"],"colour":"red","price":"68.99","priceMinor":6899,"image":"img/kettle-red.svg","description":"Kettle with a stainless body and a keep-warm setting. Also 1.7 litres. Colour: red."},
  {"id":"p232","name":"Halvard Steam Kettle","categories":["kitchen","appliances"],"colour":"white","price":"133.50","priceMinor":13350,"image":"img/kettle-white.svg","description":"Kettle with temperature control for green tea and a limescale filter. Also 1.7 litres. Colour: white."},
  {"id":"p233","name":"Ostwind Boil Kettle","categories":["kitchen","appliances"],"colour":"black","price":"39.00","priceMinor":3900,"image":"img/kettle-black.svg","description":"Kettle with a stainless body and temperature control for green tea. Also a keep-warm setting. Colour: black."},
  {"id":"p234","name":"Ostwind Steam Pro Kettle","categories":["kitchen","appliances"],"colour":"teal","price":"102.90","priceMinor":10290,"image":"img/kettle-teal.svg","description":"Kettle with 1.7 litres and a limescale filter. Also temperature control for green tea. Colour: teal."},
  {"id":"p235","name":"Korvel Steam Pro Kettle","categories":["kitchen","appliances"],"colour":"red","price":"119.00","priceMinor":11900,"image":"img/kettle-red.svg","description":"Kettle with a stainless body and a keep-warm setting. Also a limescale filter. Colour: red."},
  {"id":"p236","name":"Lumo Morning 2 Kettle","categories":["kitchen","appliances"],"colour":"red","price":"87.99","priceMinor":8799,"image":"img/kettle-red.svg","description":"Kettle with a keep-warm setting and a stainless body. Also a limescale filter. Colour: red."},
  {"id":"p237","name":"Orrin Whistle 2 Kettle","categories":["kitchen","appliances"],"colour":"red","price":"96.90","priceMinor":9690,"image":"img/kettle-red.svg","description":"Kettle with a stainless body and a limescale filter. Also a keep-warm setting. Colour: red."},
  {"id":"p238","name":"Ostwind Morning Lite Kettle","categories":["kitchen","appliances"],"colour":"white","price":"112.50","priceMinor":11250,"image":"img/kettle-white.svg","description":"Kettle with a gooseneck spout for pour-over coffee and 1.7 litres. Also a limescale filter. Colour: white."},
  {"id":"p239","name":"Sundre Whistle Kettle","categories":["kitchen","appliances"],"colour":"white","price":"26.99","priceMinor":2699,"image":"img/kettle-white.svg","description":"Kettle with a limescale filter and temperature control for green tea. Also a gooseneck spout for pour-over coffee. Colour: white."},
  {"id":"p240","name":"Lumo Boil Kettle","categories":["kitchen","appliances"],"colour":"red","price":"99.00","priceMinor":9900,"image":"img/kettle-red.svg","description":"Kettle with a keep-warm setting and a limescale filter. Also 1.7 litres. Colour: red."},
  {"id":"p241","name":"Tessaly Campfire Mug","categories":["kitchen","coffee"],"colour":"green","price":"25.99","priceMinor":2599,"image":"img/mug-green.svg","description":"Mug with a set of two and a dishwasher-safe glaze. Also an insulated double wall. Colour: green."},
  {"id":"p242","name":"Sundre Morning Pro Mug","categories":["kitchen","coffee"],"colour":"blue","price":"18.00","priceMinor":1800,"image":"img/mug-blue.svg","description":"Mug with an insulated double wall and a splash-proof lid. Also a set of two. Colour: blue."},
  {"id":"p243","name":"Sundre Travel Pro Mug","categories":["kitchen","coffee"],"colour":"green","price":"13.50","priceMinor":1350,"image":"img/mug-green.svg","description":"Mug with 350 ml and stoneware. Also a set of two. Colour: green."},
  {"id":"p244","name":"Lumo Studio Mug","categories":["kitchen","coffee"],"colour":"green","price":"23.99","priceMinor":2399,"image":"img/mug-green.svg","description":"Mug with stoneware and a dishwasher-safe glaze. Also 350 ml. Colour: green."},
  {"id":"p245","name":"Halvard Cosy Mug","categories":["kitchen","coffee"],"colour":"blue","price":"10.90","priceMinor":1090,"image":"img/mug-blue.svg","description":"Mug with a dishwasher-safe glaze and a set of two. Also an insulated double wall. Colour: blue."},
  {"id":"p246","name":"Sundre Cosy 2 Mug","categories":["kitchen","coffee"],"colour":"green","price":"16.50","priceMinor":1650,"image":"img/mug-green.svg","description":"Mug with stoneware and a dishwasher-safe glaze. Also an insulated double wall. Colour: green."},
  {"id":"p247","name":"Halvard Cosy Pro Mug","categories":["kitchen","coffee"],"colour":"green","price":"32.90","priceMinor":3290,"image":"img/mug-green.svg","description":"Mug with a set of two and stoneware. Also a dishwasher-safe glaze. Colour: green."},
  {"id":"p248","name":"Vandra Campfire Lite Mug","categories":["kitchen","coffee"],"colour":"green","price":"32.50","priceMinor":3250,"image":"img/mug-green.svg","description":"Mug with 350 ml and an insulated double wall. Also a set of two. Colour: green."},
  {"id":"p249","name":"Korvel Morning Lite Mug","categories":["kitchen","coffee"],"colour":"yellow","price":"8.00","priceMinor":800,"image":"img/mug-yellow.svg","description":"Mug with a set of two and a dishwasher-safe glaze. Also an insulated double wall. Colour: yellow."},
  {"id":"p250","name":"Quorra Morning 2 Mug","categories":["kitchen","coffee"],"colour":"yellow","price":"14.90","priceMinor":1490,"image":"img/mug-yellow.svg","description":"Mug with 350 ml and stoneware. Also a dishwasher-safe glaze. Colour: yellow."},
  {"id":"p251","name":"Sundre Travel Mug","categories":["kitchen","coffee"],"colour":"green","price":"14.99","priceMinor":1499,"image":"img/mug-green.svg","description":"Mug with 350 ml and a set of two. Also a dishwasher-safe glaze. Colour: green."},
  {"id":"p252","name":"Nimbra Espresso Lite Mug","categories":["kitchen","coffee"],"colour":"white","price":"25.00","priceMinor":2500,"image":"img/mug-white.svg","description":"Mug with 350 ml and an insulated double wall. Also stoneware. Colour: white."},
  {"id":"p253","name":"Nimbra Campfire Lite Mug","categories":["kitchen","coffee"],"colour":"white","price":"15.50","priceMinor":1550,"image":"img/mug-white.svg","description":"Mug with stoneware and a set of two. Also 350 ml. Colour: white."},
  {"id":"p254","name":"Vandra Espresso Mug","categories":["kitchen","coffee"],"colour":"blue","price":"31.50","priceMinor":3150,"image":"img/mug-blue.svg","description":"Mug with an insulated double wall and a dishwasher-safe glaze. Also 350 ml. Colour: blue."},
  {"id":"p255","name":"Sundre Roastery 2 Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"grey","price":"99.99","priceMinor":9999,"image":"img/grinder-grey.svg","description":"Coffee grinder with 40 grind settings from espresso to French press and conical steel burrs. Also a hand crank for travel. Colour: grey."},
  {"id":"p256","name":"Nimbra Barista 2 Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"white","price":"77.00","priceMinor":7700,"image":"img/grinder-white.svg","description":"Coffee grinder with 40 grind settings from espresso to French press and conical steel burrs. Also a grounds container that does not cling. Colour: white."},
  {"id":"p257","name":"Korvel Burr 2 Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"white","price":"216.00","priceMinor":21600,"image":"img/grinder-white.svg","description":"Coffee grinder with conical steel burrs and a grounds container that does not cling. Also a hand crank for travel. Colour: white."},
  {"id":"p258","name":"Ostwind Mill Lite Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"grey","price":"29.50","priceMinor":2950,"image":"img/grinder-grey.svg","description":"Coffee grinder with 40 grind settings from espresso to French press and a hand crank for travel. Also a quiet motor. Colour: grey."},
  {"id":"p259","name":"Vandra Crema Lite Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"white","price":"177.00","priceMinor":17700,"image":"img/grinder-white.svg","description":"Coffee grinder with a hand crank for travel and a quiet motor. Also 40 grind settings from espresso to French press. Colour: white."},
  {"id":"p260","name":"Ostwind Crema Pro Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"black","price":"76.99","priceMinor":7699,"image":"img/grinder-black.svg","description":"Coffee grinder with a quiet motor and 40 grind settings from espresso to French press. Also a hand crank for travel. Colour: black."},
  {"id":"p261","name":"Pellin Roastery Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"white","price":"34.50","priceMinor":3450,"image":"img/grinder-white.svg","description":"Coffee grinder with a hand crank for travel and a quiet motor. Also 40 grind settings from espresso to French press. Colour: white."},
  {"id":"p262","name":"Vandra Burr Lite Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"grey","price":"200.00","priceMinor":20000,"image":"img/grinder-grey.svg","description":"Coffee grinder with 40 grind settings from espresso to French press and a quiet motor. Also conical steel burrs. Colour: grey."},
  {"id":"p263","name":"Tessaly Roastery Pro Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"black","price":"171.90","priceMinor":17190,"image":"img/grinder-black.svg","description":"Coffee grinder with conical steel burrs and a hand crank for travel. Also a grounds container that does not cling. Colour: black."},
  {"id":"p264","name":"Tessaly Barista 2 Coffee Grinder","categories":["kitchen","coffee","appliances"],"colour":"black","price":"165.99","priceMinor":16599,"image":"img/grinder-black.svg","description":"Coffee grinder with conical steel burrs and a quiet motor. Also 40 grind settings from espresso to French press. Colour: black."},
  {"id":"p265","name":"Pellin Transit Headphones","categories":["electronics","audio"],"colour":"white","price":"140.00","priceMinor":14000,"image":"img/headphones-white.svg","description":"Headphones with multipoint Bluetooth and a wired mode. Also sweat-resistant pads for running. Colour: white."},
  {"id":"p266","name":"Nimbra Transit Pro Headphones","categories":["electronics","audio"],"colour":"white","price":"158.90","priceMinor":15890,"image":"img/headphones-white.svg","description":"Headphones with a wired mode and 30 hours of battery. Also active noise cancelling. Colour: white."},
  {"id":"p267","name":"Brisa Quiet Headphones","categories":["electronics","audio"],"colour":"blue","price":"172.00","priceMinor":17200,"image":"img/headphones-blue.svg","description":"Headphones with foldable ear cups and multipoint Bluetooth. Also 30 hours of battery. Colour: blue."},
  {"id":"p268","name":"Halvard Quiet Headphones","categories":["electronics","audio"],"colour":"blue","price":"276.90","priceMinor":27690,"image":"img/headphones-blue.svg","description":"Headphones with multipoint Bluetooth and sweat-resistant pads for running. Also 30 hours of battery. Colour: blue."},
  {"id":"p269","name":"Orrin Cadence 2 Headphones","categories":["electronics","audio"],"colour":"white","price":"177.00","priceMinor":17700,"image":"img/headphones-white.svg","description":"Headphones with multipoint Bluetooth and foldable ear cups. Also 30 hours of battery. Colour: white."},
  {"id":"p270","name":"Pellin Echo Lite Headphones","categories":["electronics","audio"],"colour":"white","price":"171.00","priceMinor":17100,"image":"img/headphones-white.svg","description":"Headphones with a wired mode and active noise cancelling. Also foldable ear cups. Colour: white."},
  {"id":"p271","name":"Pellin Studio 2 Headphones","categories":["electronics","audio"],"colour":"blue","price":"112.90","priceMinor":11290,"image":"img/headphones-blue.svg","description":"Headphones with foldable ear cups and sweat-resistant pads for running. Also active noise cancelling. Colour: blue."},
  {"id":"p272","name":"Ostwind Sonar Lite Headphones","categories":["electronics","audio"],"colour":"white","price":"40.50","priceMinor":4050,"image":"img/headphones-white.svg","description":"Headphones with a wired mode and multipoint Bluetooth. Also active noise cancelling. Colour: white."},
  {"id":"p273","name":"Lumo Echo Headphones","categories":["electronics","audio"],"colour":"black","price":"192.50","priceMinor":19250,"image":"img/headphones-black.svg","description":"Headphones with active noise cancelling and sweat-resistant pads for running. Also multipoint Bluetooth. Colour: black."},
  {"id":"p274","name":"Pellin Cadence Headphones","categories":["electronics","audio"],"colour":"white","price":"322.00","priceMinor":32200,"image":"img/headphones-white.svg","description":"Headphones with a wired mode and 30 hours of battery. Also foldable ear cups. Colour: white."},
  {"id":"p275","name":"Brisa Cadence Headphones","categories":["electronics","audio"],"colour":"blue","price":"239.00","priceMinor":23900,"image":"img/headphones-blue.svg","description":"Headphones with 30 hours of battery and sweat-resistant pads for running. Also a wired mode. Colour: blue."},
  {"id":"p276","name":"Ostwind Sonar Headphones","categories":["electronics","audio"],"colour":"black","price":"107.90","priceMinor":10790,"image":"img/headphones-black.svg","description":"Headphones with a wired mode and multipoint Bluetooth. Also active noise cancelling. Colour: black."},
  {"id":"p277","name":"Quorra Lap 2 Sports Watch","categories":["electronics","running","fitness"],"colour":"red","price":"308.90","priceMinor":30890,"image":"img/watch-red.svg","description":"Sports watch with a bright always-on screen and GPS and a heart-rate sensor. Also route navigation. Colour: red."},
  {"id":"p278","name":"Sundre Tempo Sports Watch","categories":["electronics","running","fitness"],"colour":"blue","price":"392.99","priceMinor":39299,"image":"img/watch-blue.svg","description":"Sports watch with interval training plans and water resistance to 50 m. Also route navigation. Colour: blue."},
  {"id":"p279","name":"Orrin Split Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"294.90","priceMinor":29490,"image":"img/watch-black.svg","description":"Sports watch with water resistance to 50 m and GPS and a heart-rate sensor. Also interval training plans. Colour: black."},
  {"id":"p280","name":"Pellin Split Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"343.99","priceMinor":34399,"image":"img/watch-black.svg","description":"Sports watch with route navigation and a bright always-on screen. Also two weeks of battery. Colour: black."},
  {"id":"p281","name":"Orrin Marathon Sports Watch","categories":["electronics","running","fitness"],"colour":"blue","price":"239.00","priceMinor":23900,"image":"img/watch-blue.svg","description":"Sports watch with two weeks of battery and interval training plans. Also water resistance to 50 m. Colour: blue."},
  {"id":"p282","name":"Quorra Tempo Lite Sports Watch","categories":["electronics","running","fitness"],"colour":"red","price":"231.90","priceMinor":23190,"image":"img/watch-red.svg","description":"Sports watch with two weeks of battery and water resistance to 50 m. Also a bright always-on screen. Colour: red."},
  {"id":"p283","name":"Halvard Trek Lite Sports Watch","categories":["electronics","running","fitness"],"colour":"blue","price":"234.90","priceMinor":23490,"image":"img/watch-blue.svg","description":"Sports watch with interval training plans and water resistance to 50 m. Also two weeks of battery. Colour: blue."},
  {"id":"p284","name":"Orrin Marathon Pro Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"232.99","priceMinor":23299,"image":"img/watch-black.svg","description":"Sports watch with GPS and a heart-rate sensor and a bright always-on screen. Also interval training plans. Colour: black."},
  {"id":"p285","name":"Orrin Tempo Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"438.90","priceMinor":43890,"image":"img/watch-black.svg","description":"Sports watch with two weeks of battery and water resistance to 50 m. Also GPS and a heart-rate sensor. Colour: black."},
  {"id":"p286","name":"Ostwind Trek Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"186.50","priceMinor":18650,"image":"img/watch-black.svg","description":"Sports watch with a bright always-on screen and water resistance to 50 m. Also GPS and a heart-rate sensor. Colour: black."},
  {"id":"p287","name":"Quorra Marathon Sports Watch","categories":["electronics","running","fitness"],"colour":"black","price":"416.99","priceMinor":41699,"image":"img/watch-black.svg","description":"Sports watch with two weeks of battery and GPS and a heart-rate sensor. Also water resistance to 50 m. Colour: black."},
  {"id":"p288","name":"Korvel Split Sports Watch","categories":["electronics","running","fitness"],"colour":"red","price":"428.99","priceMinor":42899,"image":"img/watch-red.svg","description":"Sports watch with GPS and a heart-rate sensor and water resistance to 50 m. Also route navigation. Colour: red."},
  {"id":"p289","name":"Vandra Studio Yoga Mat","categories":["fitness","yoga"],"colour":"green","price":"94.90","priceMinor":9490,"image":"img/mat-green.svg","description":"Yoga mat with a carry strap and a non-slip surface. Also a 6 mm cushion. Colour: green."},
  {"id":"p290","name":"Ostwind Grounded Yoga Mat","categories":["fitness","yoga"],"colour":"blue","price":"23.50","priceMinor":2350,"image":"img/mat-blue.svg","description":"Yoga mat with natural rubber and a non-slip surface. Also a carry strap. Colour: blue."},
  {"id":"p291","name":"Quorra Balance 2 Yoga Mat","categories":["fitness","yoga"],"colour":"purple","price":"84.99","priceMinor":8499,"image":"img/mat-purple.svg","description":"Yoga mat with a 6 mm cushion and alignment lines. Also natural rubber. Colour: purple."},
  {"id":"p292","name":"Pellin Grounded Yoga Mat","categories":["fitness","yoga"],"colour":"purple","price":"89.90","priceMinor":8990,"image":"img/mat-purple.svg","description":"Yoga mat with a non-slip surface and a carry strap. Also a 6 mm cushion. Colour: purple."},
  {"id":"p293","name":"Ostwind Flow 2 Yoga Mat","categories":["fitness","yoga"],"colour":"green","price":"46.90","priceMinor":4690,"image":"img/mat-green.svg","description":"Yoga mat with a non-slip surface and alignment lines. Also a carry strap. Colour: green."},
  {"id":"p294","name":"Nimbra Studio Pro Yoga Mat","categories":["fitness","yoga"],"colour":"green","price":"25.90","priceMinor":2590,"image":"img/mat-green.svg","description":"Yoga mat with natural rubber and a non-slip surface. Also a 6 mm cushion. Colour: green."},
  {"id":"p295","name":"Nimbra Studio 2 Yoga Mat","categories":["fitness","yoga"],"colour":"purple","price":"20.00","priceMinor":2000,"image":"img/mat-purple.svg","description":"Yoga mat with alignment lines and a 6 mm cushion. Also a non-slip surface. Colour: purple."},
  {"id":"p296","name":"Nimbra Lotus Lite Yoga Mat","categories":["fitness","yoga"],"colour":"blue","price":"45.99","priceMinor":4599,"image":"img/mat-blue.svg","description":"Yoga mat with alignment lines and a non-slip surface. Also a 6 mm cushion. Colour: blue."},
  {"id":"p297","name":"Lumo Flow 2 Yoga Mat","categories":["fitness","yoga"],"colour":"blue","price":"62.00","priceMinor":6200,"image":"img/mat-blue.svg","description":"Yoga mat with a carry strap and natural rubber. Also a non-slip surface. Colour: blue."},
  {"id":"p298","name":"Korvel Lotus Lite Yoga Mat","categories":["fitness","yoga"],"colour":"blue","price":"68.50","priceMinor":6850,"image":"img/mat-blue.svg","description":"Yoga mat with alignment lines and a carry strap. Also natural rubber. Colour: blue."},
  {"id":"p299","name":"Pellin Beam Pro Desk Lamp","categories":["home","lighting"],"colour":"yellow","price":"139.90","priceMinor":13990,"image":"img/lamp-yellow.svg","description":"Desk lamp with a dimmable LED and a weighted base. Also a USB charging port. Colour: yellow."},
  {"id":"p300","name":"Sundre Reader Desk Lamp","categories":["home","lighting"],"colour":"white","price":"41.00","priceMinor":4100,"image":"img/lamp-white.svg","description":"Desk lamp with warm and cool light and a weighted base. Also an arm that bends where you need it. Colour: white."},
  {"id":"p301","name":"Quorra Atelier Desk Lamp","categories":["home","lighting"],"colour":"yellow","price":"131.99","priceMinor":13199,"image":"img/lamp-yellow.svg","description":"Desk lamp with a weighted base and a dimmable LED. Also warm and cool light. Colour: yellow."},
  {"id":"p302","name":"Vandra Reader Pro Desk Lamp","categories":["home","lighting"],"colour":"white","price":"106.00","priceMinor":10600,"image":"img/lamp-white.svg","description":"Desk lamp with a weighted base and a dimmable LED. Also an arm that bends where you need it. Colour: white."},
  {"id":"p303","name":"Orrin Nightowl Desk Lamp","categories":["home","lighting"],"colour":"yellow","price":"137.99","priceMinor":13799,"image":"img/lamp-yellow.svg","description":"Desk lamp with a dimmable LED and a USB charging port. Also a weighted base. Colour: yellow."},
  {"id":"p304","name":"Ostwind Nightowl Pro Desk Lamp","categories":["home","lighting"],"colour":"white","price":"21.90","priceMinor":2190,"image":"img/lamp-white.svg","description":"Desk lamp with a dimmable LED and a weighted base. Also a USB charging port. Colour: white."},
  {"id":"p305","name":"Quorra Focus Desk Lamp","categories":["home","lighting"],"colour":"white","price":"65.00","priceMinor":6500,"image":"img/lamp-white.svg","description":"Desk lamp with an arm that bends where you need it and a dimmable LED. Also a USB charging port. Colour: white."},
  {"id":"p306","name":"Lumo Reader Desk Lamp","categories":["home","lighting"],"colour":"black","price":"80.90","priceMinor":8090,"image":"img/lamp-black.svg","description":"Desk lamp with a USB charging port and a weighted base. Also warm and cool light. Colour: black."},
  {"id":"p307","name":"Korvel Reader Lite Desk Lamp","categories":["home","lighting"],"colour":"black","price":"36.99","priceMinor":3699,"image":"img/lamp-black.svg","description":"Desk lamp with a dimmable LED and warm and cool light. Also a USB charging port. Colour: black."},
  {"id":"p308","name":"Quorra Focus Pro Desk Lamp","categories":["home","lighting"],"colour":"yellow","price":"89.99","priceMinor":8999,"image":"img/lamp-yellow.svg","description":"Desk lamp with warm and cool light and a weighted base. Also an arm that bends where you need it. Colour: yellow."},
];
// ---- end of CATALOGUE ----
