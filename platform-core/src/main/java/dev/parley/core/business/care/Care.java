package dev.parley.core.business.care;

import static dev.parley.core.common.storage.Statement.params;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.attachments.Attachments;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.business.Business;
import dev.parley.core.business.BusinessConversations;
import dev.parley.core.business.BusinessEvents;
import dev.parley.core.business.Businesses;
import dev.parley.core.business.care.CareAccess.Access;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customer care of a business's conversations (issue 22): the handover between the bot and people
 * ({@link Handover}), assignment within agents' caps, SLA timers in business hours, agents' replies
 * written into the customer's conversation, private notes, labels, CSAT, live events to the inbox,
 * webhook events ({@code handover.changed}, {@code agent.joined}, {@code agent.left}) and the audit
 * log ({@code care.*}).
 */
public final class Care {

  private static final Logger LOG = LoggerFactory.getLogger(Care.class);
  /** How long after a resolution the customer may rate it (the service window). */
  static final Duration RATING_WINDOW = Duration.ofHours(24);

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;
  private final Businesses businesses;
  private final Attachments attachments;
  private final AuditLog audit;
  private final CareAccess access;
  private final CareSettings settings;
  private volatile BusinessEvents events = BusinessEvents.NONE;
  /** Which business a conversation is with (empty: not a business conversation); never changes. */
  private final Cache<String, Optional<String>> businessOf = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();
  private final Cache<String, Business> businessById = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  public Care(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, Businesses businesses,
      Attachments attachments, AuditLog audit) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.chat = chat;
    this.businesses = businesses;
    this.attachments = attachments;
    this.audit = audit;
    this.access = new CareAccess(vertx, db, businesses);
    this.settings = new CareSettings(db, clock, ids, audit, access);
  }

  /** Where webhook events go ({@code handover.changed}, {@code agent.joined}, {@code agent.left}). */
  public void events(BusinessEvents events) {
    this.events = java.util.Objects.requireNonNull(events, "events");
  }

  CareSettings settings() {
    return settings;
  }

  /** The seam the Business API's sends pass (bot refused while an agent holds) and its handover state. */
  public BusinessConversations.Handover handover() {
    return new BusinessConversations.Handover() {
      @Override
      public Future<Void> beforeBotSend(String conversationId) {
        return stateOf(conversationId).compose(state -> Handover.AGENT.equals(state)
            ? Future.failedFuture(PlatformException.of(Reason.CARE_AGENT_HOLDS,
                "an agent holds this conversation: the bot answers again once the agent releases or resolves it"))
            : Future.succeededFuture());
      }

      @Override
      public Future<String> state(String conversationId) {
        return stateOf(conversationId);
      }
    };
  }

  private Future<String> stateOf(String conversationId) {
    return CareRepository.row(CareRepository.CONVERSATION, db.pool(), params("conversationId", conversationId))
        .map(r -> r.map(x -> x.getString("state")).orElse(Handover.BOT));
  }

  // ---- loading ----

  private Future<Business> business(String businessId) {
    Business cached = businessById.getIfPresent(businessId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return businesses.byId(businessId).map(b -> {
      Business found = b.orElseThrow(() -> PlatformException.notFound("the business"));
      businessById.put(businessId, found);
      return found;
    });
  }

  /** The care row of a business conversation, made on first use; empty for any other conversation. */
  private Future<Optional<CareConversation>> ensure(String conversationId) {
    if (conversationId == null || !IdGenerator.isId(conversationId)) {
      return Future.succeededFuture(Optional.empty());
    }
    return load(conversationId).compose(found -> found.isPresent()
        ? Future.succeededFuture(found)
        : CareRepository.row(CareRepository.THREAD, db.pool(), params("conversationId", conversationId))
            .compose(thread -> thread.isEmpty()
                ? Future.succeededFuture(Optional.<CareConversation>empty())
                : CareRepository.update(CareRepository.INSERT_CONVERSATION, db.pool(), "conversationId", conversationId,
                    "businessId", thread.get().getString("business_id"), "customerId",
                    thread.get().getString("customer_id"), "createdAt", clock.millis())
                    .compose(n -> load(conversationId))));
  }

  private Future<Optional<CareConversation>> load(String conversationId) {
    return CareRepository.row(CareRepository.CONVERSATION, db.pool(), params("conversationId", conversationId))
        .map(r -> r.map(CareConversation::of));
  }

  /** The conversation of the inbox's business; "not found" for any other. */
  private Future<CareConversation> inboxConversation(Access a, String conversationId) {
    return ensure(conversationId).map(found -> found.filter(c -> c.businessId().equals(a.business().id()))
        .orElseThrow(() -> PlatformException.notFound("the conversation")));
  }

  private Future<JsonArray> breaches(CareConversation c) {
    return CareRepository.rows(CareRepository.BREACHES, db.pool(), params("conversationId", c.conversationId(),
        "episode", c.episode())).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("kind", r.getString("kind"))
              .put("dueAt", CareConversation.iso(r.getLong("due_at")))
              .put("metAt", CareConversation.iso(r.getLong("met_at")))));
          return out;
        });
  }

  // ---- the inbox: reading ----

  /** Fails ("not found") unless the account works in the business's inbox. */
  public Future<Void> requireAccess(Account me, String businessId) {
    return access.of(me, businessId).mapEmpty();
  }

  public Future<JsonArray> inboxes(Account me) {
    return settings.inboxes(me);
  }

  /** The inbox's list, newest activity first; {@code before} is the last item's {@code lastMessage.at}. */
  public Future<JsonObject> list(Account me, String businessId, Map<String, String> query, int limit) {
    return access.of(me, businessId).compose(a -> CareRepository.update(CareRepository.WAKE, db.pool(),
        "businessId", businessId, "now", clock.millis()).compose(n -> {
          StringBuilder sql = new StringBuilder("SELECT " + CareRepository.VIEW_COLUMNS + CareRepository.VIEW_FROM
              + "WHERE cc.business_id = #{businessId}");
          Map<String, Object> p = params("businessId", businessId, "limit", limit);
          String status = query.get("status");
          if (status != null) {
            if (!List.of("open", "pending", "snoozed", "resolved").contains(status)) {
              throw PlatformException.invalid("status", "status must be open, pending, snoozed or resolved");
            }
            sql.append(" AND cc.status = #{status}");
            p.put("status", status);
          }
          String assignee = query.get("assignee");
          if ("unassigned".equals(assignee)) {
            sql.append(" AND cc.assignee_id IS NULL");
          } else if (assignee != null) {
            sql.append(" AND cc.assignee_id = #{assignee}");
            p.put("assignee", "me".equals(assignee) ? me.id() : assignee);
          }
          if (query.get("team") != null) {
            sql.append(" AND cc.team_id = #{team}");
            p.put("team", query.get("team"));
          }
          if (query.get("label") != null) {
            sql.append(" AND cc.labels LIKE #{label}");
            p.put("label", "%" + new JsonArray().add(query.get("label")).encode().replaceAll("^\\[|]$", "") + "%");
          }
          if (query.get("q") != null && !query.get("q").isBlank()) {
            sql.append(" AND (LOWER(cc.last_message) LIKE #{q} OR bc.opaque_id = #{qid} OR (bc.shared_at IS NOT NULL "
                + "AND LOWER(cust.display_name) LIKE #{qname}))");
            String like = "%" + query.get("q").toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "")
                + "%";
            p.put("q", like);
            p.put("qid", query.get("q").strip());
            p.put("qname", like);
          }
          if (query.get("before") != null) {
            long before;
            try {
              before = Instant.parse(query.get("before")).toEpochMilli();
            } catch (RuntimeException e) {
              throw PlatformException.invalid("before", "before must be an ISO-8601 instant (a lastMessage.at)");
            }
            sql.append(" AND COALESCE(cc.last_message_at, cc.created_at) < #{before}");
            p.put("before", before);
          }
          sql.append(" ORDER BY COALESCE(cc.last_message_at, cc.created_at) DESC, cc.conversation_id LIMIT #{limit}");
          return CareRepository.rows(dev.parley.core.common.storage.Statement.sql(sql.toString()), db.pool(), p);
        })).map(rows -> {
          long now = clock.millis();
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(CareConversation.of(r).toJson(now, new JsonArray())));
          return new JsonObject().put("conversations", items);
        });
  }

  public Future<JsonObject> get(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId))
        .compose(c -> breaches(c).map(b -> c.toJson(clock.millis(), b)));
  }

  /** Customer, bot and agent messages and the private notes, by time; attachments with signed links. */
  public Future<JsonObject> messages(Account me, String businessId, String conversationId, Optional<Long> before,
      int limit) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> chat
        .history(a.business().botAccountId(), conversationId, before, Optional.empty(), limit)
        .compose(page -> CareRepository.rows(CareRepository.NOTES, db.pool(), params("conversationId", conversationId))
            .compose(notes -> view(a.business(), c, page, notes, before.isEmpty())))));
  }

  private Future<JsonObject> view(Business b, CareConversation c, List<Message> page, List<Row> notes,
      boolean newest) {
    List<Future<JsonObject>> items = new ArrayList<>();
    for (Message m : page) {
      JsonObject json = m.toJson().put("from", from(b, c, m));
      json.remove("senderId");
      items.add(linked(b, json));
    }
    return Future.all(items).map(done -> {
      List<JsonObject> all = new ArrayList<>();
      items.forEach(i -> all.add(i.result()));
      // notes between the page's oldest message and its newest (all later ones on the newest page)
      long oldest = page.isEmpty()
          ? Long.MIN_VALUE
          : page.stream().map(m -> Instant.parse(m.toJson().getString("createdAt")).toEpochMilli()).min(Long::compare)
              .orElseThrow();
      long newestAt = newest || page.isEmpty()
          ? Long.MAX_VALUE
          : page.stream().map(m -> Instant.parse(m.toJson().getString("createdAt")).toEpochMilli())
              .max(Long::compare).orElseThrow();
      for (Row n : notes) {
        long at = n.getLong("created_at");
        if (at >= oldest && at <= newestAt) {
          all.add(noteJson(n));
        }
      }
      all.sort(Comparator.comparing((JsonObject j) -> j.getString("createdAt")));
      Long nextBefore = page.size() >= limitOf(page) && !page.isEmpty()
          ? page.stream().mapToLong(Message::seq).min()
              .getAsLong()
          : null;
      return new JsonObject().put("items", new JsonArray(new ArrayList<>(all))).put("nextBefore",
          nextBefore != null && nextBefore > 1 ? nextBefore : null);
    });
  }

  /** The message with a signed link on each attachment ({@code url}, {@code previewUrl}), as the inbox shows them. */
  private Future<JsonObject> linked(Business b, JsonObject json) {
    if (!(json.getValue("attachments") instanceof JsonArray files) || files.isEmpty()) {
      return Future.succeededFuture(json);
    }
    List<Future<JsonObject>> linked = new ArrayList<>();
    for (Object f : files) {
      JsonObject file = ((JsonObject) f).copy();
      linked.add(attachments.link(b.botAccountId(), file.getString("id")).map(file::mergeIn).otherwise(file));
    }
    return Future.all(linked).map(done -> {
      JsonArray out = new JsonArray();
      linked.forEach(l -> out.add(l.result()));
      return json.put("attachments", out);
    });
  }

  private static int limitOf(List<Message> page) {
    return Math.max(1, page.size());
  }

  private static String from(Business b, CareConversation c, Message m) {
    if (m.senderId().isEmpty()) {
      return "system";
    }
    if (m.senderId().get().equals(b.botAccountId())) {
      return "bot";
    }
    return m.extras().getValue("agent") instanceof JsonObject ? "agent" : "customer";
  }

  private static JsonObject noteJson(Row n) {
    return new JsonObject().put("kind", "note").put("id", n.getString("id")).put("from", "note")
        .put("text", n.getString("body")).put("author", new JsonObject().put("id", n.getString("author_id"))
            .put("name", n.getString("display_name")))
        .put("createdAt", CareConversation.iso(n.getLong("created_at")));
  }

  // ---- the handover ----

  /** bot → waiting_for_agent (a new episode): team, SLA targets, automatic assignment, the honest line. */
  private Future<CareConversation> toWaiting(Business b, CareConversation c, Actor actor, String by) {
    Handover.require(c.state(), Handover.WAITING);
    long now = clock.millis();
    return CareRepository.rows(CareRepository.TEAMS, db.pool(), params("businessId", b.id())).compose(teams -> {
      Optional<Row> team = teams.stream().filter(t -> t.getString("id").equals(c.teamId())).findFirst()
          .or(() -> teams.stream().findFirst());
      BusinessHours hours = team.map(t -> BusinessHours.parse(t.getString("hours") == null
          ? null
          : new JsonObject(t.getString("hours")), "/hours")).orElse(BusinessHours.ALWAYS);
      String teamId = team.map(t -> t.getString("id")).orElse(null);
      String policyId = team.map(t -> t.getString("sla_policy_id")).orElse(null);
      Future<Optional<Row>> policy = policyId == null
          ? Future.succeededFuture(Optional.empty())
          : CareRepository.row(CareRepository.POLICY, db.pool(), params("id", policyId, "businessId", b.id()));
      return policy.compose(pol -> {
        Long firstDue = due(pol, "first_response_minutes", hours, now);
        Long resolutionDue = due(pol, "resolution_minutes", hours, now);
        return db.pool().withTransaction(tx -> CareRepository.update(CareRepository.ENTER_WAITING, tx, "now", now,
            "teamId", teamId, "firstDue", firstDue, "resolutionDue", resolutionDue, "conversationId",
            c.conversationId()).compose(n -> {
              if (n == 0) {
                return Future.failedFuture(Handover.refused(currentOr(c), Handover.WAITING));
              }
              return CareRepository.update(CareRepository.INSERT_EPISODE, tx, "conversationId", c.conversationId(),
                  "episode", c.episode() + 1, "businessId", b.id(), "teamId", teamId, "now", now)
                  .compose(x -> audit.append(tx, actor, AuditLog.Event.of("care.handover", "conversation",
                      c.conversationId()).detail("from", c.state()).detail("to", Handover.WAITING).detail("by", by)));
            }))
            .compose(v -> reload(c))
            .compose(waiting -> {
              handoverChanged(b, waiting, by);
              return autoAssign(b, waiting, team)
                  .compose(assigned -> assigned
                      ? Future.<Void>succeededFuture()
                      : tellWhenAnswered(b, waiting, team, hours, now))
                  .compose(v -> reload(c));
            });
      });
    });
  }

  private static String currentOr(CareConversation c) {
    return c.state();
  }

  private static Long due(Optional<Row> policy, String column, BusinessHours hours, long now) {
    return policy.map(p -> p.getInteger(column)).filter(m -> m != null)
        .map(m -> hours.plusBusinessMinutes(Instant.ofEpochMilli(now), m).toEpochMilli()).orElse(null);
  }

  private Future<CareConversation> reload(CareConversation c) {
    return load(c.conversationId()).map(Optional::orElseThrow);
  }

  /** No agent took it: the customer hears honestly when someone answers (only ever in waiting_for_agent). */
  private Future<Void> tellWhenAnswered(Business b, CareConversation c, Optional<Row> team, BusinessHours hours,
      long now) {
    Instant at = Instant.ofEpochMilli(now);
    String text;
    // The same facts as data, so each customer's messenger words them in their own language.
    JsonObject care = new JsonObject().put("event", "waiting").put("business", new JsonObject().put("name", b.name()));
    if (!hours.isOpen(at)) {
      Optional<Instant> next = hours.nextOpen(at);
      String when = next.map(hours::describe).orElse("as soon as someone is back");
      text = "Our team answers again " + when + ". You stay in the queue and " + b.name() + " will answer here.";
      next.ifPresent(n -> care.put("nextOpenAt", n.toString()).put("timezone", hours.zone().getId()));
      String extra = team.map(t -> t.getString("out_of_hours_message")).orElse(null);
      if (extra != null && !extra.isBlank()) {
        text = extra.strip() + "\n" + text;
        care.put("note", extra.strip());
      }
    } else {
      text = "No one at " + b.name() + " is free right now. You are in the queue; an agent will answer here.";
    }
    return chat.postSystemMessage(c.conversationId(), text, new JsonObject().put("care", care)).mapEmpty();
  }

  /**
   * Assigns a conversation that entered waiting_for_agent, by the team's policy, in one transaction
   * that locks every agent row of the business in id order ({@link #lockAgents}) and then the
   * conversation (still waiting and unassigned, or nothing to do). Assignments of one business thus
   * take turns: each sees the loads and turns the one before it left, so a burst is spread as evenly
   * as the caps allow (round-robin: the agent whose last automatic assignment is oldest;
   * load-balanced: the least loaded), nobody goes over a cap and no conversation is assigned twice.
   */
  private Future<Boolean> autoAssign(Business b, CareConversation c, Optional<Row> team) {
    String policy = team.map(t -> t.getString("assignment")).orElse("round_robin");
    if ("manual".equals(policy)) {
      return Future.succeededFuture(false);
    }
    String teamId = team.map(t -> t.getString("id")).orElse(null);
    // AgentFull cannot happen under the agents' locks; should it, the conversation simply waits
    return db.pool().withTransaction(tx -> assignNext(tx, b, c, teamId, policy))
        .recover(e -> e instanceof AgentFull
            ? Future.<Optional<String>>succeededFuture(Optional.empty())
            : Future.<Optional<String>>failedFuture(e))
        .compose(agentId -> {
          if (agentId.isEmpty()) {
            return Future.succeededFuture(false);
          }
          if (agentId.get().isEmpty()) {
            return Future.succeededFuture(true); // someone assigned or took it meanwhile
          }
          return audit.append(Actor.system(), AuditLog.Event.of("care.assigned", "conversation", c.conversationId())
              .detail("agentId", agentId.get()).detail("by", "auto"))
              .compose(x -> reload(c)).map(now -> {
                conversationChanged(b, now, "assignment");
                return true;
              });
        });
  }

  /** The agent assigned; "" when the conversation no longer waits unassigned; empty when nobody can take it. */
  private Future<Optional<String>> assignNext(SqlClient tx, Business b, CareConversation c, String teamId,
      String policy) {
    Map<String, Object> business = params("businessId", b.id());
    return CareRepository.rows(CareRepository.LOCK_AGENTS, tx, business).compose(all -> CareRepository.row(
        CareRepository.LOCK_WAITING, tx, params("conversationId", c.conversationId()))
        .compose(waiting -> waiting.isEmpty()
            ? Future.<Optional<String>>succeededFuture(Optional.of(""))
            : (teamId == null
                ? CareRepository.rows(CareRepository.ANY_CANDIDATES, tx, params("businessId", b.id()))
                : CareRepository.rows(CareRepository.CANDIDATES, tx, params("teamId", teamId,
                    "businessId", b.id())))
                .compose(candidates -> {
                  Optional<Row> next = candidates.stream().min("load_balanced".equals(policy)
                      ? Comparator.comparingInt((Row r) -> r.getInteger("open_count"))
                          .thenComparing(r -> r.getString("account_id"))
                      : Comparator.comparingLong((Row r) -> r.getLong("last_turn") == null
                          ? Long.MIN_VALUE
                          : r.getLong("last_turn")).thenComparing(r -> r.getString("account_id")));
                  if (next.isEmpty()) {
                    return Future.succeededFuture(Optional.<String>empty());
                  }
                  String agentId = next.get().getString("account_id");
                  long turn = all.stream().map(r -> r.getLong("last_turn")).filter(t -> t != null)
                      .mapToLong(Long::longValue).max().orElse(0) + 1;
                  return CareRepository.update(CareRepository.ASSIGN_WAITING, tx, "agentId", agentId,
                      "conversationId", c.conversationId())
                      .compose(n -> claim(tx, b.id(), agentId))
                      .compose(v -> CareRepository.update(CareRepository.TAKE_TURN, tx, "turn", turn,
                          "businessId", b.id(), "accountId", agentId))
                      .compose(v -> CareRepository.update(CareRepository.EPISODE_AGENT, tx, "agentId", agentId,
                          "conversationId", c.conversationId(), "episode", c.episode()))
                      .map(v -> Optional.of(agentId));
                })));
  }

  /**
   * Locks every agent row of the business, in id order: each transaction that changes an agent's
   * load takes them first (then the conversation), so no two can wait on each other.
   */
  private static Future<Void> lockAgents(SqlClient tx, String businessId) {
    return CareRepository.rows(CareRepository.LOCK_AGENTS, tx, params("businessId", businessId)).mapEmpty();
  }

  /** Refuses the transaction (rolls it back) when the agent is at the cap. */
  private static final class AgentFull extends RuntimeException {
    AgentFull() {
      super("agent at max_open", null, false, false);
    }
  }

  private static Future<Void> claim(SqlClient tx, String businessId, String agentId) {
    return CareRepository.update(CareRepository.CLAIM_CAPACITY, tx, "businessId", businessId, "accountId", agentId)
        .compose(n -> n == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(new AgentFull()));
  }

  private static Future<Void> giveBack(SqlClient tx, String businessId, String agentId) {
    return agentId == null
        ? Future.succeededFuture()
        : CareRepository.update(CareRepository.RETURN_CAPACITY, tx, "businessId", businessId, "accountId", agentId)
            .mapEmpty();
  }

  /** An owner who acts as an agent becomes one (a supervisor with the default cap) on first use. */
  private Future<Void> ensureAgent(Access a) {
    if (!"owner".equals(a.role())) {
      return Future.succeededFuture();
    }
    return CareRepository.update(CareRepository.INSERT_AGENT, db.pool(), "businessId", a.business().id(),
        "accountId", a.account().id(), "role", "supervisor", "maxOpen", 5, "createdAt", clock.millis())
        .map(n -> {
          if (n > 0) {
            access.agentsChanged(a.business().id());
          }
          return null;
        });
  }

  /** An agent takes the conversation: waiting (or the bot's, which is first queued) → agent, "Dana joined". */
  public Future<JsonObject> take(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId)
        .compose(c -> take(a, c)).compose(c -> breaches(c).map(x -> c.toJson(clock.millis(), x))));
  }

  private Future<CareConversation> take(Access a, CareConversation c) {
    Business b = a.business();
    String me = a.account().id();
    if (Handover.AGENT.equals(c.state()) && me.equals(c.assigneeId())) {
      return Future.succeededFuture(c);
    }
    if (Handover.BOT.equals(c.state())) {
      return toWaiting(b, c, a.actor(), "agent").compose(w -> take(a, w));
    }
    if (!Handover.WAITING.equals(c.state())) {
      return Future.failedFuture(Handover.refused(c.state(), Handover.AGENT));
    }
    if (c.assigneeId() != null && !c.assigneeId().equals(me) && !a.supervisor()) {
      return Future.failedFuture(PlatformException.forbidden("this conversation is assigned to another agent"));
    }
    return ensureAgent(a).compose(v -> db.pool().withTransaction(tx -> lockAgents(tx, b.id()).compose(locked -> {
      Future<Void> free = c.assigneeId() == null || c.assigneeId().equals(me)
          ? Future.succeededFuture()
          : CareRepository.update(CareRepository.UNASSIGN_WAITING, tx, "conversationId", c.conversationId(),
              "from", c.assigneeId()).compose(n -> giveBack(tx, b.id(), c.assigneeId()));
      return free.compose(x -> me.equals(c.assigneeId()) ? Future.<Void>succeededFuture() : claim(tx, b.id(), me))
          .compose(x -> CareRepository.update(CareRepository.TAKE, tx, "agentId", me, "conversationId",
              c.conversationId(), "agentId2", me))
          .compose(n -> n == 0
              ? Future.failedFuture(Handover.refused(Handover.AGENT, Handover.AGENT))
              : CareRepository.update(CareRepository.EPISODE_AGENT, tx, "agentId", me, "conversationId",
                  c.conversationId(), "episode", c.episode()))
          .compose(n -> audit.append(tx, a.actor(), AuditLog.Event.of("care.taken", "conversation",
              c.conversationId()).detail("agentId", me)));
    })).recover(e -> Future.failedFuture(e instanceof AgentFull
        ? PlatformException.of(Reason.CONFLICT, "you already hold as many open conversations as your cap (maxOpen)")
        : e)))
        .compose(v -> joined(b, c, a.account()))
        .compose(v -> reload(c)).map(now -> {
          conversationChanged(b, now, "state");
          handoverChanged(b, now, "agent");
          return now;
        });
  }

  private Future<Void> joined(Business b, CareConversation c, Account agent) {
    events(b.id(), "agent.joined", new JsonObject().put("conversationId", c.conversationId())
        .put("customer", c.customer()).put("agent", new JsonObject().put("name", agent.displayName())));
    return chat.postSystemMessage(c.conversationId(), agent.displayName() + " from " + b.name() + " joined",
        new JsonObject().put("care", new JsonObject().put("event", "agent.joined").put("agent",
            new JsonObject().put("name", agent.displayName())).put("business", new JsonObject().put("name", b.name()))))
        .mapEmpty();
  }

  private Future<Void> left(Business b, CareConversation c, String agentName, String why) {
    events(b.id(), "agent.left", new JsonObject().put("conversationId", c.conversationId())
        .put("customer", c.customer()).put("agent", new JsonObject().put("name", agentName)).put("reason", why));
    return chat.postSystemMessage(c.conversationId(), agentName + " from " + b.name() + " left the conversation",
        new JsonObject().put("care", new JsonObject().put("event", "agent.left").put("agent",
            new JsonObject().put("name", agentName)).put("business", new JsonObject().put("name", b.name()))))
        .mapEmpty();
  }

  /** The holding agent (or a supervisor) passes the conversation back to the bot: agent → bot. */
  public Future<JsonObject> release(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> {
      if (!Handover.AGENT.equals(c.state())) {
        return Future.failedFuture(Handover.refused(c.state(), Handover.BOT));
      }
      requireHolder(a, c);
      return toBot(a.business(), c, a.actor(), "agent").compose(v -> left(a.business(), c, c.assigneeName(),
          "released")).compose(v -> reload(c));
    })).map(c -> c.toJson(clock.millis(), new JsonArray()));
  }

  private static void requireHolder(Access a, CareConversation c) {
    if (!a.account().id().equals(c.assigneeId()) && !a.supervisor()) {
      throw PlatformException.forbidden("only the agent holding the conversation, or a supervisor, may do this");
    }
  }

  private Future<Void> toBot(Business b, CareConversation c, Actor actor, String by) {
    Handover.require(c.state(), Handover.BOT);
    long now = clock.millis();
    return db.pool().withTransaction(tx -> lockAgents(tx, b.id())
        .compose(locked -> lapse(tx, c.conversationId(), LAPSE_ON_BOT, now))
        .compose(v -> CareRepository.update(CareRepository.TO_BOT, tx, "conversationId", c.conversationId(),
            "from", c.state()))
        .compose(
            n -> n == 0
                ? Future.failedFuture(Handover.refused(c.state(), Handover.BOT))
                : giveBack(tx, b.id(), Handover.RESOLVED.equals(c.state()) ? null : c.assigneeId()))
        .compose(v -> audit.append(tx, actor, AuditLog.Event.of("care.handover", "conversation", c.conversationId())
            .detail("from", c.state()).detail("to", Handover.BOT).detail("by", by))))
        .compose(v -> reload(c)).map(after -> {
          conversationChanged(b, after, "state");
          handoverChanged(b, after, by);
          return null;
        });
  }

  /** agent → resolved: SLA resolution met or breached, agent.left, the rating request to the customer. */
  public Future<JsonObject> resolve(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> {
      if (!Handover.AGENT.equals(c.state())) {
        return Future.failedFuture(Handover.refused(c.state(), Handover.RESOLVED));
      }
      requireHolder(a, c);
      Business b = a.business();
      long now = clock.millis();
      return db.pool().withTransaction(tx -> lockAgents(tx, b.id())
          .compose(locked -> lapse(tx, c.conversationId(), LAPSE_ON_RESOLVE, now))
          .compose(v -> CareRepository.update(CareRepository.RESOLVE, tx, "now", now, "agentId", c.assigneeId(),
              "conversationId", c.conversationId()))
          .compose(
              n -> n == 0
                  ? Future.failedFuture(Handover.refused(c.state(), Handover.RESOLVED))
                  : giveBack(tx, b.id(), c.assigneeId()))
          .compose(v -> CareRepository.update(CareRepository.EPISODE_RESOLVED, tx, "now", now, "conversationId",
              c.conversationId(), "episode", c.episode()))
          .compose(v -> breach(tx, c, "resolution", c.resolutionDueAt(), now))
          .compose(v -> audit.append(tx, a.actor(), AuditLog.Event.of("care.resolved", "conversation",
              c.conversationId()).detail("agentId", c.assigneeId()))))
          .compose(v -> left(b, c, c.assigneeName(), "resolved"))
          .compose(v -> chat.postSystemMessage(c.conversationId(), "How did " + b.name()
              + " do? Rate this conversation from 1 to 5.",
              new JsonObject().put("careRating", new JsonObject()
                  .put("episode", c.episode()).put("scale", 5).put("business", b.name())
                  .put("closesAt", CareConversation.iso(now + RATING_WINDOW.toMillis())))))
          .compose(v -> reload(c)).map(x -> {
            conversationChanged(b, x, "state");
            handoverChanged(b, x, "agent");
            return x;
          });
    })).map(c -> c.toJson(clock.millis(), new JsonArray()));
  }

  /** resolved → bot → waiting_for_agent → agent (the reopening agent takes it): a new episode. */
  public Future<JsonObject> reopen(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> {
      if (!Handover.RESOLVED.equals(c.state())) {
        return Future.failedFuture(Handover.refused(c.state(), Handover.BOT));
      }
      return toBot(a.business(), c, a.actor(), "agent").compose(v -> reload(c))
          .compose(bot -> take(a, bot));
    })).map(c -> c.toJson(clock.millis(), new JsonArray()));
  }

  public Future<JsonObject> snooze(Account me, String businessId, String conversationId, JsonObject body) {
    Object until = body.getValue("until");
    long at;
    try {
      at = until instanceof String s ? Instant.parse(s).toEpochMilli() : -1;
    } catch (RuntimeException e) {
      at = -1;
    }
    if (at <= clock.millis()) {
      throw PlatformException.invalid("/until", "until must be a future ISO-8601 instant");
    }
    long wake = at;
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> {
      requireHolderOrUnassigned(a, c);
      return CareRepository.update(CareRepository.SNOOZE, db.pool(), "until", wake, "conversationId", conversationId)
          .compose(n -> n == 0
              ? Future.failedFuture(Handover.refused(c.state(), c.state()))
              : audit.append(a.actor(), AuditLog.Event.of("care.snoozed", "conversation", conversationId)
                  .detail("until", CareConversation.iso(wake))))
          .compose(v -> reload(c)).map(x -> {
            conversationChanged(a.business(), x, "status");
            return x.toJson(clock.millis(), new JsonArray());
          });
    }));
  }

  private static void requireHolderOrUnassigned(Access a, CareConversation c) {
    if (c.assigneeId() != null) {
      requireHolder(a, c);
    }
  }

  /** Assigns (or unassigns with null): supervisors any agent; an agent only themself. */
  public Future<JsonObject> assign(Account me, String businessId, String conversationId, JsonObject body) {
    Object raw = body.getValue("agentId");
    if (raw != null && !(raw instanceof String s && IdGenerator.isId(s))) {
      throw PlatformException.invalid("/agentId", "agentId must be an agent's id or null");
    }
    String agentId = (String) raw;
    return access.of(me, businessId).compose(a -> {
      if (!a.supervisor() && !me.id().equals(agentId)) {
        return Future.failedFuture(PlatformException.forbidden("an agent may assign conversations only to themself"));
      }
      return inboxConversation(a, conversationId).compose(c -> assign(a, c, agentId));
    }).map(c -> c.toJson(clock.millis(), new JsonArray()));
  }

  private Future<CareConversation> assign(Access a, CareConversation c, String agentId) {
    Business b = a.business();
    boolean waiting = Handover.WAITING.equals(c.state());
    boolean held = Handover.AGENT.equals(c.state());
    if (!waiting && !held) {
      return Future.failedFuture(Handover.refused(c.state(), Handover.AGENT));
    }
    if (agentId == null && held) {
      return Future.failedFuture(Handover.refused(c.state(), Handover.WAITING));
    }
    if (agentId != null && agentId.equals(c.assigneeId())) {
      return Future.succeededFuture(c);
    }
    Future<Void> agentKnown = agentId == null
        ? Future.succeededFuture()
        : (agentId.equals(a.account().id()) ? ensureAgent(a) : Future.<Void>succeededFuture())
            .compose(v -> CareRepository.row(CareRepository.AGENT_ROLE, db.pool(), params("businessId", b.id(),
                "accountId", agentId)))
            .map(r -> {
              if (r.isEmpty()) {
                throw PlatformException.invalid("/agentId", "no agent of this business has this id");
              }
              return null;
            });
    return agentKnown.compose(v -> db.pool().withTransaction(tx -> lockAgents(tx, b.id()).compose(locked -> {
      Future<Integer> step = c.assigneeId() == null
          ? Future.succeededFuture(1)
          : (waiting
              ? CareRepository.update(CareRepository.UNASSIGN_WAITING, tx, "conversationId", c.conversationId(),
                  "from", c.assigneeId())
              : Future.succeededFuture(1))
              .compose(n -> giveBack(tx, b.id(), c.assigneeId()).map(n));
      return step.compose(n -> {
        if (n == 0) {
          return Future.failedFuture(Handover.refused(c.state(), c.state()));
        }
        if (agentId == null) {
          return Future.<Void>succeededFuture();
        }
        Future<Integer> set = waiting
            ? CareRepository.update(CareRepository.ASSIGN_WAITING, tx, "agentId", agentId, "conversationId",
                c.conversationId())
            : CareRepository.update(CareRepository.REASSIGN, tx, "agentId", agentId, "conversationId",
                c.conversationId(), "state", Handover.AGENT, "from", c.assigneeId());
        return set.compose(m -> m == 0
            ? Future.failedFuture(Handover.refused(c.state(), c.state()))
            : claim(tx, b.id(), agentId))
            .compose(x -> CareRepository.update(CareRepository.EPISODE_AGENT, tx, "agentId", agentId,
                "conversationId", c.conversationId(), "episode", c.episode()).<Void>mapEmpty());
      }).compose(x -> audit.append(tx, a.actor(), AuditLog.Event.of("care.assigned", "conversation",
          c.conversationId()).detail("agentId", agentId).detail("from", c.assigneeId())));
    })).recover(e -> Future.failedFuture(e instanceof AgentFull
        ? PlatformException.of(Reason.CONFLICT, "the agent already holds as many open conversations as their cap")
        : e)))
        .compose(v -> held
            ? left(b, c, c.assigneeName(), "reassigned")
                .compose(x -> CareRepository.row(CareRepository.AGENTS, db.pool(), params("businessId", b.id())))
                .compose(x -> accountName(agentId)).compose(name -> joined(b, c, new Account(agentId, "", name,
                    java.util.Set.of())))
            : Future.<Void>succeededFuture())
        .compose(v -> reload(c)).map(now -> {
          conversationChanged(b, now, "assignment");
          return now;
        });
  }

  private Future<String> accountName(String accountId) {
    return dev.parley.core.common.storage.Statement.sql("SELECT display_name FROM accounts WHERE id = #{id}")
        .first(db.pool(), params("id", accountId), r -> r.getString("display_name")).map(n -> n.orElse("An agent"));
  }

  public Future<JsonObject> labels(Account me, String businessId, String conversationId, Object body) {
    if (!(body instanceof JsonArray list) || list.size() > 20 || list.stream().anyMatch(l -> !(l instanceof String s)
        || !s.matches("[\\p{L}\\p{N} _.-]{1,32}"))) {
      throw PlatformException.invalid("/labels",
          "labels are an array of at most 20 labels of 1-32 letters, digits, ' _.-'");
    }
    JsonArray labels = new JsonArray(list.stream().distinct().toList());
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> CareRepository
        .update(CareRepository.LABELS, db.pool(), "labels", labels.encode(), "conversationId", conversationId)
        .compose(n -> audit.append(a.actor(), AuditLog.Event.of("care.labels", "conversation", conversationId)
            .detail("labels", labels)))
        .compose(v -> reload(c)).map(x -> {
          conversationChanged(a.business(), x, "labels");
          return x.toJson(clock.millis(), new JsonArray());
        })));
  }

  public Future<JsonObject> addNote(Account me, String businessId, String conversationId, JsonObject body) {
    String text = CareSettings.string(body, "text", 1, 4000);
    String id = ids.newId();
    long now = clock.millis();
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> db.pool()
        .withTransaction(tx -> CareRepository.update(CareRepository.INSERT_NOTE, tx, "id", id, "conversationId",
            conversationId, "businessId", businessId, "authorId", me.id(), "body", text, "createdAt", now)
            .compose(n -> audit.append(tx, a.actor(), AuditLog.Event.of("care.note", "conversation", conversationId)
                .detail("noteId", id))))
        .map(v -> {
          JsonObject note = new JsonObject().put("kind", "note").put("id", id).put("from", "note").put("text", text)
              .put("author", new JsonObject().put("id", me.id()).put("name", me.displayName()))
              .put("createdAt", CareConversation.iso(now));
          access.publish(a.business(), conversationId, new JsonObject().put("type", "care.message")
              .put("conversationId", conversationId).put("message", note));
          return note;
        })));
  }

  public Future<JsonArray> notes(Account me, String businessId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId))
        .compose(c -> CareRepository.rows(CareRepository.NOTES, db.pool(), params("conversationId", conversationId)))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(noteJson(r)));
          return out;
        });
  }

  /** "Typing…" of an agent, to the customer's sessions (as "Dana · Acme Energy"); never stored. */
  public Future<Void> typing(Account me, String businessId, String conversationId, JsonObject body) {
    if (!(body.getValue("typing") instanceof Boolean on)) {
      throw PlatformException.invalid("/typing", "typing must be true or false");
    }
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).map(c -> {
      JsonObject event = new JsonObject().put("type", "typing").put("conversationId", conversationId)
          .put("accountId", me.id()).put("displayName", me.displayName() + " · " + a.business().name())
          .put("typing", on);
      vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(),
          new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
      access.publish(a.business(), conversationId, new JsonObject().put("type", "care.typing")
          .put("conversationId", conversationId).put("from", "agent").put("name", me.displayName())
          .put("typing", on));
      return null;
    }));
  }

  /** The inbox read up to {@code seq}: unread clears, and the customer sees the business read it. */
  public Future<Void> read(Account me, String businessId, String conversationId, JsonObject body) {
    long seq = dev.parley.core.common.web.JsonBody.integer(body, "seq", 0, Long.MAX_VALUE);
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> CareRepository
        .update(CareRepository.READ, db.pool(), "seq", seq, "conversationId", conversationId, "seq2", seq)
        .compose(n -> chat.markRead(a.business().botAccountId(), conversationId, seq).otherwiseEmpty())));
  }

  // ---- agents' replies ----

  /** An agent's reply: written as the agent into the customer's conversation; a human reply for the SLA. */
  public Future<JsonObject> reply(Account me, String businessId, String conversationId, JsonObject body) {
    Object clientIdRaw = body.getValue("clientId");
    String clientId = clientIdRaw instanceof String s ? s : ids.newId();
    Object cannedId = body.getValue("cannedReplyId");
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId).compose(c -> {
      Future<String> text;
      if (body.getValue("text") instanceof String t && !t.isBlank()) {
        text = Future.succeededFuture(t);
      } else if (cannedId instanceof String id) {
        text = settings.canned(businessId, id).map(canned -> CareSettings.render(canned.getString("text"),
            customerName(c), me.displayName(), a.business().name()));
      } else {
        return Future.failedFuture(PlatformException.invalid("/text", "text must be 1-4000 characters, "
            + "or give a cannedReplyId"));
      }
      return text.compose(t -> holding(a, c).compose(held -> send(a, held, clientId, t)));
    }));
  }

  /** A canned reply with its variables filled for one conversation (what the agent would send). */
  public Future<String> renderCanned(Account me, String businessId, String replyId, String conversationId) {
    return access.of(me, businessId).compose(a -> inboxConversation(a, conversationId)
        .compose(c -> settings.canned(businessId, replyId).map(canned -> CareSettings.render(
            canned.getString("text"), customerName(c), me.displayName(), a.business().name()))));
  }

  private static String customerName(CareConversation c) {
    return c.customerName() != null ? c.customerName() : "there";
  }

  /** The conversation held by the caller: taken first when it waits (or the bot has it). */
  private Future<CareConversation> holding(Access a, CareConversation c) {
    if (Handover.AGENT.equals(c.state())) {
      requireHolder(a, c);
      return Future.succeededFuture(c);
    }
    if (Handover.RESOLVED.equals(c.state())) {
      return Future.failedFuture(Handover.refused(c.state(), Handover.AGENT));
    }
    return take(a, c);
  }

  private Future<JsonObject> send(Access a, CareConversation c, String clientId, String text) {
    Business b = a.business();
    Account me = a.account();
    JsonObject extras = new JsonObject().put("business", new JsonObject().put("handle", b.handle())
        .put("name", b.name())).put("agent", new JsonObject().put("name", me.displayName()));
    return chat.postOnBehalf(me, c.conversationId(), clientId, text, extras).compose(sent -> {
      long now = clock.millis();
      return humanReplied(b, c, now).map(v -> sent.message().toJson().put("from", "agent"));
    });
  }

  private Future<Void> humanReplied(Business b, CareConversation c, long now) {
    return db.pool().withTransaction(tx -> breach(tx, c, "first_response", c.firstResponseDueAt(), now)
        .compose(v -> breach(tx, c, "next_response", c.nextResponseDueAt(), now))
        .compose(v -> CareRepository.update(CareRepository.HUMAN_REPLY, tx, "now", now, "conversationId",
            c.conversationId()))
        .compose(v -> CareRepository.update(CareRepository.EPISODE_FIRST_RESPONSE, tx, "now", now,
            "conversationId", c.conversationId(), "episode", c.episode()))
        .mapEmpty());
  }

  /** A target met late is a breach of record (once per target). */
  private Future<Void> breach(SqlClient tx, CareConversation c, String kind, Long due, long now) {
    if (due == null || now <= due) {
      return Future.succeededFuture();
    }
    return CareRepository.update(CareRepository.INSERT_BREACH, tx, "id", ids.newId(), "conversationId",
        c.conversationId(), "businessId", c.businessId(), "episode", c.episode(), "kind", kind, "dueAt", due,
        "metAt", now, "agentId", c.assigneeId(), "teamId", c.teamId()).mapEmpty();
  }

  private static final List<String> LAPSE_ON_BOT = List.of("first_response", "next_response", "resolution");
  /** On resolving, the resolution target is met (late or not: {@link #breach}); the response targets lapse. */
  private static final List<String> LAPSE_ON_RESOLVE = List.of("first_response", "next_response");

  /**
   * The targets that a change clears while they are overdue and unmet are breaches of record too
   * ({@code met_at} NULL), written in the change's transaction with the row locked, so a report
   * counts each once: before the change as an open target, after it from the record.
   */
  private Future<Void> lapse(SqlClient tx, String conversationId, List<String> kinds, long now) {
    return CareRepository.row(CareRepository.LOCK_TARGETS, tx, params("conversationId", conversationId))
        .compose(found -> {
          if (found.isEmpty() || !(Handover.WAITING.equals(found.get().getString("state"))
              || Handover.AGENT.equals(found.get().getString("state")))) {
            return Future.<Void>succeededFuture();
          }
          Row r = found.get();
          Future<Void> chain = Future.succeededFuture();
          for (String kind : kinds) {
            Long due = r.getLong(kind + "_due_at");
            if (due != null && due < now) {
              chain = chain.compose(v -> CareRepository.update(CareRepository.INSERT_BREACH, tx, "id", ids.newId(),
                  "conversationId", conversationId, "businessId", r.getString("business_id"), "episode",
                  r.getInteger("episode"), "kind", kind, "dueAt", due, "metAt", null, "agentId",
                  r.getString("assignee_id"), "teamId", r.getString("team_id")).mapEmpty());
            }
          }
          return chain;
        });
  }

  // ---- customers ----

  /** "Talk to a person" (the button, or AGENT / HUMAN): queued, with an honest answer of when. */
  public Future<JsonObject> agentRequest(Account customer, String conversationId) {
    return ensure(conversationId).compose(found -> {
      CareConversation c = found.filter(x -> x.customerId().equals(customer.id()))
          .orElseThrow(() -> PlatformException.notFound("the conversation"));
      return business(c.businessId()).compose(b -> customerRequest(b, c, customer)
          .compose(after -> waitingView(b, after).map(waiting -> handoverJson(after).put("waiting", waiting))));
    });
  }

  /**
   * The customer's own view of the handover, so the messenger restores it on a reload: the state, the
   * holding agent's display name (as the "joined" line shows it), and while waiting the place in the
   * queue and, out of hours, when the team answers again. Nothing else of the business's side.
   */
  public Future<JsonObject> customerView(Account customer, String conversationId) {
    return ensure(conversationId).compose(found -> {
      CareConversation c = found.filter(x -> x.customerId().equals(customer.id()))
          .orElseThrow(() -> PlatformException.notFound("the conversation"));
      return business(c.businessId()).compose(b -> waitingView(b, c)).map(waiting -> handoverJson(c)
          .put("waiting", waiting));
    });
  }

  private Future<JsonObject> waitingView(Business b, CareConversation c) {
    if (!Handover.WAITING.equals(c.state()) || c.waitingSince() == null) {
      return Future.succeededFuture(null);
    }
    Map<String, Object> p = params("businessId", b.id(), "since", c.waitingSince(), "since2", c.waitingSince(),
        "conversationId", c.conversationId());
    Future<Optional<Row>> team = c.teamId() == null
        ? Future.succeededFuture(Optional.empty())
        : CareRepository.row(CareRepository.TEAM, db.pool(), params("id", c.teamId(), "businessId", b.id()));
    if (c.teamId() != null) {
      p.put("teamId", c.teamId());
    }
    return CareRepository.row(c.teamId() == null ? CareRepository.AHEAD_WITHOUT_TEAM : CareRepository.AHEAD_IN_TEAM,
        db.pool(), p).compose(ahead -> team.map(t -> {
          JsonObject waiting = new JsonObject().put("since", CareConversation.iso(c.waitingSince()))
              .put("position", ahead.map(r -> r.getLong("ahead")).orElse(0L) + 1)
              .put("business", new JsonObject().put("name", b.name()));
          BusinessHours hours = t.map(x -> BusinessHours.parse(x.getString("hours") == null
              ? null
              : new JsonObject(x.getString("hours")), "/hours")).orElse(BusinessHours.ALWAYS);
          Instant now = Instant.ofEpochMilli(clock.millis());
          if (!hours.isOpen(now)) {
            hours.nextOpen(now).ifPresent(n -> waiting.put("nextOpenAt", n.toString())
                .put("timezone", hours.zone().getId()));
            String note = t.map(x -> x.getString("out_of_hours_message")).orElse(null);
            if (note != null && !note.isBlank()) {
              waiting.put("note", note.strip());
            }
          }
          return waiting;
        }));
  }

  private Future<CareConversation> customerRequest(Business b, CareConversation c, Account customer) {
    Actor actor = new Actor(Optional.of(customer), Optional.empty());
    return switch (c.state()) {
      case Handover.WAITING, Handover.AGENT -> Future.succeededFuture(c); // already with people: nothing to do
      case Handover.RESOLVED -> toBot(b, c, actor, "customer").compose(v -> reload(c))
          .compose(bot -> toWaiting(b, bot, actor, "customer"));
      default -> toWaiting(b, c, actor, "customer");
    };
  }

  /** AGENT / HUMAN typed by the customer ({@code consent.Keywords}). */
  public Future<Void> keyword(Message m) {
    return ensure(m.conversationId()).compose(found -> {
      if (found.isEmpty() || m.senderId().isEmpty() || !found.get().customerId().equals(m.senderId().get())) {
        return Future.<Void>succeededFuture();
      }
      CareConversation c = found.get();
      Account customer = new Account(c.customerId(), "", "", java.util.Set.of());
      return business(c.businessId()).compose(b -> {
        boolean already = Handover.WAITING.equals(c.state()) || Handover.AGENT.equals(c.state());
        return customerRequest(b, c, customer).compose(x -> already
            ? chat.postSystemMessage(m.conversationId(), "You are already in " + b.name()
                + "'s queue for a person.").<Void>mapEmpty()
            : Future.<Void>succeededFuture());
      });
    }).recover(e -> {
      LOG.warn("AGENT keyword of conversation={} failed", m.conversationId(), e);
      return Future.succeededFuture();
    });
  }

  /** The customer's 1-5 rating of the last resolved episode: once, within 24 h of the resolution. */
  public Future<JsonObject> rate(Account customer, String conversationId, JsonObject body) {
    return ensure(conversationId).compose(found -> {
      CareConversation c = found.filter(x -> x.customerId().equals(customer.id()))
          .orElseThrow(() -> PlatformException.notFound("the conversation"));
      return rate(c, body);
    });
  }

  private Future<JsonObject> rate(CareConversation c, JsonObject body) {
    String conversationId = c.conversationId();
    Object scoreRaw = body.getValue("score");
    if (!(scoreRaw instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1 || n.intValue() > 5) {
      throw PlatformException.invalid("/score", "score must be a whole number from 1 to 5");
    }
    Object commentRaw = body.getValue("comment");
    if (commentRaw != null && !(commentRaw instanceof String s && s.length() <= 1000)) {
      throw PlatformException.invalid("/comment", "comment must be text of at most 1,000 characters");
    }
    int score = ((Number) scoreRaw).intValue();
    long now = clock.millis();
    {
      if (c.resolvedAt() == null || now - c.resolvedAt() > RATING_WINDOW.toMillis()) {
        return Future.failedFuture(PlatformException.of(Reason.CARE_RATING_CLOSED, c.resolvedAt() == null
            ? "there is no resolved conversation to rate"
            : "ratings are taken within 24 hours of the resolution"));
      }
      return CareRepository.row(CareRepository.EPISODE, db.pool(), params("conversationId", conversationId,
          "episode", c.episode())).compose(
              e -> CareRepository.update(CareRepository.INSERT_RATING, db.pool(),
                  "conversationId", conversationId, "episode", c.episode(), "businessId", c.businessId(),
                  "agentId", e.map(r -> r.getString("agent_id")).orElse(c.resolvedBy()), "teamId",
                  e.map(r -> r.getString("team_id")).orElse(c.teamId()), "score", score, "comment", commentRaw,
                  "createdAt", now))
          .recover(e -> Future.failedFuture(Database.isUniqueViolation(e)
              ? PlatformException.of(Reason.CARE_ALREADY_RATED, "this conversation was already rated")
              : e))
          .compose(count -> business(c.businessId())).map(b -> {
            access.publish(b, conversationId, new JsonObject().put("type", "care.conversation")
                .put("change", "rating").put("conversationId", conversationId).put("rating", score));
            return new JsonObject().put("score", score).put("comment", commentRaw).put("episode", c.episode());
          });
    }
  }

  // ---- the bot (Business API) ----

  public Future<JsonObject> botHandover(String businessId, String conversationId) {
    return ensure(conversationId).map(found -> {
      CareConversation c = found.filter(x -> x.businessId().equals(businessId))
          .orElseThrow(() -> PlatformException.notFound("the conversation"));
      return handoverJson(c);
    });
  }

  private static JsonObject handoverJson(CareConversation c) {
    return new JsonObject().put("state", c.state()).put("assignee", Handover.AGENT.equals(c.state())
        && c.assigneeName() != null ? new JsonObject().put("name", c.assigneeName()) : null);
  }

  /** {@code request_agent} / {@code offer}: bot → waiting; {@code take_back}: waiting (or resolved) → bot. */
  public Future<JsonObject> botAction(String businessId, String conversationId, JsonObject body) {
    Object action = body.getValue("action");
    if (!(action instanceof String s) || !List.of("request_agent", "offer", "take_back").contains(s)) {
      throw PlatformException.invalid("/action", "action must be request_agent, offer or take_back");
    }
    return ensure(conversationId).compose(found -> {
      CareConversation c = found.filter(x -> x.businessId().equals(businessId))
          .orElseThrow(() -> PlatformException.notFound("the conversation"));
      return business(businessId).compose(b -> {
        if ("take_back".equals(action)) {
          if (Handover.AGENT.equals(c.state())) {
            return Future.failedFuture(PlatformException.of(Reason.CARE_AGENT_HOLDS,
                "an agent holds this conversation; it comes back to the bot when the agent releases it"));
          }
          Future<Void> back = toBot(b, c, Actor.system(), "bot");
          return back.compose(v -> reload(c));
        }
        if (!Handover.BOT.equals(c.state())) {
          return Future.failedFuture(Handover.refused(c.state(), Handover.WAITING));
        }
        return toWaiting(b, c, Actor.system(), "bot");
      });
    }).map(Care::handoverJson);
  }

  // ---- events from the chat ----

  /**
   * A committed message: in a business conversation it goes live to the inbox ({@code care.message})
   * at once; a customer's message then moves the SLA's next-response timer, the unread mark, wakes
   * a snoozed conversation and brings a resolved one back to the bot.
   */
  public void committed(Message m) {
    Optional<String> cached = businessOf.getIfPresent(m.conversationId());
    Future<Optional<String>> of = cached != null
        ? Future.succeededFuture(cached)
        : CareRepository.row(CareRepository.THREAD, db.pool(), params("conversationId", m.conversationId()))
            .map(r -> {
              Optional<String> id = r.map(x -> x.getString("business_id"));
              businessOf.put(m.conversationId(), id);
              return id;
            });
    of.compose(found -> found.isEmpty()
        ? Future.<Void>succeededFuture()
        : business(found.get()).compose(b -> {
          String from = m.senderId().isEmpty()
              ? "system"
              : m.senderId().get().equals(b.botAccountId())
                  ? "bot"
                  : m.extras().getValue("agent") instanceof JsonObject ? "agent" : "customer";
          JsonObject message = m.toJson().put("from", from);
          message.remove("senderId");
          // a photo goes live with its signed links, so the open thread shows it inline at once
          return linked(b, message).compose(withLinks -> {
            access.publish(b, m.conversationId(), new JsonObject().put("type", "care.message")
                .put("conversationId", m.conversationId()).put("message", withLinks));
            return "customer".equals(from) ? customerWrote(b, m) : lastMessage(m);
          });
        })).onFailure(e -> LOG.warn("care of message id={} failed", m.id(), e));
  }

  /** A customer's "typing…" in a business conversation, forwarded to the inbox as {@code care.typing}. */
  public void typed(JsonObject event) {
    String conversationId = event.getString("conversationId");
    Optional<String> businessId = businessOf.getIfPresent(conversationId == null ? "" : conversationId);
    if (businessId == null || businessId.isEmpty()) {
      return; // not a business conversation, or none of its messages seen yet
    }
    business(businessId.get()).onSuccess(b -> {
      if (!b.botAccountId().equals(event.getString("accountId"))) {
        access.publish(b, conversationId, new JsonObject().put("type", "care.typing")
            .put("conversationId", conversationId).put("from", "customer").put("typing", true));
      }
    });
  }

  private Future<Void> lastMessage(Message m) {
    return CareRepository.update(CareRepository.LAST_MESSAGE, db.pool(), "text", preview(m), "now", clock.millis(),
        "conversationId", m.conversationId()).mapEmpty();
  }

  private static String preview(Message m) {
    String text = m.text() == null || m.text().isBlank() ? "[" + m.kind() + "]" : m.text();
    return text.length() > 200 ? text.substring(0, 199) + "…" : text;
  }

  private Future<Void> customerWrote(Business b, Message m) {
    long now = clock.millis();
    return ensure(m.conversationId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      CareConversation c = found.get();
      Future<Long> nextDue = Handover.AGENT.equals(c.state()) && c.firstResponseAt() != null
          && c.nextResponseDueAt() == null ? nextResponseDue(b, c, now) : Future.succeededFuture(null);
      return nextDue.compose(due -> CareRepository.update(CareRepository.CUSTOMER_MESSAGE, db.pool(), "text",
          preview(m), "now", now, "seq", m.seq(), "nextDue", due, "conversationId", c.conversationId()))
          .compose(n -> Handover.RESOLVED.equals(c.state())
              ? toBot(b, c, new Actor(Optional.empty(), Optional.empty()), "customer")
              : Future.<Void>succeededFuture())
          .compose(v -> reload(c)).map(x -> {
            conversationChanged(b, x, "message");
            return null;
          });
    });
  }

  private Future<Long> nextResponseDue(Business b, CareConversation c, long now) {
    if (c.teamId() == null) {
      return Future.succeededFuture(null);
    }
    return CareRepository.row(CareRepository.TEAM, db.pool(), params("id", c.teamId(), "businessId", b.id()))
        .compose(team -> {
          if (team.isEmpty() || team.get().getString("sla_policy_id") == null) {
            return Future.succeededFuture(null);
          }
          BusinessHours hours = BusinessHours.parse(team.get().getString("hours") == null
              ? null
              : new JsonObject(team.get().getString("hours")), "/hours");
          return CareRepository.row(CareRepository.POLICY, db.pool(), params("id",
              team.get().getString("sla_policy_id"), "businessId", b.id()))
              .map(policy -> due(policy, "next_response_minutes", hours, now));
        });
  }

  // ---- notices ----

  private void conversationChanged(Business b, CareConversation c, String change) {
    access.publish(b, c.conversationId(), new JsonObject().put("type", "care.conversation").put("change", change)
        .put("conversation", c.toJson(clock.millis(), new JsonArray())));
  }

  private void handoverChanged(Business b, CareConversation c, String by) {
    events(b.id(), "handover.changed", new JsonObject().put("conversationId", c.conversationId())
        .put("customer", c.customer()).put("state", c.state()).put("by", by));
  }

  private void events(String businessId, String type, JsonObject data) {
    try {
      events.publish(businessId, type, data);
    } catch (RuntimeException e) {
      LOG.warn("publishing a care event failed business={} type={}", businessId, type, e);
    }
  }
}
