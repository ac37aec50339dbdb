package dev.parley.core.accounts;

import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Authenticates every API request: the session cookie or a bearer token. A state-changing request
 * made with the cookie must carry the session's CSRF token in {@code X-CSRF-Token}.
 */
public final class Authn {

  /** The session cookie's name. */
  public static final String COOKIE = "parley_session";
  /** The header that carries the CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final String PRINCIPAL_KEY = "parley.principal";
  private static final String ADDRESS_KEY = "parley.clientAddress";

  private final AccountService accounts;
  private final boolean secureCookies;
  private final ClientAddresses addresses;

  /**
   * @param secureCookies whether cookies get {@code Secure} even on plain HTTP (behind a TLS proxy)
   * @param addresses the one resolver of client addresses (trusted proxies)
   */
  public Authn(AccountService accounts, boolean secureCookies, ClientAddresses addresses) {
    this.accounts = accounts;
    this.secureCookies = secureCookies;
    this.addresses = addresses;
  }

  /**
   * The address a request comes from, through the trusted proxies: what the audit log, the
   * throttles and every per-address limit use.
   */
  public String clientAddress(HttpServerRequest request) {
    return addresses.resolve(request);
  }

  /** The client address of a request that went through {@link #required}. */
  public static String clientAddress(RoutingContext ctx) {
    String address = ctx.get(ADDRESS_KEY);
    if (address == null) {
      throw new IllegalStateException("route is not behind Authn.required");
    }
    return address;
  }

  /** Resolves the caller and fails with 401 when there is none. */
  public void required(RoutingContext ctx) {
    ctx.put(ADDRESS_KEY, addresses.resolve(ctx.request()));
    resolve(ctx.request()).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      Optional<Principal> principal = result.result();
      if (principal.isEmpty()) {
        ctx.fail(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED, "sign in first"));
        return;
      }
      Principal p = principal.get();
      if (p.via() == Principal.Via.SESSION && changesState(ctx.request().method()) && !csrfMatches(ctx, p)) {
        ctx.fail(PlatformException.forbidden("missing or wrong " + CSRF_HEADER + " header"));
        return;
      }
      ctx.put(PRINCIPAL_KEY, p);
      ctx.next();
    });
  }

  /** The caller behind a request, if any (also used for WebSocket handshakes). */
  public Future<Optional<Principal>> resolve(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return accounts.authenticateToken(auth.substring(7).trim());
    }
    Cookie cookie = request.getCookie(COOKIE);
    return cookie == null ? Future.succeededFuture(Optional.empty()) : accounts.authenticateSession(cookie.getValue());
  }

  /** A handler that lets only callers with {@code role} through. */
  public static io.vertx.core.Handler<RoutingContext> role(Role role) {
    return ctx -> {
      if (!principal(ctx).account().has(role)) {
        ctx.fail(PlatformException.forbidden("this needs the " + role.key() + " role"));
        return;
      }
      ctx.next();
    };
  }

  /** The authenticated caller of a request that went through {@link #required}. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL_KEY);
    if (p == null) {
      throw new IllegalStateException("route is not behind Authn.required");
    }
    return p;
  }

  /** Sets the session cookie. */
  public void setCookie(RoutingContext ctx, String token) {
    ctx.response().addCookie(Cookie.cookie(COOKIE, token)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies || ctx.request().isSSL())
        .setMaxAge(AccountService.SESSION_LIFETIME.toSeconds()));
  }

  /** Sets the device cookie of {@link DeviceCookies}: sent back only to the sign-in routes. */
  void setDeviceCookie(RoutingContext ctx, String value) {
    ctx.response().addCookie(Cookie.cookie(DeviceCookies.COOKIE, value)
        .setPath("/api/auth")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secureCookies || ctx.request().isSSL())
        .setMaxAge(DeviceCookies.LIFETIME.toSeconds()));
  }

  public void clearCookie(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX).setSecure(secureCookies || ctx.request().isSSL()).setMaxAge(0));
  }

  private static boolean changesState(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  private static boolean csrfMatches(RoutingContext ctx, Principal p) {
    String sent = ctx.request().getHeader(CSRF_HEADER);
    return sent != null && p.csrf().isPresent()
        && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
            p.csrf().get().getBytes(StandardCharsets.UTF_8));
  }
}
