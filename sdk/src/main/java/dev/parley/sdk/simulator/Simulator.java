package dev.parley.sdk.simulator;

import static java.util.Objects.requireNonNull;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an app without a server, for its developer's tests: the bundle is read by the platform's
 * own reader (the checks of an upload, imports included) and runs in the real sandbox (no timers,
 * imports only of the bundle's files, the same limits), against a {@link MemoryHost}. Commands,
 * button presses, page calls and the search handler are sent as the platform sends them (the
 * events of docs/sdk.md), with the manifest's permissions granted.
 *
 * <pre>{@code
 * try (Simulator app = Simulator.load(Path.of("my-app"))) {
 *   app.command("ann", "/poll Lunch? | Luigi's | Sushi");
 *   String poll = app.host().posted.get(0);
 *   app.press("bob", poll, "vote-0");
 *   assertEquals("1 vote", app.host().cards.get(poll).getString("text"));
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

  /** The conversation calls run in unless one is named. */
  public static final String CONVERSATION = "c1";

  private final Vertx vertx;
  private final MemoryHost host;
  private final MiniAppRuntime runtime;
  private final Bundle bundle;
  private final AppVersion app;
  private final Set<String> granted;
  private final AtomicInteger requests = new AtomicInteger();

  private Simulator(Bundle bundle, Set<String> capabilities) {
    this.bundle = bundle;
    this.vertx = Vertx.vertx();
    this.host = new MemoryHost(capabilities);
    this.runtime = MiniAppRuntime.create(vertx, host);
    this.granted = Set.copyOf(bundle.manifest().permissionNames());
    try {
      this.app = await(runtime.load(bundle));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Loads an app folder (the one {@code parley app publish} zips) with every capability the
   * memory host answers.
   *
   * @param folder the folder holding manifest.json
   * @return the running app
   * @throws MiniAppException what an upload would refuse (with file, line and column), or a
   *     failure of the module's top-level code
   */
  public static Simulator load(Path folder) {
    return new Simulator(BundleReader.create().readFolder(folder), MemoryHost.ANSWERED);
  }

  /**
   * Loads a bundle zip.
   *
   * @param zip the bundle
   * @return the running app
   */
  public static Simulator load(byte[] zip) {
    return new Simulator(BundleReader.create().read(zip), MemoryHost.ANSWERED);
  }

  /** The memory host: what the app posted, stored and asked for. */
  public MemoryHost host() {
    return host;
  }

  /** The manifest of the loaded app. */
  public Manifest manifest() {
    return bundle.manifest();
  }

  /**
   * Sends a command line ({@code /name args...}) as {@code user} in {@link #CONVERSATION}.
   *
   * @return what the handler returned
   */
  public JsonObject command(String user, String line) {
    String text = line.startsWith("/") ? line.substring(1) : line;
    String name = text.split("\\s+", 2)[0];
    String rest = text.length() > name.length() ? text.substring(name.length()).strip() : "";
    String handler = bundle.manifest().commands().stream().filter(c -> c.name().equals(name)).findFirst()
        .map(Manifest.Command::handler)
        .orElseThrow(() -> new IllegalArgumentException("the manifest has no command /" + name));
    JsonObject event = new JsonObject().put("type", "command").put("command", name).put("text", rest)
        .put("args", new JsonArray(rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"))));
    return invoke(handler, event, user, CONVERSATION);
  }

  /**
   * Presses a callback button of a card the app posted.
   *
   * @return what the handler returned
   */
  public JsonObject press(String user, String messageId, String actionId) {
    JsonObject card = host.cards.get(messageId);
    if (card == null) {
      throw new IllegalArgumentException("the app posted no message " + messageId);
    }
    JsonObject button = card.getJsonArray("buttons", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(b -> actionId.equals(b.getString("id"))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the card has no button " + actionId));
    String handler = bundle.manifest().cardAction(actionId).map(Manifest.CardAction::handler)
        .orElseThrow(() -> new IllegalStateException("the button '" + actionId
            + "' has no handler in the manifest's card_actions (the platform refuses such a card when it is posted)"));
    JsonObject event = new JsonObject().put("type", "card_action").put("actionId", actionId)
        .put("messageId", messageId).put("value", button.getString("value"));
    return invoke(handler, event, user, CONVERSATION);
  }

  /** A call of the app's page ({@code parley.server(args)}), to its {@code events.page_call} handler. */
  public JsonObject pageCall(String user, JsonObject args) {
    String handler = bundle.manifest().handlersByPointer().get("/events/page_call");
    if (handler == null) {
      throw new IllegalStateException("the manifest has no events.page_call handler");
    }
    return invoke(handler, new JsonObject().put("type", "page_call").put("args", args), user, CONVERSATION);
  }

  /** A search, to the manifest's {@code search.handler}. */
  public JsonObject search(String user, String query) {
    String handler = bundle.manifest().handlersByPointer().get("/search/handler");
    if (handler == null) {
      throw new IllegalStateException("the manifest has no search handler");
    }
    return invoke(handler, new JsonObject().put("type", "search").put("query", query).put("limit", 10), user,
        CONVERSATION);
  }

  /**
   * Calls an exported handler with any event, as {@code user} in {@code conversation}.
   *
   * @return what it returned
   * @throws MiniAppException the app's failure (a guest error with its stack, a limit)
   */
  public JsonObject invoke(String handler, JsonObject event, String user, String conversation) {
    CallContext ctx = CallContext.of(app, requireNonNull(user, "user"), requireNonNull(conversation, "conversation"),
        "sim-" + requests.incrementAndGet(), granted);
    return await(runtime.invoke(app, handler, event, ctx));
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within 60 s", e);
    }
  }

  @Override
  public void close() {
    try {
      await(runtime.close());
    } finally {
      await(vertx.close());
    }
  }
}
