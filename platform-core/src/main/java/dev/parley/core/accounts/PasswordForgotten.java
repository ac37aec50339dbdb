package dev.parley.core.accounts;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password" (issue 17): anyone names an account by username or e-mail address; when SMTP
 * is configured and the account has an e-mail address, a one-time reset link (the same kind an
 * admin issues: hashed, 24 hours, single use, a newer one voids older ones, audited) is mailed to
 * it. The caller learns nothing: the answer comes before the lookup, the same whatever happens,
 * and the mail goes out on a worker thread.
 */
public final class PasswordForgotten {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordForgotten.class);
  /** At most this many accounts of one shared address get a link per request. */
  static final int MAX_ACCOUNTS_PER_ADDRESS = 5;

  private static final Statement BY_USERNAME = Statement.sql(
      "SELECT id, username, email FROM accounts WHERE username = #{value}");
  private static final Statement BY_EMAIL = Statement.sql(
      "SELECT id, username, email FROM accounts WHERE email = #{value} ORDER BY id LIMIT " + MAX_ACCOUNTS_PER_ADDRESS);

  private record Target(String id, String username, @Nullable String email) {
  }

  private static final RowMapper<Target> TARGET = row -> new Target(row.getString("id"), row.getString("username"),
      row.getString("email"));

  private final Database db;
  private final SignInThrottle throttle;
  private final AccountSecurity security;
  private final @Nullable ResetMailer mailer;
  private final WorkerExecutor mailing;
  private final AtomicInteger settled = new AtomicInteger();

  public PasswordForgotten(Vertx vertx, Database db, AccountService accounts, SmtpOptions smtp) {
    this.db = db;
    this.throttle = accounts.throttle();
    this.security = accounts.security();
    this.mailer = smtp.isEnabled() ? new ResetMailer(smtp) : null;
    this.mailing = vertx.createSharedWorkerExecutor("parley-mail", 1);
  }

  /** Whether reset mail can be sent (SMTP is configured). */
  public boolean mailEnabled() {
    return mailer != null;
  }

  /**
   * Checks the request and the caller's throttle (one token per request, never given back), then
   * starts the work in the background. The returned future completes once the throttle counted the
   * request (failed with 429 when spent), not when the work is done: the API answers at once, and
   * the same way whatever the work finds.
   *
   * @param baseUrl where the link points: the public base URL or the request's origin
   */
  public Future<Void> request(@Nullable String username, @Nullable String email, String address, String baseUrl) {
    boolean byName = username != null && !username.isBlank();
    boolean byMail = email != null && !email.isBlank();
    if (byName == byMail) {
      throw PlatformException.invalid("/username", "give either username or email");
    }
    Optional<String> mail = byMail ? Emails.normalize(email, "/email") : Optional.empty();
    String typed = byName ? username.trim().toLowerCase(Locale.ROOT) : "";
    String name = typed.length() > 64 ? typed.substring(0, 64) : typed;
    // 429 when spent: counted whatever the answer
    return throttle.reserveAddress("forgot", address).onSuccess(counted -> request(byName, name, mail, address,
        baseUrl)).mapEmpty();
  }

  private Future<Void> request(boolean byName, String name, Optional<String> mail, String address, String baseUrl) {
    Future<Void> work = mailer == null
        ? Future.succeededFuture()
        : (byName
            ? BY_USERNAME.list(db.pool(), params("value", name), TARGET)
            : BY_EMAIL.list(db.pool(), params("value", mail.orElseThrow()), TARGET))
            .compose(found -> sendAll(found, address, baseUrl));
    return work.onFailure(e -> LOG.warn("password reset mail failed", e)).otherwiseEmpty()
        .onComplete(r -> settled.incrementAndGet());
  }

  private Future<Void> sendAll(List<Target> found, String address, String baseUrl) {
    Future<Void> all = Future.succeededFuture();
    for (Target t : found) {
      if (t.email() == null) {
        continue;
      }
      // A mailbox gets a few links at once, then one a minute, however many addresses ask: past that, none.
      all = all.compose(v -> throttle.reserveAddress("forgot-account", t.id()).transform(counted -> counted.failed()
          ? Future.succeededFuture()
          : sendOne(t, address, baseUrl)));
    }
    return all;
  }

  private Future<Void> sendOne(Target t, String address, String baseUrl) {
    return security.issueResetLink(new Actor(Optional.empty(), Optional.of(address)), t.id())
        .compose(link -> mailing.executeBlocking(() -> {
          mailer.send(t.email(), t.username(), baseUrl + "/#reset=" + link.token(), link.expiresAt());
          return null;
        }, true)).mapEmpty();
  }

  /** How many requests have finished their background work, for tests. */
  public int settled() {
    return settled.get();
  }
}
