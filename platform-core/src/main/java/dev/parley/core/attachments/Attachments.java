package dev.parley.core.attachments;

import dev.parley.core.attachments.content.ContentInspector;
import dev.parley.core.attachments.content.ContentLimits;
import dev.parley.core.attachments.content.MetadataStripper;
import dev.parley.core.attachments.content.PreviewMaker;
import dev.parley.core.chat.ChatService;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Attachments, assembled: the blob store chosen by {@code attachments.store}, the uploads, who may
 * read an attachment (its uploader, and the members of a conversation holding a message with it
 * that is not deleted: one query), signed links, a conversation's "Media and files", a person's
 * storage, and the deletion of files no message refers to any more once a message is deleted
 * ({@value #MESSAGES_DELETED} on the event bus).
 */
public final class Attachments {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Attachments.class);
  /** Published by message deletion: {@code {conversationId, messageId, attachmentIds}}. */
  public static final String MESSAGES_DELETED = "parley.messages.deleted";
  /** The kinds of attachment. */
  public static final List<String> KINDS = List.of("image", "video", "voice", "file");
  static final int MAX_PAGE = 100;
  /** How often unfinished uploads past their expiry are looked for. */
  private static final long SWEEP_MILLIS = 60_000;

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final ChatService chat;
  private final AttachmentOptions options;
  private final BlobStore store;
  private final BlobCollector blobs;
  private final Uploads uploads;
  private final LinkSigner links;
  private final AttachmentRepository repo = new AttachmentRepository();
  private @org.jspecify.annotations.Nullable MessageConsumer<Object> deletions;
  private long sweepTimer = -1;

  private Attachments(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat,
      AttachmentOptions options, BlobStore store, Prepared prepared) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.chat = chat;
    this.options = new AttachmentOptions(options);
    this.store = store;
    this.blobs = new BlobCollector(db, store);
    this.uploads = new Uploads(vertx, db, clock, ids, this.options, store, prepared.dir().resolve("uploads"),
        new ContentProcessing(prepared.inspector(), prepared.stripper(), prepared.previews(), this.options), blobs);
    this.links = new LinkSigner(db, clock, ids);
  }

  /** What {@link #prepare} made on a worker: the directory, and the content libraries (slow to load). */
  public record Prepared(Path dir, ContentInspector inspector, MetadataStripper stripper, PreviewMaker previews) {
  }

  /**
   * The directory of attachments' files ({@code directory} of the options, or a new temporary one,
   * with {@code blobs/} and {@code uploads/} in it) and the content checks, whose libraries (Tika,
   * image readers) take a while to load. Blocking: run it on a worker.
   */
  public static Prepared prepare(AttachmentOptions options) throws java.io.IOException {
    Path dir = options.getDirectory() != null
        ? Path.of(options.getDirectory())
        : Files.createTempDirectory("parley-attachments");
    Files.createDirectories(dir.resolve("uploads"));
    Files.createDirectories(dir.resolve("blobs"));
    ContentLimits limits = ContentLimits.defaults();
    return new Prepared(dir, new ContentInspector(limits), new MetadataStripper(limits), new PreviewMaker(limits));
  }

  /**
   * Builds attachments on {@code options} with what {@link #prepare} made: blobs in {@code blobs/},
   * or in PostgreSQL large objects when {@code store} is {@code postgres}.
   */
  public static Attachments create(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat,
      AttachmentOptions options, Prepared prepared) {
    Path dir = prepared.dir();
    BlobStore store;
    if (AttachmentOptions.POSTGRES.equals(options.getStore())) {
      if (db.kind() != Database.Kind.POSTGRESQL) {
        throw new IllegalArgumentException("attachments.store=postgres needs a PostgreSQL databaseUrl");
      }
      store = new PostgresBlobStore(vertx, db.pool());
    } else {
      store = new FileBlobStore(vertx, dir.resolve("blobs"));
    }
    return new Attachments(vertx, db, clock, ids, chat, options, store, prepared);
  }

  /** Listens for deleted messages and sweeps expired uploads; the send extension goes to the chat. */
  public Attachments start() {
    chat.addExtension(new AttachmentExtension(this));
    // Local: the node that deleted the message cleans up after it, once in a cluster (issue 23).
    deletions = vertx.eventBus().localConsumer(MESSAGES_DELETED, message -> {
      Object body = message.body();
      JsonObject event = body instanceof JsonObject o ? o : body instanceof String s ? new JsonObject(s) : null;
      if (event != null && event.getValue("messageId") instanceof String messageId) {
        messageDeleted(messageId);
      }
    });
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> {
      if (dev.parley.core.cluster.Leadership.leads(vertx)) { // one node of a cluster sweeps (issue 23)
        uploads.expire().onFailure(e -> LOG.warn("sweeping expired uploads failed", e));
      }
    });
    return this;
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return deletions == null ? Future.succeededFuture() : deletions.unregister();
  }

  public Uploads uploads() {
    return uploads;
  }

  public BlobStore store() {
    return store;
  }

  public AttachmentOptions options() {
    return new AttachmentOptions(options);
  }

  /** The attachment, for a viewer who may read it; "not found" otherwise (so its existence does not leak). */
  public Future<Attachment> visible(String viewerId, String id) {
    if (!IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.notFound("the attachment"));
    }
    return repo.visible(db.pool(), id, viewerId)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the attachment")));
  }

  /** The attachment of a signed link that still works; "not found" otherwise. */
  Future<Attachment> byLink(String id, String exp, String sig) {
    if (!IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.notFound("the attachment"));
    }
    return links.verify(id, exp, sig).compose(valid -> valid
        ? repo.find(db.pool(), id)
        : Future.succeededFuture(Optional.<Attachment>empty()))
        .map(found -> found.filter(Attachment::ready)
            .orElseThrow(() -> PlatformException.notFound("the attachment (or the link expired)")));
  }

  /** {@code POST /api/attachments/:id/link}: a signed URL of the content for a viewer who may read it. */
  public Future<JsonObject> link(String viewerId, String id) {
    long expires = clock.millis() / 1000 + options.getLinkSeconds();
    return visible(viewerId, id).compose(a -> links.sign(a.id(), expires))
        .map(query -> new JsonObject().put("url", Attachment.contentUrl(id) + "?" + query)
            .put("previewUrl", "/api/attachments/" + id + "/preview?" + query)
            .put("expiresAt", Instant.ofEpochSecond(expires).toString()));
  }

  /** The attachments a sender may put in a message, in the order given. */
  Future<List<Attachment>> sendable(String senderId, List<String> ids) {
    List<Future<Attachment>> all = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String field = "/attachmentIds/" + i;
      String id = ids.get(i);
      all.add(visible(senderId, id).recover(e -> Future.failedFuture(e instanceof PlatformException pe
          && pe.reason() == PlatformException.Reason.NOT_FOUND
              ? PlatformException.invalid(field, "no finished attachment " + id.replaceAll("[^A-Za-z0-9]", "?")
                  + " that you uploaded or can see")
              : e)));
    }
    return Future.all(all).map(done -> all.stream().map(Future::result).toList());
  }

  /** {@code GET /api/conversations/:id/attachments}: newest first, a page and the cursor of the next. */
  public Future<JsonObject> list(String viewerId, String conversationId, List<String> kinds, String before, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    long seq = Long.MAX_VALUE;
    String after = "~"; // sorts after every id
    if (!before.isEmpty()) {
      String[] parts = before.split("\\.", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9]{1,18}") || !IdGenerator.isId(parts[1])) {
        return Future.failedFuture(PlatformException.invalid("/before", "before must be a cursor this route answered"));
      }
      seq = Long.parseLong(parts[0]);
      after = parts[1];
    }
    for (String kind : kinds) {
      if (!KINDS.contains(kind)) {
        return Future.failedFuture(PlatformException.invalid("/kinds", "kinds are image, video, voice and file"));
      }
    }
    List<String> wanted = kinds.isEmpty() ? KINDS : kinds;
    long fromSeq = seq;
    String fromId = after;
    return chat.requireMember(viewerId, conversationId)
        .compose(v -> repo.list(db.pool(), conversationId, wanted, fromSeq, fromId, n + 1))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.stream().limit(n).forEach(r -> items.add(new JsonObject().put("attachment", r.attachment().toJson())
              .put("messageId", r.messageId()).put("seq", r.seq()).put("senderName", r.senderName())
              .put("sentAt", Instant.ofEpochMilli(r.sentAt()).toString())));
          JsonObject page = new JsonObject().put("items", items);
          if (rows.size() > n) {
            AttachmentRepository.Listed last = rows.get(n - 1);
            page.put("next", last.seq() + "." + last.attachment().id());
          } else {
            page.putNull("next");
          }
          return page;
        });
  }

  /** {@code GET /api/me/storage}. */
  public Future<JsonObject> storage(String accountId) {
    return repo.usage(db.pool(), accountId).map(usage -> new JsonObject().put("usedBytes", usage.usedBytes())
        .put("quotaBytes", options.getQuotaBytes()).put("maxBytes", new JsonObject()
            .put("image", options.getMaxImageBytes()).put("video", options.getMaxVideoBytes())
            .put("voice", options.getMaxVoiceBytes()).put("file", options.getMaxFileBytes())));
  }

  /**
   * A message was deleted: its references go, and every attachment it held that no other message
   * refers to goes with its blobs (its uploader's quota shrinks). Never fails; idempotent.
   */
  public Future<Void> messageDeleted(String messageId) {
    return repo.refsOfMessage(db.pool(), messageId)
        .compose(ids -> repo.deleteRefsOfMessage(db.pool(), messageId).map(ids))
        .compose(ids -> {
          Future<Void> chain = Future.succeededFuture();
          for (String id : ids) {
            chain = chain.compose(v -> repo.find(db.pool(), id).compose(found -> found
                .map(a -> blobs.deleteIfUnreferenced(a).<Void>mapEmpty())
                .orElse(Future.succeededFuture())));
          }
          return chain;
        })
        .recover(e -> {
          LOG.warn("deleting the attachments of message id={} failed", messageId, e);
          return Future.succeededFuture();
        });
  }

  /** The kinds of a {@code kinds} query parameter. */
  static List<String> kinds(String param) {
    return param.isBlank()
        ? List.of()
        : Arrays.stream(param.split("[,|]")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList();
  }
}
