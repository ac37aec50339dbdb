package dev.parley.core.accounts;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one answer to "which address is this request from?", for the audit log, the sign-in and
 * sign-up throttles and any per-address limit. The socket's address, unless it is one of the
 * configured trusted proxies: then the {@code Forwarded} (RFC 7239) or else the
 * {@code X-Forwarded-For} header is read from the right, skipping trusted proxies, and the first
 * address that is not one is the client. A client can put anything at the left of these headers,
 * so nothing left of the first untrusted hop is believed.
 */
public final class ClientAddresses {

  /** What a request without a socket address (a test double, a closed connection) is counted as. */
  public static final String UNKNOWN = "unknown";

  private final List<IpSubnetFilterRule> trusted;

  private ClientAddresses(List<IpSubnetFilterRule> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /**
   * A resolver that believes forwarding headers from {@code trustedProxies}: IP addresses or CIDR
   * blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}. Empty: no header is believed.
   *
   * @throws IllegalArgumentException naming the entry that is neither
   */
  public static ClientAddresses create(List<String> trustedProxies) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : trustedProxies) {
      rules.add(rule(entry));
    }
    return new ClientAddresses(rules);
  }

  /** Whether {@code entry} is an IP address or a CIDR block {@link #create} takes. */
  public static boolean isAddressOrBlock(String entry) {
    try {
      rule(entry);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The client's address (canonical text of an IP address), or {@link #UNKNOWN}. */
  public String resolve(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    Optional<InetAddress> socket = remote == null ? Optional.empty() : literal(remote.hostAddress());
    if (socket.isEmpty()) {
      return UNKNOWN;
    }
    InetAddress hop = socket.get();
    if (!isTrusted(hop)) {
      return hop.getHostAddress();
    }
    List<String> chain = chain(request);
    for (int i = chain.size() - 1; i >= 0; i--) {
      Optional<InetAddress> previous = literal(chain.get(i));
      if (previous.isEmpty()) {
        break; // a hop we trust forwarded something that is not an address: count it as that hop
      }
      hop = previous.get();
      if (!isTrusted(hop)) {
        break;
      }
    }
    return hop.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : trusted) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  /** The forwarded-for addresses, client first, as the headers give them. */
  private static List<String> chain(HttpServerRequest request) {
    List<String> out = new ArrayList<>();
    List<String> forwarded = request.headers().getAll("Forwarded");
    if (!forwarded.isEmpty()) {
      for (String line : forwarded) {
        for (String element : line.split(",", -1)) {
          out.add(forValue(element));
        }
      }
      return out;
    }
    for (String line : request.headers().getAll("X-Forwarded-For")) {
      for (String hop : line.split(",", -1)) {
        out.add(hop.strip());
      }
    }
    return out;
  }

  /** The {@code for=} node of one {@code Forwarded} element, unquoted; empty when there is none. */
  private static String forValue(String element) {
    for (String pair : element.split(";", -1)) {
      String p = pair.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
        String v = p.substring(4).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v;
      }
    }
    return "";
  }

  /** An IP literal, with an optional port ({@code 192.0.2.1:80}, {@code [2001:db8::1]:80}); never a DNS look-up. */
  private static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      t = close < 0 ? "" : t.substring(1, close);
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
      t = t.substring(0, t.indexOf(':')); // IPv4 with a port
    }
    return Optional.ofNullable(NetUtil.createInetAddressFromIpAddressString(t));
  }

  private static IpSubnetFilterRule rule(String entry) {
    if (entry == null) {
      throw new IllegalArgumentException("a trusted proxy must be an IP address or a CIDR block, got null");
    }
    String e = entry.strip();
    int slash = e.indexOf('/');
    String address = slash < 0 ? e : e.substring(0, slash);
    InetAddress ip = NetUtil.createInetAddressFromIpAddressString(address);
    if (ip == null) {
      throw new IllegalArgumentException("a trusted proxy must be an IP address or a CIDR block, got '" + entry + "'");
    }
    int max = ip instanceof Inet4Address ? 32 : 128;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(e.substring(slash + 1));
      } catch (NumberFormatException ex) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("the prefix of trusted proxy '" + entry + "' must be 0.." + max);
      }
    }
    return new IpSubnetFilterRule(ip, prefix, IpFilterRuleType.ACCEPT);
  }
}
