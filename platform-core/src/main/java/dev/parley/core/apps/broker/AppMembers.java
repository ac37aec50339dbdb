package dev.parley.core.apps.broker;

import dev.parley.core.accounts.AccountService;
import dev.parley.core.chat.ChatService;
import dev.parley.runtime.Permission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code parley.members.read} and {@code parley.profile.read}: who is in the conversation, and who the user is. */
final class AppMembers {

  private final ChatService chat;
  private final AccountService accounts;

  AppMembers(ChatService chat, AccountService accounts) {
    this.chat = chat;
    this.accounts = accounts;
  }

  List<Capability> capabilities() {
    return List.of(
        Capability.of("members.read", Requirement.permission(Permission.MEMBERS_READ),
            Arguments.of("The members of the conversation of the call.").schema(),
            "Array<{ id: string; username: string; displayName: string }>",
            (context, args) -> CallingApp.conversation(context).compose(c -> chat.get(context.userId(), c))
                .map(conv -> {
                  JsonArray out = new JsonArray();
                  conv.members().forEach(m -> out.add(new JsonObject().put("id", m.id()).put("username", m.username())
                      .put("displayName", m.displayName())));
                  return out;
                })),
        Capability.of("profile.read", Requirement.permission(Permission.PROFILE_READ),
            Arguments.of("The user of the call.").schema(), "{ id: string; username: string; displayName: string }",
            (context, args) -> accounts.find(context.userId()).map(a -> a.publicJson())));
  }
}
