package dev.parley.core.business.care;

import static dev.parley.core.common.storage.Statement.params;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.business.Business;
import dev.parley.core.business.Businesses;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may work in a business's inbox (its owner, implicitly a supervisor, and its agents) and the
 * live events to them: {@code care.conversation}, {@code care.message} and {@code care.typing} go to
 * every agent's and the owner's sessions over {@code /api/live}, through the account address the
 * LiveHub already delivers (the same path and latency as chat's own account events).
 */
final class CareAccess {

  /** The caller's standing in one business's inbox. */
  record Access(Business business, Account account, String role) {
    boolean supervisor() {
      return !"agent".equals(role);
    }

    Actor actor() {
      return new Actor(Optional.of(account), Optional.empty());
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final Businesses businesses;
  /** Who hears a business's live care events (its agents and owner); dropped when agents change. */
  private final Cache<String, List<String>> watchers = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(5)).build();

  CareAccess(Vertx vertx, Database db, Businesses businesses) {
    this.vertx = vertx;
    this.db = db;
    this.businesses = businesses;
  }

  /** Agent, supervisor or owner of the business; "not found" for anyone else (the inbox's existence does not leak). */
  Future<Access> of(Account me, String businessId) {
    if (businessId == null || !IdGenerator.isId(businessId)) {
      return Future.failedFuture(PlatformException.notFound("the business"));
    }
    return businesses.byId(businessId).compose(found -> {
      if (found.isEmpty() || !Business.VERIFIED.equals(found.get().status())) {
        return Future.failedFuture(PlatformException.notFound("the business"));
      }
      Business b = found.get();
      if (b.ownerId().equals(me.id())) {
        return Future.succeededFuture(new Access(b, me, "owner"));
      }
      return CareRepository.row(CareRepository.AGENT_ROLE, db.pool(), params("businessId", businessId,
          "accountId", me.id())).map(
              role -> new Access(b, me, role.map(r -> r.getString("role"))
                  .orElseThrow(() -> PlatformException.notFound("the business"))));
    });
  }

  /** As {@link #of}, for the owner and supervisors only (settings, assigning others, reports). */
  Future<Access> supervisor(Account me, String businessId) {
    return of(me, businessId).map(a -> {
      if (!a.supervisor()) {
        throw PlatformException.forbidden("only the business's owner or a supervisor may do this");
      }
      return a;
    });
  }

  void agentsChanged(String businessId) {
    watchers.invalidate(businessId);
  }

  /** Publishes a live event to every agent and the owner of the business. */
  void publish(Business b, String conversationId, JsonObject event) {
    List<String> cached = watchers.getIfPresent(b.id());
    Future<List<String>> who = cached != null
        ? Future.succeededFuture(cached)
        : CareRepository.rows(CareRepository.AGENTS, db.pool(), params("businessId", b.id())).map(rows -> {
          List<String> ids = new ArrayList<>();
          ids.add(b.ownerId());
          rows.forEach(r -> {
            if (!r.getString("account_id").equals(b.ownerId())) {
              ids.add(r.getString("account_id"));
            }
          });
          List<String> list = List.copyOf(ids);
          watchers.put(b.id(), list);
          return list;
        });
    who.onSuccess(ids -> {
      String body = event.put("businessId", b.id()).encode();
      DeliveryOptions headers = new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId);
      for (String id : ids) {
        vertx.eventBus().publish(Addresses.account(id), body, headers);
      }
    });
  }
}
