package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.sdk.simulator.MemoryHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shop sample (folder {@code search}, app {@code shop}) against an in-memory host: {@code /find}
 * understands what to look for and price limits written in many ways, refuses hostile input with a
 * sentence, ranks by the words and filters by price; the messenger's search entry answers the
 * contract's shape; Buy asks the host for a merchant payment at the catalogue's price, and only
 * the host's payment event confirms an order (a payment of another amount is refunded).
 */
class ShopSampleTest {

  private static final Set<String> GRANTED = Set.of("cards.post", "storage.conversation", "members.read",
      "payments.request");
  private static final Pattern PRICE = Pattern.compile("([0-9]+)\\.([0-9]{2}) EUR");

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;
  private static AppVersion app;
  private static Bundle bundle;
  private static JsonArray catalogue;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "storage.get", "storage.set", "members.read",
        "payments.request", "payments.refund"));
    runtime = MiniAppRuntime.create(vertx, host);
    bundle = BundleReader.create().read(SampleBundles.zip("search"));
    app = await(runtime.load(bundle));
    catalogue = new JsonObject(new String(bundle.content("ui/catalogue.json").orElseThrow(), StandardCharsets.UTF_8))
        .getJsonArray("products");
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    host.reset();
    host.members = new JsonArray()
        .add(new JsonObject().put("id", "ann").put("username", "ann_u").put("displayName", "Ann"));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject run(String handler, JsonObject event) throws Exception {
    return await(runtime.invoke(app, handler, event, CallContext.of(app, "ann", "c1", "r" + requests.incrementAndGet(),
        GRANTED)));
  }

  private static JsonObject find(String text) throws Exception {
    JsonArray args = new JsonArray(text.isBlank() ? List.of() : List.of((Object[]) text.strip().split("\\s+")));
    return run("findCommand", new JsonObject().put("type", "command").put("command", "find").put("text", text)
        .put("args", args));
  }

  private static JsonArray search(Object query, Object limit) throws Exception {
    JsonObject event = new JsonObject().put("type", "search").put("query", query);
    if (limit != null) {
      event.put("limit", limit);
    }
    return run("search", event).getJsonArray("results");
  }

  private static long cents(String text) {
    Matcher m = PRICE.matcher(text);
    assertThat(m.find()).as("a price in %s", text).isTrue();
    return Long.parseLong(m.group(1)) * 100 + Long.parseLong(m.group(2));
  }

  private static List<JsonObject> productCards() {
    return host.posted.stream().map(host.cards::get).filter(c -> c.containsKey("image")).toList();
  }

  private static JsonObject product(String id) {
    return catalogue.stream().map(o -> (JsonObject) o).filter(p -> p.getString("id").equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void find_runningShoesUnder80_answersWithASummaryAndTheBestProductCards() throws Exception {
    assertThat(find("running shoes under 80")).isEmpty();
    long expected = catalogue.stream().map(o -> (JsonObject) o)
        .filter(p -> p.getString("name").contains("Running Shoes") && p.getLong("priceMinor") < 8000).count();
    assertThat(expected).as("the catalogue has cheap running shoes").isGreaterThanOrEqualTo(3);

    JsonObject summary = host.cards.get(host.posted.get(0));
    assertThat(summary.getString("title")).isEqualTo("Found " + expected + " for “running shoes” up to 79.99 EUR");
    JsonObject all = summary.getJsonArray("buttons").getJsonObject(0);
    assertThat(all.getString("type")).isEqualTo("open_page");
    assertThat(all.getString("value")).isEqualTo("q_running-shoes_max7999");

    List<JsonObject> cards = productCards();
    assertThat(cards).hasSize(3);
    long previous = 0;
    for (JsonObject card : cards) {
      assertThat(card.getString("title")).contains("Running Shoes");
      assertThat(card.getString("image")).matches("ui/img/shoe-[a-z]+\\.svg");
      assertThat(bundle.file(card.getString("image"))).isPresent();
      long price = cents(card.getJsonArray("fields").getJsonObject(0).getString("value"));
      assertThat(price).isLessThan(8000).isGreaterThanOrEqualTo(previous);
      previous = price;
      JsonObject view = card.getJsonArray("buttons").getJsonObject(0);
      JsonObject buy = card.getJsonArray("buttons").getJsonObject(1);
      assertThat(view.getString("type")).isEqualTo("open_page");
      assertThat(view.getString("value")).matches("p[0-9]{3}");
      assertThat(buy.getString("id")).isEqualTo("buy");
      assertThat(buy.getString("type")).isEqualTo("callback");
      assertThat(buy.getString("value")).isEqualTo(view.getString("value"));
      assertThat(product(view.getString("value")).getLong("priceMinor")).isEqualTo(price);
      assertThat(buy.getString("label").length()).isLessThanOrEqualTo(40);
    }
  }

  @Test
  void priceLimits_areUnderstoodInManyWritings_andFilterTheResults() throws Exception {
    Map<String, long[]> cases = Map.ofEntries(
        Map.entry("sandals 25 to 60", new long[] {2500, 6000}),
        Map.entry("shoes between 20 and 50", new long[] {2000, 5000}),
        Map.entry("mug from 10 to 20", new long[] {1000, 2000}),
        Map.entry("tent over 200", new long[] {20001, Long.MAX_VALUE}),
        Map.entry("kettle max 30", new long[] {0, 3000}),
        Map.entry("backpack €30-€90", new long[] {3000, 9000}),
        Map.entry("jacket under 100 euros", new long[] {0, 9999}),
        Map.entry("headphones below EUR 80,50", new long[] {0, 8049}),
        Map.entry("watch at least 200 and under 300€", new long[] {20000, 29999}),
        Map.entry("socks < 15", new long[] {0, 1499}),
        Map.entry("knife >= 100", new long[] {10000, Long.MAX_VALUE}));
    for (Map.Entry<String, long[]> c : cases.entrySet()) {
      JsonArray results = search(c.getKey(), 10);
      assertThat(results).as(c.getKey()).isNotEmpty();
      for (Object o : results) {
        long price = product(((JsonObject) o).getString("start")).getLong("priceMinor");
        assertThat(price).as(c.getKey()).isBetween(c.getValue()[0], c.getValue()[1]);
      }
    }
    // Prices alone list the cheapest first.
    JsonArray cheap = search("under 10", 10);
    assertThat(cheap).isNotEmpty();
    List<Long> prices = cheap.stream().map(o -> product(((JsonObject) o).getString("start")).getLong("priceMinor"))
        .toList();
    assertThat(prices).isSorted().allMatch(p -> p < 1000);
  }

  @Test
  void hostileOrBrokenQueries_getASentence_andPostNoProducts() throws Exception {
    Map<String, String> replies = Map.ofEntries(
        Map.entry("", "Usage: /find"),
        Map.entry("   ", "Usage: /find"),
        Map.entry("shoes under", "Say the price"),
        Map.entry("shoes under -5", "is not a price"),
        Map.entry("shoes over 1e9", "is not a price"),
        Map.entry("shoes under 99999999999", "is not a price"),
        Map.entry("shoes over 100 under 20", "No price is at least 100.01 EUR and at most 19.99 EUR"),
        Map.entry("<script>alert(1)</script>", "Nothing in the shop matches"),
        Map.entry("👟👟👟 ✨", "Say what you are looking for"),
        Map.entry("zzzzqqq", "Nothing in the shop matches"),
        Map.entry("shoes under 0", "Nothing in the shop matches"));
    for (Map.Entry<String, String> r : replies.entrySet()) {
      JsonObject reply = find(r.getKey());
      assertThat(reply.getString("text")).as(r.getKey()).contains(r.getValue());
    }
    assertThat(host.posted).as("no cards for broken queries").isEmpty();

    // A very long query is cut, not a failure; control characters are spaces.
    JsonObject longOne = find("running shoes " + "very ".repeat(5000) + "under 80");
    assertThat(longOne.getString("text", "")).doesNotContain("Exception");
    assertThat(find("running\u0000shoes\u0007").getString("text")).isNull();
    assertThat(productCards()).isNotEmpty();

    for (Object query : List.of("", "under", "shoes over 100 under 20", 42, new JsonObject().put("x", 1),
        "x".repeat(100_000))) {
      assertThat(search(query, 10)).as("%s", query).isEmpty();
    }
  }

  @Test
  void ranking_usesNameCategoryColourAndStems() throws Exception {
    JsonObject firstRed = product(search("red running shoes", 3).getJsonObject(0).getString("start"));
    assertThat(firstRed.getString("colour")).isEqualTo("red");
    assertThat(firstRed.getString("name")).contains("Running Shoes");

    assertThat(names(search("knives", 10))).isNotEmpty().allMatch(n -> n.contains("Knife"));
    assertThat(names(search("hiking boot", 10))).isNotEmpty().allMatch(n -> n.contains("Hiking Boots"));
    assertThat(names(search("run", 10))).isNotEmpty();
    assertThat(search("camping", 10).stream().map(o -> product(((JsonObject) o).getString("start")))
        .allMatch(p -> p.getJsonArray("categories").contains("camping"))).isTrue();
    assertThat(names(search("headp", 10))).as("a prefix finds words").isNotEmpty()
        .allMatch(n -> n.contains("Headphones")
            || n.contains("Headlamp"));

    find("tent kettle");
    assertThat(host.cards.get(host.posted.get(0)).getString("title")).startsWith("Closest matches for “tent kettle”");
    assertThat(search("tent kettle", 10)).as("the search box shows only real matches").isEmpty();
  }

  @Test
  void searchEntry_answersTheContractShape_withinItsLimit() throws Exception {
    JsonArray results = search("running shoes", 5);
    assertThat(results).hasSize(5);
    for (Object o : results) {
      JsonObject r = (JsonObject) o;
      assertThat(r.fieldNames()).containsExactlyInAnyOrder("title", "subtitle", "image", "start");
      assertThat(r.getString("title")).isNotBlank().hasSizeLessThanOrEqualTo(100);
      assertThat(r.getString("subtitle")).hasSizeLessThanOrEqualTo(200).contains(" EUR");
      assertThat(r.getString("image")).startsWith("ui/img/");
      assertThat(bundle.file(r.getString("image"))).isPresent();
      assertThat(r.getString("start")).matches("[A-Za-z0-9_-]{1,64}");
      assertThat(cents(r.getString("subtitle"))).isEqualTo(product(r.getString("start")).getLong("priceMinor"));
    }
    assertThat(search("shoes", 500)).hasSize(10);
    assertThat(search("shoes", -3)).hasSize(1);
    assertThat(search("shoes", null)).hasSize(5);
    assertThat(search("shoes", "lots")).hasSize(5);
  }

  @Test
  void buy_asksTheHostForTheCatalogPrice_andOnlyThePaymentEventConfirmsTheOrder() throws Exception {
    JsonObject item = product("p002");
    JsonObject tap = new JsonObject().put("type", "card_action").put("actionId", "buy").put("messageId", "m9")
        .put("value", "p002");
    assertThat(run("buyCard", tap)).isEmpty();
    assertThat(host.requested).hasSize(1);
    JsonObject asked = host.requested.get(0);
    assertThat(asked.getString("payee")).isEqualTo("app");
    assertThat(asked.getValue("amount")).as("a string, never a float").isEqualTo(item.getString("price"));
    assertThat(asked.getString("currency")).isEqualTo("EUR");
    assertThat(asked.getString("note")).isEqualTo(item.getString("name"));
    assertThat(asked.getString("reference")).startsWith("order:p002:");
    assertThat(host.posted).as("nothing is confirmed before the host says it is paid").isEmpty();

    assertThat(run("buyCard", tap.copy().put("value", "p999' OR 1=1")).getString("text")).contains("not in the shop");
    assertThat(run("buyCard", tap.copy().put("value", "p999")).getString("text")).contains("not in the shop");
    assertThat(host.requested).hasSize(1);

    JsonObject paid = new JsonObject().put("type", "payment.completed").put("requestId", asked.getString("requestId"))
        .put("reference", asked.getString("reference")).put("amount", item.getString("price"))
        .put("amountMinor", item.getLong("priceMinor")).put("currency", "EUR").put("payee", "app").put("payerId", "ann")
        .put("transferId", "t1");
    run("onPayment", paid);
    run("onPayment", paid);
    assertThat(host.posted).as("told twice, one confirmation").hasSize(1);
    JsonObject receipt = host.cards.get(host.posted.get(0));
    assertThat(receipt.getString("title")).isEqualTo("Order confirmed: " + item.getString("name"));
    assertThat(receipt.getString("text")).isEqualTo("Ann bought it for " + item.getString("price") + " EUR.");

    run("onPayment", paid.copy().put("type", "payment.cancelled").put("requestId", "pr-x").put("reason", "cancelled"));
    assertThat(host.posted).as("nothing for a cancelled payment").hasSize(1);

    // A hand-made request for less than the price is refunded, not an order.
    run("onPayment", paid.copy().put("requestId", "pr-cheap").put("amount", "0.01").put("amountMinor", 1));
    assertThat(host.refunded).extracting(r -> r.getString("requestId")).containsExactly("pr-cheap");
    assertThat(host.cards.get(host.posted.get(1)).getString("title")).isEqualTo("Payment refunded");

    // The page buys through its page_call handler, at the same price.
    assertThat(run("pageCall", new JsonObject().put("type", "page_call").put("args", new JsonObject().put("op", "buy")
        .put("item", "p002")))).isEmpty();
    assertThat(host.requested).hasSize(2);
    assertThat(host.requested.get(1).getString("amount")).isEqualTo(item.getString("price"));
    assertThat(
        run("pageCall", new JsonObject().put("type", "page_call").put("args", new JsonObject().put("op", "steal"))))
        .isEmpty();
    assertThat(host.requested).hasSize(2);
  }

  @Test
  void theGeneratorsStems_areThoseOfServerJs() throws Exception {
    java.util.TreeSet<String> words = new java.util.TreeSet<>(List.of("running", "hiking", "shoes", "knives",
        "batteries", "boxes", "glasses", "sleeping", "swimming", "falling", "rings", "string", "bus", "tennis",
        "camping"));
    for (Object o : catalogue) {
      JsonObject p = (JsonObject) o;
      for (String w : (p.getString("name") + " " + p.getString("description")).toLowerCase(java.util.Locale.ROOT)
          .split("[^a-z0-9]+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    }
    List<String> list = List.copyOf(words);
    JsonArray stems = run("stemAll", new JsonObject().put("words", new JsonArray(list))).getJsonArray("stems");
    for (int i = 0; i < list.size(); i++) {
      assertThat(stems.getString(i)).as(list.get(i))
          .isEqualTo(dev.parley.samples.tools.ShopCatalogue.stem(list.get(i)));
    }
    assertThat(dev.parley.samples.tools.ShopCatalogue.terms("Running Shoes, hiking!")).isEqualTo(" run shoe hike ");
  }

  private static List<String> names(JsonArray results) {
    return results.stream().map(o -> ((JsonObject) o).getString("title")).collect(Collectors.toList());
  }
}
