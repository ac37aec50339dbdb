package dev.parley.core.broker;

import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.audit.Actor;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.audit.AuditLog.Event;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.gifting.AppRedPackets;
import dev.parley.core.media.AppMedia;
import dev.parley.core.payments.AppPayments;
import dev.parley.core.registry.RegistryService;
import dev.parley.core.registry.UsageLog;
import dev.parley.core.registry.Version;
import dev.parley.core.storage.Database;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import dev.parley.runtime.spi.ConsoleOutput;
import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host side of every sandbox: each {@code parley.*} call of an app's server code (and each
 * call of its page, through the broker) arrives here with the verified context. The permission
 * must be among the context's granted ones (requested, approved with the version, consented by
 * the user); a refusal is a clear error inside the app, a line in its developer's log and an
 * audit entry — never a failure of the host.
 */
public final class BrokerHost implements HostInterface {

  /** Needs no permission: the user of the call is a member of the conversation, which every call checks. */
  private static final String MEMBER = "(member)";

  /**
   * Capability → the permission it needs ({@code storage.*} depends on the scope). Claiming and
   * reading a red packet need none: receiving money needs no confirmation, and the packet must be
   * one of the call's conversation.
   */
  private static final Map<String, String> NEEDS = Map.ofEntries(
      Map.entry("cards.post", "cards.post"), Map.entry("cards.update", "cards.post"),
      Map.entry("members.read", "members.read"), Map.entry("profile.read", "profile.read"),
      Map.entry("storage.get", ""), Map.entry("storage.set", ""), Map.entry("storage.delete", ""),
      Map.entry("storage.list", ""), Map.entry("network.fetch", "network.fetch"),
      Map.entry("notifications.send", "notifications.send"), Map.entry("payments.request", "payments.request"),
      Map.entry("payments.refund", "payments.request"), Map.entry("redpackets.create", "payments.request"),
      Map.entry("redpackets.claim", MEMBER), Map.entry("redpackets.get", MEMBER),
      Map.entry("pages.broadcast", MEMBER), Map.entry("media.get", MEMBER));

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;
  private final AccountService accounts;
  private final RegistryService registry;
  private final UsageLog usage;
  private final AuditLog audit;
  private final AppStorage storage;
  private final NetworkFetch network;
  private final AppPayments payments;
  private final AppRedPackets redPackets;
  private final PageBroadcasts broadcasts;
  private final AppMedia media;
  private final Map<String, List<Message>> postedByRequest = new ConcurrentHashMap<>();

  /** A host without payments: {@code payments.request} is refused. */
  public BrokerHost(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RegistryService registry, UsageLog usage, AuditLog audit) {
    this(vertx, db, clock, ids, chat, accounts, registry, usage, audit, AppPayments.deferred(() -> {
      throw MiniAppException.refused("payments are not available on this platform");
    }));
  }

  /** A host whose payments calls go to {@code payments} once their permission is checked; no red packets. */
  public BrokerHost(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RegistryService registry, UsageLog usage, AuditLog audit, AppPayments payments) {
    this(vertx, db, clock, ids, chat, accounts, registry, usage, audit, payments, AppRedPackets.of(() -> {
      throw MiniAppException.refused("red packets are not available on this platform");
    }));
  }

  /** A host with payments and the red-packet calls of {@code redPackets}; broadcasts with the default limits, no media. */
  public BrokerHost(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RegistryService registry, UsageLog usage, AuditLog audit, AppPayments payments, AppRedPackets redPackets) {
    this(vertx, db, clock, ids, chat, accounts, registry, usage, audit, payments, redPackets,
        PageBroadcasts.create(vertx, new BrokerOptions()), null);
  }

