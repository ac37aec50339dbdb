package dev.parley.core.apps.broker;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the broker needs of the messenger's attachments (the {@code attachments} area owns them):
 * the files a user hands to an app, their bytes for the app to read, the files an app makes, and
 * letting a conversation's members see a file an app shows in a card. The attachments' JSON is the
 * one of docs/api.md "Attachments" ({@code id, kind, contentType, name, size, sha256, ...}).
 */
public interface AttachmentAccess {

  /** The ready attachment {@code id} if {@code accountId} uploaded it; empty for anything else. */
  Future<Optional<JsonObject>> uploadedBy(String accountId, String id);

  /** The ready attachment {@code id}, whoever uploaded it; empty when there is none. */
  Future<Optional<JsonObject>> ready(String id);

  /** Bytes {@code [offset, offset + length)} of a ready attachment (fewer at its end); read off the event loop. */
  Future<Buffer> read(String id, long offset, int length);

  /**
   * Stores bytes an app made during a call of {@code accountId} (who counts as its uploader), checked
   * by content exactly as an upload ({@code declaredType} must agree with what is found), with
   * metadata stripped and a preview made; answers the ready attachment's JSON or fails with the
   * refusal in words.
   */
  Future<JsonObject> create(String accountId, String name, String declaredType, Buffer data);

  /**
   * Lets the members of {@code conversationId} read the attachment, as shown in the card
   * {@code messageId} (at {@code seq}); the card's deletion ends it like any message's.
   */
  Future<Void> showIn(String conversationId, String messageId, long seq, String id);

  /** No attachments here: every call fails as unavailable (a platform built without them). */
  AttachmentAccess NONE = new AttachmentAccess() {
    private <T> Future<T> none() {
      return Future.failedFuture(dev.parley.core.common.PlatformException.unavailable("attachments are not available",
          new IllegalStateException("this platform has no attachment store")));
    }

    @Override
    public Future<Optional<JsonObject>> uploadedBy(String accountId, String id) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Optional<JsonObject>> ready(String id) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Buffer> read(String id, long offset, int length) {
      return none();
    }

    @Override
    public Future<JsonObject> create(String accountId, String name, String declaredType, Buffer data) {
      return none();
    }

    @Override
    public Future<Void> showIn(String conversationId, String messageId, long seq, String id) {
      return none();
    }
  };
}
