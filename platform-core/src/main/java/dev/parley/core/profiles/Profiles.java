package dev.parley.core.profiles;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.attachments.content.AvatarPictures;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Profiles: the me-object and its changes, other people's profiles, avatars and presence. Each
 * change of what others see (names, about, avatar) goes live to everyone who shares a conversation
 * with the person as a {@code profile} event. Presence is shown only as the person's privacy
 * setting allows, decided here on the server.
 */
public final class Profiles {

  /** How long a username given up by a rename stays reserved for its former owner. */
  public static final Duration DEFAULT_USERNAME_RESERVATION = Duration.ofDays(30);
  /** The longest "about". */
  public static final int MAX_ABOUT = 140;
  /** Who may see one's presence. */
  public static final Set<String> PRIVACY = Set.of("everyone", "contacts", "nobody");
  private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
  private static final Set<String> FIELDS = Set.of("displayName", "about", "locale", "presencePrivacy", "email");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final AccountService accounts;
  private final Function<String, Future<Boolean>> online;
  private final Duration reservation;
  private final WorkerExecutor pictures;

  /**
   * @param online whether an account has a live session open on any node (the live hub)
   * @param reservation how long a username given up by a rename stays reserved
   */
  public Profiles(Vertx vertx, Database db, Clock clock, AccountService accounts,
      Function<String, Future<Boolean>> online,
      Duration reservation) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.accounts = accounts;
    this.online = online;
    this.reservation = reservation;
    this.pictures = vertx.createSharedWorkerExecutor("parley-avatars", 1);
  }

  // ---- the me-object ----

  /** The account's language (its {@code locale}'s primary subtag, e.g. {@code de}), if it set one. */
  public Future<java.util.Optional<String>> language(String accountId) {
    return extras(accountId).map(x -> java.util.Optional.ofNullable(x.locale())
        .map(l -> l.split("-")[0].toLowerCase(java.util.Locale.ROOT)));
  }

  /** The caller's own account with its profile: roles, about, avatar, locale, presence privacy. */
  public Future<JsonObject> me(String accountId) {
    return accounts.find(accountId).compose(account -> extras(accountId).map(x -> account.toJson()
        .put("about", x.about()).put("avatar", avatar(accountId, x.avatarVersion())).put("locale", x.locale())
        .put("presencePrivacy", x.presencePrivacy()).put("email", x.email())));
  }

  /**
   * Changes any of {@code displayName}, {@code about} ({@code null} or "" clears it), {@code locale}
   * (a BCP-47 language such as {@code de}; {@code null} falls back to the browser's) and
   * {@code presencePrivacy}, and {@code email} (issue 17: for password-reset mail, lower-cased, shown
   * only here; {@code null} or "" clears it). Every field is checked before anything is written.
   */
  public Future<JsonObject> update(String accountId, JsonObject patch) {
    Optional<String> display;
    Optional<Optional<String>> about;
    Optional<Optional<String>> locale;
    Optional<String> privacy;
    Optional<Optional<String>> email;
    try {
      for (String name : patch.fieldNames()) {
        if (!FIELDS.contains(name)) {
          throw PlatformException.invalid("/" + name, name + " cannot be changed here (" + String.join(", ",
              FIELDS.stream().sorted().toList()) + " can)");
        }
      }
      display = patch.containsKey("displayName") ? Optional.of(string(patch, "displayName", false)) : Optional.empty();
      about = patch.containsKey("about") ? Optional.of(about(patch)) : Optional.empty();
      locale = patch.containsKey("locale") ? Optional.of(locale(patch)) : Optional.empty();
      privacy = patch.containsKey("presencePrivacy") ? Optional.of(privacy(patch)) : Optional.empty();
      email = patch.containsKey("email")
          ? Optional.of(dev.parley.core.accounts.Emails.normalize(patch.getValue("email"), "/email"))
          : Optional.empty();
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    Future<?> names = display.isPresent()
        ? accounts.changeDisplayName(accountId, display.get())
        : Future.succeededFuture();
    return names.compose(v -> db.pool().withTransaction(tx -> {
      Future<Void> f = Future.succeededFuture();
      if (about.isPresent()) {
        f = f.compose(x -> ProfileRepository.setAbout(tx, accountId, about.get().orElse(null)));
      }
      if (locale.isPresent()) {
        f = f.compose(x -> ProfileRepository.setLocale(tx, accountId, locale.get().orElse(null)));
      }
      if (privacy.isPresent()) {
        f = f.compose(x -> ProfileRepository.setPresencePrivacy(tx, accountId, privacy.get()));
      }
      if (email.isPresent()) {
        f = f.compose(x -> ProfileRepository.setEmail(tx, accountId, email.get().orElse(null)));
      }
      return f;
    })).compose(v -> display.isPresent() || about.isPresent() ? announce(accountId) : Future.succeededFuture())
        .compose(v -> me(accountId));
  }

  /** Changes the username; the old one stays reserved for this account a while. */
  public Future<JsonObject> rename(String accountId, String username) {
    return accounts.rename(accountId, username, reservation).compose(a -> announce(accountId))
        .compose(v -> me(accountId));
  }

  // ---- other people ----

  /** Whether {@code subject} is hidden from {@code viewer} by a block (safety's); none by default. */
  private volatile java.util.function.BiFunction<String, String, Future<Boolean>> hiddenBy = (viewer, subject) -> Future
      .succeededFuture(false);

  public void hiddenBy(java.util.function.BiFunction<String, String, Future<Boolean>> hiddenBy) {
    this.hiddenBy = java.util.Objects.requireNonNull(hiddenBy, "hiddenBy");
  }

  /**
   * A person's profile as {@code viewerId} sees it: names, about, avatar, and presence
   * ({@code online}, {@code lastSeenAt}) only when their privacy setting lets the viewer see it.
   */
  public Future<JsonObject> person(String viewerId, String accountId) {
    return accounts.find(accountId).compose(account -> extras(accountId).compose(x -> presence(viewerId, accountId,
        x.presencePrivacy()).map(presence -> publicJson(account, x).put("presence", presence.orElse(null)))));
  }

  /** The presence of {@code accountId} if {@code viewerId} may see it. */
  private Future<Optional<JsonObject>> presence(String viewerId, String accountId, String privacy) {
    Future<Boolean> byPrivacy = viewerId.equals(accountId) || privacy.equals("everyone")
        ? Future.succeededFuture(true)
        : privacy.equals("contacts")
            ? ProfileRepository.shareAConversation(db.pool(), viewerId, accountId)
            : Future.succeededFuture(false);
    // A block either way hides presence, whatever the privacy setting says.
    Future<Boolean> allowed = viewerId.equals(accountId)
        ? byPrivacy
        : byPrivacy.compose(ok -> !ok
            ? Future.succeededFuture(false)
            : hiddenBy.apply(viewerId, accountId).map(hidden -> !hidden));
    return allowed.compose(ok -> !ok
        ? Future.succeededFuture(Optional.<JsonObject>empty())
        : Future.all(PresenceRepository.lastSeen(db.pool(), accountId), online.apply(accountId))
            .map(both -> {
              Optional<Long> last = both.resultAt(0);
              return Optional.of(new JsonObject().put("online", both.<Boolean>resultAt(1))
                  .put("lastSeenAt", last.map(ms -> Instant.ofEpochMilli(ms).toString()).orElse(null)));
            }));
  }

  private JsonObject publicJson(Account account, ProfileRepository.Extras x) {
    return account.publicJson().put("about", x.about()).put("avatar", avatar(account.id(), x.avatarVersion()));
  }

  /** The avatar's URLs (versioned, so they can be cached for good), or null for initials. */
  static JsonObject avatar(String accountId, int version) {
    if (version <= 0) {
      return null;
    }
    String base = "/api/people/" + accountId + "/avatar/";
    return new JsonObject().put("small", base + "small?v=" + version).put("large", base + "large?v=" + version);
  }

  // ---- avatars ----

  /**
   * Sets the avatar from an uploaded picture: cropped to the square at ({@code x}, {@code y}) with
   * side {@code side} ({@code 0}: the centred square), stored small and large without metadata.
   */
  public Future<JsonObject> setAvatar(String accountId, byte[] upload, int x, int y, int side) {
    return pictures.executeBlocking(() -> {
      try {
        return AvatarPictures.make(upload, x, y, side);
      } catch (AvatarPictures.Refused e) {
        throw PlatformException.invalid("/" + e.field(), e.getMessage());
      }
    }, false).compose(square -> db.pool().withTransaction(tx -> ProfileRepository.setAvatar(tx, accountId,
        square.small(), square.large(), clock.millis())))
        .compose(v -> announce(accountId)).compose(v -> me(accountId));
  }

  /** Back to initials. */
  public Future<JsonObject> removeAvatar(String accountId) {
    return db.pool().withTransaction(tx -> ProfileRepository.removeAvatar(tx, accountId))
        .compose(v -> announce(accountId)).compose(v -> me(accountId));
  }

  /** A stored avatar picture (JPEG), if the account has one. */
  public Future<ProfileRepository.Picture> picture(String accountId, String size) {
    if (!IdGenerator.isId(accountId) || !(size.equals("small") || size.equals("large"))) {
      return Future.failedFuture(PlatformException.notFound("the avatar"));
    }
    return ProfileRepository.picture(db.pool(), accountId, size.equals("large"))
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the avatar")));
  }

  // ---- live ----

  /** Tells everyone who shares a conversation with the person (and the person) what others now see of them. */
  private Future<Void> announce(String accountId) {
    return accounts.find(accountId).compose(account -> extras(accountId).compose(x -> {
      String event = new JsonObject().put("type", "profile").put("person", publicJson(account, x)).encode();
      return ProfileRepository.contacts(db.pool(), accountId).map(ids -> {
        vertx.eventBus().publish(Addresses.account(accountId), event);
        ids.stream().filter(id -> !id.equals(accountId))
            .forEach(id -> vertx.eventBus().publish(Addresses.account(id), event));
        return null;
      });
    }));
  }

  // ---- validation ----

  private Future<ProfileRepository.Extras> extras(String accountId) {
    return ProfileRepository.extras(db.pool(), accountId)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the account")));
  }

  private static String string(JsonObject patch, String name, boolean nullable) {
    Object v = patch.getValue(name);
    if (v == null && nullable) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw PlatformException.invalid("/" + name, name + " must be a string" + (nullable ? " or null" : ""));
    }
    return s;
  }

  private static Optional<String> about(JsonObject patch) {
    String s = string(patch, "about", true);
    String about = s == null ? "" : s.strip();
    if (about.codePointCount(0, about.length()) > MAX_ABOUT || about.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/about", "about must be at most " + MAX_ABOUT
          + " characters, without control characters");
    }
    return about.isEmpty() ? Optional.empty() : Optional.of(about);
  }

  private static Optional<String> locale(JsonObject patch) {
    String s = string(patch, "locale", true);
    if (s == null) {
      return Optional.empty();
    }
    if (s.length() > 16 || !LOCALE.matcher(s).matches()) {
      throw PlatformException.invalid("/locale", "locale must be a BCP-47 language tag such as 'de' or 'ar', or null");
    }
    return Optional.of(s);
  }

  private static String privacy(JsonObject patch) {
    String s = string(patch, "presencePrivacy", false);
    if (!PRIVACY.contains(s)) {
      throw PlatformException.invalid("/presencePrivacy", "presencePrivacy must be everyone, contacts or nobody");
    }
    return s;
  }
}
