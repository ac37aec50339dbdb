package dev.parley.core.business.care;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of customer care: agents, teams, the conversations' handover rows, notes, replies, ratings. */
final class CareRepository {

  // ---- agents ----
  static final Statement AGENT_ROLE = sql("SELECT role FROM care_agents WHERE business_id = #{businessId} "
      + "AND account_id = #{accountId}");
  static final Statement AGENTS = sql("SELECT ca.account_id, ca.role, ca.max_open, ca.available, ca.open_count, "
      + "a.username, a.display_name FROM care_agents ca JOIN accounts a ON a.id = ca.account_id "
      + "WHERE ca.business_id = #{businessId} ORDER BY ca.created_at, ca.account_id");
  static final Statement INSERT_AGENT = sql("INSERT INTO care_agents (business_id, account_id, role, max_open, "
      + "available, open_count, created_at) VALUES (#{businessId}, #{accountId}, #{role}, #{maxOpen}, TRUE, 0, "
      + "#{createdAt}) ON CONFLICT DO NOTHING");
  static final Statement UPDATE_AGENT = sql("UPDATE care_agents SET role = #{role}, max_open = #{maxOpen} "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId}");
  static final Statement DELETE_AGENT = sql("DELETE FROM care_agents WHERE business_id = #{businessId} "
      + "AND account_id = #{accountId}");
  static final Statement AVAILABILITY = sql("UPDATE care_agents SET available = #{available} "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId}");
  /** Takes one unit of the agent's capacity: no row changes once the agent is at max_open. */
  static final Statement CLAIM_CAPACITY = sql("UPDATE care_agents SET open_count = open_count + 1 "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId} AND open_count < max_open");
  static final Statement RETURN_CAPACITY = sql("UPDATE care_agents SET open_count = open_count - 1 "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId} AND open_count > 0");
  static final Statement INBOXES = sql("SELECT b.id, b.handle, b.name, ca.role FROM care_agents ca "
      + "JOIN businesses b ON b.id = ca.business_id WHERE ca.account_id = #{accountId} "
      + "UNION SELECT b.id, b.handle, b.name, 'owner' FROM businesses b WHERE b.owner_id = #{ownerId} "
      + "AND b.status = 'verified'");
  /** Candidates of a team for automatic assignment: available agents of the team below their cap. */
  static final Statement CANDIDATES = sql("SELECT ca.account_id, ca.open_count, ca.max_open, ca.last_turn "
      + "FROM care_agents ca JOIN care_team_members tm ON tm.account_id = ca.account_id "
      + "WHERE tm.team_id = #{teamId} AND ca.business_id = #{businessId} AND ca.available = TRUE "
      + "AND ca.open_count < ca.max_open ORDER BY ca.account_id");
  static final Statement ANY_CANDIDATES = sql("SELECT ca.account_id, ca.open_count, ca.max_open, ca.last_turn "
      + "FROM care_agents ca WHERE ca.business_id = #{businessId} AND ca.available = TRUE "
      + "AND ca.open_count < ca.max_open ORDER BY ca.account_id");
  /** Every agent row of the business, locked in id order: automatic assignments of a business take turns. */
  static final Statement LOCK_AGENTS = sql("SELECT account_id, last_turn FROM care_agents "
      + "WHERE business_id = #{businessId} ORDER BY account_id FOR UPDATE");
  /** The agent's turn in the business's round-robin (one more than the latest turn of any of its agents). */
  static final Statement TAKE_TURN = sql("UPDATE care_agents SET last_turn = #{turn} "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId}");

