package dev.parley.core.apps.media;

import dev.parley.core.apps.broker.Arguments;
import dev.parley.core.apps.broker.Capability;
import dev.parley.core.apps.broker.Requirement;
import dev.parley.core.apps.pages.AppPages;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * {@code parley.media.get({id})} of server code: a file this app uploaded in the call's
 * conversation, or null (another app's, another conversation's and no such file look the same).
 * Its {@code url} is absolute on the app's origin when the platform knows its public URL, else
 * the path {@code /media/<id>}, which the app's pages resolve against their own origin.
 */
public final class AppMedia {

  private final MediaStore store;
  private final Optional<String> publicBaseUrl;

  public AppMedia(MediaStore store, Optional<String> publicBaseUrl) {
    this.store = store;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** {@code media.get}: membership only, media this app uploaded in the call's conversation. */
  public List<Capability> capabilities() {
    return List.of(Capability.of("media.get", Requirement.membership(),
        Arguments.of("A file this app uploaded in the conversation of the call, or null.")
            .required("id", Arguments.id("the id media.upload answered")).schema(),
        "{ id: string; url: string; contentType: string; size: number; name: string; uploadedBy: string } | null",
        this::get));
  }

  /** Answers the host call, whose {@code id} the schema checked. */
  public Future<Object> get(CallContext context, JsonObject args) {
    String s = args.getString("id");
    if (context.conversationId().isEmpty()) {
      return Future.failedFuture(MiniAppException.refused("media.get needs a conversation; this call has none"));
    }
    String origin = publicBaseUrl.map(u -> AppPages.appOrigin(context.appId(), u)).orElse("");
    return store.find(context.appId(), context.conversationId().get(), s)
        .map(found -> found.map(m -> (Object) m.toJson(origin)).orElse(null));
  }
}
