package dev.parley.core.apps.broker;

import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.Version;
import dev.parley.core.chat.Message;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import java.util.Optional;

/** What the host's capabilities look up about the app of a call: its label, its calling version, its conversation. */
final class CallingApp {

  private final RegistryService registry;

  CallingApp(RegistryService registry) {
    this.registry = registry;
  }

  /** The conversation of the call, or the app's clear error. */
  static Future<String> conversation(CallContext context) {
    return context.conversationId().map(Future::succeededFuture)
        .orElse(Future.failedFuture(MiniAppException.refused("this call happens outside a conversation")));
  }

  /** The app's id and name, as its messages are labelled. */
  Future<Message.AppLabel> label(CallContext context) {
    return registry.listing(context.appId()).map(l -> new Message.AppLabel(context.appId(),
        l.map(x -> x.app().name()).orElse(context.appId())));
  }

  /** The version that made the call: the cached live one, else read from the registry. */
  Future<Version> version(CallContext context) {
    return registry.listing(context.appId()).compose(l -> {
      Optional<Version> live = l.flatMap(x -> x.live()).filter(v -> v.version().equals(context.version()));
      return live.isPresent()
          ? Future.succeededFuture(live.get())
          : registry.version(context.appId(), context.version());
    });
  }
}
