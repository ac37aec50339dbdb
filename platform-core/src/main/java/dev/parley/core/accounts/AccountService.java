package dev.parley.core.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Accounts, roles, browser sessions and personal API tokens. Passwords are hashed with Argon2id
 * on a small worker pool, never on an event loop. Secrets (session cookies, API tokens) are
 * stored only as SHA-256 hashes.
 */
public final class AccountService {

  /** How long a browser session lasts. */
  public static final Duration SESSION_LIFETIME = Duration.ofDays(30);

  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.]{2,31}");
  private static final String TOKEN_PREFIX = "pat_";

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final SignInThrottle throttle;
  private final DeviceCookies devices;
  private final Cache<String, Principal> sessions;
  private final EventBus bus;
  private final io.vertx.core.Vertx vertx;
  private final AtomicReference<String> setupTokenHash = new AtomicReference<>();
  private final AccountSecurity security;

  public AccountService(Vertx vertx, Database db, Clock clock, IdGenerator ids, PasswordHasher hasher,
      ThrottleOptions throttle) {
    this(vertx, db, clock, ids, hasher, throttle, dev.parley.core.ratelimit.RateLimits.local());
  }

  /** As above, the sign-in throttle's buckets kept where {@code rateLimits} says (shared in a cluster). */
  public AccountService(Vertx vertx, Database db, Clock clock, IdGenerator ids, PasswordHasher hasher,
      ThrottleOptions throttle, dev.parley.core.ratelimit.RateLimits rateLimits) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.hasher = hasher;
    this.hashing = vertx.createSharedWorkerExecutor("parley-password-hashing", 2);
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.throttle = new SignInThrottle(throttle, ticker, rateLimits);
    this.devices = new DeviceCookies(db, clock, ids);
    this.sessions = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(1)).ticker(ticker)
        .build();
    this.bus = vertx.eventBus();
    this.security = new AccountSecurity(db, clock, ids, hasher, hashing, this.throttle, bus);
    // Sessions ended on any node: no cached principal of theirs may let a request through here.
    bus.<JsonObject>consumer(Addresses.SESSIONS_ENDED, notice -> forgetCached(notice.body()));
    // Behind it, on the same context: a suspension answers once every node has dropped the principals.
    dev.parley.core.cluster.ClusterBarrier.register(vertx);
    this.vertx = vertx;
  }

  private void forgetCached(JsonObject notice) {
    SessionsEnded.sessionHash(notice).ifPresentOrElse(sessions::invalidate,
        () -> sessions.asMap().values().removeIf(p -> SessionsEnded.ends(notice, p)));
  }

  /**
   * A fresh session: the cookie value (shown once) and the CSRF token that goes with it, and a
   * device cookie that proves this browser signed in as this account (see {@link SignInThrottle}).
   */
  public record SignedIn(Account account, String sessionToken, String csrfToken, String deviceCookie) {
  }

  /** A personal API token's metadata; {@code token} is present only right after creation. */
  public record ApiToken(String id, String name, Instant createdAt, Optional<Instant> lastUsedAt,
      Optional<String> token) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("name", name).put("createdAt", createdAt.toString())
          .put("lastUsedAt", lastUsedAt.map(Instant::toString).orElse(null));
      token.ifPresent(t -> json.put("token", t));
      return json;
    }
  }

  // ---- sign-up, sign-in, sessions ----

  /** A new account with the user role, from {@code address} (its sign-ups are throttled). */
  public Future<SignedIn> signUp(String username, String displayName, String password, String address) {
    try {
      // Input refused at once costs nothing and is not counted; what goes on to be hashed is.
      PasswordPolicy.checkShape(password, validUsername(username));
      validDisplayName(displayName);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return throttle.signUp(address).compose(v -> createAccount(username, displayName, password, EnumSet.of(Role.USER)))
        .compose(this::openSession);
  }

  /**
   * Signs in from {@code address}. The attempt is counted before the password is hashed (see
   * {@link SignInThrottle}); {@code deviceCookie}, when valid for this username, lets it draw on
   * that device's budget instead of the username's and the address's.
   */
  public Future<SignedIn> signIn(String username, String password, String address, Optional<String> deviceCookie) {
    return signIn(username, password, null, address, deviceCookie);
  }

  /**
   * Signs in with a second factor ({@code code}: a TOTP code or a recovery code) for an account
   * with two-factor sign-in; a wrong code counts as a failed sign-in (see {@link AccountSecurity}).
   */
  public Future<SignedIn> signIn(String username, String password, @org.jspecify.annotations.Nullable String code,
      String address, Optional<String> deviceCookie) {
    String typed = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
    // No username is longer: a longer one is only a bigger key for the same refusal.
    String name = typed.length() > 64 ? typed.substring(0, 64) : typed;
    Future<Optional<String>> device = deviceCookie.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : devices.device(deviceCookie.get(), name);
    return device.compose(knownDevice -> throttle.reserve(name, address, knownDevice))
        .compose(attempt -> checkPassword(typed, password, code, attempt));
  }

  private Future<SignedIn> checkPassword(String name, String password, @org.jspecify.annotations.Nullable String code,
      SignInThrottle.Attempt attempt) {
    return AccountRepository.credentials(db.pool(), name).compose(found -> {
      String stored = found.map(AccountRepository.Credentials::passwordHash).orElse(null);
      return hashing.executeBlocking(() -> {
        if (stored == null) {
          hasher.burn(password);
          return false;
        }
        return hasher.verify(stored, password);
      }, false).compose(ok -> {
        if (!ok) {
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
              "the username or the password is wrong"));
        }
        if (found.get().suspended()) {
          attempt.succeeded();
          // Said only to whoever knows the password: a guesser learns nothing of the suspension.
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.ACCOUNT_SUSPENDED,
              "this account is suspended; an admin can restore it"));
        }
        return security.secondFactor(found.get().id(), code)
            .onFailure(f -> {
              if (f instanceof TwoFactorRequired) {
                attempt.succeeded(); // the password was right; the code is asked next
              }
            })
            .compose(v -> {
              attempt.succeeded();
              return find(found.get().id()).compose(this::openSession);
            });
      });
    });
  }

  public Future<Void> signOut(Principal principal) {
    if (principal.via() != Principal.Via.SESSION) {
      return Future.succeededFuture();
    }
    sessions.invalidate(principal.sessionHash());
    return SessionRepository.close(db.pool(), principal.sessionHash())
        .onSuccess(v -> SessionsEnded.session(bus, principal.accountId(), principal.sessionHash()));
  }

  /**
   * Ends every session of an account at once (a suspension): the rows go, this node's cached
   * principals go now, and every node hears it ({@link SessionsEnded#account}: live sockets close,
   * cached principals drop). API tokens are refused while the account is suspended.
   */
  public Future<Void> endAllSessions(String accountId) {
    return SessionRepository.closeAll(db.pool(), accountId).compose(v -> {
      sessions.asMap().values().removeIf(p -> p.accountId().equals(accountId));
      SessionsEnded.account(bus, accountId);
      return dev.parley.core.cluster.ClusterBarrier.passed(vertx); // in a cluster: every node has heard it
    });
  }

  /** The principal behind a session cookie, if the session exists and has not expired. */
  public Future<Optional<Principal>> authenticateSession(String cookieValue) {
    if (cookieValue == null || cookieValue.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    String hash = IdGenerator.sha256(cookieValue);
    Principal cached = sessions.getIfPresent(hash);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return SessionRepository.live(db.pool(), hash, clock.millis()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<Principal>empty());
      }
      SessionRepository.Session session = found.get();
      security.touched(hash); // "last used" of the session list and "last seen" of presence
      return find(session.accountId()).map(account -> {
        Principal p = new Principal(account, Principal.Via.SESSION, hash, session.csrfToken());
        sessions.put(hash, p);
        return Optional.of(p);
      });
    });
  }

  /** The principal behind a personal API token ({@code Authorization: Bearer pat_...}). */
  public Future<Optional<Principal>> authenticateToken(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    String hash = IdGenerator.sha256(token);
    return SessionRepository.token(db.pool(), hash).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<Principal>empty());
      }
      SessionRepository.TokenOwner owner = found.get();
      return find(owner.accountId()).compose(account -> {
        if (!account.has(Role.DEVELOPER)) {
          return Future.succeededFuture(Optional.<Principal>empty());
        }
        return SessionRepository.tokenUsed(db.pool(), owner.id(), clock.millis())
            .map(ignored -> Optional.of(new Principal(account, Principal.Via.TOKEN, null, null)));
      });
    });
  }

  private Future<SignedIn> openSession(Account account) {
    String token = ids.newSecret(32);
    String csrf = ids.newSecret(24);
    long now = clock.millis();
    return SessionRepository.open(db.pool(), IdGenerator.sha256(token), account.id(), csrf, now,
        now + SESSION_LIFETIME.toMillis())
        .compose(ignored -> devices.issue(account.username()))
        .map(device -> new SignedIn(account, token, csrf, device));
  }

  // ---- account security and profile changes (issue 17) ----

  /** Password changes, sessions, reset links, two-factor sign-in. */
  public AccountSecurity security() {
    return security;
  }

  /** The sign-in throttle, whose per-address budgets "forgot password" shares (issue 17). */
  SignInThrottle throttle() {
    return throttle;
  }

  /** Records the device of a fresh session (its User-Agent). */
  public Future<Void> describeSession(SignedIn signedIn, @org.jspecify.annotations.Nullable String userAgent) {
    return security.describe(signedIn.sessionToken(), userAgent);
  }

  /**
   * Renames the account: the new username must be free and not reserved for someone else; the old
   * one is reserved for this account for {@code reservation} (nobody else can take it meanwhile).
   */
  public Future<Account> rename(String accountId, String username, Duration reservation) {
    String name;
    try {
      name = validUsername(username);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    long now = clock.millis();
    return find(accountId).compose(account -> account.username().equals(name)
        ? Future.succeededFuture(account)
        : db.pool().withTransaction(tx -> Usernames.reservedFor(tx, name, now).compose(holder -> {
          if (holder.isPresent() && !holder.get().equals(accountId)) {
            return Future.failedFuture(PlatformException.invalid("/username",
                "the username '" + name + "' is taken"));
          }
          return Usernames.release(tx, name).compose(v -> Usernames.rename(tx, accountId, name))
              .compose(v -> Usernames.reserve(tx, account.username(), accountId, now + reservation.toMillis()));
        })).recover(failure -> Future.failedFuture(Database.isUniqueViolation(failure)
            ? PlatformException.invalid("/username", "the username '" + name + "' is taken")
            : failure))
            .compose(v -> accountChanged(accountId)));
  }

  /** Changes the display name. */
  public Future<Account> changeDisplayName(String accountId, String displayName) {
    String display;
    try {
      display = validDisplayName(displayName);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return Usernames.displayName(db.pool(), accountId, display).compose(v -> accountChanged(accountId));
  }

  private Future<Account> accountChanged(String accountId) {
    // Cached principals carry the account's names: drop them so the change shows from the next request on.
    sessions.invalidateAll();
    return find(accountId);
  }

  // ---- accounts ----

  /** The platform's own account: it owns the sample mini-apps. Nobody can sign in as it. */
  public static final String SYSTEM_USERNAME = "parley";
  /** Not a password hash: no password matches it. */
  private static final String NO_PASSWORD = "!";

  /**
   * The platform's own account, made on first use. Fails if someone else holds the name (a
   * database from before the name was reserved): the platform never acts through a person's account.
   */
  public Future<Account> systemAccount() {
    return AccountRepository.credentials(db.pool(), SYSTEM_USERNAME).compose(found -> {
      if (found.isPresent()) {
        if (!NO_PASSWORD.equals(found.get().passwordHash())) {
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the username '"
              + SYSTEM_USERNAME + "' belongs to a person; rename that account to let the platform own its samples"));
        }
        return find(found.get().id());
      }
      String id = ids.newId();
      long now = clock.millis();
      return db.pool().withTransaction(tx -> AccountRepository.insert(tx, id, SYSTEM_USERNAME, "Parley", NO_PASSWORD,
          now).compose(r -> AccountRepository.grant(tx, id, Role.DEVELOPER, now)))
          .compose(r -> find(id))
          .recover(f -> Database.isUniqueViolation(f) ? systemAccount() : Future.failedFuture(f));
    });
  }

  private Future<Account> createAccount(String username, String displayName, String password, Set<Role> roles) {
    String name;
    String display;
    try {
      name = validUsername(username);
      display = validDisplayName(displayName);
      PasswordPolicy.checkShape(password, name);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    String id = ids.newId();
    long now = clock.millis();
    return hashing.executeBlocking(() -> {
      PasswordPolicy.checkNotCommon(password);
      return hasher.hash(password);
    }, false)
        .compose(hash -> db.pool().withTransaction(tx -> Usernames.reservedFor(tx, name, now)
            .compose(holder -> holder.isPresent()
                ? Future.failedFuture(PlatformException.invalid("/username", "the username '" + name + "' is taken"))
                : Future.succeededFuture())
            .compose(free -> AccountRepository.insert(tx, id, name, display, hash, now))
            .compose(r -> AccountRepository.grantAll(tx, id, roles, now))))
        .recover(failure -> Future.failedFuture(Database.isUniqueViolation(failure)
            ? PlatformException.invalid("/username", "the username '" + name + "' is taken")
            : failure))
        .map(ignored -> new Account(id, name, display, roles));
  }

  public Future<Account> find(String id) {
    if (!IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.notFound("the account"));
    }
    return AccountRepository.find(db.pool(), id)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the account")));
  }

  /** Accounts whose username or display name starts with {@code prefix} (case-insensitive). */
  public Future<List<Account>> search(String prefix, int limit) {
    String p = prefix == null ? "" : prefix.trim().toLowerCase(java.util.Locale.ROOT);
    if (p.startsWith("@")) {
      p = p.substring(1);
    }
    if (p.length() > 64 || p.chars().anyMatch(Character::isISOControl)) {
      return Future.failedFuture(PlatformException.invalid("q", "q must be at most 64 printable characters"));
    }
    String like = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return AccountRepository.search(db.pool(), like, limit);
  }

  public Future<Account> grantRole(String accountId, Role role) {
    return find(accountId).compose(account -> account.has(role)
        ? Future.succeededFuture(account)
        : AccountRepository.grant(db.pool(), accountId, role, clock.millis())
            .recover(failure -> Database.isUniqueViolation(failure)
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(failure))
            .compose(ignored -> changedRoles(accountId)));
  }

  public Future<Account> revokeRole(String accountId, Role role) {
    if (role == Role.USER) {
      return Future.failedFuture(PlatformException.invalid("/role", "the user role cannot be revoked"));
    }
    Future<Void> guard = role != Role.ADMIN
        ? Future.succeededFuture()
        : AccountRepository.adminsOtherThan(db.pool(), accountId)
            .compose(n -> n == 0
                ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                    "this is the last admin; grant the admin role to someone else first"))
                : Future.succeededFuture());
    return find(accountId).compose(account -> guard)
        .compose(ignored -> AccountRepository.revoke(db.pool(), accountId, role))
        .compose(ignored -> changedRoles(accountId));
  }

  private Future<Account> changedRoles(String accountId) {
    // Cached principals carry roles: drop them so the change holds from the next request on.
    sessions.invalidateAll();
    return find(accountId);
  }

  // ---- personal API tokens ----

  public Future<List<ApiToken>> tokens(String accountId) {
    return SessionRepository.tokens(db.pool(), accountId);
  }

  public Future<ApiToken> createToken(String accountId, String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 64 || clean.chars().anyMatch(Character::isISOControl)) {
      return Future.failedFuture(PlatformException.invalid("/name", "name must be 1-64 printable characters"));
    }
    String id = ids.newId();
    String token = TOKEN_PREFIX + ids.newSecret(32);
    long now = clock.millis();
    return SessionRepository.tokenCount(db.pool(), accountId).compose(n -> n >= 50
        ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "at most 50 tokens per account"))
        : SessionRepository.insertToken(db.pool(), id, accountId, clean, IdGenerator.sha256(token), now))
        .map(ignored -> new ApiToken(id, clean, Instant.ofEpochMilli(now), Optional.empty(), Optional.of(token)));
  }

  public Future<Void> revokeToken(String accountId, String tokenId) {
    if (!IdGenerator.isId(tokenId)) {
      return Future.failedFuture(PlatformException.notFound("the token"));
    }
    return SessionRepository.deleteToken(db.pool(), tokenId, accountId)
        .compose(deleted -> {
          if (deleted == 0) {
            return Future.failedFuture(PlatformException.notFound("the token"));
          }
          SessionsEnded.tokens(bus, accountId); // live sockets opened with a token end with it
          return Future.succeededFuture();
        });
  }

  // ---- the first admin ----

  /**
   * Makes sure there is an admin. With {@code configured} credentials the admin is created from
   * them; otherwise a one-time setup token is returned for the console link. Empty when an admin
   * exists already.
   */
  public Future<Optional<String>> bootstrapAdmin(Optional<JsonObject> configured) {
    return AccountRepository.admins(db.pool()).compose(admins -> {
      if (admins > 0) {
        return Future.succeededFuture(Optional.<String>empty());
      }
      if (configured.isPresent()) {
        JsonObject c = configured.get();
        return createAccount(c.getString("username"), c.getString("displayName", c.getString("username")),
            c.getString("password"), EnumSet.allOf(Role.class))
            .map(a -> Optional.<String>empty());
      }
      String token = ids.newSecret(24);
      setupTokenHash.set(IdGenerator.sha256(token));
      return Future.succeededFuture(Optional.of(token));
    });
  }

  /** Whether the one-time setup token is still unused. */
  public boolean setupPending() {
    return setupTokenHash.get() != null;
  }

  /** Creates the first admin through the one-time setup token printed at start. */
  public Future<SignedIn> setUpAdmin(String token, String username, String displayName, String password) {
    String expected = setupTokenHash.get();
    if (expected == null || token == null || !java.security.MessageDigest.isEqual(
        expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        IdGenerator.sha256(token).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      return Future.failedFuture(PlatformException.forbidden("the setup link is invalid or has been used"));
    }
    if (!setupTokenHash.compareAndSet(expected, null)) {
      return Future.failedFuture(PlatformException.forbidden("the setup link is invalid or has been used"));
    }
    return createAccount(username, displayName, password, EnumSet.allOf(Role.class))
        .onFailure(failure -> setupTokenHash.compareAndSet(null, expected))
        .compose(this::openSession);
  }

  // ---- validation and mapping ----

  static String validUsername(String username) {
    String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
    if (!USERNAME.matcher(name).matches()) {
      throw PlatformException.invalid("/username",
          "username must be 3-32 characters of a-z, 0-9, '_' and '.', starting with a letter");
    }
    if (name.equals(SYSTEM_USERNAME)) {
      throw PlatformException.invalid("/username", "the username '" + name + "' is reserved");
    }
    return name;
  }

  static String validDisplayName(String displayName) {
    String d = displayName == null ? "" : displayName.strip();
    if (d.isEmpty() || d.length() > 64 || d.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/displayName", "displayName must be 1-64 printable characters");
    }
    return BadgeLookalikes.check(d, "/displayName"); // the verified badge cannot be imitated (issue 21)
  }
}
