package dev.parley.core.apps.broker;

import dev.parley.core.accounts.Actor;
import dev.parley.core.apps.permissions.ConsentScopes;
import dev.parley.core.apps.permissions.Consents;
import dev.parley.core.apps.permissions.ConversationConsents;
import dev.parley.core.apps.registry.App;
import dev.parley.core.apps.registry.DevVersions;
import dev.parley.core.apps.registry.Launcher;
import dev.parley.core.apps.registry.Listing;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.UsageLog;
import dev.parley.core.apps.registry.Version;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.interactive.InteractiveContent;
import dev.parley.runtime.AppVersion;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.Permission;
import dev.parley.runtime.spi.HostCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one path of every call between a conversation and a mini-app: resolve the app and its live
 * version (cached), check that it is installed here and not suspended, apply the rate limits,
 * work out the granted permissions (requested, approved with the version, consented by the
 * user; undecided ones are asked for first), run the handler in the sandbox with the verified
 * context, and deliver what it answers to the conversation. A handler that takes longer than the
 * answer time leaves the user with "pending"; its answer still lands when it comes.
 */
public final class Broker {

  private static final Pattern COMMAND = Pattern.compile("^/([a-z0-9_-]{1,32})(?:\\s+([\\s\\S]*))?$");

  private final Vertx vertx;
  private final RegistryService registry;
  private final Launcher launcher;
  private final ChatService chat;
  private final Installations installations;
  private final Consents consents;
  private final UsageLog usage;
  private final BrokerHost host;
  private final IdGenerator ids;
  private final RateLimiter limits;
  private final BrokerOptions options;
  private final Supplier<Future<MiniAppRuntime>> runtime;
  private final AppSearch appSearch;
  private final DevVersions devVersions;

  public Broker(Vertx vertx, RegistryService registry, Launcher launcher, ChatService chat, Installations installations,
      Consents consents, UsageLog usage, BrokerHost host, IdGenerator ids, BrokerOptions options,
      Supplier<Future<MiniAppRuntime>> runtime, DevVersions devVersions) {
    this(vertx, registry, launcher, chat, installations, consents, usage, host, ids, options, runtime, devVersions,
        dev.parley.core.ratelimit.RateLimits.local());
  }

  /** As above, with the rate limits' buckets kept where {@code rateLimits} says (shared in a cluster). */
  public Broker(Vertx vertx, RegistryService registry, Launcher launcher, ChatService chat, Installations installations,
      Consents consents, UsageLog usage, BrokerHost host, IdGenerator ids, BrokerOptions options,
      Supplier<Future<MiniAppRuntime>> runtime, DevVersions devVersions,
      dev.parley.core.ratelimit.RateLimits rateLimits) {
    this.devVersions = devVersions;
    this.vertx = vertx;
    this.registry = registry;
    this.launcher = launcher;
    this.chat = chat;
    this.installations = installations;
    this.consents = consents;
    this.usage = usage;
    this.host = host;
    this.ids = ids;
    this.options = new BrokerOptions(options);
    this.limits = new RateLimiter(this.options, rateLimits);
    this.runtime = runtime;
    this.appSearch = new AppSearch(vertx, registry, launcher, installations, consents, usage, limits, ids,
        this.options.getSearchTime().toMillis(), runtime);
  }

  /**
   * Asks every app the user has at hand with a {@code search} entry point (installed in one of
   * their conversations, or pinned) for results, in parallel, and answers when all have answered
   * or the deadline ({@code broker.searchMillis}) passed: late and failed apps are named.
   */
  public Future<AppSearchResults> searchApps(String userId, String query, int limit) {
    return appSearch.search(userId, query, limit);
  }

  public Installations installations() {
    return installations;
  }

  public Consents consents() {
    return consents;
  }

  public ChatService chat() {
    return chat;
  }

  /** The user's latest notifications from apps ({@code parley.notifications.send}), newest first. */
  public Future<JsonArray> notifications(String userId, int limit) {
    return host.notifications(userId, limit);
  }

  /** Runs a slash command typed in a conversation, for a user of the default locale. */
  public Future<JsonObject> command(Actor actor, String userId, String conversationId, String text) {
    return command(actor, userId, conversationId, text, CallContext.DEFAULT_LOCALE);
  }