  // ---- teams ----
  static final String TEAM_COLUMNS = "id, business_id, name, hours, out_of_hours_message, assignment, sla_policy_id";
  static final Statement TEAMS = sql("SELECT " + TEAM_COLUMNS + " FROM care_teams WHERE business_id = #{businessId} "
      + "ORDER BY created_at, id");
  static final Statement TEAM = sql("SELECT " + TEAM_COLUMNS + " FROM care_teams WHERE id = #{id} "
      + "AND business_id = #{businessId}");
  static final Statement INSERT_TEAM = sql("INSERT INTO care_teams (id, business_id, name, hours, "
      + "out_of_hours_message, assignment, sla_policy_id, created_at) VALUES (#{id}, #{businessId}, #{name}, "
      + "#{hours}, #{outOfHoursMessage}, #{assignment}, #{slaPolicyId}, #{createdAt})");
  static final Statement UPDATE_TEAM = sql("UPDATE care_teams SET name = #{name}, hours = #{hours}, "
      + "out_of_hours_message = #{outOfHoursMessage}, assignment = #{assignment}, sla_policy_id = #{slaPolicyId} "
      + "WHERE id = #{id} AND business_id = #{businessId}");
  static final Statement DELETE_TEAM = sql("DELETE FROM care_teams WHERE id = #{id} AND business_id = #{businessId}");
  static final Statement TEAM_MEMBERS = sql("SELECT tm.team_id, tm.account_id FROM care_team_members tm "
      + "JOIN care_teams t ON t.id = tm.team_id WHERE t.business_id = #{businessId}");
  static final Statement ADD_TEAM_MEMBER = sql("INSERT INTO care_team_members (team_id, account_id) "
      + "VALUES (#{teamId}, #{accountId}) ON CONFLICT DO NOTHING");
  static final Statement CLEAR_TEAMS_OF = sql("DELETE FROM care_team_members WHERE account_id = #{accountId} "
      + "AND team_id IN (SELECT id FROM care_teams WHERE business_id = #{businessId})");

  // ---- SLA policies ----
  static final Statement POLICIES = sql("SELECT id, name, first_response_minutes, next_response_minutes, "
      + "resolution_minutes FROM care_sla_policies WHERE business_id = #{businessId} ORDER BY created_at, id");
  static final Statement POLICY = sql("SELECT id, name, first_response_minutes, next_response_minutes, "
      + "resolution_minutes FROM care_sla_policies WHERE id = #{id} AND business_id = #{businessId}");
  static final Statement INSERT_POLICY = sql("INSERT INTO care_sla_policies (id, business_id, name, "
      + "first_response_minutes, next_response_minutes, resolution_minutes, created_at) VALUES (#{id}, "
      + "#{businessId}, #{name}, #{first}, #{next}, #{resolution}, #{createdAt})");
  static final Statement UPDATE_POLICY = sql("UPDATE care_sla_policies SET name = #{name}, "
      + "first_response_minutes = #{first}, next_response_minutes = #{next}, resolution_minutes = #{resolution} "
      + "WHERE id = #{id} AND business_id = #{businessId}");

  // ---- canned replies ----
  static final Statement CANNED = sql("SELECT id, shortcut, body FROM care_canned_replies "
      + "WHERE business_id = #{businessId} ORDER BY shortcut");
  static final Statement CANNED_ONE = sql("SELECT id, shortcut, body FROM care_canned_replies "
      + "WHERE id = #{id} AND business_id = #{businessId}");
  static final Statement INSERT_CANNED = sql("INSERT INTO care_canned_replies (id, business_id, shortcut, body, "
      + "created_at) VALUES (#{id}, #{businessId}, #{shortcut}, #{body}, #{createdAt})");
  static final Statement UPDATE_CANNED = sql("UPDATE care_canned_replies SET shortcut = #{shortcut}, body = #{body} "
      + "WHERE id = #{id} AND business_id = #{businessId}");
  static final Statement DELETE_CANNED = sql("DELETE FROM care_canned_replies WHERE id = #{id} "
      + "AND business_id = #{businessId}");

