package dev.parley.core.common.net;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one outbound HTTP fetch for URLs that users or apps choose (apps' {@code network.fetch},
 * link previews). The host name is resolved here and every address must pass the
 * {@link AddressPolicy} ({@link AddressPolicy#PUBLIC} outside tests); the connection then goes to
 * that checked address, so a DNS answer cannot change between the check and the connection.
 * Redirects are followed only when the request allows them, each hop checked the same way; the
 * answer is capped in bytes (cut short or refused, as the request says) and the whole exchange in
 * time. A refusal fails with {@link FetchRefused}.
 */
public final class PublicFetch {

  /** The time a whole exchange may take, redirects included, unless the caller says otherwise. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 5_000;

  /** What to fetch; build with {@link #get(URI)} or {@link #of(HttpMethod, URI)}. */
  public static final class Request {
    private final HttpMethod method;
    private final URI uri;
    private MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private Optional<Buffer> body = Optional.empty();
    private long maxBytes = 1 << 20;
    private boolean truncate;
    private int maxRedirects;
    private Predicate<String> contentTypes = type -> true;

    private Request(HttpMethod method, URI uri) {
      this.method = Objects.requireNonNull(method, "method");
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    public Request header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    public Request body(Buffer body) {
      this.body = Optional.of(body);
      return this;
    }

    /** The most bytes read from the answer; past it the answer is refused, or cut there with {@code truncate}. */
    public Request maxBytes(long maxBytes, boolean truncate) {
      this.maxBytes = maxBytes;
      this.truncate = truncate;
      return this;
    }

    /** Redirects (301, 302, 303, 307, 308) followed, each to a checked address; none by default. */
    public Request maxRedirects(int maxRedirects) {
      this.maxRedirects = maxRedirects;
      return this;
    }

    /** The media types (lower case, without parameters) taken; another is refused before its body is read. */
    public Request contentTypes(Predicate<String> accepted) {
      this.contentTypes = accepted;
      return this;
    }
  }

  /** An answer: the URL it came from (after redirects), its status, headers and body (perhaps cut short). */
  public record Response(URI url, int status, MultiMap headers, Buffer body, boolean truncated) {

    /** The media type in lower case, without parameters; empty when the answer names none. */
    public String mediaType() {
      return mediaType(headers.get("Content-Type"));
    }

    static String mediaType(@org.jspecify.annotations.Nullable String header) {
      return header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
  }

  private final Vertx vertx;
  private final AddressPolicy policy;
  private final long timeoutMillis;
  private final HttpClient client;

  public PublicFetch(Vertx vertx, AddressPolicy policy, long timeoutMillis) {
    this.vertx = vertx;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.timeoutMillis = timeoutMillis;
    // No keep-alive: an answer cut short closes its connection, and pages come from ever other hosts.
    this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setKeepAlive(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)).setDecompressionSupported(false));
  }

  public static Request get(URI uri) {
    return new Request(HttpMethod.GET, uri);
  }

  public static Request of(HttpMethod method, URI uri) {
    return new Request(method, uri);
  }

  /** Fetches, following the redirects the request allows; fails with {@link FetchRefused}. */
  public Future<Response> fetch(Request request) {
    return hop(request, request.uri, request.maxRedirects)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(f -> Future.failedFuture(f instanceof FetchRefused
            ? f
            : new FetchRefused(
                f.getClass().getSimpleName().contains("Timeout")
                    ? "the site did not answer within " + timeoutMillis + " ms"
                    : "the request to " + request.uri.getHost() + " failed: " + f.getClass().getSimpleName())));
  }

  private Future<Response> hop(Request request, URI uri, int redirectsLeft) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      return refused("only http:// and https:// URLs are fetched");
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? ssl ? 443 : 80 : uri.getPort();
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return vertx.<InetAddress>executeBlocking(() -> allowedAddress(host, port), false).compose(address -> {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      RequestOptions options = new RequestOptions().setMethod(request.method).setHost(host).setPort(port)
          .setSsl(ssl).setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
          .setURI(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
          .setFollowRedirects(false).setIdleTimeout(timeoutMillis).setHeaders(MultiMap.caseInsensitiveMultiMap()
              .addAll(request.headers));
      return client.request(options)
          .compose(r -> request.body.isPresent() ? r.send(request.body.get()) : r.send())
          .compose(response -> {
            String location = response.getHeader("Location");
            if (isRedirect(response.statusCode()) && location != null) {
              discard(response);
              if (redirectsLeft <= 0) {
                return refused("the site answered with a redirect, and none is followed here");
              }
              URI next;
              try {
                next = uri.resolve(new URI(location.strip()));
              } catch (URISyntaxException | IllegalArgumentException e) {
                return refused("the site redirected to an invalid URL");
              }
              return hop(request, next, redirectsLeft - 1);
            }
            return read(request, uri, response);
          });
    });
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private Future<Response> read(Request request, URI uri, HttpClientResponse response) {
    String type = Response.mediaType(response.getHeader("Content-Type"));
    if (response.statusCode() / 100 == 2 && !request.contentTypes.test(type)) {
      discard(response);
      return refused("the site answered " + (type.isEmpty() ? "without a content type" : type)
          + ", which is not taken here");
    }
    String length = response.getHeader("Content-Length");
    if (!request.truncate && length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > request.maxBytes) {
      discard(response);
      return refused("the answer is larger than " + request.maxBytes + " bytes");
    }
    Promise<Response> done = Promise.promise();
    Buffer received = Buffer.buffer();
    response.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      if (received.length() + chunk.length() > request.maxBytes) {
        if (request.truncate) {
          received.appendBuffer(chunk, 0, (int) (request.maxBytes - received.length()));
          done.tryComplete(new Response(uri, response.statusCode(), response.headers(), received, true));
        } else {
          done.tryFail(new FetchRefused("the answer is larger than " + request.maxBytes + " bytes"));
        }
        discard(response);
        return;
      }
      received.appendBuffer(chunk);
    });
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> done.tryComplete(new Response(uri, response.statusCode(), response.headers(), received,
        false)));
    return done.future();
  }

  /** Drops an answer unread: its connection is closed rather than read to the end. */
  private static void discard(HttpClientResponse response) {
    response.exceptionHandler(e -> {});
    response.request().reset();
  }

  /** The host's first address, if the policy allows every address it has; refuses otherwise. Blocking. */
  private InetAddress allowedAddress(String host, int port) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FetchRefused("'" + host + "' does not resolve");
    }
    for (InetAddress a : all) {
      if (!policy.allows(a, port)) {
        throw new FetchRefused(AddressPolicy.isPublic(a)
            ? "port " + port + " of '" + host + "' is not reached; only 80 and 443 are"
            : "'" + host + "' resolves to a private or local address; only public addresses are reached");
      }
    }
    return all[0];
  }

  private static <T> Future<T> refused(String message) {
    return Future.failedFuture(new FetchRefused(message));
  }

  /** Header values as one map of lower-case names, the last value of each name winning. */
  public static Map<String, String> flatHeaders(MultiMap headers) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    headers.forEach(e -> out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return out;
  }
}
