package dev.parley.core.search;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.Authn;
import dev.parley.core.apps.broker.AppSearchResults;
import dev.parley.core.apps.broker.Broker;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Conversation;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/search}: the messenger's one search box. Sections: the caller's messages (only
 * conversations they are a member of at the moment of the query), people, their conversations,
 * the app directory, and what their apps with a search entry point answered in time.
 */
public final class SearchApi implements RouteSet {

  /** Longest query, in characters. */
  public static final int MAX_QUERY = 200;
  /** Most message hits a client may ask for. */
  public static final int MAX_MESSAGES = 50;
  static final int DEFAULT_MESSAGES = 20;
  static final int SECTION_SIZE = 10;
  /** Results asked of each app (contract 2: at most 10). */
  static final int APP_RESULTS = 5;
  /** People are found by a prefix of at most this many characters (the accounts' own rule). */
  static final int MAX_PEOPLE_QUERY = 64;

  /** The sections, in the order of the answer. */
  enum Kind {
    MESSAGES("messages"), PEOPLE("people"), CONVERSATIONS("conversations"), APPS("apps"), APP_RESULTS("appResults");

    final String key;

    Kind(String key) {
      this.key = key;
    }

    static Optional<Kind> of(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  private final ChatService chat;
  private final AccountService accounts;
  private final RegistryService registry;
  private final Broker broker;
  private final Supplier<MessageSearch> messages;

  public SearchApi(ChatService chat, AccountService accounts, RegistryService registry, Broker broker,
      Supplier<MessageSearch> messages) {
    this.chat = chat;
    this.accounts = accounts;
    this.registry = registry;
    this.broker = broker;
    this.messages = messages;
  }

  private HitFilter hitFilter = HitFilter.NONE;

  /** Filters message hits per viewer (safety: blocked people's messages); returns this. */
  public SearchApi withHitFilter(HitFilter filter) {
    this.hitFilter = java.util.Objects.requireNonNull(filter, "filter");
    return this;
  }

  @Override
  public void mount(Router api) {
    api.get("/search").handler(Respond.json(this::search));
  }

  /** A checked request: the query, its words, the sections asked for and the number of message hits. */
  record Request(String query, List<String> terms, Set<Kind> kinds, int limit) {

    static Request of(RoutingContext ctx) {
      String raw = ctx.queryParams().get("q");
      if (raw == null || raw.isBlank()) {
        throw PlatformException.invalid("q", "q is required: the text to search for");
      }
      String q = raw.strip();
      if (q.length() > MAX_QUERY) {
        throw PlatformException.invalid("q", "q must be at most " + MAX_QUERY + " characters, got " + q.length());
      }
      if (q.chars().anyMatch(Character::isISOControl)) {
        throw PlatformException.invalid("q", "q must not contain control characters");
      }
      Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
      String kindsParam = ctx.queryParams().get("kinds");
      if (kindsParam == null) {
        kinds.addAll(List.of(Kind.values()));
      } else {
        for (String k : kindsParam.split(",", -1)) {
          String key = k.strip();
          kinds.add(Kind.of(key).orElseThrow(() -> PlatformException.invalid("kinds", "kinds has '"
              + key.replaceAll("\\p{Cntrl}", "?") + "', which is not one of messages, people, conversations, apps, "
              + "appResults")));
        }
      }
      int limit = DEFAULT_MESSAGES;
      String limitParam = ctx.queryParams().get("limit");
      if (limitParam != null) {
        try {
          limit = Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > MAX_MESSAGES) {
          throw PlatformException.invalid("limit", "limit must be a whole number from 1 to " + MAX_MESSAGES);
        }
      }
      return new Request(q, TextMatches.terms(q), kinds, limit);
    }
  }

  private Future<JsonObject> search(RoutingContext ctx) {
    Request request = Request.of(ctx);
    Account me = Authn.principal(ctx).account();
    Future<List<Conversation>> mine = request.kinds().contains(Kind.MESSAGES)
        || request.kinds().contains(Kind.CONVERSATIONS)
            ? chat.list(me.id())
            : Future.succeededFuture(List.of());
    Map<Kind, Future<JsonArray>> sections = new LinkedHashMap<>();
    Future<JsonObject> appResults = Future.succeededFuture();
    for (Kind kind : request.kinds()) {
      switch (kind) {
        case MESSAGES -> sections.put(kind, messages(me, request, mine));
        case PEOPLE -> sections.put(kind, people(me, request));
        case CONVERSATIONS -> sections.put(kind, mine.map(list -> conversations(list, request)));
        case APPS -> sections.put(kind, registry.directory(Optional.of(request.query()), SECTION_SIZE).map(apps -> {
          JsonArray out = new JsonArray();
          apps.forEach(a -> out.add(a.directoryJson().put("highlights", ranges(a.name(), request.terms()))));
          return out;
        }));
        case APP_RESULTS -> appResults = appResults(me, request);
      }
    }
    List<Future<?>> all = new java.util.ArrayList<>(sections.values());
    all.add(appResults);
    Future<JsonObject> apps = appResults;
    return Future.all(all).map(x -> {
      JsonObject out = new JsonObject().put("query", request.query());
      sections.forEach((kind, f) -> out.put(kind.key, f.result()));
      if (request.kinds().contains(Kind.APP_RESULTS)) {
        out.put(Kind.APP_RESULTS.key, apps.result());
      }
      return out;
    });
  }

  /** Message hits in the caller's conversations as they are now; the engine's answer is checked again. */
  private Future<JsonArray> messages(Account me, Request request, Future<List<Conversation>> mine) {
    return chat.conversationIds(me.id()).compose(ids -> {
      Set<String> member = new HashSet<>(ids);
      return messages.get().search(ids, request.query(), request.limit())
          .compose(found -> hitFilter.visible(me.id(), found))
          .compose(hits -> chat.senderKinds(hits.stream().map(MessageHit::messageId).toList())
              .map(kinds -> java.util.Map.entry(hits, kinds)))
          .compose(found -> mine.map(list -> {
            List<MessageHit> hits = found.getKey();
            Map<String, Conversation> byId = new LinkedHashMap<>();
            list.forEach(c -> byId.put(c.id(), c));
            JsonArray out = new JsonArray();
            for (MessageHit hit : hits) {
              Conversation c = byId.get(hit.conversationId());
              if (!member.contains(hit.conversationId()) || c == null) {
                continue; // left since, or an engine that overstepped: never shown
              }
              JsonArray highlights = new JsonArray();
              hit.highlights()
                  .forEach(h -> highlights.add(new JsonObject().put("start", h.start()).put("end", h.end())));
              out.add(new JsonObject().put("messageId", hit.messageId()).put("conversationId", hit.conversationId())
                  .put("conversationTitle", c.displayTitle()).put("conversationKind", c.kind().key())
                  .put("seq", hit.seq()).put("senderName", hit.senderName())
                  .put("senderKind", found.getValue().getOrDefault(hit.messageId(), "person"))
                  .put("sentAt", Instant.ofEpochMilli(hit.sentAtMillis()).toString())
                  .put("snippet", hit.snippet()).put("highlights", highlights));
              if (hit.attachmentName() != null) { // the hit is a file: found by this name
                out.getJsonObject(out.size() - 1).put("attachmentName", hit.attachmentName());
              }
            }
            return out;
          }));
    });
  }

  private Future<JsonArray> people(Account me, Request request) {
    if (request.query().length() > MAX_PEOPLE_QUERY) {
      return Future.succeededFuture(new JsonArray());
    }
    return accounts.search(request.query(), SECTION_SIZE + 1).map(found -> {
      JsonArray out = new JsonArray();
      found.stream().filter(a -> !a.id().equals(me.id())).limit(SECTION_SIZE)
          .forEach(a -> out.add(a.publicJson().put("highlights", ranges(a.displayName(), request.terms()))));
      return out;
    });
  }

  /** The caller's conversations whose title or members' names hold every word of the query. */
  private static JsonArray conversations(List<Conversation> list, Request request) {
    JsonArray out = new JsonArray();
    for (Conversation c : list) {
      StringBuilder names = new StringBuilder(c.displayTitle());
      c.members().forEach(m -> names.append(' ').append(m.displayName()).append(' ').append(m.username()));
      String haystack = names.toString().toLowerCase(Locale.ROOT);
      if (!request.terms().isEmpty() && request.terms().stream().allMatch(haystack::contains)) {
        out.add(new JsonObject().put("id", c.id()).put("kind", c.kind().key()).put("title", c.displayTitle())
            .put("memberCount", c.members().size()).put("highlights", ranges(c.displayTitle(), request.terms())));
        if (out.size() == SECTION_SIZE) {
          break;
        }
      }
    }
    return out;
  }

  private Future<JsonObject> appResults(Account me, Request request) {
    return broker.searchApps(me.id(), request.query(), APP_RESULTS).map(AppSearchResults::toJson)
        .recover(f -> f instanceof PlatformException e && e.reason() == PlatformException.Reason.TOO_MANY
            // Typing fast: the other sections still answer; the apps are asked again on the next keystroke.
            ? Future
                .succeededFuture(new AppSearchResults(List.of(), List.of(), List.of()).toJson().put("limited", true))
            : Future.failedFuture(f));
  }

  private static JsonArray ranges(String text, List<String> terms) {
    JsonArray out = new JsonArray();
    TextMatches.matches(text, terms)
        .forEach(h -> out.add(new JsonObject().put("start", h.start()).put("end", h.end())));
    return out;
  }
}
