package dev.parley.core.business.care;

import dev.parley.core.common.PlatformException;
import java.util.Map;
import java.util.Set;

/**
 * The handover state machine of a business conversation: {@code bot → waiting_for_agent → agent →
 * resolved → bot}, plus {@code agent → bot} (passed back to the bot) and {@code waiting_for_agent →
 * bot} (the bot takes it back). Every other transition is refused with 409 {@code care-transition}.
 */
public final class Handover {

  public static final String BOT = "bot";
  public static final String WAITING = "waiting_for_agent";
  public static final String AGENT = "agent";
  public static final String RESOLVED = "resolved";
  /** Every state. */
  public static final Set<String> STATES = Set.of(BOT, WAITING, AGENT, RESOLVED);

  private static final Map<String, Set<String>> ALLOWED = Map.of(
      BOT, Set.of(WAITING),
      WAITING, Set.of(AGENT, BOT),
      AGENT, Set.of(RESOLVED, BOT),
      RESOLVED, Set.of(BOT));

  private Handover() {
  }

  public static boolean allowed(String from, String to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** Fails with {@code care-transition} unless {@code from → to} is allowed. */
  public static void require(String from, String to) {
    if (!allowed(from, to)) {
      throw refused(from, to);
    }
  }

  public static PlatformException refused(String from, String to) {
    return PlatformException.of(PlatformException.Reason.CARE_TRANSITION,
        "the conversation is " + from + "; it cannot go to " + to).with("state", from);
  }

  /** The inbox status that goes with a state: the bot's conversations are pending, people's open. */
  static String statusOf(String state) {
    return switch (state) {
      case BOT -> "pending";
      case RESOLVED -> "resolved";
      default -> "open";
    };
  }
}
