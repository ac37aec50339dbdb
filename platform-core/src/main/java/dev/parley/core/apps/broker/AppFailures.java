package dev.parley.core.apps.broker;

import dev.parley.core.apps.registry.UsageLog;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.runtime.MiniAppException;
import java.util.Locale;
import java.util.Optional;

/**
 * How an app's failure reaches the user and its developer: the developer's log gets the reason,
 * the guest's message and stack; the user gets a short problem without the app's internals.
 */
final class AppFailures {

  private AppFailures() {
  }

  static Throwable of(String appId, String version, String requestId, Throwable failure, UsageLog usage) {
    if (!(failure instanceof MiniAppException e)) {
      return failure;
    }
    usage.invoked(appId, true);
    String where = e.guestStack().map(s -> "\n" + s).orElse("");
    usage.log(appId, Optional.of(version), UsageLog.Level.ERROR, e.reason() + ": " + e.getMessage() + where,
        Optional.of(requestId));
    return switch (e.reason()) {
      case CANCELLED, UNKNOWN_APP -> PlatformException.of(Reason.CONFLICT,
          "the app '" + appId + "' was stopped while it ran (suspended or replaced)");
      // the runtime took this version out of service: nobody suspended or replaced it
      case QUARANTINED -> PlatformException.of(Reason.APP_FAILED, "the app '" + appId
          + "' did not stop when its time was up and is turned off on this server; its developer can see why"
          + " in the app's log, request " + requestId);
      case OVERLOADED -> PlatformException.tooMany("the app '" + appId + "' is busy; try again", 1);
      case TIME_LIMIT -> PlatformException.of(Reason.APP_TIMEOUT, "the app '" + appId
          + "' took too long to answer (request " + requestId + ")");
      case HOST_CALL_REFUSED -> PlatformException.of(Reason.APP_FAILED, "the app '" + appId + "' was refused: "
          + e.getMessage() + " (request " + requestId + ")");
      // the request id is the one on the developer's log line: a user's report finds it
      default -> PlatformException.of(Reason.APP_FAILED, "the app '" + appId + "' failed ("
          + e.reason().name().toLowerCase(Locale.ROOT) + "); its developer can see why in the app's log, request "
          + requestId);
    };
  }
}
