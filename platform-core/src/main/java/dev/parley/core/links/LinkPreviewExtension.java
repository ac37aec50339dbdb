package dev.parley.core.links;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The send body field {@code linkPreview}: {@code {url}} adds the preview of that URL as the extra
 * {@code linkPreview}, {@code false} sends the message without one. The URL must be in the
 * message's text (400 naming {@code /linkPreview/url} otherwise); a page that cannot be previewed
 * (or a sender past the preview rate) leaves the message without a preview, never refuses it: a
 * site being down must not stop a message.
 */
final class LinkPreviewExtension implements MessageExtension {

  private final LinkPreviews previews;

  LinkPreviewExtension(LinkPreviews previews) {
    this.previews = previews;
  }

  @Override
  public Set<String> fields() {
    return Set.of("linkPreview");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    Object value = body.getValue("linkPreview");
    if (Boolean.FALSE.equals(value) || value == null) {
      return Future.succeededFuture(new JsonObject());
    }
    if (!(value instanceof JsonObject asked) || !(asked.getValue("url") instanceof String url)) {
      return Future.failedFuture(PlatformException.invalid("/linkPreview", "linkPreview must be {\"url\": \"...\"} "
          + "or false"));
    }
    String text = body.getValue("text") instanceof String t ? t : "";
    if (url.isBlank() || !text.contains(url)) {
      return Future.failedFuture(PlatformException.invalid("/linkPreview/url",
          "linkPreview.url must be a URL that the message's text holds"));
    }
    return previews.forMessage(sender.id(), url).map(preview -> preview
        .map(p -> new JsonObject().put("linkPreview", p.toJson()))
        .orElseGet(JsonObject::new));
  }
}