  /** Runs a slash command typed in a conversation by a user who reads {@code locale}. */
  public Future<JsonObject> command(Actor actor, String userId, String conversationId, String text,
      String locale) {
    Matcher m = COMMAND.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return Future
          .failedFuture(PlatformException.invalid("/text", "a command looks like /name followed by its arguments"));
    }
    String name = m.group(1);
    String argText = m.group(2) == null ? "" : m.group(2).strip();
    return chat.requireMember(userId, conversationId)
        .compose(v -> findCommand(conversationId, name))
        .compose(found -> prepare(actor, userId, conversationId, found.appId(), locale).compose(call -> {
          JsonObject event = new JsonObject().put("type", "command").put("command", name).put("text", argText)
              .put("args", new JsonArray(argText.isEmpty() ? List.of() : List.of(argText.split("\\s+"))));
          return call.consentNeeded().isPresent()
              ? Future.succeededFuture(call.consentNeeded().get())
              : run(call, found.handler(), event);
        }));
  }

  /**
   * Runs the handler of a button (type {@code callback}) of a card an app posted here. The handler
   * gets the value the app put on the button, as stored with the card; {@code value}, if sent,
   * must be that value (cards offer no input of the user's own, so there is nothing else to choose).
   */
  public Future<JsonObject> cardAction(Actor actor, String userId, String conversationId, String messageId,
      String actionId, Optional<String> value) {
    return cardAction(actor, userId, conversationId, messageId, actionId, value, List.of());
  }

  /**
   * Runs the handler of a button of a card an app posted here: a {@code callback} button, or a
   * {@code request_file} button with the files the presser chose ({@code attachmentIds}: their
   * own finished uploads, of a type the button accepts), which reach the handler as
   * {@code event.files} once the presser allows {@code files.receive}.
   */
  public Future<JsonObject> cardAction(Actor actor, String userId, String conversationId, String messageId,
      String actionId, Optional<String> value, List<String> attachmentIds) {
    return cardAction(actor, userId, conversationId, messageId, actionId, value, attachmentIds,
        CallContext.DEFAULT_LOCALE);
  }

  /** {@link #cardAction(Actor, String, String, String, String, Optional, List)} for a user who reads {@code locale}. */
  public Future<JsonObject> cardAction(Actor actor, String userId, String conversationId, String messageId,
      String actionId, Optional<String> value, List<String> attachmentIds, String locale) {
    return chat.requireMember(userId, conversationId)
        // a card of the conversation, or one only this user sees (an ephemeral answer to them)
        .compose(v -> chat.message(conversationId, messageId)
            .recover(f -> chat.ephemerals().find(userId, conversationId, messageId)))
        .compose(message -> {
          if (!Message.CARD.equals(message.kind()) || message.app().isEmpty()) {
            return Future.failedFuture(PlatformException.invalid("/messageId", "this message is not an app's card"));
          }
          Optional<JsonObject> pressed = message.card().orElseThrow().getJsonArray("buttons", new JsonArray())
              .stream().map(b -> (JsonObject) b)
              .filter(b -> actionId.equals(b.getString("id")) && ("callback".equals(b.getString("type"))
                  || "request_file".equals(b.getString("type"))))
              .findFirst();
          // or an answerable id of the card's interactive content: a callback carrying its payload or the picked date
          Optional<JsonObject> answered = pressed.isPresent()
              ? Optional.empty()
              : interactiveAnswer(message.card().orElseThrow(), actionId, value);
          JsonObject button = pressed.or(() -> answered).orElseThrow(() -> PlatformException.invalid("/actionId",
              "the card has no callback or request_file button or interactive answer '" + actionId + "'"));
          if (!CardFormat.isFor(button, userId)) {
            // a button for named members (a payment request's Pay for the payer): refused to anyone else
            return Future.failedFuture(PlatformException.forbidden("the button '" + actionId
                + "' is for other members of this conversation"));
          }
          boolean asksFile = "request_file".equals(button.getString("type"));
          if (asksFile && attachmentIds.size() != 1) {
            return Future.failedFuture(PlatformException.invalid("/attachmentIds", "the button '" + actionId
                + "' asks for one file: send attachmentIds with the id of your finished upload"));
          }
          if (!asksFile && !attachmentIds.isEmpty()) {
            return Future.failedFuture(PlatformException.invalid("/attachmentIds", "the button '" + actionId
                + "' asks for no file"));
          }
          // the value is the app's, stored with the card; a client may echo it but never choose it
          Optional<String> stored = Optional.ofNullable(button.getString("value"));
          if (answered.isEmpty() && value.isPresent() && !value.equals(stored)) {
            return Future.failedFuture(PlatformException.invalid("/value", "the button '" + actionId
                + "' carries " + (stored.isPresent() ? "another value" : "no value") + "; send its actionId only"));
          }
          String appId = message.app().get().id();
          return prepare(actor, userId, conversationId, appId, locale).compose(call -> {
            if (call.consentNeeded().isPresent()) {
              return Future.succeededFuture(call.consentNeeded().get());
            }
            String handler = call.version().manifest().cardAction(actionId).map(Manifest.CardAction::handler)
                .orElse(null);
            if (handler == null) {
              // a card of an earlier version, or posted before the check: the developer hears of it too
              usage.log(appId, Optional.of(call.version().version()), UsageLog.Level.ERROR, "the button '" + actionId
                  + "' was pressed, but the manifest's card_actions has no handler for it", Optional.empty());
              return Future.failedFuture(PlatformException.notFound("a handler for the button '" + actionId + "'"));
            }
            JsonObject event = new JsonObject().put("type", "card_action").put("actionId", actionId)
                .put("messageId", messageId).put("value", stored.orElse(null));
            if (!asksFile) {
              return run(call, handler, event);
            }
            if (host.questions().needs(call.context().requestId(), Permission.FILES_RECEIVE.permissionName())) {
              host.questions().take(call.context().requestId());
              return Future.succeededFuture(consentRequired(call.app(), call.version(),
                  List.of(Permission.FILES_RECEIVE.permissionName()), conversationId));
            }
            if (!call.context().permissions().contains(Permission.FILES_RECEIVE.permissionName())) {
              return Future.failedFuture(PlatformException.forbidden(call.app().name() + " may not receive files: "
                  + (call.version().permissionNames().contains(Permission.FILES_RECEIVE.permissionName())
                      ? "you did not allow it (files.receive); allow it in the app's permissions to send one"
                      : "it does not ask for files.receive")));
            }
            return host.files().receive(appId, conversationId, messageId, userId, attachmentIds,
                button.getString("accept", CardFormat.DEFAULT_ACCEPT))
                .compose(files -> run(call, handler, event.put("files", files)));
          });
        });
  }

  /**
   * An answer to the interactive content of an app's card as the button it stands for: a callback
   * whose value is the sender's payload (a reply, a quick reply, a list row; a client may echo it
   * but never choose it) or, for a date/time picker, the picked value checked against its bounds.
   */
  private static Optional<JsonObject> interactiveAnswer(JsonObject card, String actionId, Optional<String> value) {
    if (!(card.getValue("interactive") instanceof JsonObject content)
        || !CardFormat.answerableIds(card).contains(actionId)) {
      return Optional.empty();
    }
    return InteractiveContent.answerable(content, actionId).map(a -> {
      String chosen;
      if ("datetime".equals(a.kind())) {
        if (value.isEmpty()) {
          throw PlatformException.invalid("/value", "the picker '" + actionId + "' needs value: the picked "
              + content.getString("mode"));
        }
        try {
          chosen = InteractiveContent.pickedValue(content, value.get());
        } catch (PlatformException e) {
          throw PlatformException.invalid("/value", String.valueOf(e.getMessage()));
        }
      } else {
        if (value.isPresent() && !value.get().equals(a.payload())) {
          throw PlatformException.invalid("/value", "the answer '" + actionId + "' carries "
              + (a.payload() != null ? "another value" : "no value") + "; send its actionId only");
        }
        chosen = a.payload();
      }
      JsonObject button = new JsonObject().put("id", actionId).put("type", "callback");
      return chosen == null ? button : button.put("value", chosen);
    });
  }

  /**
   * A call from the app's page through the SDK: a host capability, checked like one from server
   * code, or {@code server}, the app's {@code page_call} handler.
   */
  public Future<JsonObject> pageCall(Actor actor, String userId, String conversationId, String appId, String capability,
      JsonObject args) {
    return pageCall(actor, userId, conversationId, appId, capability, args, CallContext.DEFAULT_LOCALE);
  }

  /** {@link #pageCall(Actor, String, String, String, String, JsonObject)} for a user who reads {@code locale}. */
  public Future<JsonObject> pageCall(Actor actor, String userId, String conversationId, String appId, String capability,
      JsonObject args, String locale) {
    return chat.requireMember(userId, conversationId)
        .compose(v -> prepare(actor, userId, conversationId, appId, locale))
        .compose(call -> {
          if (call.consentNeeded().isPresent()) {
            return Future.succeededFuture(call.consentNeeded().get());
          }
          if ("server".equals(capability)) {
            String handler = call.version().manifest().eventHandler("page_call").orElse(null);
            if (handler == null) {
              return Future.failedFuture(PlatformException.notFound("a page_call handler of '" + appId + "'"));
            }
            return run(call, handler, new JsonObject().put("type", "page_call").put("args", args));
          }
          if (!host.capabilities().contains(capability)) {
            return Future
                .failedFuture(PlatformException.invalid("/capability", "'" + capability + "' is not a capability"));
          }
          String requestId = call.context().requestId();
          return host.call(new HostCall(capability, args, call.context()))
              .map(result -> new JsonObject().put("status", "done").put("result", result))
              .transform(ar -> {
                List<String> needed = host.questions().take(requestId);
                if (!needed.isEmpty()) {
                  return Future.succeededFuture(consentRequired(call.app(), call.version(), needed, conversationId));
                }
                return ar.succeeded()
                    ? Future.succeededFuture(ar.result())
                    : Future.failedFuture(ar.cause() instanceof MiniAppException e
                        ? PlatformException.forbidden(e.getMessage())
                        : ar.cause());
              });
        });
  }

  /**
   * What a request of an app's page that is not a host call (a media upload) may do: the same
   * checks as {@link #pageCall} (member, installed, not suspended, rate limits), then either the
   * consent to ask for first or the verified context with the granted permissions.
   */
  public Future<PageAccess> pageAccess(Actor actor, String userId, String conversationId, String appId) {
    return chat.requireMember(userId, conversationId)
        .compose(v -> prepare(actor, userId, conversationId, appId, true))
        .map(call -> new PageAccess(call.consentNeeded(), call.context()));
  }

  /** {@link #pageAccess}'s answer: {@code consentRequired} (as a command answers it) or the context to act in. */
  public record PageAccess(Optional<JsonObject> consentRequired, CallContext context) {
  }

  /**
   * Runs the app's handler of a manifest event ({@code events.<name>}, such as {@code payment}) for
   * {@code userId} in a conversation, through the same checks as any call (installed here, not
   * suspended, rate limits, the user's granted permissions); answers {@code {status: "none"}} when
   * the app declares no such handler. The platform raises these events, never a user or an app.
   */
  public Future<JsonObject> appEvent(String userId, String conversationId, String appId, String name,
      JsonObject event) {
    return prepare(Actor.system(), userId, conversationId, appId).compose(call -> {
      String handler = call.version().manifest().eventHandler(name).orElse(null);
      if (handler == null) {
        return Future.succeededFuture(new JsonObject().put("status", "none"));
      }
      return run(call, handler, event);
    });
  }

  /** Everything checked before a call runs, and its verified context. */
  private record Prepared(App app, Version version, AppVersion code, CallContext context,
      Optional<JsonObject> consentNeeded) {

    /** The same call for a user who reads {@code locale} (handed to the app in its context). */
    Prepared in(String locale) {
      return new Prepared(app, version, code, context.withLocale(locale), consentNeeded);
    }
  }

  /** {@link #prepare(Actor, String, String, String)} for a user who reads {@code locale}. */
  private Future<Prepared> prepare(Actor actor, String userId, String conversationId, String appId, String locale) {
    return prepare(actor, userId, conversationId, appId).map(call -> call.in(locale));
  }

  private Future<Prepared> prepare(Actor actor, String userId, String conversationId, String appId) {
    return prepare(actor, userId, conversationId, appId, false);
  }

  /**
   * Resolves and checks a call, and works out its permissions: the conversation permissions the
   * conversation granted (asked of the caller only when none was granted yet and they may install
   * apps here), and the personal ones this user granted. An undecided personal permission is asked
   * when first needed: up front when {@code askPersonal} (a page's upload), else when the handler's
   * host call needs it ({@link ConsentQuestions}), so a vote or an opened red packet asks nothing.
   */
  private Future<Prepared> prepare(Actor actor, String userId, String conversationId, String appId,
      boolean askPersonal) {
    Optional<DevVersions.DevVersion> dev = devVersions.in(conversationId, appId);
    if (dev.isPresent()) {
      return prepareDev(userId, conversationId, dev.get());
    }
    return installations.installed(conversationId).compose(installed -> {
      if (!installed.containsKey(appId)) {
        return Future.failedFuture(PlatformException.notFound("app '" + appId + "' in this conversation"));
      }
      return launcher.live(actor, appId);
    }).compose(listing -> limits.acquire(appId, userId, conversationId).map(listing)).compose(listing -> {
      Version version = listing.live().orElseThrow();
      Future<Map<String, Boolean>> personal = consents.decisions(userId, appId);
      Future<Map<String, ConversationConsents.Grant>> shared = consents.conversation().grants(conversationId, appId);
      return Future.all(personal, shared).compose(both -> {
        Map<String, Boolean> decisions = personal.result();
        Map<String, ConversationConsents.Grant> grants = shared.result();
        Set<String> granted = new LinkedHashSet<>();
        List<String> undecidedShared = new ArrayList<>();
        List<String> undecidedPersonal = new ArrayList<>();
        for (String p : version.permissionNames()) {
          if (ConsentScopes.isConversation(p)) {
            if (grants.containsKey(p)) {
              granted.add(p);
            } else {
              undecidedShared.add(p);
            }
          } else {
            Boolean d = decisions.get(p);
            if (d == null) {
              undecidedPersonal.add(p);
            } else if (d) {
              granted.add(p);
            }
          }
        }
        Future<List<String>> toAsk = undecidedShared.isEmpty()
            ? Future.succeededFuture(List.of())
            // only someone who may install apps here decides for the conversation; others run without
            : installations.mayInstall(userId, conversationId).map(may -> may ? undecidedShared : List.of());
        return toAsk.compose(shared2 -> {
          List<String> ask = new ArrayList<>(shared2);
          if (askPersonal) {
            ask.addAll(undecidedPersonal);
          }
          Optional<JsonObject> consent = ask.isEmpty()
              ? Optional.empty()
              : Optional.of(consentRequired(listing, version, ask, conversationId));
          String requestId = ids.newId();
          if (!askPersonal && !undecidedPersonal.isEmpty()) {
            host.questions().expect(requestId, undecidedPersonal);
          }
          return launcher.loaded(version).map(code -> new Prepared(listing.app(), version, code,
              CallContext.of(code, userId, conversationId, requestId, granted), consent));
        });
      });
    });
  }

  /**
   * A development version in its development conversation: unreviewed, so its permissions are the
   * ones it asks for, without consent (only the developer and people they added are members), except
   * {@code payments.request}: a development version never asks anyone for money.
   */
  private Future<Prepared> prepareDev(String userId, String conversationId, DevVersions.DevVersion dev) {
    return limits.acquire(dev.app().id(), userId, conversationId).map(v -> {
      Set<String> granted = new LinkedHashSet<>(dev.version().permissionNames());
      granted.remove(Permission.PAYMENTS_REQUEST.permissionName());
      return new Prepared(dev.app(), dev.version(), dev.code(),
          CallContext.of(dev.code(), userId, conversationId, ids.newId(), granted), Optional.empty());
    });
  }

  private static JsonObject consentRequired(Listing listing, Version version, List<String> undecided,
      String conversationId) {
    return consentRequired(listing.app(), version, undecided, conversationId);
  }

  private static JsonObject consentRequired(App app, Version version, List<String> undecided,
      String conversationId) {
    JsonArray permissions = new JsonArray();
    Map<String, String> reasons = new java.util.HashMap<>();
    version.manifest().permissions().forEach(p -> reasons.put(p.name(), p.reason()));
    for (String name : undecided) {
      Permission p = Permission.byName(name).orElseThrow();
      permissions.add(new JsonObject().put("name", name).put("description", p.description())
          .put("userText", p.userText()).put("reason", reasons.getOrDefault(name, ""))
          .put("scope", ConsentScopes.scopeOf(name)));
    }
    return new JsonObject().put("status", "consent_required").put("conversationId", conversationId)
        .put("app",
            new JsonObject().put("id", app.id()).put("name", app.name()).put("iconUrl", app.iconUrl().orElse(null)))
        .put("permissions", permissions);
  }

  /** Runs a handler; answers "done" with what it posted, or "pending" when it is slow. */
  private Future<JsonObject> run(Prepared call, String handler, JsonObject event) {
    String requestId = call.context().requestId();
    Future<JsonObject> result = runtime.get()
        .compose(r -> r.invoke(call.code(), handler, event, call.context()))
        .compose(answer -> deliver(call, answer).map(posted -> {
          usage.invoked(call.app().id(), false);
          JsonArray messages = new JsonArray();
          host.takePosted(requestId).forEach(m -> messages.add(m.toJson()));
          posted.ifPresent(m -> messages.add(m.toJson()));
          JsonObject done = new JsonObject().put("status", "done").put("requestId", requestId).put("messages",
              messages);
          // A handler's {result} is the answer a page's parley.call("server") resolves with.
          return answer != null && answer.containsKey("result") ? done.put("result", answer.getValue("result")) : done;
        }))
        .transform(ar -> {
          // a personal permission the handler needed and the user has yet to decide: ask, then send again
          List<String> needed = host.questions().take(requestId);
          if (!needed.isEmpty()) {
            host.takePosted(requestId);
            return Future.succeededFuture(consentRequired(call.app(), call.version(), needed,
                call.context().conversationId().orElse(null)));
          }
          if (ar.succeeded()) {
            return Future.succeededFuture(ar.result());
          }
          host.takePosted(requestId);
          return Future.failedFuture(AppFailures.of(call.app().id(), call.version().version(), requestId, ar.cause(),
              usage));
        });
    Promise<JsonObject> answer = Promise.promise();
    long timer = vertx.setTimer(options.getAnswerTime().toMillis(), t -> answer.tryComplete(
        new JsonObject().put("status", "pending").put("requestId", requestId)
            .put("app", new JsonObject().put("id", call.app().id()).put("name", call.app().name()))));
    result.onComplete(r -> {
      vertx.cancelTimer(timer);
      if (r.succeeded()) { // after "pending" was answered, what the app posts still reaches the conversation
        answer.tryComplete(r.result());
      } else {
        answer.tryFail(r.cause());
      }
    });
    return answer.future();
  }

  /** Posts what the handler returned ({@code {text}} or {@code {card}}) as the app's reply. */
  private Future<Optional<Message>> deliver(Prepared call, JsonObject answer) {
    if (answer == null || (!answer.containsKey("card") && !answer.containsKey("text"))) {
      return Future.succeededFuture(Optional.empty());
    }
    JsonObject card;
    try {
      AppCards.ephemeral(answer); // a bad visibility is the handler's error, before anything is posted
      card = CardFormat.withFileUrls(CardFormat.card(answer), call.version().appId(), call.version().digest());
      Optional<String> unhandled = CardFormat.unhandledButton(card, call.version().manifest());
      if (unhandled.isPresent()) {
        return Future.failedFuture(MiniAppException.of(MiniAppException.Reason.INVALID_RESULT,
            "the handler's card cannot be posted: " + unhandled.get()));
      }
    } catch (MiniAppException e) {
      return Future.failedFuture(MiniAppException.of(MiniAppException.Reason.INVALID_RESULT,
          "the handler's answer is not a card: " + e.getMessage()));
    }
    Message.AppLabel label = new Message.AppLabel(call.app().id(), call.app().name());
    String conversationId = call.context().conversationId().orElseThrow();
    return host.files().checkCard(card, call.version(), conversationId)
        .recover(e -> Future.failedFuture(e instanceof MiniAppException m
            ? MiniAppException.of(MiniAppException.Reason.INVALID_RESULT, "the handler's answer is not a card: "
                + m.getMessage())
            : e))
        .compose(checked -> AppCards.ephemeral(answer)
            ? chat.ephemerals().post(label, conversationId, List.of(call.context().userId()), checked,
                CardFormat.summary(checked))
            : chat.postAppMessage(label, conversationId, checked, CardFormat.summary(checked)))
        .compose(host.files()::shown)
        .map(Optional::of);
  }

  /** The app installed here that declares the command, first installed first. */
  private record FoundCommand(String appId, String handler) {
  }

  private Future<FoundCommand> findCommand(String conversationId, String name) {
    for (DevVersions.DevVersion dev : devVersions.inConversation(conversationId)) {
      Optional<FoundCommand> found = dev.version().manifest().command(name)
          .map(c -> new FoundCommand(dev.app().id(), c.handler()));
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
    }
    return installations.installed(conversationId).compose(installed -> {
      Future<Optional<FoundCommand>> found = Future.succeededFuture(Optional.empty());
      for (String appId : installed.keySet()) {
        found = found.compose(f -> f.isPresent()
            ? Future.succeededFuture(f)
            : registry.listing(appId).map(l -> l
                .flatMap(Listing::live)
                .flatMap(v -> v.manifest().command(name))
                .map(c -> new FoundCommand(appId, c.handler()))));
      }
      return found
          .map(f -> f.orElseThrow(() -> PlatformException.notFound("an installed app with the command /" + name)));
    });
  }
}
