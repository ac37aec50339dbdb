package dev.parley.core.apps.registry;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.chat.ChatService;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.PlatformException;
import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.Manifest;
import dev.parley.runtime.MiniAppRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Development versions ({@code parley app dev}): the bundle a developer saved, installed unreviewed
 * in a development conversation of theirs, replacing the one before at every save. A development
 * version is never a row of the registry: it is not in the directory, has no version number that
 * later uploads must rise above, cannot be installed anywhere else, and reaches only the members of
 * its development conversation (the developer, and whoever they add). It is held by this node, in
 * memory, until the server stops: dev mode is for a developer's own server.
 *
 * <p>Off unless the server enables it ({@code devMode.enabled}); a server that disables it refuses
 * the upload.
 */
public final class DevVersions {

  /** The suffix of a development version's name: {@code 0.1.0+dev}. */
  public static final String SUFFIX = "+dev";
  /** The live event telling the development conversation's members that a save went live: their open page reloads. */
  public static final String RELOADED = "app_reloaded";

  /** One app's development version: where it runs and its loaded code. */
  public record DevVersion(App app, String developerId, String conversationId, Version version, AppVersion code,
      Bundle bundle) {
  }

  /** What the app's origin serves at {@code /dev/<token>/}: the development version's bundle, for a member. */
  public record DevPage(Version version, Bundle bundle) {
  }

  private final Vertx vertx;
  private final boolean enabled;
  private final RegistryService registry;
  private final ChatService chat;
  private final Clock clock;
  private final Supplier<Future<MiniAppRuntime>> runtime;
  private final Map<String, DevVersion> byApp = new ConcurrentHashMap<>();
  /** Signs page tokens; new at each start, so a token dies with the server (as the versions do). */
  private final byte[] pageKey = new byte[32];

