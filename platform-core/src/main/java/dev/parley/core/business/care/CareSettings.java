package dev.parley.core.business.care;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.accounts.Account;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of a business's inbox, for its owner and supervisors: agents (Parley accounts by
 * username, with a role and a cap of open conversations), teams (business hours, out-of-hours
 * message, assignment policy, SLA policy), SLA policies, canned replies; and the reports.
 */
final class CareSettings {

  static final Set<String> ROLES = Set.of("agent", "supervisor");
  static final Set<String> ASSIGNMENTS = Set.of("manual", "round_robin", "load_balanced");
  private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Statement PERSON_BY_USERNAME = sql("SELECT id, display_name FROM accounts "
      + "WHERE username = #{username} AND kind = 'person'");

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AuditLog audit;
  private final CareAccess access;

  CareSettings(Database db, Clock clock, IdGenerator ids, AuditLog audit, CareAccess access) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.audit = audit;
    this.access = access;
  }

  // ---- inboxes and agents ----

  Future<JsonArray> inboxes(Account me) {
    return CareRepository.rows(CareRepository.INBOXES, db.pool(), params("accountId", me.id(), "ownerId", me.id()))
        .map(rows -> {
          Map<String, JsonObject> byBusiness = new LinkedHashMap<>();
          for (Row r : rows) {
            String role = r.getString("role");
            JsonObject item = new JsonObject().put("business", new JsonObject().put("id", r.getString("id"))
                .put("handle", r.getString("handle")).put("name", r.getString("name"))).put("role", role);
            // the owner's standing wins over an agent row of the same account
            if (!byBusiness.containsKey(r.getString("id")) || "owner".equals(role)) {
              byBusiness.put(r.getString("id"), item);
            }
          }
          return new JsonArray(new ArrayList<>(byBusiness.values()));
        });
  }

  Future<JsonArray> agents(Account me, String businessId) {
    return access.of(me, businessId).compose(a -> agentList(businessId));
  }

  private Future<JsonArray> agentList(String businessId) {
    return CareRepository.rows(CareRepository.TEAM_MEMBERS, db.pool(), params("businessId", businessId))
        .compose(members -> CareRepository.rows(CareRepository.AGENTS, db.pool(), params("businessId", businessId))
            .map(rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                String id = r.getString("account_id");
                JsonArray teams = new JsonArray();
                members.stream().filter(m -> m.getString("account_id").equals(id))
                    .forEach(m -> teams.add(m.getString("team_id")));
                out.add(new JsonObject().put("id", id).put("username", r.getString("username"))
                    .put("name", r.getString("display_name")).put("role", r.getString("role"))
                    .put("maxOpen", r.getInteger("max_open")).put("available", r.getBoolean("available"))
                    .put("open", r.getInteger("open_count")).put("teamIds", teams));
              }
              return out;
            }));
  }

  Future<JsonObject> addAgent(Account me, String businessId, JsonObject body) {
    String username = string(body, "username", 1, 64);
    String role = role(body.getValue("role", "agent"));
    int maxOpen = maxOpen(body.getValue("maxOpen", 5));
    return access.supervisor(me, businessId).compose(a -> CareRepository.row(PERSON_BY_USERNAME, db.pool(),
        params("username", username.toLowerCase(java.util.Locale.ROOT))).compose(found -> {
          Row person = found.orElseThrow(() -> PlatformException.invalid("/username", "no person has this username"));
          String accountId = person.getString("id");
          return db.pool().withTransaction(tx -> CareRepository.update(CareRepository.INSERT_AGENT, tx,
              "businessId", businessId, "accountId", accountId, "role", role, "maxOpen", maxOpen,
              "createdAt", clock.millis()).compose(n -> {
                if (n == 0) {
                  return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                      "this person is already an agent of the business"));
                }
                return teams(tx, businessId, accountId, body.getValue("teamIds"));
              }).compose(v -> audit.append(tx, a.actor(), AuditLog.Event.of("care.agent.added", "business",
                  businessId).detail("agentId", accountId).detail("role", role))))
              .compose(v -> {
                access.agentsChanged(businessId);
                return agentOf(businessId, accountId);
              });
        }));
  }

  Future<JsonObject> updateAgent(Account me, String businessId, String agentId, JsonObject body) {
    return access.supervisor(me, businessId).compose(a -> agentOf(businessId, agentId).compose(current -> {
      String role = role(body.getValue("role", current.getString("role")));
      int maxOpen = maxOpen(body.getValue("maxOpen", current.getInteger("maxOpen")));
      return db.pool().withTransaction(tx -> CareRepository.update(CareRepository.UPDATE_AGENT, tx, "role", role,
          "maxOpen", maxOpen, "businessId", businessId, "accountId", agentId)
          .compose(n -> body.containsKey("teamIds")
              ? CareRepository.update(CareRepository.CLEAR_TEAMS_OF, tx, "accountId", agentId, "businessId",
                  businessId).compose(x -> teams(tx, businessId, agentId, body.getValue("teamIds")))
              : Future.<Void>succeededFuture())
          .compose(v -> audit.append(tx, a.actor(), AuditLog.Event.of("care.agent.changed", "business", businessId)
              .detail("agentId", agentId).detail("role", role).detail("maxOpen", maxOpen))));
    })).compose(v -> agentOf(businessId, agentId));
  }

  Future<Void> removeAgent(Account me, String businessId, String agentId) {
    return access.supervisor(me, businessId).compose(a -> CareRepository.update(CareRepository.DELETE_AGENT,
        db.pool(), "businessId", businessId, "accountId", agentId).compose(n -> {
          if (n == 0) {
            return Future.failedFuture(PlatformException.notFound("the agent"));
          }
          access.agentsChanged(businessId);
          return audit.append(a.actor(), AuditLog.Event.of("care.agent.removed", "business", businessId)
              .detail("agentId", agentId)).<Void>mapEmpty();
        }));
  }

  Future<JsonObject> availability(Account me, String businessId, JsonObject body) {
    if (!(body.getValue("available") instanceof Boolean available)) {
      throw PlatformException.invalid("/available", "available must be true or false");
    }
    return access.of(me, businessId).compose(a -> CareRepository.update(CareRepository.AVAILABILITY, db.pool(),
        "available", available, "businessId", businessId, "accountId", me.id())).map(n -> {
          if (n == 0) {
            throw PlatformException.of(PlatformException.Reason.CONFLICT,
                "you are not an agent of this business (an owner adds themself as one to take conversations)");
          }
          return new JsonObject().put("available", available);
        });
  }

  private Future<JsonObject> agentOf(String businessId, String agentId) {
    return agentList(businessId).map(list -> list.stream().map(JsonObject.class::cast)
        .filter(j -> j.getString("id").equals(agentId)).findFirst()
        .orElseThrow(() -> PlatformException.notFound("the agent")));
  }

  private Future<Void> teams(io.vertx.sqlclient.SqlClient tx, String businessId, String accountId, Object raw) {
    if (raw == null) {
      return Future.succeededFuture();
    }
    if (!(raw instanceof JsonArray list) || list.size() > 50) {
      return Future.failedFuture(PlatformException.invalid("/teamIds", "teamIds must be an array of team ids"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < list.size(); i++) {
      String field = "/teamIds/" + i;
      Object id = list.getValue(i);
      chain = chain.compose(v -> id instanceof String teamId && IdGenerator.isId(teamId)
          ? CareRepository.row(CareRepository.TEAM, tx, params("id", teamId, "businessId", businessId))
              .compose(t -> t.isEmpty()
                  ? Future.<Void>failedFuture(PlatformException.invalid(field, "no team of this business has this id"))
                  : CareRepository.update(CareRepository.ADD_TEAM_MEMBER, tx, "teamId", teamId, "accountId",
                      accountId).mapEmpty())
          : Future.failedFuture(PlatformException.invalid(field, "no team of this business has this id")));
    }
    return chain;
  }

  // ---- teams ----

  Future<JsonArray> teams(Account me, String businessId) {
    return access.of(me, businessId).compose(a -> CareRepository.rows(CareRepository.TEAMS, db.pool(),
        params("businessId", businessId))).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(teamJson(r)));
          return out;
        });
  }

  static JsonObject teamJson(Row r) {
    String hours = r.getString("hours");
    return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))
        .put("hours", hours == null ? null : new JsonObject(hours))
        .put("outOfHoursMessage", r.getString("out_of_hours_message"))
        .put("assignment", r.getString("assignment")).put("slaPolicyId", r.getString("sla_policy_id"));
  }

  Future<JsonObject> createTeam(Account me, String businessId, JsonObject body) {
    return access.supervisor(me, businessId).compose(a -> team(businessId, body, new JsonObject()
        .put("name", null).put("assignment", "round_robin")).compose(p -> {
          String id = ids.newId();
          p.put("id", id).put("businessId", businessId).put("createdAt", clock.millis());
          return CareRepository.INSERT_TEAM.update(db.pool(), p.getMap())
              .compose(n -> audit.append(a.actor(), AuditLog.Event.of("care.team.created", "business", businessId)
                  .detail("teamId", id)))
              .compose(v -> one(businessId, id));
        }));
  }

  Future<JsonObject> updateTeam(Account me, String businessId, String teamId, JsonObject body) {
    return access.supervisor(me, businessId).compose(a -> one(businessId, teamId).compose(current -> team(businessId,
        body, current).compose(p -> {
          p.put("id", teamId).put("businessId", businessId);
          return CareRepository.UPDATE_TEAM.update(db.pool(), p.getMap())
              .compose(n -> audit.append(a.actor(), AuditLog.Event.of("care.team.changed", "business", businessId)
                  .detail("teamId", teamId)))
              .compose(v -> one(businessId, teamId));
        })));
  }

  Future<Void> deleteTeam(Account me, String businessId, String teamId) {
    return access.supervisor(me, businessId).compose(a -> CareRepository.update(CareRepository.DELETE_TEAM,
        db.pool(), "id", teamId, "businessId", businessId)).map(n -> {
          if (n == 0) {
            throw PlatformException.notFound("the team");
          }
          return null;
        });
  }

  private Future<JsonObject> one(String businessId, String teamId) {
    if (teamId == null || !IdGenerator.isId(teamId)) {
      return Future.failedFuture(PlatformException.notFound("the team"));
    }
    return CareRepository.row(CareRepository.TEAM, db.pool(), params("id", teamId, "businessId", businessId))
        .map(r -> teamJson(r.orElseThrow(() -> PlatformException.notFound("the team"))));
  }

  /** The team's columns from a body over the current values (a PATCH keeps what it does not name). */
  private Future<JsonObject> team(String businessId, JsonObject body, JsonObject current) {
    String name = body.containsKey("name") ? string(body, "name", 1, 64) : current.getString("name");
    if (name == null) {
      throw PlatformException.invalid("/name", "name must be 1-64 characters");
    }
    Object hoursRaw = body.containsKey("hours") ? body.getValue("hours") : current.getValue("hours");
    BusinessHours hours = BusinessHours.parse(hoursRaw, "/hours");
    Object oohRaw = body.containsKey("outOfHoursMessage")
        ? body.getValue("outOfHoursMessage")
        : current.getValue("outOfHoursMessage");
    if (oohRaw != null && !(oohRaw instanceof String s && s.length() <= 1000)) {
      throw PlatformException.invalid("/outOfHoursMessage",
          "outOfHoursMessage must be text of at most 1,000 characters");
    }
    Object assignment = body.getValue("assignment", current.getValue("assignment"));
    if (!(assignment instanceof String s) || !ASSIGNMENTS.contains(s)) {
      throw PlatformException.invalid("/assignment", "assignment must be manual, round_robin or load_balanced");
    }
    Object policy = body.containsKey("slaPolicyId") ? body.getValue("slaPolicyId") : current.getValue("slaPolicyId");
    JsonObject p = new JsonObject().put("name", name)
        .put("hours", hours.always() ? null : hours.toJson().encode())
        .put("outOfHoursMessage", oohRaw).put("assignment", assignment).put("slaPolicyId", policy);
    if (policy == null) {
      return Future.succeededFuture(p);
    }
    if (!(policy instanceof String id) || !IdGenerator.isId(id)) {
      return Future
          .failedFuture(PlatformException.invalid("/slaPolicyId", "no SLA policy of this business has this id"));
    }
    return CareRepository.row(CareRepository.POLICY, db.pool(), params("id", id, "businessId", businessId))
        .map(found -> {
          if (found.isEmpty()) {
            throw PlatformException.invalid("/slaPolicyId", "no SLA policy of this business has this id");
          }
          return p;
        });
  }

  // ---- SLA policies ----

  Future<JsonArray> policies(Account me, String businessId) {
    return access.of(me, businessId).compose(a -> CareRepository.rows(CareRepository.POLICIES, db.pool(),
        params("businessId", businessId))).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(policyJson(r)));
          return out;
        });
  }

  static JsonObject policyJson(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))
        .put("firstResponseMinutes", r.getInteger("first_response_minutes"))
        .put("nextResponseMinutes", r.getInteger("next_response_minutes"))
        .put("resolutionMinutes", r.getInteger("resolution_minutes"));
  }

  Future<JsonObject> createPolicy(Account me, String businessId, JsonObject body) {
    Map<String, Object> p = policy(body, new JsonObject());
    String id = ids.newId();
    p.put("id", id);
    p.put("businessId", businessId);
    p.put("createdAt", clock.millis());
    return access.supervisor(me, businessId).compose(a -> CareRepository.INSERT_POLICY.update(db.pool(), p)
        .compose(n -> audit.append(a.actor(), AuditLog.Event.of("care.sla.created", "business", businessId)
            .detail("policyId", id))))
        .compose(v -> policyOf(businessId, id));
  }

  Future<JsonObject> updatePolicy(Account me, String businessId, String policyId, JsonObject body) {
    return access.supervisor(me, businessId).compose(a -> policyOf(businessId, policyId).compose(current -> {
      Map<String, Object> p = policy(body, current);
      p.put("id", policyId);
      p.put("businessId", businessId);
      return CareRepository.UPDATE_POLICY.update(db.pool(), p);
    })).compose(n -> policyOf(businessId, policyId));
  }

  private Future<JsonObject> policyOf(String businessId, String policyId) {
    if (policyId == null || !IdGenerator.isId(policyId)) {
      return Future.failedFuture(PlatformException.notFound("the SLA policy"));
    }
    return CareRepository.row(CareRepository.POLICY, db.pool(), params("id", policyId, "businessId", businessId))
        .map(r -> policyJson(r.orElseThrow(() -> PlatformException.notFound("the SLA policy"))));
  }

  private static Map<String, Object> policy(JsonObject body, JsonObject current) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", body.containsKey("name") ? string(body, "name", 1, 64) : current.getString("name"));
    if (p.get("name") == null) {
      throw PlatformException.invalid("/name", "name must be 1-64 characters");
    }
    p.put("first", minutes(body, current, "firstResponseMinutes"));
    p.put("next", minutes(body, current, "nextResponseMinutes"));
    p.put("resolution", minutes(body, current, "resolutionMinutes"));
    return p;
  }

  private static Integer minutes(JsonObject body, JsonObject current, String name) {
    Object v = body.containsKey(name) ? body.getValue(name) : current.getValue(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1 && n.longValue() <= 525_600) {
      return n.intValue();
    }
    throw PlatformException.invalid("/" + name, name + " must be whole minutes from 1 to 525,600, or null");
  }

  // ---- canned replies ----

  Future<JsonArray> cannedReplies(Account me, String businessId) {
    return access.of(me, businessId).compose(a -> CareRepository.rows(CareRepository.CANNED, db.pool(),
        params("businessId", businessId))).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(cannedJson(r)));
          return out;
        });
  }

  static JsonObject cannedJson(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("shortcut", r.getString("shortcut"))
        .put("text", r.getString("body"));
  }

  Future<JsonObject> createCanned(Account me, String businessId, JsonObject body) {
    String shortcut = shortcut(body.getValue("shortcut"));
    String text = string(body, "text", 1, 4000);
    String id = ids.newId();
    return access.supervisor(me, businessId).compose(a -> CareRepository.update(CareRepository.INSERT_CANNED,
        db.pool(), "id", id, "businessId", businessId, "shortcut", shortcut, "body", text, "createdAt", clock.millis())
        .recover(e -> Future.failedFuture(Database.isUniqueViolation(e)
            ? PlatformException.invalid("/shortcut", "another canned reply has this shortcut")
            : e)))
        .compose(n -> canned(businessId, id));
  }

  Future<JsonObject> updateCanned(Account me, String businessId, String id, JsonObject body) {
    return access.supervisor(me, businessId).compose(a -> canned(businessId, id)).compose(current -> {
      String shortcut = body.containsKey("shortcut")
          ? shortcut(body.getValue("shortcut"))
          : current.getString("shortcut");
      String text = body.containsKey("text") ? string(body, "text", 1, 4000) : current.getString("text");
      return CareRepository.update(CareRepository.UPDATE_CANNED, db.pool(), "shortcut", shortcut, "body", text,
          "id", id, "businessId", businessId).recover(
              e -> Future.failedFuture(Database.isUniqueViolation(e)
                  ? PlatformException.invalid("/shortcut", "another canned reply has this shortcut")
                  : e));
    }).compose(n -> canned(businessId, id));
  }

  Future<Void> deleteCanned(Account me, String businessId, String id) {
    return access.supervisor(me, businessId).compose(a -> CareRepository.update(CareRepository.DELETE_CANNED,
        db.pool(), "id", id, "businessId", businessId)).map(n -> {
          if (n == 0) {
            throw PlatformException.notFound("the canned reply");
          }
          return null;
        });
  }

  Future<JsonObject> canned(String businessId, String id) {
    if (id == null || !IdGenerator.isId(id)) {
      return Future.failedFuture(PlatformException.notFound("the canned reply"));
    }
    return CareRepository.row(CareRepository.CANNED_ONE, db.pool(), params("id", id, "businessId", businessId))
        .map(r -> cannedJson(r.orElseThrow(() -> PlatformException.notFound("the canned reply"))));
  }

  /** Fills {@code {{customer.name}}}, {@code {{agent.name}}} and {@code {{business.name}}}. */
  static String render(String text, String customerName, String agentName, String businessName) {
    return text.replace("{{customer.name}}", customerName).replace("{{agent.name}}", agentName)
        .replace("{{business.name}}", businessName);
  }

  private static String shortcut(Object raw) {
    if (raw instanceof String s && SHORTCUT.matcher(s).matches()) {
      return s;
    }
    throw PlatformException.invalid("/shortcut", "shortcut must be 1-32 characters of a-z, 0-9, '_' and '-'");
  }

  // ---- reports ----

  /** Per agent or team over [from, to): conversations, resolved, median first response, breaches, CSAT. */
  Future<JsonObject> report(Account me, String businessId, Optional<String> fromText, Optional<String> toText,
      String groupBy) {
    if (!"agent".equals(groupBy) && !"team".equals(groupBy)) {
      throw PlatformException.invalid("groupBy", "groupBy must be agent or team");
    }
    long to = instant(toText, "to").orElse(clock.millis());
    long from = instant(fromText, "from").orElse(to - 30L * 24 * 3600 * 1000);
    long now = clock.millis();
    boolean byAgent = "agent".equals(groupBy);
    String column = byAgent ? "agent_id" : "team_id";
    return access.supervisor(me, businessId).compose(a -> CareRepository.rows(CareRepository.REPORT_EPISODES,
        db.pool(), params("businessId", businessId, "from", from, "to", to, "from2", from, "to2", to))
        .compose(episodes -> CareRepository.rows(CareRepository.REPORT_BREACHES, db.pool(),
            params("businessId", businessId, "from", from, "to", to, "businessId2", businessId, "now1", now,
                "now2", now, "now3", now))
            .compose(breaches -> CareRepository.rows(CareRepository.REPORT_CSAT, db.pool(),
                params("businessId", businessId, "from", from, "to", to)).map(csat -> {
                  Map<String, Group> groups = new LinkedHashMap<>();
                  for (Row e : episodes) {
                    Group g = groups.computeIfAbsent(key(e.getString(column)), Group::new);
                    Long started = e.getLong("started_at");
                    Long resolved = e.getLong("resolved_at");
                    Long first = e.getLong("first_response_at");
                    if (started >= from && started < to) {
                      g.conversations++;
                      if (first != null) {
                        g.firstResponses.add(first - started);
                      }
                    }
                    if (resolved != null && resolved >= from && resolved < to) {
                      g.resolved++;
                    }
                  }
                  for (Row b : breaches) {
                    long count = breachesIn(b, from, to, now);
                    if (count > 0) {
                      groups.computeIfAbsent(key(b.getString(column)), Group::new).breaches += count;
                    }
                  }
                  csat.forEach(c -> {
                    Group g = groups.computeIfAbsent(key(c.getString(column)), Group::new);
                    g.ratings++;
                    g.scoreSum += c.getInteger("score");
                  });
                  JsonArray rows = new JsonArray();
                  groups.values().forEach(g -> rows.add(g.toJson(byAgent)));
                  return new JsonObject().put("from", Instant.ofEpochMilli(from).toString())
                      .put("to", Instant.ofEpochMilli(to).toString()).put("groupBy", groupBy).put("rows", rows);
                }))));
  }

  /**
   * How many breaches a row of {@code REPORT_BREACHES} adds to [from, to): a breach of record is one
   * (the query chose its period); a conversation counts each of its targets overdue at {@code now}
   * that fell due in the period.
   */
  private static long breachesIn(Row r, long from, long to, long now) {
    if ("record".equals(r.getString("origin").strip())) {
      return 1;
    }
    long count = 0;
    for (String column : List.of("first_due", "next_due", "resolution_due")) {
      Long due = r.getLong(column);
      if (due != null && due < now && due >= from && due < to) {
        count++;
      }
    }
    return count;
  }

  private static String key(String id) {
    return id == null ? "" : id;
  }

  /** One row of a report. */
  private static final class Group {
    final String id;
    long conversations;
    long resolved;
    long breaches;
    long ratings;
    long scoreSum;
    final List<Long> firstResponses = new ArrayList<>();

    Group(String id) {
      this.id = id;
    }

    JsonObject toJson(boolean byAgent) {
      Long median = null;
      if (!firstResponses.isEmpty()) {
        List<Long> sorted = firstResponses.stream().sorted().toList();
        int n = sorted.size();
        median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      }
      return new JsonObject().put(byAgent ? "agentId" : "teamId", id.isEmpty() ? null : id)
          .put("conversations", conversations).put("resolved", resolved)
          .put("medianFirstResponseSeconds", median == null ? null : median / 1000)
          .put("slaBreaches", breaches)
          .put("csatAverage", ratings == 0 ? null : Math.round(scoreSum * 100.0 / ratings) / 100.0)
          .put("csatCount", ratings);
    }
  }

  private static Optional<Long> instant(Optional<String> text, String field) {
    try {
      return text.map(t -> Instant.parse(t).toEpochMilli());
    } catch (RuntimeException e) {
      throw PlatformException.invalid(field, field + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }

  // ---- input ----

  static String string(JsonObject body, String name, int min, int max) {
    Object v = body.getValue(name);
    if (v instanceof String s && s.strip().length() >= min && s.length() <= max
        && s.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      return s.strip();
    }
    throw PlatformException.invalid("/" + name, name + " must be text of " + min + "-" + max + " characters");
  }

  private static String role(Object raw) {
    if (raw instanceof String s && ROLES.contains(s)) {
      return s;
    }
    throw PlatformException.invalid("/role", "role must be agent or supervisor");
  }

  private static int maxOpen(Object raw) {
    if (raw instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0 && n.longValue() <= 1000) {
      return n.intValue();
    }
    throw PlatformException.invalid("/maxOpen", "maxOpen must be a whole number from 0 to 1,000");
  }
}
