package dev.parley.core.apps.broker;

import dev.parley.core.common.net.AddressPolicy;
import dev.parley.core.common.net.PublicFetch;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code parley.network.fetch}: HTTPS to the domains the manifest lists, and nowhere else, through
 * the platform's {@link PublicFetch} (public addresses only, checked after resolving). No redirects
 * are followed. Answers are capped at {@link #MAX_BODY} bytes and {@link #TIMEOUT_MILLIS}.
 */
final class NetworkFetch {

  static final int MAX_BODY = 1 << 20;
  static final int MAX_REQUEST_BODY = 64 << 10;
  static final long TIMEOUT_MILLIS = 5_000;
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "transfer-encoding",
      "cookie", "authorization-proxy", "proxy-authorization", "upgrade");

  private final CallingApp apps;
  private final PublicFetch fetch;

  NetworkFetch(Vertx vertx, CallingApp apps) {
    this.apps = apps;
    this.fetch = new PublicFetch(vertx, AddressPolicy.PUBLIC, TIMEOUT_MILLIS);
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
    PublicFetch.Request request = PublicFetch.of(HttpMethod.valueOf(method), uri).maxBytes(MAX_BODY, false);
    JsonObject headers = args.getJsonObject("headers") == null ? new JsonObject() : args.getJsonObject("headers");
    for (String name : headers.fieldNames()) {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && headers.getValue(name) instanceof String v) {
        request.header(name, v);
      }
    }
    if (body != null) {
      request.body(io.vertx.core.buffer.Buffer.buffer(body));
    }
    return fetch.fetch(request)
        .<Object>map(response -> new JsonObject().put("status", response.status())
            .put("headers", new JsonObject(new java.util.LinkedHashMap<>(PublicFetch.flatHeaders(response.headers()))))
            .put("body", response.body().toString()))
        .recover(f -> Future.failedFuture(MiniAppException.refused(f.getMessage())));
  }

  static boolean allowed(String host, List<String> domains) {
    for (String d : domains) {
      if (d.startsWith("*.") ? host.endsWith(d.substring(1)) && host.length() > d.length() - 1 : host.equals(d)) {
        return true;
      }
    }
    return false;
  }

  private static Future<Object> refused(String message) {
    return Future.failedFuture(MiniAppException.refused(message));
  }
}
