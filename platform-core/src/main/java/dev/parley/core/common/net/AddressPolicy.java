package dev.parley.core.common.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses and ports {@link PublicFetch} may connect to. Production uses
 * {@link #PUBLIC}; tests that serve pages from this machine use {@link #loopbackToo()}, which lets
 * through 127.0.0.1 on any port and still refuses every other private address.
 */
@FunctionalInterface
public interface AddressPolicy {

  /** Public addresses (no loopback, private, link-local, CGNAT, multicast or unspecified) on ports 80 and 443. */
  AddressPolicy PUBLIC = (address, port) -> isPublic(address) && (port == 80 || port == 443);

  /** Whether a connection to {@code address:port} is allowed. */
  boolean allows(InetAddress address, int port);

  /** Tests only: {@link #PUBLIC}, and the loopback address on any port. */
  static AddressPolicy loopbackToo() {
    return (address, port) -> address.isLoopbackAddress() || PUBLIC.allows(address, port);
  }

  /** Whether the address is reachable on the public internet (not local, private or reserved). */
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
}
