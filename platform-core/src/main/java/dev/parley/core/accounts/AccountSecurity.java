package dev.parley.core.accounts;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Account security (docs/DESIGN.md, "Account security"): changing the password, the list of
 * sign-in sessions and ending them, one-time reset links an admin issues, and two-factor sign-in
 * with TOTP and recovery codes. Checks of a password or a code draw on the sign-in throttle's
 * budgets; every change is audited through {@link SecurityAudit}.
 */
public final class AccountSecurity {

  /** How long an admin's reset link works. */
  public static final Duration RESET_LINK_LIFETIME = Duration.ofHours(24);
  /** Recovery codes issued when two-factor sign-in is turned on. */
  static final int RECOVERY_CODES = 10;
  private static final String ISSUER = "Parley";

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final SignInThrottle throttle;
  private final EventBus bus;
  private volatile SecurityAudit audit = SecurityAudit.none();

  AccountSecurity(Database db, Clock clock, IdGenerator ids, PasswordHasher hasher, WorkerExecutor hashing,
      SignInThrottle throttle, EventBus bus) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.hasher = hasher;
    this.hashing = hashing;
    this.throttle = throttle;
    this.bus = bus;
  }

  /** Where security events are recorded (the audit log); set once by {@code boot}. */
  public void auditTo(SecurityAudit audit) {
    this.audit = audit;
  }

  // ---- sessions ----

  /** Records a fresh session's public id and device. */
  Future<Void> describe(String sessionToken, @Nullable String userAgent) {
    String ua = userAgent == null ? null : userAgent.length() > 200 ? userAgent.substring(0, 200) : userAgent;
    return SecurityRepository.describe(db.pool(), IdGenerator.sha256(sessionToken), ids.newId(), ua, clock.millis());
  }

  /** A session was used (at most once a minute per node: the authentication cache's lifetime). */
  void touched(String sessionHash) {
    SecurityRepository.touch(db.pool(), sessionHash, clock.millis());
  }

  /** The live sessions of the caller, most recently used first, the caller's own marked {@code current}. */
  public Future<JsonArray> sessions(Principal principal) {
    return SecurityRepository.sessions(db.pool(), principal.accountId(), clock.millis()).map(rows -> {
      JsonArray out = new JsonArray();
      for (SecurityRepository.SessionRow s : rows) {
        out.add(new JsonObject().put("id", s.id()).put("device", Devices.summary(s.userAgent()))
            .put("userAgent", s.userAgent())
            .put("createdAt", Instant.ofEpochMilli(s.createdAt()).toString())
            .put("lastUsedAt", Instant.ofEpochMilli(s.lastUsedAt()).toString())
            .put("current", s.tokenHash().equals(principal.sessionHash())));
      }
      return out;
    });
  }

  /** Ends one of the caller's sessions by its id (also the caller's own). */
  public Future<Void> endSession(Principal principal, Actor actor, String id) {
    return SecurityRepository.sessions(db.pool(), principal.accountId(), clock.millis()).compose(rows -> {
      Optional<SecurityRepository.SessionRow> found = rows.stream().filter(s -> s.id().equals(id)).findFirst();
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the session"));
      }
      String hash = found.get().tokenHash();
      return SecurityRepository.deleteSession(db.pool(), principal.accountId(), hash).compose(n -> {
        SessionsEnded.session(bus, principal.accountId(), hash);
        return audit.record(actor, "account.session_ended", principal.accountId(), new JsonObject()
            .put("device", Devices.summary(found.get().userAgent())));
      });
    });
  }

  /** Ends every session of the caller but the one of this request; answers how many ended. */
  public Future<Integer> endOtherSessions(Principal principal, Actor actor) {
    requireSession(principal);
    return endOthers(principal).compose(n -> audit.record(actor, "account.sessions_ended", principal.accountId(),
        new JsonObject().put("count", n)).map(n));
  }

  private Future<Integer> endOthers(Principal principal) {
    String keep = principal.sessionHash();
    return SecurityRepository.sessions(db.pool(), principal.accountId(), Long.MIN_VALUE)
        .compose(rows -> SecurityRepository.deleteOthers(db.pool(), principal.accountId(), keep).map(n -> {
          rows.stream().filter(s -> !s.tokenHash().equals(keep))
              .forEach(s -> SessionsEnded.session(bus, principal.accountId(), s.tokenHash()));
          return n;
        }));
  }

  private static void requireSession(Principal principal) {
    if (principal.via() != Principal.Via.SESSION) {
      throw PlatformException.forbidden("only a signed-in browser session may do this, not an API token");
    }
  }

  // ---- password ----

  /**
   * Changes the caller's password; the current one is required (and its check is throttled like a
   * sign-in). Every other session of the account is signed out; this one and API tokens stay.
   */
  public Future<Void> changePassword(Principal principal, Actor actor, String current, String next, String address) {
    try {
      requireSession(principal);
      newPassword(() -> PasswordPolicy.checkShape(next, principal.account().username()));
      if (current == null || current.isEmpty()) {
        throw PlatformException.invalid("/currentPassword", "currentPassword is required");
      }
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    Future<SignInThrottle.Attempt> reserved;
    try {
      reserved = throttle.reserve(principal.account().username(), address, Optional.empty());
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return reserved.compose(attempt -> secrets(principal.accountId()).compose(s -> hashing.executeBlocking(() -> {
      if (!hasher.verify(s.passwordHash(), current)) {
        throw PlatformException.invalid("/currentPassword", "the current password is wrong");
      }
      newPassword(() -> PasswordPolicy.checkNotCommon(next));
      return hasher.hash(next);
    }, false)).compose(hash -> {
      attempt.succeeded();
      return SecurityRepository.setPassword(db.pool(), principal.accountId(), hash);
    }).compose(v -> endOthers(principal))
        .compose(n -> audit.record(actor, "account.password_changed", principal.accountId(),
            new JsonObject().put("sessionsEnded", n))));
  }

  /** Runs a password policy check whose refusal names {@code /newPassword}, the field of this route. */
  private static void newPassword(Runnable check) {
    try {
      check.run();
    } catch (PlatformException e) {
      throw e.field().isPresent()
          ? PlatformException.invalid("/newPassword", e.getMessage().replaceFirst("^password", "newPassword"))
          : e;
    }
  }

  // ---- reset links ----

  /** A one-time reset link's secret (shown once) and when it expires. */
  public record ResetLink(String token, Instant expiresAt) {
  }

  /** Issues a one-time reset link for {@code accountId} (an admin's action); earlier unused links stop working. */
  public Future<ResetLink> issueResetLink(Actor admin, String accountId) {
    if (!IdGenerator.isId(accountId)) {
      return Future.failedFuture(PlatformException.notFound("the account"));
    }
    String token = ids.newSecret(32);
    long now = clock.millis();
    long expires = now + RESET_LINK_LIFETIME.toMillis();
    return secrets(accountId).compose(s -> db.pool().withTransaction(tx -> SecurityRepository
        .voidResets(tx, accountId, now)
        .compose(v -> SecurityRepository.insertReset(tx, IdGenerator.sha256(token), accountId,
            admin.accountId().orElse(null), now, expires)))
        .compose(v -> audit.record(admin, "account.reset_link_issued", accountId,
            new JsonObject().put("username", s.username()).put("expiresAt", Instant.ofEpochMilli(expires).toString())))
        .map(v -> new ResetLink(token, Instant.ofEpochMilli(expires))));
  }

  /**
   * Sets a new password through a reset link: the link works once and only until it expires. All
   * sessions of the account end. Attempts are throttled per address.
   */
  public Future<Void> resetPassword(String token, String password, String address) {
    Future<SignInThrottle.Attempt> reserved;
    try {
      if (token == null || token.isEmpty() || token.length() > 100) {
        throw PlatformException.invalid("/token", "token is missing or malformed");
      }
      reserved = throttle.reserveAddress("reset-link", address);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    String hash = IdGenerator.sha256(token);
    long now = clock.millis();
    return reserved.compose(attempt -> SecurityRepository.reset(db.pool(), hash).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.invalid("/token", "the reset link is not valid"));
      }
      attempt.succeeded(); // a real link: not a guess
      SecurityRepository.Reset reset = found.get();
      if (reset.usedAt() != null) {
        return Future.failedFuture(PlatformException.invalid("/token", "the reset link has been used already"));
      }
      if (reset.expiresAt() <= now) {
        return Future.failedFuture(PlatformException.invalid("/token", "the reset link has expired"));
      }
      return secrets(reset.accountId()).compose(s -> {
        try {
          PasswordPolicy.checkShape(password, s.username());
        } catch (PlatformException e) {
          return Future.failedFuture(e);
        }
        return hashing.executeBlocking(() -> {
          PasswordPolicy.checkNotCommon(password);
          return hasher.hash(password);
        }, false).compose(newHash -> db.pool().withTransaction(tx -> SecurityRepository.useReset(tx, hash, now)
            .compose(n -> n == 1
                ? SecurityRepository.setPassword(tx, reset.accountId(), newHash)
                    .compose(v -> SecurityRepository.deleteAll(tx, reset.accountId()))
                : Future.failedFuture(PlatformException.invalid("/token", "the reset link has been used already")))))
            .compose(n -> {
              SessionsEnded.account(bus, reset.accountId());
              return audit.record(new Actor(Optional.empty(), Optional.of(address)), "account.password_reset",
                  reset.accountId(), new JsonObject().put("username", s.username()));
            });
      });
    }));
  }

  // ---- two-factor sign-in ----

  /** Whether the account signs in with a second factor, and how many unused recovery codes it has. */
  public Future<JsonObject> twoFactorStatus(String accountId) {
    return secrets(accountId).compose(s -> s.totpSecret() == null
        ? Future.succeededFuture(new JsonObject().put("enabled", false))
        : SecurityRepository.codesLeft(db.pool(), accountId)
            .map(n -> new JsonObject().put("enabled", true).put("recoveryCodesLeft", n)));
  }

  /** Starts enrolment: a new secret and its otpauth URI (for the QR code); nothing changes until confirmed. */
  public Future<JsonObject> beginTwoFactor(Principal principal) {
    String secret = Totp.newSecret();
    return secrets(principal.accountId()).compose(s -> s.totpSecret() != null
        ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "two-factor sign-in is on already; turn it off first"))
        : SecurityRepository.totpPending(db.pool(), principal.accountId(), secret)
            .map(v -> new JsonObject().put("secret", secret)
                .put("uri", Totp.uri(ISSUER, principal.account().username(), secret))));
  }

  /** Confirms enrolment with a code of the new secret; answers the recovery codes (shown once). */
  public Future<JsonArray> enableTwoFactor(Principal principal, Actor actor, String code, String address) {
    Future<SignInThrottle.Attempt> reserved;
    try {
      reserved = throttle.reserve(principal.account().username(), address, Optional.empty());
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return reserved.compose(attempt -> secrets(principal.accountId()).compose(s -> {
      if (s.totpPending() == null) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "no two-factor enrolment is under way; start one first"));
      }
      OptionalLong step = Totp.matchingStep(s.totpPending(), code, clock.instant());
      if (step.isEmpty()) {
        return Future.failedFuture(PlatformException.invalid("/code", "the code is wrong"));
      }
      attempt.succeeded();
      List<String> codes = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < RECOVERY_CODES; i++) {
        String c = recoveryCode();
        codes.add(c);
        hashes.add(IdGenerator.sha256(normalCode(c)));
      }
      return db.pool().withTransaction(tx -> SecurityRepository.totpEnable(tx, principal.accountId(),
          s.totpPending(), step.getAsLong())
          .compose(n -> n == 1
              ? SecurityRepository.replaceCodes(tx, principal.accountId(), hashes)
              : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                  "the enrolment changed meanwhile; start again"))))
          .compose(v -> audit.record(actor, "account.two_factor_enabled", principal.accountId(), new JsonObject()))
          .map(v -> new JsonArray(codes));
    }));
  }

  /** Turns two-factor sign-in off; the password is required. */
  public Future<Void> disableTwoFactor(Principal principal, Actor actor, String password, String address) {
    Future<SignInThrottle.Attempt> reserved;
    try {
      requireSession(principal);
      reserved = throttle.reserve(principal.account().username(), address, Optional.empty());
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return reserved.compose(attempt -> secrets(principal.accountId()).compose(s -> hashing.executeBlocking(
        () -> password != null && hasher.verify(s.passwordHash(), password), false))
        .compose(ok -> {
          if (!ok) {
            return Future.failedFuture(PlatformException.invalid("/password", "the password is wrong"));
          }
          attempt.succeeded();
          return SecurityRepository.totpDisable(db.pool(), principal.accountId())
              .compose(v -> audit.record(actor, "account.two_factor_disabled", principal.accountId(),
                  new JsonObject()));
        }));
  }

  /**
   * The second factor of a sign-in whose password was right: nothing when the account has no
   * two-factor sign-in; else a TOTP code (not used before) or an unused recovery code, which is
   * used up. Fails with {@link TwoFactorRequired} when no code came.
   */
  Future<Void> secondFactor(String accountId, @Nullable String code) {
    return secrets(accountId).compose(s -> {
      if (s.totpSecret() == null) {
        return Future.succeededFuture();
      }
      if (code == null || code.isBlank()) {
        return Future.failedFuture(new TwoFactorRequired());
      }
      Future<Boolean> passed;
      OptionalLong step = Totp.matchingStep(s.totpSecret(), code, clock.instant());
      if (step.isPresent()) {
        passed = SecurityRepository.totpStep(db.pool(), accountId, step.getAsLong()).map(n -> n == 1);
      } else {
        passed = SecurityRepository.useCode(db.pool(), accountId, IdGenerator.sha256(normalCode(code)),
            clock.millis()).compose(
                n -> n == 1
                    ? audit.record(new Actor(Optional.empty(), Optional.empty()), "account.recovery_code_used",
                        accountId, new JsonObject()).map(true)
                    : Future.succeededFuture(false));
      }
      return passed.compose(ok -> ok
          ? Future.<Void>succeededFuture()
          : Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
              "the two-factor code is wrong or was used already")));
    });
  }

  /** The current TOTP code of an account's enrolled or pending secret, for tests. */
  static String currentCode(String secret, Instant at) {
    return Totp.code(secret, at);
  }

  private String recoveryCode() {
    String raw = ids.newId().substring(0, 10);
    return raw.substring(0, 5) + "-" + raw.substring(5);
  }

  private static String normalCode(String code) {
    return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private Future<SecurityRepository.Secrets> secrets(String accountId) {
    return SecurityRepository.secrets(db.pool(), accountId)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the account")));
  }
}
