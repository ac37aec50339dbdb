package dev.parley.core.apps.permissions;

import java.util.Set;

/**
 * Who decides a permission. Those that act on the conversation (posting and updating cards, the
 * conversation's storage, reading its member list) are decided once per conversation, by whoever
 * installs the app there; the others concern one person (their profile, their storage, their
 * money, their uploads, notifications to them) and are asked of each person when first needed.
 */
public final class ConsentScopes {

  /** The permissions a conversation grants, by their manifest names. */
  public static final Set<String> CONVERSATION = Set.of("cards.post", "storage.conversation", "members.read");

  private ConsentScopes() {
  }

  /** Whether a permission is decided per conversation (else per person). */
  public static boolean isConversation(String permission) {
    return CONVERSATION.contains(permission);
  }

  /** {@code conversation} or {@code personal}, as the API names a permission's scope. */
  public static String scopeOf(String permission) {
    return isConversation(permission) ? "conversation" : "personal";
  }
}
