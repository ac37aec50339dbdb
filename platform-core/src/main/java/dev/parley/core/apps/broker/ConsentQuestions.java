package dev.parley.core.apps.broker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Personal permissions asked when first needed: the broker notes, per call, which of the user's
 * personal permissions are still undecided; when the handler's host call needs one of them, the
 * host refuses that call and notes the question, and the broker answers {@code consent_required}
 * for it instead of the handler's outcome (the client asks, then sends the action again). Entries
 * live only as long as a call could (a few minutes at most).
 */
final class ConsentQuestions {

  private record Pending(Set<String> undecided, List<String> needed) {
  }

  private final Cache<String, Pending> byRequest = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(5)).build();

  /** The personal permissions the user has not decided yet, for one call. */
  void expect(String requestId, List<String> undecided) {
    byRequest.put(requestId, new Pending(Set.copyOf(undecided), new CopyOnWriteArrayList<>()));
  }

  /** Whether the call's user has yet to decide {@code permission}; if so it is noted as needed. */
  boolean needs(String requestId, String permission) {
    Pending p = byRequest.getIfPresent(requestId);
    if (p == null || !p.undecided().contains(permission)) {
      return false;
    }
    if (!p.needed().contains(permission)) {
      p.needed().add(permission);
    }
    return true;
  }

  /** The permissions the call needed and the user has yet to decide, taken once (the call is over). */
  List<String> take(String requestId) {
    Pending p = byRequest.asMap().remove(requestId);
    return p == null ? List.of() : List.copyOf(p.needed());
  }
}
