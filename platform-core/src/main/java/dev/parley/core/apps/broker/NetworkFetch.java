package dev.parley.core.apps.broker;

import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code parley.network.fetch}: HTTPS to the domains the manifest lists, and nowhere else. The
 * host name is resolved here and every address must be public (no loopback, private, link-local,
 * multicast or unspecified address); the connection then goes to that checked address, so a DNS
 * answer cannot change between the check and the connection. No redirects are followed. Answers
 * are capped at {@link #MAX_BODY} bytes and {@link #TIMEOUT_MILLIS}.
 */
final class NetworkFetch {

  static final int MAX_BODY = 1 << 20;
  static final int MAX_REQUEST_BODY = 64 << 10;
  static final long TIMEOUT_MILLIS = 5_000;
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "transfer-encoding",
      "cookie", "authorization-proxy", "proxy-authorization", "upgrade");

  private final Vertx vertx;
  private final CallingApp apps;
  private final HttpClient client;

  NetworkFetch(Vertx vertx, CallingApp apps) {
    this.vertx = vertx;
    this.apps = apps;
    this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setConnectTimeout((int) TIMEOUT_MILLIS).setDecompressionSupported(false));
  }

  /** {@code network.fetch}. */
  List<Capability> capabilities() {
    return List.of(Capability.of("network.fetch", Requirement.permission(Permission.NETWORK_FETCH),
        Arguments.of("Makes an HTTPS request to one of the manifest's domains (network.allowed_domains): public "
            + "addresses only, no redirects, at most 1 MiB and 5 s.")
            .required("url", Arguments.string("an https:// URL on a domain the manifest allows"))
            .optional("method", Arguments.string("GET (the default), POST, PUT, PATCH, DELETE or HEAD"))
            .optional("headers", Arguments.object("request headers, name to string value"))
            .optional("body", Arguments.string("the request body, at most " + MAX_REQUEST_BODY + " characters"))
            .schema(),
        "{ status: number; headers: Record<string, string>; body: string }",
        (context, args) -> apps.version(context).compose(v -> fetch(args, v.allowedDomains()))));
  }

  Future<Object> fetch(JsonObject args, List<String> allowedDomains) {
    URI uri;
    try {
      uri = new URI(String.valueOf(args.getValue("url")));
    } catch (URISyntaxException e) {
      return refused("url is not a valid URL: " + e.getReason());
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return refused("network.fetch takes https:// URLs only");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!allowed(host, allowedDomains)) {
      return refused("'" + host + "' is not among the domains this app's manifest allows (network.allowed_domains)");
    }
    if (uri.getPort() != -1 && uri.getPort() != 443) {
      return refused("network.fetch reaches port 443 only");
    }
    String method = (args.getString("method") == null ? "GET" : args.getString("method")).toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      return refused("method must be one of " + METHODS);
    }
    String body = args.getString("body"); // a string or null: the schema checked it
    if (body != null && body.length() > MAX_REQUEST_BODY) {
      return refused("body must be at most " + MAX_REQUEST_BODY + " characters");
    }
    return vertx.<InetAddress>executeBlocking(() -> publicAddress(host), false).compose(address -> {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost(host).setPort(443)
          .setSsl(true).setServer(SocketAddress.inetSocketAddress(443, address.getHostAddress()))
          .setURI(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
          .setFollowRedirects(false).setIdleTimeout(TIMEOUT_MILLIS);
      JsonObject headers = args.getJsonObject("headers") == null ? new JsonObject() : args.getJsonObject("headers");
      for (String name : headers.fieldNames()) {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && headers.getValue(name) instanceof String v) {
          options.addHeader(name, v);
        }
      }
      return client.request(options)
          .compose(request -> body == null ? request.send() : request.send(body))
          .compose(response -> {
            Promise<Object> done = Promise.promise();
            Buffer received = Buffer.buffer();
            response.handler(chunk -> {
              if (received.length() + chunk.length() > MAX_BODY) {
                response.request().reset();
                done.tryFail(MiniAppException.refused("the answer is larger than " + MAX_BODY + " bytes"));
                return;
              }
              received.appendBuffer(chunk);
            });
            response.exceptionHandler(done::tryFail);
            response.endHandler(v -> {
              JsonObject h = new JsonObject();
              response.headers().forEach(e -> h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
              done.tryComplete(new JsonObject().put("status", response.statusCode()).put("headers", h)
                  .put("body", received.toString()));
            });
            return done.future();
          })
          .timeout(TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }).recover(f -> Future.failedFuture(f instanceof MiniAppException
        ? f
        : MiniAppException.refused("the request to " + host + " failed: " + f.getClass().getSimpleName())));
  }

  static boolean allowed(String host, List<String> domains) {
    for (String d : domains) {
      if (d.startsWith("*.") ? host.endsWith(d.substring(1)) && host.length() > d.length() - 1 : host.equals(d)) {
        return true;
      }
    }
    return false;
  }

  /** The host's first address, if every address it has is public; refuses otherwise. */
  static InetAddress publicAddress(String host) throws Exception {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (java.net.UnknownHostException e) {
      throw MiniAppException.refused("'" + host + "' does not resolve");
    }
    for (InetAddress a : all) {
      if (!isPublic(a)) {
        throw MiniAppException.refused("'" + host + "' resolves to a private or local address; network.fetch "
            + "reaches public addresses only");
      }
    }
    return all[0];
  }

  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return !(first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
        || first == 169 && second == 254 || first == 192 && second == 0 && (b[2] & 0xff) == 0
        || first >= 224);
  }

  private static Future<Object> refused(String message) {
    return Future.failedFuture(MiniAppException.refused(message));
  }
}
