package dev.parley.core.chat;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The everyday messenger features of issue 17 put together: @mentions (a send extension), a
 * member's archive and pin, pinned messages and invite links; their routes are
 * {@link MessengerFeaturesApi}'s. Group roles, rights and descriptions are {@link ChatService}'s.
 */
public final class MessengerFeatures {

  private final ConversationPlaces places;
  private final PinnedMessages pins;
  private final GroupInvites invites;

  public MessengerFeatures(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat) {
    chat.addExtension(new MentionExtension(chat));
    this.places = new ConversationPlaces(db, clock, chat);
    this.pins = new PinnedMessages(vertx, db, clock, chat);
    this.invites = new GroupInvites(db, clock, ids, chat);
  }

  public ConversationPlaces places() {
    return places;
  }

  public PinnedMessages pins() {
    return pins;
  }

  public GroupInvites invites() {
    return invites;
  }
}
