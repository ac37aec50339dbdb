// The shop's page: the catalogue with filters (words, category, price range, sort), an item view
// opened by the start parameter ("p042") or a tile, and Buy. Buying asks the app's server code
// (Parley.server → pageCall), which asks Parley for the payment at the catalogue's price; the
// messenger then shows its own confirmation sheet. The page never decides a price.
//
// Start parameters: "p042" opens that item; "q_running-shoes_min2000_max7999" fills the filters
// (what /find's "See all in the shop" sends). Everything the page shows is set as text, never HTML.

import Parley from "/parley-sdk.js";

const SHOWN_MAX = 120;
const $ = (id) => document.getElementById(id);

let products = [];
let current = null; // the product in the item view

// ---- words: the same light stemming as server.js, so that the page and /find agree ----

const STOP = new Set(["a", "an", "the", "and", "or", "for", "with", "of", "in", "on", "to", "me", "my", "some", "any",
  "i", "want", "need", "looking", "find", "show", "please", "buy", "get", "that", "is", "are", "cheap", "good", "best",
  "new", "eur", "euro", "euros"]);

function words(text) {
  return String(text ?? "").slice(0, 800).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

function stem(word) {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return w.slice(0, -3) + "y";
  if (w.endsWith("ves") && w.length > 4) return w.slice(0, -3) + "fe";
  if (/(ches|shes|sses|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length >= 6) {
    w = w.slice(0, -3);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) return w.slice(0, -1);
    if (/[^aeiou][aeiou][kvz]$/.test(w)) return w + "e";
  }
  return w;
}

function tokens(text, max) {
  const out = [];
  for (const w of words(text)) {
    if (STOP.has(w)) continue;
    const s = stem(w);
    if (!out.includes(s)) out.push(s);
    if (out.length >= max) break;
  }
  return out;
}

/** Like server.js: the catalogue carries its stems between spaces ("nameTerms", "categoryTerms", "terms"). */
function fieldScore(p, t) {
  const word = " " + t + " ";
  if (p.nameTerms.includes(word)) return 3;
  if (p.categoryTerms.includes(word)) return 2;
  if (p.colour === t) return 1.5;
  if (p.terms.includes(word)) return 1;
  if (t.length >= 3) {
    const prefix = " " + t;
    if (p.nameTerms.includes(prefix)) return 1.5;
    if (p.categoryTerms.includes(prefix)) return 1;
    if (p.terms.includes(prefix)) return 0.5;
  }
  return 0;
}

// ---- prices ----

function formatPrice(minor) {
  return Math.floor(minor / 100) + "." + String(minor % 100).padStart(2, "0") + " EUR";
}

/** "80", "79.9", "79,90" → cents; "" → null; anything else → NaN. */
function cents(text) {
  const s = String(text ?? "").trim();
  if (s === "") return null;
  const m = /^([0-9]{1,9})(?:[.,]([0-9]{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, "0")) : 0) : NaN;
}

// ---- the list ----

function filtered() {
  const want = tokens($("q").value, 12);
  const category = $("category").value;
  const min = cents($("min").value);
  const max = cents($("max").value);
  const error = $("filter-error");
  if (Number.isNaN(min) || Number.isNaN(max)) {
    error.textContent = "Write prices like 80 or 79.90.";
    error.hidden = false;
    return [];
  }
  error.hidden = true;
  const out = [];
  for (const p of products) {
    if (category && !p.categories.includes(category)) continue;
    if (min !== null && p.priceMinor < min) continue;
    if (max !== null && p.priceMinor > max) continue;
    let score = 0;
    let all = true;
    for (const t of want) {
      const s = fieldScore(p, t);
      if (s === 0) all = false;
      score += s;
    }
    if (all) out.push({ p, score });
  }
  const sort = $("sort").value;
  out.sort((a, b) => {
    if (sort === "price-asc") return a.p.priceMinor - b.p.priceMinor;
    if (sort === "price-desc") return b.p.priceMinor - a.p.priceMinor;
    if (sort === "name") return a.p.name.localeCompare(b.p.name);
    return b.score - a.score || a.p.priceMinor - b.p.priceMinor;
  });
  return out.map((x) => x.p);
}

function tile(p) {
  const li = document.createElement("li");
  li.className = "item";
  li.dataset.testid = "shop-item";
  li.dataset.itemId = p.id;
  const img = document.createElement("img");
  img.src = p.image;
  img.alt = "";
  img.loading = "lazy";
  const name = document.createElement("p");
  name.className = "name";
  name.textContent = p.name;
  const price = document.createElement("p");
  price.className = "price";
  price.textContent = formatPrice(p.priceMinor);
  const view = document.createElement("button");
  view.type = "button";
  view.textContent = "View";
  view.dataset.testid = "shop-view";
  view.addEventListener("click", () => showItem(p));
  li.append(img, name, price, view);
  return li;
}

function render() {
  const list = filtered();
  const grid = $("grid");
  grid.replaceChildren(...list.slice(0, SHOWN_MAX).map(tile));
  $("count").textContent = list.length === 1 ? "1 product" : list.length + " products";
  const more = $("more");
  more.hidden = list.length <= SHOWN_MAX;
  more.textContent = "Showing the first " + SHOWN_MAX + ": narrow the search to see the others.";
}

// ---- the item view ----

function showItem(p) {
  current = p;
  $("detail-image").src = p.image;
  $("detail-image").alt = p.name;
  $("detail-name").textContent = p.name;
  $("detail-price").textContent = formatPrice(p.priceMinor);
  $("detail-categories").textContent = p.categories.join(" · ");
  $("detail-description").textContent = p.description;
  $("buy").textContent = "Buy · " + formatPrice(p.priceMinor);
  $("buy").disabled = false;
  $("buy-status").textContent = Parley.launched ? "" : "Open the shop in Parley to buy.";
  $("list-view").hidden = true;
  $("detail-view").hidden = false;
  window.scrollTo(0, 0);
}

function showList() {
  current = null;
  $("detail-view").hidden = true;
  $("list-view").hidden = false;
}

async function buy() {
  if (!current) return;
  const status = $("buy-status");
  if (!Parley.launched) {
    status.textContent = "Open the shop in Parley to buy.";
    return;
  }
  $("buy").disabled = true;
  status.textContent = "Asking Parley…";
  try {
    const answer = await Parley.server({ op: "buy", item: current.id });
    status.textContent = answer && answer.status === "consent_required"
      ? "Allow the Shop's permissions in Parley first, then press Buy again."
      : "Confirm the payment in Parley's sheet.";
  } catch (e) {
    status.textContent = "Could not ask for the payment: " + (e && e.message ? e.message : String(e));
  } finally {
    $("buy").disabled = false;
  }
}

// ---- start ----

/** Applies a start parameter: an item id, or a search from /find. */
function applyStart(start) {
  const s = String(start ?? "");
  const item = /^p[0-9]{3}$/.test(s) ? products.find((p) => p.id === s) : null;
  if (item) {
    showItem(item);
    return;
  }
  const m = /^q_([a-z0-9-]*)(?:_min([0-9]{1,9}))?(?:_max([0-9]{1,9}))?$/.exec(s);
  if (m) {
    $("q").value = m[1].replace(/-/g, " ");
    if (m[2]) $("min").value = (Number(m[2]) / 100).toFixed(2);
    if (m[3]) $("max").value = (Number(m[3]) / 100).toFixed(2);
    render();
  }
}

async function main() {
  const response = await fetch("catalogue.json");
  if (!response.ok) throw new Error("the catalogue did not load (" + response.status + ")");
  const catalogue = await response.json();
  products = catalogue.products;
  const categories = [...new Set(catalogue.products.flatMap((p) => p.categories))].sort();
  for (const c of categories) {
    const option = document.createElement("option");
    option.value = c;
    option.textContent = c.charAt(0).toUpperCase() + c.slice(1);
    $("category").append(option);
  }
  for (const id of ["q", "category", "min", "max", "sort"]) {
    $(id).addEventListener("input", render);
    $(id).addEventListener("change", render);
  }
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("back").addEventListener("click", showList);
  $("buy").addEventListener("click", buy);
  render();
  if (Parley.launched) {
    try {
      await Parley.ready();
      applyStart(Parley.launchParams && Parley.launchParams.startParam);
    } catch (e) {
      $("count").textContent = "Parley did not answer: " + (e && e.message ? e.message : String(e));
    }
  }
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("count").textContent = "The shop could not start: " + (e && e.message ? e.message : String(e));
});
