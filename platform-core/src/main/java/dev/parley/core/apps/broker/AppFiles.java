package dev.parley.core.apps.broker;

import static dev.parley.core.apps.broker.Arguments.id;
import static dev.parley.core.apps.broker.Arguments.integer;
import static dev.parley.core.apps.broker.Arguments.string;

import dev.parley.core.apps.permissions.Consents;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.Version;
import dev.parley.core.chat.Message;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Files in apps. A user hands a file to an app by a card's {@code request_file} button (the
 * broker checks it is the presser's own upload, of a type the button accepts, and that they
 * allowed {@code files.receive}); the app reads the bytes of files handed to it, or made by it
 * ({@code parley.files.create}, checked by content like any upload), and shows either, or a file
 * of its bundle, in a card's {@code files}. Nothing else: an app never reads a file it was not
 * given, and a file sent in one conversation is not the app's in another.
 */
public final class AppFiles {

  /** Most bytes one {@code files.read} answers (base64 makes them a third more): the rest in further calls. */
  public static final int MAX_READ_BYTES = 256 * 1024;
  /** The image types a card shows from an app's bundle, by name ending. */
  private static final Map<String, String> BUNDLE_TYPES = Map.of(".png", "image/png", ".jpg", "image/jpeg", ".jpeg",
      "image/jpeg", ".gif", "image/gif", ".webp", "image/webp", ".pdf", "application/pdf");

  private final Database db;
  private final Clock clock;
  private final RegistryService registry;
  private final Consents consents;
  private volatile AttachmentAccess attachments;
  private final AppFileRepository repository = new AppFileRepository();

  public AppFiles(Database db, Clock clock, RegistryService registry, Consents consents,
      AttachmentAccess attachments) {
    this.db = db;
    this.clock = clock;
    this.registry = registry;
    this.consents = consents;
    this.attachments = attachments;
  }

  /** Uses {@code access} for the attachments from now on (the platform wires the attachments area in). */
  public void use(AttachmentAccess access) {
    this.attachments = java.util.Objects.requireNonNull(access, "access");
  }

  /** {@code files.read} (files handed to the app or made by it, here) and {@code files.create} ({@code cards.post}). */
  List<Capability> capabilities() {
    return List.of(
        Capability.of("files.read", Requirement.membership(), Arguments.of("Reads the bytes of a file a user sent "
            + "the app in this conversation (request_file; while they allow files.receive) or the app made here, "
            + "at most " + MAX_READ_BYTES + " bytes a call, as base64.")
            .required("id", id("the file's id, from event.files or files.create"))
            .optional("offset", integer("the first byte to read; 0 when left out").put("minimum", 0))
            .optional("length", integer("how many bytes to read; at most " + MAX_READ_BYTES).put("minimum", 1)
                .put("maximum", MAX_READ_BYTES))
            .schema(),
            "{ id: string, name: string, contentType: string, size: number, offset: number, "
                + "length: number, data: string, done: boolean }",
            this::read),
        Capability.of("files.create", Requirement.permission(Permission.CARDS_POST), Arguments.of("Makes a file "
            + "(an image, a PDF...) from bytes, checked by its content like a user's upload, to show in a card's "
            + "files of this conversation. The call's arguments are capped (runtime.maxHostCallBytes), so files "
            + "are small.")
            .required("name", string("the file's name, shown to people", 1, 200))
            .required("contentType", string("its media type, e.g. image/png; it must agree with the bytes", 3, 100))
            .required("data", string("the bytes, base64"))
            .schema(), "{ id: string, name: string, contentType: string, size: number, kind: string, sha256: string }",
            this::create));
  }

  // ---- files sent to the app ----