  /**
   * A host with payments, red packets, page broadcasts and {@code media.get}
   * ({@code media} null: refused, the platform keeps no media).
   */
  public BrokerHost(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RegistryService registry, UsageLog usage, AuditLog audit, AppPayments payments, AppRedPackets redPackets,
      PageBroadcasts broadcasts, AppMedia media) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.chat = chat;
    this.accounts = accounts;
    this.registry = registry;
    this.usage = usage;
    this.audit = audit;
    this.storage = new AppStorage(db, clock);
    this.network = new NetworkFetch(vertx);
    this.payments = payments;
    this.redPackets = redPackets;
    this.broadcasts = broadcasts;
    this.media = media;
  }

  @Override
  public Set<String> capabilities() {
    return NEEDS.keySet();
  }

  @Override
  public Future<Object> call(HostCall call) {
    CallContext context = call.context();
    String needed = NEEDS.get(call.capability());
    if (needed != null && needed.isEmpty()) {
      needed = "conversation".equals(call.args().getString("scope")) ? "storage.conversation" : "storage.user";
    }
    if (needed == null || (!needed.equals(MEMBER) && !context.permissions().contains(needed))) {
      return refuse(context, call.capability(), "the app has no permission '" + needed + "'"
          + (Permission.byName(needed).map(p -> " (" + p.description() + ")").orElse(""))
          + ": it must ask for it in its manifest and the user must allow it");
    }
    Future<Object> done;
    try {
      done = perform(call.capability(), call.args(), context);
    } catch (MiniAppException e) {
      done = Future.failedFuture(e);
    }
    return done.recover(f -> f instanceof MiniAppException e && e.reason() == MiniAppException.Reason.HOST_CALL_REFUSED
        ? refuse(context, call.capability(), e.getMessage()) : Future.failedFuture(f));
  }

  private Future<Object> perform(String capability, JsonObject args, CallContext context) {
    return switch (capability) {
      case "cards.post" -> conversation(context).compose(c -> {
        JsonObject checked = CardFormat.card(args);
        return withFileUrls(checked, context).compose(card -> label(context)
                .compose(app -> chat.postAppMessage(app, c, card, CardFormat.summary(card))))
            .map(m -> {
              postedByRequest.computeIfAbsent(context.requestId(), k -> new CopyOnWriteArrayList<>()).add(m);
              return (Object) new JsonObject().put("messageId", m.id());
            });
      });
      case "cards.update" -> conversation(context).compose(c -> {
        JsonObject checked = CardFormat.card(args);
        String messageId = args.getString("messageId", "");
        if (!IdGenerator.isId(messageId)) {
          return Future.failedFuture(MiniAppException.refused("messageId must be the id cards.post returned"));
        }
        return withFileUrls(checked, context)
            .compose(card -> chat.updateAppMessage(context.appId(), c, messageId, card, CardFormat.summary(card)))
            .map(m -> (Object) new JsonObject().put("messageId", m.id()))
            .recover(f -> Future.failedFuture(MiniAppException.refused("no card of this app with id " + messageId
                + " in this conversation")));
      });
      case "members.read" -> conversation(context).compose(c -> chat.get(context.userId(), c)).map(conv -> {
        JsonArray out = new JsonArray();
        conv.members().forEach(m -> out.add(new JsonObject().put("id", m.id()).put("username", m.username())
            .put("displayName", m.displayName())));
        return (Object) out;
      });
      case "profile.read" -> accounts.find(context.userId()).map(a -> (Object) a.publicJson());
      case "storage.get", "storage.set", "storage.delete", "storage.list" -> storageCall(capability, args, context);
      case "network.fetch" -> version(context).compose(v -> network.fetch(args, v.allowedDomains()));
      case "notifications.send" -> notify(args, context);
      case "payments.request" -> label(context).compose(app -> payments.request(context, app.name(), args))
          .map(r -> (Object) r).recover(BrokerHost::refusedForApp);
      case "payments.refund" -> payments.refund(context, args).map(r -> (Object) r).recover(BrokerHost::refusedForApp);
      case "redpackets.create" -> label(context).compose(app -> payments.packet(context, app.name(), args))
          .map(r -> (Object) r).recover(BrokerHost::refusedForApp);
      case "redpackets.claim" -> redPackets.claim(context, args).map(r -> (Object) r).recover(BrokerHost::refusedForApp);
      case "redpackets.get" -> redPackets.get(context, args).map(r -> (Object) r).recover(BrokerHost::refusedForApp);
      case "pages.broadcast" -> broadcasts.broadcast(context, args);
      case "media.get" -> media == null ? Future.failedFuture(MiniAppException.refused("media are not available on this platform"))
          : media.get(context, args);
      default -> Future.failedFuture(MiniAppException.refused("unknown capability " + capability));
    };
  }

  /** A payments refusal (bad amount, unknown payee…) is the app's clear error, logged for its developer. */
  private static Future<Object> refusedForApp(Throwable failure) {
    return Future.failedFuture(failure instanceof PlatformException pe && pe.reason() != PlatformException.Reason.INTERNAL
        && pe.reason() != PlatformException.Reason.UNAVAILABLE ? MiniAppException.refused(pe.getMessage()) : failure);
  }

  private Future<Object> storageCall(String capability, JsonObject args, CallContext context) {
    String scope = args.getString("scope", "user");
    if (!scope.equals("user") && !scope.equals("conversation")) {
      return Future.failedFuture(MiniAppException.refused("scope must be \"user\" or \"conversation\""));
    }
    Future<String> owner = scope.equals("user") ? Future.succeededFuture(context.userId()) : conversation(context);
    return owner.compose(o -> switch (capability) {
      case "storage.get" -> storage.get(context.appId(), scope, o, args.getString("key"));
      case "storage.delete" -> storage.delete(context.appId(), scope, o, args.getString("key"));
      case "storage.list" -> storage.list(context.appId(), scope, o, args.getString("prefix", ""));
      default -> version(context).compose(v -> {
        long quota = v.manifest().storage().bytes(scope);
        return storage.set(context.appId(), scope, o, args.getString("key"), args.getValue("value"), quota);
      });
    });
  }

  private Future<Object> notify(JsonObject args, CallContext context) {
    Object text = args.getValue("text");
    if (!(text instanceof String t) || t.isBlank() || t.length() > 1000) {
      return Future.failedFuture(MiniAppException.refused("text must be 1-1000 characters"));
    }
    String id = ids.newId();
    return label(context).compose(app -> db.query("INSERT INTO notifications (id, account_id, app_id, text, created_at) "
        + "VALUES (?, ?, ?, ?, ?)", id, context.userId(), context.appId(), t, clock.millis()).map(r -> {
          JsonObject event = new JsonObject().put("type", "notification").put("notification", new JsonObject()
              .put("id", id).put("app", new JsonObject().put("id", app.id()).put("name", app.name())).put("text", t));
          vertx.eventBus().publish(dev.parley.core.chat.Addresses.account(context.userId()), event.encode());
          return (Object) new JsonObject().put("notificationId", id);
        }));
  }

  Future<JsonArray> notifications(String userId, int limit) {
    return db.query("SELECT n.id, n.app_id, n.text, n.created_at, a.name FROM notifications n JOIN apps a ON a.id = n.app_id "
        + "WHERE n.account_id = ? ORDER BY n.created_at DESC LIMIT " + limit, userId).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getString("id"))
              .put("app", new JsonObject().put("id", r.getString("app_id")).put("name", r.getString("name")))
              .put("text", r.getString("text"))
              .put("createdAt", java.time.Instant.ofEpochMilli(r.getLong("created_at")).toString())));
          return out;
        });
  }

  /** What cards.post posted during one call, taken once (the broker answers the command with it). */
  List<Message> takePosted(String requestId) {
    List<Message> posted = postedByRequest.remove(requestId);
    return posted == null ? List.of() : List.copyOf(posted);
  }

  private Future<String> conversation(CallContext context) {
    return context.conversationId().map(Future::succeededFuture)
        .orElse(Future.failedFuture(MiniAppException.refused("this call happens outside a conversation")));
  }

  private Future<Message.AppLabel> label(CallContext context) {
    return registry.listing(context.appId()).map(l -> new Message.AppLabel(context.appId(),
        l.map(x -> x.app().name()).orElse(context.appId())));
  }

  /** A card whose image names a file of the app's bundle gets that file's URL in the calling version. */
  private Future<JsonObject> withFileUrls(JsonObject card, CallContext context) {
    return CardFormat.hasBundleImage(card)
        ? version(context).map(v -> CardFormat.withFileUrls(card, v.appId(), v.digest()))
        : Future.succeededFuture(card);
  }

  private Future<Version> version(CallContext context) {
    return registry.listing(context.appId()).compose(l -> {
      Optional<Version> live = l.flatMap(x -> x.live()).filter(v -> v.version().equals(context.version()));
      return live.isPresent() ? Future.succeededFuture(live.get()) : registry.version(context.appId(), context.version());
    });
  }

  private Future<Object> refuse(CallContext context, String capability, String why) {
    usage.log(context.appId(), Optional.of(context.version()), UsageLog.Level.ERROR,
        "host call " + capability + " refused: " + why, Optional.of(context.requestId()));
    audit.append(Actor.system(), Event.of("hostcall.refused", "app", context.appId()).app(context.appId()).reason(why)
        .detail("capability", capability).detail("userId", context.userId()).detail("requestId", context.requestId()));
    return Future.failedFuture(MiniAppException.refused(why));
  }

  @Override
  public void console(ConsoleOutput output) {
    String text = output.truncated() ? output.text() + "\n[output truncated]" : output.text();
    usage.log(output.context().appId(), Optional.of(output.context().version()), UsageLog.Level.INFO, text,
        Optional.of(output.context().requestId()));
  }
}
