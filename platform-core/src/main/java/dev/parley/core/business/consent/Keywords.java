package dev.parley.core.business.consent;

import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keywords a customer may send any business, as on SMS: STOP (every category off, at once),
 * START (utility back on), HELP (who this is and how to stop) and AGENT or HUMAN (the business is
 * told the customer asks for a person). The platform answers them itself in a system line, so a
 * business that ignores STOP cannot keep writing: the send policy refuses it.
 */
public final class Keywords {

  private static final Logger LOG = LoggerFactory.getLogger(Keywords.class);

  /** A business conversation: which business, which customer. */
  public record BusinessConversation(String businessId, String businessName, String customerId) {
  }

  private final ChatService chat;
  private final Consents consents;
  private final Function<String, Future<Optional<BusinessConversation>>> businessOf;
  private volatile BiConsumer<String, JsonObject> agentRequested = (businessId, data) -> {};

  public Keywords(ChatService chat, Consents consents,
      Function<String, Future<Optional<BusinessConversation>>> businessOf) {
    this.chat = chat;
    this.consents = consents;
    this.businessOf = businessOf;
  }

  /** Customer care's handling of AGENT (issue 22): the handover and its honest answer; none by default. */
  private volatile Function<Message, Future<Void>> agentRequest;

  /** Lets customer care answer AGENT / HUMAN (queue the conversation, say when someone answers). */
  public void agentRequests(Function<Message, Future<Void>> handler) {
    this.agentRequest = java.util.Objects.requireNonNull(handler, "handler");
  }

  /** Told when a customer asks for a person (the business's {@code handover.requested} webhook). */
  public void onAgentRequested(BiConsumer<String, JsonObject> listener) {
    this.agentRequested = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** The keyword a text is, if it is one: the whole message, any case, surrounding blanks ignored. */
  static Optional<String> keyword(String text) {
    String k = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    return switch (k) {
      case "STOP", "START", "HELP", "AGENT", "HUMAN" -> Optional.of(k.equals("HUMAN") ? "AGENT" : k);
      default -> Optional.empty();
    };
  }

  /** Handles a committed message; anything but a customer's keyword in a business conversation is ignored. */
  public Future<Void> committed(Message m) {
    if (!"text".equals(m.kind()) || m.senderId().isEmpty()) {
      return Future.succeededFuture();
    }
    Optional<String> keyword = keyword(m.text());
    if (keyword.isEmpty()) {
      return Future.succeededFuture();
    }
    return businessOf.apply(m.conversationId()).compose(found -> {
      if (found.isEmpty() || !found.get().customerId().equals(m.senderId().get())) {
        return Future.succeededFuture();
      }
      BusinessConversation bc = found.get();
      return switch (keyword.get()) {
        case "STOP" -> Future.join(java.util.Arrays.stream(Category.values())
            .map(c -> consents.set(bc.customerId(), bc.businessId(), c, false, "keyword")).toList())
            .compose(v -> say(m, "You will get no more messages from " + bc.businessName()
                + " unless you write to them. Send START for account updates again."));
        case "START" -> consents.set(bc.customerId(), bc.businessId(), Category.UTILITY, true, "keyword")
            .compose(v -> say(m, bc.businessName() + " may send you account and order updates again. "
                + "Send STOP to end them."));
        case "HELP" -> say(m, "You are writing to " + bc.businessName() + ", a business on Parley. Send STOP to "
            + "end its messages, AGENT to ask for a person. Settings › Businesses shows what it may send you.");
        default -> {
          agentRequested.accept(bc.businessId(), new JsonObject().put("conversationId", m.conversationId())
              .put("messageId", m.id()).put("seq", m.seq()));
          Function<Message, Future<Void>> care = agentRequest;
          yield care != null ? care.apply(m) : say(m, bc.businessName() + " was told you asked for a person.");
        }
      };
    }).recover(e -> {
      LOG.warn("keyword handling failed conversation={} message={}", m.conversationId(), m.id(), e);
      return Future.succeededFuture();
    });
  }

  private Future<Void> say(Message m, String text) {
    return chat.postSystemMessage(m.conversationId(), text).mapEmpty();
  }
}