  /**
   * The files a user hands to an app with a {@code request_file} button ({@code accept}) of a card
   * in a conversation: each must be their own finished upload of an accepted type. Records that
   * the app holds them there and answers {@code event.files}.
   */
  public Future<JsonArray> receive(String appId, String conversationId, String messageId, String userId,
      List<String> ids, String accept) {
    List<Future<JsonObject>> found = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String field = "/attachmentIds/" + i;
      String id = ids.get(i);
      found.add(attachments.uploadedBy(userId, id).map(a -> {
        JsonObject file = a.orElseThrow(() -> PlatformException.invalid(field, "no finished upload of yours "
            + "with the id " + id.replaceAll("[^A-Za-z0-9_-]", "?")));
        String type = file.getString("contentType", "application/octet-stream");
        if (!CardFormat.accepts(accept, type, file.getString("name", ""))) {
          throw PlatformException.invalid(field, "the button asks for " + accept.replace(",", ", ") + "; this file is "
              + type);
        }
        return file;
      }));
    }
    long now = clock.millis();
    String sentAt = Instant.ofEpochMilli(now).toString();
    return Future.all(found).compose(all -> {
      JsonArray files = new JsonArray();
      Future<Void> held = Future.succeededFuture();
      for (Future<JsonObject> f : found) {
        JsonObject a = f.result();
        files.add(new JsonObject().put("id", a.getString("id")).put("name", a.getString("name"))
            .put("contentType", a.getString("contentType")).put("size", a.getValue("size"))
            .put("sha256", a.getString("sha256")).put("sentAt", sentAt));
        held = held.compose(v -> repository.hold(db.pool(), appId, conversationId, a.getString("id"),
            AppFileRepository.RECEIVED, userId, messageId, now));
      }
      return held.map(files);
    });
  }

  private Future<Object> read(CallContext context, JsonObject args) {
    String id = args.getString("id");
    long offset = args.getLong("offset") == null ? 0 : args.getLong("offset");
    int length = args.getInteger("length") == null ? MAX_READ_BYTES : args.getInteger("length");
    return CallingApp.conversation(context)
        .compose(c -> repository.find(db.pool(), context.appId(), c, id))
        .compose(held -> {
          if (held.isEmpty()) {
            return Future.failedFuture(MiniAppException.refused("no file " + id + " was sent to this app or made "
                + "by it in this conversation"));
          }
          AppFileRepository.Held h = held.get();
          Future<Void> allowed = !AppFileRepository.RECEIVED.equals(h.origin()) || h.accountId() == null
              ? Future.succeededFuture()
              : consents.decisions(h.accountId(), context.appId()).compose(d -> Boolean.TRUE.equals(
                  d.get(Permission.FILES_RECEIVE.permissionName()))
                      ? Future.succeededFuture()
                      : Future.failedFuture(MiniAppException.refused("the person who sent file " + id
                          + " no longer allows this app files.receive")));
          return allowed.compose(v -> attachments.ready(id));
        })
        .compose(found -> {
          JsonObject a = found.orElseThrow(() -> MiniAppException.refused("file " + id + " is gone (deleted)"));
          long size = a.getLong("size", 0L);
          if (offset > size) {
            return Future.failedFuture(MiniAppException.refused("offset " + offset + " is past the file's end ("
                + size + " bytes)"));
          }
          int n = (int) Math.min(length, size - offset);
          Future<Buffer> bytes = n == 0 ? Future.succeededFuture(Buffer.buffer()) : attachments.read(id, offset, n);
          return bytes.map(b -> (Object) new JsonObject().put("id", id).put("name", a.getString("name"))
              .put("contentType", a.getString("contentType")).put("size", size).put("offset", offset)
              .put("length", b.length()).put("data", Base64.getEncoder().encodeToString(b.getBytes()))
              .put("done", offset + b.length() >= size));
        });
  }

  private Future<Object> create(CallContext context, JsonObject args) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(args.getString("data").strip());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(MiniAppException.refused("/data must be base64: " + e.getMessage()));
    }
    if (data.length == 0) {
      return Future.failedFuture(MiniAppException.refused("/data holds no bytes"));
    }
    return CallingApp.conversation(context).compose(c -> attachments.create(context.userId(), args.getString("name"),
        args.getString("contentType"), Buffer.buffer(data)).recover(Capability::refusal)
        .compose(a -> repository.hold(db.pool(), context.appId(), c, a.getString("id"), AppFileRepository.CREATED,
            null, null, clock.millis()).map(
                v -> (Object) new JsonObject().put("id", a.getString("id"))
                    .put("name", a.getString("name")).put("contentType", a.getString("contentType"))
                    .put("size", a.getValue("size")).put("kind", a.getString("kind"))
                    .put("sha256", a.getString("sha256")))));
  }

  // ---- files in cards ----

  /**
   * The card with its {@code files} made into what the messenger shows: a file of the app's
   * bundle (an image or a PDF, that exists in {@code version}) or an attachment the app holds in
   * this conversation; and its {@code request_file} buttons checked against the manifest (a
   * handler, and {@code files.receive} asked for). Anything wrong is the app's clear error.
   */
  Future<JsonObject> checkCard(JsonObject card, Version version, String conversationId) {
    JsonArray buttons = card.getJsonArray("buttons", new JsonArray());
    for (int i = 0; i < buttons.size(); i++) {
      JsonObject b = buttons.getJsonObject(i);
      if (!"request_file".equals(b.getString("type"))) {
        continue;
      }
      Manifest manifest = version.manifest();
      if (manifest.cardAction(b.getString("id")).isEmpty()) {
        return Future.failedFuture(MiniAppException.refused("card.buttons[" + i + "] (request_file) needs a handler: "
            + "card_actions has no id '" + b.getString("id") + "' in the manifest"));
      }
      if (!manifest.permissionNames().contains(Permission.FILES_RECEIVE.permissionName())) {
        return Future.failedFuture(MiniAppException.refused("card.buttons[" + i + "] (request_file) needs the "
            + "permission files.receive in the manifest's req_permissions"));
      }
    }
    if (!card.containsKey("files")) {
      return Future.succeededFuture(card);
    }
    JsonArray files = card.getJsonArray("files");
    List<Future<JsonObject>> shown = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      String where = "card.files[" + i + "]";
      shown.add(f.containsKey("path")
          ? bundleFile(f, version, where)
          : heldFile(f, version.appId(), conversationId, where));
    }
    return Future.all(shown).map(all -> {
      JsonArray out = new JsonArray();
      shown.forEach(s -> out.add(s.result()));
      return card.copy().put("files", out);
    });
  }

  private Future<JsonObject> bundleFile(JsonObject f, Version version, String where) {
    String path = f.getString("path");
    String ending = path.contains(".") ? path.substring(path.lastIndexOf('.')).toLowerCase(Locale.ROOT) : "";
    String type = BUNDLE_TYPES.get(ending);
    if (type == null) {
      return Future.failedFuture(MiniAppException.refused(where + ".path must be an image (.png, .jpg, .gif, .webp) "
          + "or a PDF (.pdf) of the app's bundle"));
    }
    return registry.bundle(version.digest()).compose(bundle -> {
      Optional<dev.parley.runtime.BundleFile> file = bundle.file(path);
      if (file.isEmpty()) {
        return Future.failedFuture(MiniAppException.refused(where + ".path: the bundle of version "
            + version.version() + " has no file " + path));
      }
      String name = f.getString("name", path.substring(path.lastIndexOf('/') + 1));
      return Future.succeededFuture(new JsonObject().put("kind", type.startsWith("image/") ? "image" : "file")
          .put("name", name).put("contentType", type).put("size", file.get().size())
          .put("url", "/static/apps/" + version.appId() + "/" + version.digest() + "/" + path));
    });
  }

  private Future<JsonObject> heldFile(JsonObject f, String appId, String conversationId, String where) {
    String id = f.getString("attachmentId");
    return repository.find(db.pool(), appId, conversationId, id)
        .compose(held -> held.isEmpty()
            ? Future.succeededFuture(Optional.<JsonObject>empty())
            : attachments.ready(id))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(MiniAppException.refused(where + ".attachmentId: no file " + id + " made by "
                + "this app (files.create) or sent to it in this conversation"));
          }
          JsonObject a = found.get();
          JsonObject shown = new JsonObject().put("kind", a.getString("kind", "file"))
              .put("name", f.getString("name", a.getString("name"))).put("contentType", a.getString("contentType"))
              .put("size", a.getValue("size")).put("attachmentId", id)
              .put("url", a.getString("url", "/api/attachments/" + id + "/content"));
          for (String key : List.of("previewUrl", "width", "height", "placeholder", "pageCount")) {
            if (a.getValue(key) != null) {
              shown.put(key, a.getValue(key));
            }
          }
          return Future.succeededFuture(shown);
        });
  }

  /** After a card was posted or updated: its members may now read the attachments it shows. */
  Future<Message> shown(Message card) {
    if (card.extras().containsKey("visibility")) {
      return Future.succeededFuture(card); // an ephemeral card: no member gains access through it
    }
    JsonArray files = card.card().map(c -> c.getJsonArray("files", new JsonArray())).orElse(new JsonArray());
    Future<Void> done = Future.succeededFuture();
    for (Object o : files) {
      if (o instanceof JsonObject f && f.getString("attachmentId") != null) {
        done = done.compose(v -> attachments.showIn(card.conversationId(), card.id(), card.seq(),
            f.getString("attachmentId")));
      }
    }
    return done.map(card);
  }
}