  // ---- conversations ----
  static final String CONVERSATION_COLUMNS = "cc.conversation_id, cc.business_id, cc.customer_id, cc.state, "
      + "cc.status, cc.assignee_id, cc.team_id, cc.snoozed_until, cc.labels, cc.episode, cc.waiting_since, "
      + "cc.first_response_due_at, cc.next_response_due_at, cc.resolution_due_at, cc.first_response_at, "
      + "cc.resolved_at, cc.resolved_by, cc.last_message, cc.last_message_at, cc.last_customer_seq, "
      + "cc.agent_read_seq";
  static final String VIEW_COLUMNS = CONVERSATION_COLUMNS + ", bc.opaque_id, bc.shared_at, cust.display_name "
      + "AS customer_name, ag.display_name AS assignee_name, t.name AS team_name";
  static final String VIEW_FROM = " FROM care_conversations cc "
      + "LEFT JOIN business_customers bc ON bc.business_id = cc.business_id AND bc.account_id = cc.customer_id "
      + "LEFT JOIN accounts cust ON cust.id = cc.customer_id LEFT JOIN accounts ag ON ag.id = cc.assignee_id "
      + "LEFT JOIN care_teams t ON t.id = cc.team_id ";
  static final Statement CONVERSATION = sql("SELECT " + VIEW_COLUMNS + VIEW_FROM
      + "WHERE cc.conversation_id = #{conversationId}");
  static final Statement INSERT_CONVERSATION = sql("INSERT INTO care_conversations (conversation_id, business_id, "
      + "customer_id, state, status, created_at) VALUES (#{conversationId}, #{businessId}, #{customerId}, 'bot', "
      + "'pending', #{createdAt}) ON CONFLICT DO NOTHING");
  static final Statement THREAD = sql("SELECT business_id, customer_id FROM business_conversations "
      + "WHERE conversation_id = #{conversationId}");
  /** A state change guarded by the state read: no row changes when another request moved it first. */
  static final Statement ENTER_WAITING = sql("UPDATE care_conversations SET state = 'waiting_for_agent', "
      + "status = 'open', episode = episode + 1, waiting_since = #{now}, team_id = #{teamId}, assignee_id = NULL, "
      + "first_response_due_at = #{firstDue}, next_response_due_at = NULL, resolution_due_at = #{resolutionDue}, "
      + "first_response_at = NULL, snoozed_until = NULL, resolved_at = NULL, resolved_by = NULL "
      + "WHERE conversation_id = #{conversationId} AND state = 'bot'");
  static final Statement INSERT_EPISODE = sql("INSERT INTO care_episodes (conversation_id, episode, business_id, "
      + "team_id, started_at) VALUES (#{conversationId}, #{episode}, #{businessId}, #{teamId}, #{now})");
  /** The conversation's row locked while it waits unassigned (no row: nothing to assign). */
  static final Statement LOCK_WAITING = sql("SELECT conversation_id FROM care_conversations "
      + "WHERE conversation_id = #{conversationId} AND state = 'waiting_for_agent' AND assignee_id IS NULL "
      + "FOR UPDATE");
  /** Assignment: only an unassigned conversation still waiting takes an assignee (never two). */
  static final Statement ASSIGN_WAITING = sql("UPDATE care_conversations SET assignee_id = #{agentId} "
      + "WHERE conversation_id = #{conversationId} AND state = 'waiting_for_agent' AND assignee_id IS NULL");
  static final Statement REASSIGN = sql("UPDATE care_conversations SET assignee_id = #{agentId} "
      + "WHERE conversation_id = #{conversationId} AND state = #{state} AND assignee_id = #{from}");
  static final Statement UNASSIGN_WAITING = sql("UPDATE care_conversations SET assignee_id = NULL "
      + "WHERE conversation_id = #{conversationId} AND state = 'waiting_for_agent' AND assignee_id = #{from}");
  static final Statement EPISODE_AGENT = sql("UPDATE care_episodes SET agent_id = #{agentId} "
      + "WHERE conversation_id = #{conversationId} AND episode = #{episode}");
  static final Statement TAKE = sql("UPDATE care_conversations SET state = 'agent', status = 'open', "
      + "assignee_id = #{agentId} WHERE conversation_id = #{conversationId} AND state = 'waiting_for_agent' "
      + "AND (assignee_id IS NULL OR assignee_id = #{agentId2})");
  static final Statement TO_BOT = sql("UPDATE care_conversations SET state = 'bot', status = 'pending', "
      + "assignee_id = NULL, waiting_since = NULL, first_response_due_at = NULL, next_response_due_at = NULL, "
      + "resolution_due_at = NULL, snoozed_until = NULL WHERE conversation_id = #{conversationId} AND state = #{from}");
  static final Statement RESOLVE = sql("UPDATE care_conversations SET state = 'resolved', status = 'resolved', "
      + "resolved_at = #{now}, resolved_by = #{agentId}, first_response_due_at = NULL, next_response_due_at = NULL, "
      + "resolution_due_at = NULL, snoozed_until = NULL, waiting_since = NULL "
      + "WHERE conversation_id = #{conversationId} AND state = 'agent'");
  static final Statement EPISODE_RESOLVED = sql("UPDATE care_episodes SET resolved_at = #{now} "
      + "WHERE conversation_id = #{conversationId} AND episode = #{episode}");
  static final Statement HUMAN_REPLY = sql("UPDATE care_conversations SET first_response_at = COALESCE("
      + "first_response_at, #{now}), first_response_due_at = NULL, next_response_due_at = NULL "
      + "WHERE conversation_id = #{conversationId}");
  static final Statement EPISODE_FIRST_RESPONSE = sql("UPDATE care_episodes SET first_response_at = #{now} "
      + "WHERE conversation_id = #{conversationId} AND episode = #{episode} AND first_response_at IS NULL");
  static final Statement CUSTOMER_MESSAGE = sql("UPDATE care_conversations SET last_message = #{text}, "
      + "last_message_at = #{now}, last_customer_seq = #{seq}, next_response_due_at = COALESCE("
      + "next_response_due_at, #{nextDue}), status = CASE WHEN status = 'snoozed' THEN 'open' ELSE status END, "
      + "snoozed_until = CASE WHEN status = 'snoozed' THEN NULL ELSE snoozed_until END "
      + "WHERE conversation_id = #{conversationId}");
  static final Statement LAST_MESSAGE = sql("UPDATE care_conversations SET last_message = #{text}, "
      + "last_message_at = #{now} WHERE conversation_id = #{conversationId}");
  static final Statement SNOOZE = sql("UPDATE care_conversations SET status = 'snoozed', snoozed_until = #{until} "
      + "WHERE conversation_id = #{conversationId} AND state IN ('waiting_for_agent', 'agent')");
  static final Statement WAKE = sql("UPDATE care_conversations SET status = 'open', snoozed_until = NULL "
      + "WHERE business_id = #{businessId} AND status = 'snoozed' AND snoozed_until <= #{now}");
  static final Statement LABELS = sql("UPDATE care_conversations SET labels = #{labels} "
      + "WHERE conversation_id = #{conversationId}");
  static final Statement READ = sql("UPDATE care_conversations SET agent_read_seq = #{seq} "
      + "WHERE conversation_id = #{conversationId} AND agent_read_seq < #{seq2}");
  /** How many wait ahead of a conversation in its team's queue (earlier, or as early with a smaller id). */
  static final Statement AHEAD_IN_TEAM = sql("SELECT COUNT(*) AS ahead FROM care_conversations "
      + "WHERE business_id = #{businessId} AND team_id = #{teamId} AND state = 'waiting_for_agent' "
      + "AND (waiting_since < #{since} OR (waiting_since = #{since2} AND conversation_id < #{conversationId}))");
  static final Statement AHEAD_WITHOUT_TEAM = sql("SELECT COUNT(*) AS ahead FROM care_conversations "
      + "WHERE business_id = #{businessId} AND team_id IS NULL AND state = 'waiting_for_agent' "
      + "AND (waiting_since < #{since} OR (waiting_since = #{since2} AND conversation_id < #{conversationId}))");
  static final Statement ACTIVE_OF_AGENT = sql("SELECT conversation_id FROM care_conversations "
      + "WHERE business_id = #{businessId} AND assignee_id = #{agentId} AND state IN ('waiting_for_agent', 'agent')");