  public DevVersions(Vertx vertx, boolean enabled, RegistryService registry, ChatService chat, Clock clock,
      Supplier<Future<MiniAppRuntime>> runtime) {
    this.vertx = vertx;
    this.enabled = enabled;
    this.registry = registry;
    this.chat = chat;
    this.clock = clock;
    this.runtime = runtime;
    new SecureRandom().nextBytes(pageKey);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Installs a save of the app's owner: the upload's checks (the bundle reader, the manifest's
   * app id, a load in the sandbox, which verifies it), then it replaces the app's development
   * version. Answers {@code {appId, version, digest, conversationId, loadMillis}}.
   */
  public Future<JsonObject> install(Actor actor, App app, byte[] zip) {
    if (!enabled) {
      return Future.failedFuture(PlatformException.forbidden("dev mode is disabled on this server (setting "
          + "devMode.enabled); publish a version for review instead"));
    }
    Account developer = actor.account().orElseThrow();
    if (!app.owner().id().equals(developer.id())) {
      return Future.failedFuture(PlatformException.forbidden("only the app's owner can run it in dev mode"));
    }
    long started = System.nanoTime();
    return registry.bundles().read(zip).compose(bundle -> {
      String declared = bundle.manifest().appId();
      if (!declared.equals(app.id())) {
        return Future.failedFuture(PlatformException.invalid("/app_id", "manifest.json: app_id is '" + declared
            + "' but this is the app '" + app.id() + "'"));
      }
      return runtime.get().compose(r -> r.load(bundle)).compose(code -> conversation(developer, app)
          .map(conversationId -> replace(app, developer, conversationId, bundle, code)));
    }).onSuccess(this::announce)
        .map(dev -> new JsonObject().put("appId", app.id()).put("version", dev.version().version())
            .put("digest", dev.version().digest()).put("conversationId", dev.conversationId())
            .put("loadMillis", (System.nanoTime() - started) / 1_000_000));
  }

  private DevVersion replace(App app, Account developer, String conversationId, Bundle bundle, AppVersion code) {
    Manifest manifest = bundle.manifest();
    Instant now = Instant.ofEpochMilli(clock.millis());
    AccountRef by = new AccountRef(developer.id(), developer.username(), developer.displayName());
    Version version = new Version(app.id(), name(manifest), bundle.sha256(), ReviewState.DRAFT, false,
        bundle.totalSize(), bundle.files().size(), manifest, by, now, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    DevVersion dev = new DevVersion(app, developer.id(), conversationId, version, code, bundle);
    DevVersion before = byApp.put(app.id(), dev);
    if (before != null && !before.code().equals(code)) {
      runtime.get().onSuccess(r -> r.unload(before.code()));
    }
    return dev;
  }

  /**
   * Tells the development conversation a save is live, on its live address (the one every node's
   * LiveHub fans out to the members' sockets, like a page broadcast): the messenger reloads an
   * open page of the app there. Nothing is stored; a page opened later gets the new save anyway.
   */
  private void announce(DevVersion dev) {
    JsonObject event = new JsonObject().put("type", RELOADED).put("conversationId", dev.conversationId())
        .put("appId", dev.app().id()).put("digest", dev.version().digest());
    vertx.eventBus().publish(Addresses.conversation(dev.conversationId()), event.encode(),
        new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, dev.conversationId()));
  }

  /** The development conversation of the app: the one of its last save, else a new group of the developer. */
  private Future<String> conversation(Account developer, App app) {
    DevVersion before = byApp.get(app.id());
    if (before != null && before.developerId().equals(developer.id())) {
      return Future.succeededFuture(before.conversationId());
    }
    String title = (app.name() + " (development)");
    return chat.createGroup(developer, title.length() > 100 ? title.substring(0, 100) : title, List.of())
        .map(c -> c.id());
  }

  /** The development version of the app in this conversation, if it is the app's development conversation. */
  public Optional<DevVersion> in(String conversationId, String appId) {
    DevVersion dev = byApp.get(appId);
    return dev != null && dev.conversationId().equals(conversationId) ? Optional.of(dev) : Optional.empty();
  }

  /** The app's development version, wherever it runs. */
  public Optional<DevVersion> current(String appId) {
    return Optional.ofNullable(byApp.get(appId));
  }

  /**
   * The token of a member's page URL ({@code /dev/<token>/} on the app's origin): the account id
   * and an HMAC of app, conversation and account. The app's origin gets no cookie, so the URL is
   * the credential; binding it to the account lets {@link #page} ask for membership at every
   * request, so a member who leaves (or anyone given the URL who never was one) gets nothing.
   */
  public String pageToken(DevVersion dev, String accountId) {
    return accountId + "." + mac(dev.app().id(), dev.conversationId(), accountId);
  }

  /** The development version a page token opens, if it is valid and its account still a member. */
  public Future<Optional<DevPage>> page(String appId, String token) {
    DevVersion dev = byApp.get(appId);
    int dot = token.lastIndexOf('.');
    if (dev == null || dot <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    String accountId = token.substring(0, dot);
    byte[] expected = mac(appId, dev.conversationId(), accountId).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Future.succeededFuture(Optional.empty());
    }
    return chat.requireMember(accountId, dev.conversationId())
        .transform(member -> Future.succeededFuture(member.succeeded()
            ? Optional.of(new DevPage(dev.version(), dev.bundle()))
            : Optional.<DevPage>empty()));
  }

  private String mac(String appId, String conversationId, String accountId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pageKey, "HmacSHA256"));
      byte[] out = mac.doFinal((appId + "\n" + conversationId + "\n" + accountId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The development versions whose development conversation this is. */
  public List<DevVersion> inConversation(String conversationId) {
    if (byApp.isEmpty()) {
      return List.of(); // the common case, asked at every command: no stream
    }
    return byApp.values().stream().filter(d -> d.conversationId().equals(conversationId)).toList();
  }

  /** The version name a development version runs under: the manifest's, marked. */
  public static String name(Manifest manifest) {
    return manifest.version().name() + SUFFIX;
  }
}
