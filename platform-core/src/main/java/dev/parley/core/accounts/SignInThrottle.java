package dev.parley.core.accounts;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.ratelimit.RateBucket;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Slows down password guessing without locking anyone out (docs/DESIGN.md, "Sign-in throttle").
 * Token buckets (Bucket4j), where {@link RateLimits} keeps them (this node, or PostgreSQL in a cluster): one per username and address pair, one per username for
 * all unknown devices together, one per address, and one per device cookie. An attempt takes its
 * token from each bucket <em>before</em> the password is hashed, so parallel guesses cannot all
 * pass the check; a successful sign-in gives the tokens back. A caller holding a valid device
 * cookie for the username draws only on that cookie's bucket: an attacker guessing a username does
 * not slow down its rightful owner on a device they signed in from before.
 */
final class SignInThrottle {

  /** Past three times a budget, the refill slows to one attempt per ten refill periods. */
  private static final int SECOND_STAGE_FACTOR = 3;
  private static final int SECOND_STAGE_SLOWDOWN = 10;

  private final ThrottleOptions options;
  private final RateLimits.Buckets buckets;

  SignInThrottle(ThrottleOptions options, Ticker ticker) {
    this(options, ticker, RateLimits.local());
  }

  SignInThrottle(ThrottleOptions options, Ticker ticker, RateLimits limits) {
    this.options = new ThrottleOptions(options);
    TimeMeter time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return ticker.read();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    // A bucket forgotten before it refilled would hand out a fresh budget: keep idle ones long enough.
    int largest = Math.max(Math.max(options.getSignInPairFailures(), options.getSignInUsernameFailures()),
        Math.max(options.getSignInAddressFailures(), options.getSignUpsPerAddress()));
    Duration slowest = options.getSignInRefill().compareTo(options.getSignUpRefill()) > 0
        ? options.getSignInRefill()
        : options.getSignUpRefill();
    this.buckets = limits.buckets("sign-in", Caffeine.newBuilder()
        .expireAfterAccess(slowest.multipliedBy((long) largest * SECOND_STAGE_FACTOR * SECOND_STAGE_SLOWDOWN))
        .maximumSize(500_000)
        .ticker(ticker), time);
  }

  /** One sign-in attempt that holds its tokens until it is known whether the password was right. */
  interface Attempt {
    /** The password was right: the attempt gives its tokens back. */
    void succeeded();
  }

  /**
   * Takes one token from each bucket of the attempt, or fails with 429 and takes none (the buckets
   * are asked together; tokens taken from the others are given back). {@code device} is the id of a
   * valid device cookie issued for {@code username}.
   */
  Future<Attempt> reserve(String username, String clientAddress, Optional<String> device) {
    String address = addressKey(clientAddress);
    String refusal = "too many failed sign-ins; try again later";
    List<RateLimits.Want> wanted = device.isPresent()
        ? List.of(new RateLimits.Want(signInBucket("device:" + device.get(), options.getSignInPairFailures()),
            refusal))
        : List.of(
            new RateLimits.Want(signInBucket("pair:" + username + "\n" + address, options.getSignInPairFailures()),
                refusal),
            new RateLimits.Want(signInBucket("username:" + username, options.getSignInUsernameFailures()), refusal),
            new RateLimits.Want(signInBucket("address:" + address, options.getSignInAddressFailures()), refusal));
    return RateLimits.takeAll(wanted).map(spent -> () -> spent.forEach(b -> b.addTokens(1)));
  }

  /**
   * One attempt of something guessable that has no username (a reset link's token), counted on the
   * address alone with the pair budget: an attacker's guesses never slow anyone else's link.
   */
  Future<Attempt> reserveAddress(String purpose, String clientAddress) {
    RateBucket bucket = signInBucket(purpose + ":" + addressKey(clientAddress), options.getSignInPairFailures());
    return RateLimits.take(bucket, "too many attempts; try again later").map(v -> () -> bucket.addTokens(1));
  }

  /** Takes a sign-up token of {@code address}, or fails with 429. */
  Future<Void> signUp(String clientAddress) {
    RateBucket bucket = buckets.get("signup:" + addressKey(clientAddress),
        () -> configuration(options.getSignUpsPerAddress(), options.getSignUpRefill()));
    return RateLimits.take(bucket, "too many sign-ups from this address; try again later");
  }

  /**
   * An IPv6 client usually holds a whole /64 and can pick any address in it: its budgets are per
   * /64. IPv4 addresses count one by one.
   */
  static String addressKey(String address) {
    InetAddress ip = NetUtil.createInetAddressFromIpAddressString(address);
    if (!(ip instanceof Inet6Address)) {
      return address;
    }
    byte[] bytes = ip.getAddress();
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  private RateBucket signInBucket(String key, int budget) {
    return buckets.get(key, () -> configuration(budget, options.getSignInRefill()));
  }

  /** {@code budget} at once, then one per {@code refill}; past three budgets, one per ten refills. */
  private static BucketConfiguration configuration(int budget, Duration refill) {
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(budget).refillGreedy(1, refill).build())
        .addLimit(Bandwidth.builder().capacity((long) budget * SECOND_STAGE_FACTOR)
            .refillGreedy(1, refill.multipliedBy(SECOND_STAGE_SLOWDOWN)).build())
        .build();
  }
}