  // ---- SLA breaches, notes, ratings ----
  static final Statement INSERT_BREACH = sql("INSERT INTO care_sla_breaches (id, conversation_id, business_id, "
      + "episode, kind, due_at, met_at, agent_id, team_id) VALUES (#{id}, #{conversationId}, #{businessId}, "
      + "#{episode}, #{kind}, #{dueAt}, #{metAt}, #{agentId}, #{teamId}) ON CONFLICT DO NOTHING");
  /** The conversation's row, locked for the transaction, to record the targets that lapse with a change. */
  static final Statement LOCK_TARGETS = sql("SELECT business_id, state, episode, assignee_id, team_id, "
      + "first_response_due_at, next_response_due_at, resolution_due_at FROM care_conversations "
      + "WHERE conversation_id = #{conversationId} FOR UPDATE");
  static final Statement BREACHES = sql("SELECT kind, due_at, met_at FROM care_sla_breaches "
      + "WHERE conversation_id = #{conversationId} AND episode = #{episode} ORDER BY due_at");
  static final Statement INSERT_NOTE = sql("INSERT INTO care_notes (id, conversation_id, business_id, author_id, "
      + "body, created_at) VALUES (#{id}, #{conversationId}, #{businessId}, #{authorId}, #{body}, #{createdAt})");
  static final Statement NOTES = sql("SELECT n.id, n.author_id, n.body, n.created_at, a.display_name "
      + "FROM care_notes n JOIN accounts a ON a.id = n.author_id WHERE n.conversation_id = #{conversationId} "
      + "ORDER BY n.created_at, n.id");
  static final Statement INSERT_RATING = sql("INSERT INTO care_csat (conversation_id, episode, business_id, "
      + "agent_id, team_id, score, comment, created_at) VALUES (#{conversationId}, #{episode}, #{businessId}, "
      + "#{agentId}, #{teamId}, #{score}, #{comment}, #{createdAt})");
  static final Statement EPISODE = sql("SELECT team_id, agent_id, started_at, first_response_at, resolved_at "
      + "FROM care_episodes WHERE conversation_id = #{conversationId} AND episode = #{episode}");

