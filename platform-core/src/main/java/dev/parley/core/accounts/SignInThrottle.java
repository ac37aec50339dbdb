package dev.parley.core.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.common.PlatformException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Slows down password guessing without locking anyone out (docs/DESIGN.md, "Sign-in throttle").
 * Token buckets (Bucket4j) on this node: one per username and address pair, one per username for
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
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  SignInThrottle(ThrottleOptions options, Ticker ticker) {
    this.options = new ThrottleOptions(options);
    this.time = new TimeMeter() {
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
    this.buckets = Caffeine.newBuilder()
        .expireAfterAccess(slowest.multipliedBy((long) largest * SECOND_STAGE_FACTOR * SECOND_STAGE_SLOWDOWN))
        .maximumSize(500_000)
        .ticker(ticker)
        .build();
  }

  /** One sign-in attempt that holds its tokens until it is known whether the password was right. */
  interface Attempt {
    /** The password was right: the attempt gives its tokens back. */
    void succeeded();
  }

  /**
   * Takes one token from each bucket of the attempt, atomically per bucket, or fails with 429 and
   * takes none. {@code device} is the id of a valid device cookie issued for {@code username}.
   */
  Attempt reserve(String username, String clientAddress, Optional<String> device) {
    String address = addressKey(clientAddress);
    List<Bucket> spent = new ArrayList<>(3);
    List<Bucket> wanted = device.isPresent()
        ? List.of(signInBucket("device:" + device.get(), options.getSignInPairFailures()))
        : List.of(signInBucket("pair:" + username + "\n" + address, options.getSignInPairFailures()),
            signInBucket("username:" + username, options.getSignInUsernameFailures()),
            signInBucket("address:" + address, options.getSignInAddressFailures()));
    for (Bucket bucket : wanted) {
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        spent.forEach(b -> b.addTokens(1));
        throw refused("too many failed sign-ins; try again later", probe);
      }
      spent.add(bucket);
    }
    return () -> spent.forEach(b -> b.addTokens(1));
  }

  /**
   * One attempt of something guessable that has no username (a reset link's token), counted on the
   * address alone with the pair budget: an attacker's guesses never slow anyone else's link.
   */
  Attempt reserveAddress(String purpose, String clientAddress) {
    Bucket bucket = signInBucket(purpose + ":" + addressKey(clientAddress), options.getSignInPairFailures());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw refused("too many attempts; try again later", probe);
    }
    return () -> bucket.addTokens(1);
  }

  /** Takes a sign-up token of {@code address}, or fails with 429. */
  void signUp(String clientAddress) {
    Bucket bucket = buckets.get("signup:" + addressKey(clientAddress), k -> bucket(options.getSignUpsPerAddress(),
        options.getSignUpRefill()));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw refused("too many sign-ups from this address; try again later", probe);
    }
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

  private Bucket signInBucket(String key, int budget) {
    return buckets.get(key, k -> bucket(budget, options.getSignInRefill()));
  }

  /** {@code budget} at once, then one per {@code refill}; past three budgets, one per ten refills. */
  private Bucket bucket(int budget, Duration refill) {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(budget).refillGreedy(1, refill).build())
        .addLimit(Bandwidth.builder().capacity((long) budget * SECOND_STAGE_FACTOR)
            .refillGreedy(1, refill.multipliedBy(SECOND_STAGE_SLOWDOWN)).build())
        .withCustomTimePrecision(time)
        .build();
  }

  private static PlatformException refused(String message, ConsumptionProbe probe) {
    long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return PlatformException.tooMany(message, seconds);
  }
}
