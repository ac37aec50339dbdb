package dev.parley.core.apps.broker;

import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.Actor;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.UsageLog;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.audit.AuditLog.Event;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import dev.parley.runtime.spi.ConsoleOutput;
import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host side of every sandbox: each {@code parley.*} call of an app's server code (and each
 * call of its page, through the broker) arrives here with the verified context. The host looks
 * the {@link Capability} up by name, checks its {@link Requirement} against the context's granted
 * permissions (requested, approved with the version, consented by the user), checks the
 * arguments against its schema, and runs it. A refusal is a clear error inside the app, a line in
 * its developer's log and an audit entry — never a failure of the host.
 */
public final class BrokerHost implements HostInterface {

  private final UsageLog usage;
  private final AuditLog audit;
  private final AppCards cards;
  private final AppNotifications notifications;
  private final AppFiles files;
  private final Capabilities capabilities;
  private final ConsentQuestions questions = new ConsentQuestions();

  /**
   * A host with the broker's own capabilities (cards, members and profile, storage, network,
   * notifications) and those the other areas contribute ({@code contributed}: payments, red
   * packets, page broadcasts, media…).
   */
  public BrokerHost(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RegistryService registry, UsageLog usage, AuditLog audit, AppFiles files, List<Capability> contributed) {
    this.usage = usage;
    this.audit = audit;
    this.files = files;
    CallingApp apps = new CallingApp(registry);
    this.cards = new AppCards(chat, apps, files);
    this.notifications = new AppNotifications(vertx, db, clock, ids, apps);
    List<Capability> all = new ArrayList<>(cards.capabilities());
    all.addAll(new AppMembers(chat, accounts).capabilities());
    all.addAll(new AppStorage(db, clock, apps).capabilities());
    all.addAll(new NetworkFetch(vertx, apps).capabilities());
    all.addAll(notifications.capabilities());
    all.addAll(files.capabilities());
    all.addAll(contributed);
    this.capabilities = Capabilities.of(all);
  }

  /** Every capability of this host, by name. */
  public Capabilities catalogue() {
    return capabilities;
  }

  @Override
  public Set<String> capabilities() {
    return capabilities.names();
  }

  @Override
  public Future<Object> call(HostCall call) {
    CallContext context = call.context();
    Optional<Capability> found = capabilities.find(call.capability());
    if (found.isEmpty()) {
      return refuse(context, call.capability(), "unknown capability " + call.capability());
    }
    Capability capability = found.get();
    Optional<Permission> needed = capability.requirement().permission(call.args());
    if (needed.isPresent() && !context.permissions().contains(needed.get().permissionName())) {
      if (questions.needs(context.requestId(), needed.get().permissionName())) {
        // the user has not decided yet: the broker asks them and the action is sent again
        return Future.failedFuture(MiniAppException.refused("waiting for the user to allow '"
            + needed.get().permissionName() + "'"));
      }
      return refuse(context, call.capability(), "the app has no permission '" + needed.get().permissionName() + "' ("
          + needed.get().description() + "): it must ask for it in its manifest and the user must allow it");
    }
    Optional<String> problem = capabilities.problem(capability.name(), call.args());
    if (problem.isPresent()) {
      return refuse(context, call.capability(), problem.get());
    }
    Future<Object> done;
    try {
      done = capability.handler().handle(context, call.args()).map(r -> (Object) r);
    } catch (MiniAppException e) {
      done = Future.failedFuture(e);
    }
    return done.recover(f -> f instanceof MiniAppException e && e.reason() == MiniAppException.Reason.HOST_CALL_REFUSED
        ? refuse(context, call.capability(), e.getMessage())
        : Future.failedFuture(f));
  }

  /** The user's latest notifications from apps ({@code parley.notifications.send}), newest first. */
  Future<JsonArray> notifications(String userId, int limit) {
    return notifications.latest(userId, limit);
  }

  /** Personal permissions asked when a call first needs them. */
  ConsentQuestions questions() {
    return questions;
  }

  /** Files in apps: cards' files, files sent to apps, their bytes. */
  AppFiles files() {
    return files;
  }

  /** What cards.post posted during one call, taken once (the broker answers the command with it). */
  List<Message> takePosted(String requestId) {
    return cards.takePosted(requestId);
  }

  private Future<Object> refuse(CallContext context, String capability, String why) {
    usage.log(context.appId(), Optional.of(context.version()), UsageLog.Level.ERROR,
        "host call " + capability + " refused: " + why, Optional.of(context.requestId()));
    audit.append(Actor.system(), Event.of("hostcall.refused", "app", context.appId()).app(context.appId()).reason(why)
        .detail("capability", capability).detail("userId", context.userId()).detail("requestId", context.requestId()));
    return Future.failedFuture(MiniAppException.refused(why));
  }

  @Override
  public void console(ConsoleOutput output) {
    String text = output.truncated() ? output.text() + "\n[output truncated]" : output.text();
    usage.log(output.context().appId(), Optional.of(output.context().version()), UsageLog.Level.INFO, text,
        Optional.of(output.context().requestId()));
  }
}