  // ---- reports ----
  static final Statement REPORT_EPISODES = sql("SELECT e.agent_id, e.team_id, e.started_at, e.first_response_at, "
      + "e.resolved_at FROM care_episodes e WHERE e.business_id = #{businessId} AND ((e.started_at >= #{from} "
      + "AND e.started_at < #{to}) OR (e.resolved_at >= #{from2} AND e.resolved_at < #{to2}))");
  /**
   * Breaches by the time their target fell due: those of record (met late, or lapsed unmet), and in
   * one snapshot the targets still overdue on conversations with people (not yet of record; a target
   * is written to the record in the same transaction that clears it, so none counts twice).
   */
  static final Statement REPORT_BREACHES = sql("SELECT agent_id, team_id, due_at AS first_due, "
      + "CAST(NULL AS BIGINT) AS next_due, CAST(NULL AS BIGINT) AS resolution_due, 'record' AS origin "
      + "FROM care_sla_breaches WHERE business_id = #{businessId} AND due_at >= #{from} AND due_at < #{to} "
      + "UNION ALL SELECT assignee_id, team_id, first_response_due_at, next_response_due_at, resolution_due_at, "
      + "'open' FROM care_conversations WHERE business_id = #{businessId2} "
      + "AND state IN ('waiting_for_agent', 'agent') AND (first_response_due_at < #{now1} "
      + "OR next_response_due_at < #{now2} OR resolution_due_at < #{now3})");
  static final Statement REPORT_CSAT = sql("SELECT agent_id, team_id, score FROM care_csat "
      + "WHERE business_id = #{businessId} AND created_at >= #{from} AND created_at < #{to}");

  private CareRepository() {
  }

  static Future<List<Row>> rows(Statement statement, SqlClient client, Map<String, Object> params) {
    return statement.list(client, params, row -> row);
  }

  static Future<Optional<Row>> row(Statement statement, SqlClient client, Map<String, Object> params) {
    return statement.first(client, params, row -> row);
  }

  static Future<Integer> update(Statement statement, SqlClient client, Object... nameValues) {
    return statement.update(client, params(nameValues));
  }

  static JsonArray labels(String stored) {
    return stored == null || stored.isBlank() ? new JsonArray() : new JsonArray(stored);
  }
}
