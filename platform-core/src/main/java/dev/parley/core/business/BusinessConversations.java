package dev.parley.core.business;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.Account;
import dev.parley.core.attachments.Attachments;
import dev.parley.core.business.BusinessRepository.Customer;
import dev.parley.core.business.BusinessRepository.Thread;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A business's conversations with its customers: started from a deep link or QR code (with a
 * context parameter for the business), blocked in one tap, and spoken in by the business's bot
 * through the Business API. The business knows each customer by an opaque id of its own and never
 * sees an account id or username unless the customer shares them (docs/permissions.md).
 */
public final class BusinessConversations {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessConversations.class);
  /** A deep link's context parameter: URL-safe, at most 256 characters (Telegram's is 64). */
  private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_.~=-]{1,256}");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> SEND_FIELDS = Set.of("clientId", "text", "attachmentIds", "interactive", "template",
      "campaign");
  private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;
  private final Businesses businesses;
  private final Attachments attachments;
  private final BusinessBlocks blocks;
  private final BusinessRepository repo = new BusinessRepository();
  /** Which business's bot a direct conversation has (never changes: direct members are fixed). */
  private final Cache<String, Optional<String>> businessOfConversation = Caffeine.newBuilder().maximumSize(50_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();
  private volatile BusinessEvents events = BusinessEvents.NONE;
  /** Consent and pacing: every send passes it (none until the platform wires it in). */
  private volatile dev.parley.core.business.consent.SendPolicy policy;
  /** Told when a customer blocks a business (consent withdrawn, templates' quality). */
  private volatile java.util.function.BiConsumer<String, String> onBlocked = (customerId, businessId) -> {};

  public BusinessConversations(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat,
      Businesses businesses, Attachments attachments, BusinessBlocks blocks) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.chat = chat;
    this.businesses = businesses;
    this.attachments = attachments;
    this.blocks = blocks;
  }

  /** The consent and pacing rules every send of the Business API passes. */
  public void policy(dev.parley.core.business.consent.SendPolicy policy,
      java.util.function.BiConsumer<String, String> onBlocked) {
    this.policy = java.util.Objects.requireNonNull(policy, "policy");
    this.onBlocked = java.util.Objects.requireNonNull(onBlocked, "onBlocked");
  }

  /** The business and the customer of a business conversation; empty for any other conversation. */
  public Future<Optional<dev.parley.core.business.consent.Keywords.BusinessConversation>> ofConversation(
      String conversationId) {
    return repo.thread(db.pool(), conversationId).compose(t -> t.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : businesses.byId(t.get().businessId())
            .map(b -> b.map(x -> new dev.parley.core.business.consent.Keywords.BusinessConversation(x.id(), x.name(),
                t.get().customerId()))));
  }

  /** A customer's consent changed: the business hears {@code optin.changed} with the customer's opaque id. */
  public void consentChanged(String businessId, JsonObject change) {
    String customerId = change.getString("customerId");
    customer(businessId, customerId).onSuccess(c -> {
      JsonObject data = change.copy();
      data.remove("customerId"); // the business knows the customer by its opaque id only
      publish(businessId, "optin.changed", data.put("customer", c.toJson()));
    }).onFailure(e -> LOG.warn("optin.changed of business={} failed", businessId, e));
  }

  /** The customer asked for a person (AGENT): the business hears {@code handover.changed} (state requested). */
  public void agentRequested(String businessId, JsonObject data) {
    publish(businessId, "handover.changed", data.copy().put("state", "requested"));
  }

  /**
   * Customer care's say in the bot's conversations (issue 22): a bot's send is refused while an
   * agent holds the conversation, and {@code message.received} carries the handover state.
   */
  public interface Handover {
    /** Fails (409 care-agent-holds) while an agent holds the conversation. */
    Future<Void> beforeBotSend(String conversationId);

    /** The conversation's handover state ({@code bot} when care never saw it). */
    Future<String> state(String conversationId);
  }

  private volatile Handover handover = new Handover() {
    @Override
    public Future<Void> beforeBotSend(String conversationId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<String> state(String conversationId) {
      return Future.succeededFuture("bot");
    }
  };

  /** Wires customer care's handover in (none by default: the bot always answers). */
  public void handover(Handover handover) {
    this.handover = java.util.Objects.requireNonNull(handover, "handover");
  }

  /** Where events go (the webhooks' delivery once wired; none by default). */
  public void events(BusinessEvents events) {
    this.events = java.util.Objects.requireNonNull(events, "events");
  }

  private void publish(String businessId, String type, JsonObject data) {
    try {
      events.publish(businessId, type, data);
    } catch (RuntimeException e) {
      LOG.warn("publishing a business event failed business={} type={}", businessId, type, e);
    }
  }

  // ---- customers ----

  /**
   * Opens (or reopens) the customer's conversation with a verified business, from a deep link or
   * a QR code; {@code context} is handed to the business in {@code conversation.started}.
   */
  public Future<JsonObject> start(Account customer, String handle, Optional<String> context) {
    if (context.isPresent() && !CONTEXT.matcher(context.get()).matches()) {
      return Future.failedFuture(PlatformException.invalid("/context",
          "context must be 1-256 characters of A-Z, a-z, 0-9 and _ . ~ = -"));
    }
    return businesses.verified(handle).compose(b -> blocks.blocked(customer.id(), b.botAccountId())
        .compose(blocked -> blocked
            ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                "you blocked " + b.name() + "; unblock it to talk again"))
            : chat.openDirect(customer, b.botAccountId()))
        .compose(opened -> {
          String conversationId = opened.conversation().id();
          long now = clock.millis();
          return customer(b.id(), customer.id())
              .compose(c -> repo.insertThread(db.pool(), conversationId, b.id(), customer.id(), context, now)
                  .compose(v -> context.isPresent()
                      ? repo.setContext(db.pool(), conversationId, context.get())
                      : Future.<Void>succeededFuture())
                  .map(v -> {
                    publish(b.id(), "conversation.started", new JsonObject().put("conversationId", conversationId)
                        .put("customer", c.toJson()).put("context", context.orElse(null))
                        .put("first", opened.created()));
                    return new JsonObject().put("conversation", opened.conversation().toJson())
                        .put("business", b.publicJson());
                  }));
        }));
  }

  /** Blocks a business: its bot can no longer write, and the business is told only "blocked". */
  public Future<Void> block(Account customer, String handle) {
    return anyByHandle(handle).compose(b -> blocks.block(customer.id(), b.botAccountId())
        .compose(v -> customer(b.id(), customer.id()))
        .map(c -> {
          onBlocked.accept(customer.id(), b.id());
          publish(b.id(), "conversation.blocked", new JsonObject().put("customer", new JsonObject().put("id",
              c.opaqueId())));
          return null;
        }));
  }

  public Future<Void> unblock(Account customer, String handle) {
    return anyByHandle(handle).compose(b -> blocks.unblock(customer.id(), b.botAccountId()));
  }

  /** Whether the customer blocked the business, and whether they share their name with it. */
  public Future<JsonObject> relation(Account customer, String handle) {
    return anyByHandle(handle).compose(b -> blocks.blocked(customer.id(), b.botAccountId())
        .compose(blocked -> repo.customers(db.pool(), b.id(), List.of(customer.id()))
            .map(found -> new JsonObject().put("blocked", blocked)
                .put("sharesName", found.containsKey(customer.id()) && found.get(customer.id()).shared())
                .put("business", b.publicJson()))));
  }

  /** Shows (or stops showing) the business the customer's name and username. */
  public Future<Void> share(Account customer, String handle, boolean share) {
    return anyByHandle(handle).compose(b -> customer(b.id(), customer.id())
        .compose(c -> repo.share(db.pool(), b.id(), customer.id(),
            share ? Optional.of(clock.millis()) : Optional.empty())));
  }

  /** By handle, whatever its status: a customer may still block a business that was suspended since. */
  private Future<Business> anyByHandle(String handle) {
    String h = handle == null ? "" : handle.toLowerCase(java.util.Locale.ROOT);
    return repo.byHandle(db.pool(), h).map(found -> found.filter(b -> !Business.PENDING.equals(b.status()))
        .orElseThrow(() -> PlatformException.notFound("the business")));
  }

  /** The customer's opaque id for the business, made on first contact. */
  private Future<Customer> customer(String businessId, String accountId) {
    return repo.insertCustomer(db.pool(), businessId, accountId, "cus_" + ids.newId(), clock.millis())
        .compose(v -> repo.customers(db.pool(), businessId, List.of(accountId)))
        .map(found -> found.get(accountId));
  }

  // ---- the bot (Business API) ----

  private static Account bot(Business b) {
    return new Account(b.botAccountId(), "bot-" + b.handle(), b.name(), Set.of());
  }

  /** The conversation, if it is one of this business's with a customer; "not found" otherwise. */
  private Future<Thread> thread(BusinessPrincipal p, String conversationId) {
    if (conversationId == null || !IdGenerator.isId(conversationId)) {
      return Future.failedFuture(PlatformException.notFound("the conversation"));
    }
    return repo.thread(db.pool(), conversationId).map(found -> found
        .filter(t -> t.businessId().equals(p.businessId()))
        .orElseThrow(() -> PlatformException.notFound("the conversation")));
  }

  /**
   * The bot's message: text (at most {@link ChatService#MAX_BOT_TEXT}), attachments it uploaded
   * (the text is their caption), always marked {@code senderKind: bot}. Its first message in a
   * conversation is preceded by a system line saying that it is automated.
   */
  public Future<JsonObject> send(BusinessPrincipal p, String conversationId, JsonObject body) {
    for (String name : body.fieldNames()) {
      if (!SEND_FIELDS.contains(name)) {
        return Future.failedFuture(PlatformException.invalid("/" + name.replaceAll("\\p{Cntrl}", "?"),
            "unknown field; a message has clientId, text, attachmentIds, interactive, template and campaign"));
      }
    }
    Object clientId = body.getValue("clientId");
    if (clientId != null && !(clientId instanceof String s && CLIENT_ID.matcher(s).matches())) {
      return Future.failedFuture(
          PlatformException.invalid("/clientId", "clientId must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"));
    }
    JsonObject message = body.copy().put("senderKind", Message.BOT);
    if (clientId == null) {
      message.put("clientId", ids.newId());
    }
    Business b = p.business();
    return thread(p, conversationId)
        .compose(t -> handover.beforeBotSend(conversationId).map(t))
        .compose(t -> blocks.blocked(t.customerId(), b.botAccountId()).compose(blocked -> blocked
            ? Future.failedFuture(PlatformException.forbidden("the customer blocked this business"))
            : policed(b, t, conversationId, message)))
        .compose(sent -> view(b, List.of(sent.message())).map(list -> list.getJsonObject(0)
            .put("created", sent.created())));
  }

  /** The bot's first message in a conversation is preceded by a system line saying it is automated. */
  private Future<ChatService.Sent> announceThenSend(Business b, String conversationId, JsonObject message) {
    return repo.announce(db.pool(), conversationId, clock.millis())
        .compose(first -> first
            ? chat.postSystemMessage(conversationId, b.name() + " is a business's automated account (a bot).")
                .<Void>mapEmpty()
            : Future.<Void>succeededFuture())
        .compose(v -> chat.send(bot(b), conversationId, message));
  }

  /**
   * The send through the consent and pacing rules: a template's rendered text replaces the body's
   * (which must then be empty); the message is recorded for the next checks.
   */
  private Future<ChatService.Sent> policed(Business b, BusinessRepository.Thread t, String conversationId,
      JsonObject message) {
    var outbound = dev.parley.core.business.consent.SendPolicy.Outbound.of(message);
    message.remove("template");
    message.remove("campaign");
    if (outbound.templateName().isPresent() && (message.getValue("interactive") != null
        || message.getValue("text") instanceof String text && !text.isEmpty())) {
      return Future.failedFuture(PlatformException.invalid("/text", "a template send takes its text from the "
          + "template: leave text and interactive out"));
    }
    if (policy == null) {
      return announceThenSend(b, conversationId, message);
    }
    return policy.send(b.id(), t.customerId(), conversationId, outbound, decision -> {
      if (decision.text() != null) {
        message.put("text", decision.text());
      }
      return announceThenSend(b, conversationId, message);
    }, sent -> sent.created()
        ? new dev.parley.core.business.consent.SendPolicy.Written(sent.message().id(), sent.message().seq())
        : null);
  }

  /** The conversation's history as the business sees it (customers by opaque id). */
  public Future<JsonObject> history(BusinessPrincipal p, String conversationId, Optional<Long> before,
      Optional<Long> after, int limit) {
    Business b = p.business();
    return thread(p, conversationId)
        .compose(t -> chat.history(b.botAccountId(), conversationId, before, after, limit))
        .compose(messages -> view(b, messages).map(out -> {
          Long nextBefore = after.isEmpty() && !messages.isEmpty() && messages.get(messages.size() - 1).seq() > 1
              && messages.size() >= Math.max(1, Math.min(limit, ChatService.MAX_PAGE))
                  ? messages.get(messages.size() - 1).seq()
                  : null;
          return new JsonObject().put("messages", out).put("nextBefore", nextBefore);
        }));
  }

  public Future<Void> markRead(BusinessPrincipal p, String conversationId, long seq) {
    return thread(p, conversationId).compose(t -> chat.markRead(p.business().botAccountId(), conversationId, seq));
  }

  /** "Typing…" on or off, to the customer's open sessions; never stored. */
  public Future<Void> typing(BusinessPrincipal p, String conversationId, boolean on) {
    Business b = p.business();
    return thread(p, conversationId).map(t -> {
      JsonObject event = new JsonObject().put("type", "typing").put("conversationId", conversationId)
          .put("accountId", b.botAccountId()).put("displayName", b.name()).put("typing", on);
      vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(),
          new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
      return null;
    });
  }

  /** A file for the bot to send: the same checks and storage as every upload (the bot is its uploader). */
  public Future<JsonObject> upload(BusinessPrincipal p, String name, String contentType, Buffer bytes) {
    if (name == null || !FILE_NAME.matcher(name).matches()) {
      return Future.failedFuture(PlatformException.invalid("name",
          "name must be a file name of 1-255 characters without '/', '\\' or control characters"));
    }
    if (bytes.length() == 0) {
      return Future.failedFuture(PlatformException.invalid("body", "the file is empty"));
    }
    return attachments.uploads().whole(p.business().botAccountId(), name, contentType, bytes)
        .map(a -> attachment(a.toJson()).put("state", a.state()));
  }

  /** A short-lived signed link to a file the bot can see (its own, or a customer's in its conversation). */
  public Future<JsonObject> mediaLink(BusinessPrincipal p, String attachmentId) {
    return attachments.link(p.business().botAccountId(), attachmentId);
  }

  /** Messages as a business sees them: no account ids, customers by their opaque id. */
  private Future<JsonArray> view(Business b, List<Message> messages) {
    List<String> senders = messages.stream().map(Message::senderId).flatMap(Optional::stream)
        .filter(id -> !id.equals(b.botAccountId())).distinct().toList();
    return repo.customers(db.pool(), b.id(), senders).map(customers -> {
      JsonArray out = new JsonArray();
      messages.forEach(m -> out.add(businessView(b, m, customers)));
      return out;
    });
  }

  static JsonObject businessView(Business b, Message m, Map<String, Customer> customers) {
    JsonObject full = m.toJson();
    String from = m.senderId().isEmpty()
        ? "system"
        : m.senderId().get().equals(b.botAccountId())
            ? "business"
            : full.getValue("agent") instanceof JsonObject ? "agent" : "customer";
    JsonObject json = new JsonObject().put("id", m.id()).put("conversationId", m.conversationId()).put("seq", m.seq())
        .put("kind", m.kind()).put("senderKind", m.senderKind()).put("from", from).put("text", full.getString("text"))
        .put("createdAt", full.getString("createdAt"));
    if ("customer".equals(from)) {
      Customer c = customers.get(m.senderId().get());
      json.put("customer", c == null ? new JsonObject() : c.toJson());
    }
    if ("business".equals(from)) {
      json.put("clientId", m.clientId().orElse(null));
    }
    if ("agent".equals(from)) {
      json.put("agent", new JsonObject().put("name", full.getJsonObject("agent").getString("name")));
    }
    if (full.getBoolean("deleted", false)) {
      json.put("deleted", true);
    }
    if (full.getValue("editedAt") != null) {
      json.put("editedAt", full.getString("editedAt"));
    }
    if (full.getValue("attachments") instanceof JsonArray list) {
      JsonArray files = new JsonArray();
      list.forEach(a -> files.add(attachment((JsonObject) a)));
      json.put("attachments", files);
    }
    return json;
  }

  /** An attachment by reference: what it is, never a URL (the business asks for a signed link). */
  private static JsonObject attachment(JsonObject a) {
    JsonObject out = new JsonObject();
    for (String key : List.of("id", "kind", "contentType", "name", "size", "sha256", "width", "height",
        "durationMs")) {
      if (a.getValue(key) != null) {
        out.put(key, a.getValue(key));
      }
    }
    return out;
  }

  // ---- events from the chat ----

  /** A committed message: a customer's in a business's conversation becomes message.received (and file.received). */
  public void committed(Message m) {
    if (m.senderId().isEmpty() || Message.BOT.equals(m.senderKind()) || m.deleted()
        || m.extras().getValue("agent") != null) {
      return; // only a customer's own messages (an agent's reply is the business's side)
    }
    String customerId = m.senderId().get();
    businessOf(m.conversationId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      String businessId = found.get();
      return businesses.byId(businessId).compose(ob -> {
        Business b = ob.orElseThrow();
        return blocks.blocked(customerId, b.botAccountId()).compose(blocked -> {
          if (blocked) {
            return Future.<Void>succeededFuture(); // the conversation stopped: nothing reaches the business
          }
          return customer(businessId, customerId)
              .compose(c -> repo.insertThread(db.pool(), m.conversationId(), businessId, customerId,
                  Optional.empty(), clock.millis()).map(c))
              .compose(c -> handover.state(m.conversationId()).otherwise("bot").map(state -> {
                JsonObject view = businessView(b, m, Map.of(customerId, c));
                publish(businessId, "message.received", new JsonObject().put("conversationId", m.conversationId())
                    .put("customer", c.toJson()).put("message", view)
                    .put("handover", new JsonObject().put("state", state)));
                if (m.extras().getValue("interactiveReply") instanceof JsonObject pressed) {
                  // an answer to the business's buttons, list or picker: its own event, with the payload it sent
                  publish(businessId, "button.pressed", new JsonObject().put("conversationId", m.conversationId())
                      .put("customer", c.toJson()).put("messageId", m.id()).put("seq", m.seq())
                      .put("answer", pressed.copy()));
                }
                if (view.getValue("attachments") instanceof JsonArray files) {
                  files.forEach(f -> publish(businessId, "file.received", new JsonObject()
                      .put("conversationId", m.conversationId()).put("customer", c.toJson())
                      .put("messageId", m.id()).put("seq", m.seq()).put("attachment", f)));
                }
                return null;
              }));
        });
      });
    }).onFailure(e -> LOG.warn("business events of message id={} failed", m.id(), e));
  }

  /** A moved read marker: a customer who read the business's messages becomes message.status read. */
  public void read(JsonObject event) {
    status(event, "read");
  }

  /** A moved delivery mark: a customer's session received the business's messages, message.status delivered. */
  public void delivered(JsonObject event) {
    status(event, "delivered");
  }

  private void status(JsonObject event, String status) {
    String conversationId = event.getString("conversationId");
    String accountId = event.getString("accountId");
    long seq = event.getLong("seq", 0L);
    businessOf(conversationId).compose(found -> {
      if (found.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      String businessId = found.get();
      return businesses.byId(businessId).compose(ob -> {
        Business b = ob.orElseThrow();
        if (b.botAccountId().equals(accountId)) {
          return Future.<Void>succeededFuture();
        }
        return repo.customers(db.pool(), businessId, List.of(accountId)).map(cs -> {
          Customer c = cs.get(accountId);
          if (c != null) {
            publish(businessId, "message.status", new JsonObject().put("conversationId", conversationId)
                .put("customer", c.toJson()).put("status", status).put("seq", seq));
          }
          return null;
        });
      });
    }).onFailure(e -> LOG.warn("business {} status of conversation={} failed", status, conversationId, e));
  }

  private Future<Optional<String>> businessOf(String conversationId) {
    Optional<String> cached = businessOfConversation.getIfPresent(conversationId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repo.ofDirect(db.pool(), conversationId).map(found -> {
      Optional<String> id = found.map(Business::id);
      businessOfConversation.put(conversationId, id);
      return id;
    });
  }

}
