-- Customer care (issue 22): agents and teams of a business, the handover state of each business
-- conversation, its SLA timers, private notes, canned replies, SLA policies and CSAT ratings.

-- A business's agents (Parley accounts): role agent | supervisor; open_count is how many
-- conversations are assigned to the agent and not resolved, kept by the same transactions that
-- assign and release, so a conditional update holds max_open under concurrent arrivals.
CREATE TABLE care_agents (
  business_id VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  account_id  VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role        VARCHAR(12) NOT NULL,
  max_open    INT         NOT NULL DEFAULT 5,
  available   BOOLEAN     NOT NULL DEFAULT TRUE,
  open_count  INT         NOT NULL DEFAULT 0,
  created_at  BIGINT      NOT NULL,
  PRIMARY KEY (business_id, account_id)
);
CREATE INDEX care_agents_by_account ON care_agents (account_id);

CREATE TABLE care_sla_policies (
  id                      VARCHAR(32) PRIMARY KEY,
  business_id             VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  name                    VARCHAR(64) NOT NULL,
  first_response_minutes  INT,
  next_response_minutes   INT,
  resolution_minutes      INT,
  created_at              BIGINT      NOT NULL
);
CREATE INDEX care_sla_policies_by_business ON care_sla_policies (business_id);

-- A team: its business hours ({timezone, weekly:{mon:[["09:00","17:00"]],...}}; none = always open),
-- the out-of-hours message, the assignment policy (manual | round_robin | load_balanced) and the
-- round-robin cursor (the account last assigned).
CREATE TABLE care_teams (
  id                    VARCHAR(32)   PRIMARY KEY,
  business_id           VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  name                  VARCHAR(64)   NOT NULL,
  hours                 VARCHAR(4000),
  out_of_hours_message  VARCHAR(1000),
  assignment            VARCHAR(16)   NOT NULL DEFAULT 'round_robin',
  sla_policy_id         VARCHAR(32)   REFERENCES care_sla_policies (id) ON DELETE SET NULL,
  rr_cursor             VARCHAR(32),
  created_at            BIGINT        NOT NULL
);
CREATE INDEX care_teams_by_business ON care_teams (business_id);

CREATE TABLE care_team_members (
  team_id    VARCHAR(32) NOT NULL REFERENCES care_teams (id) ON DELETE CASCADE,
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, account_id)
);

-- One row per business conversation: handover state (bot | waiting_for_agent | agent | resolved),
-- inbox status (open | pending | snoozed | resolved), assignee, team, labels (a JSON array), the
-- current episode (a new one each time the conversation goes to people) and its SLA timers.
CREATE TABLE care_conversations (
  conversation_id        VARCHAR(32)   PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  business_id            VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  customer_id            VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  state                  VARCHAR(20)   NOT NULL DEFAULT 'bot',
  status                 VARCHAR(12)   NOT NULL DEFAULT 'pending',
  assignee_id            VARCHAR(32)   REFERENCES accounts (id) ON DELETE SET NULL,
  team_id                VARCHAR(32)   REFERENCES care_teams (id) ON DELETE SET NULL,
  snoozed_until          BIGINT,
  labels                 VARCHAR(2000) NOT NULL DEFAULT '[]',
  episode                INT           NOT NULL DEFAULT 0,
  waiting_since          BIGINT,
  first_response_due_at  BIGINT,
  next_response_due_at   BIGINT,
  resolution_due_at      BIGINT,
  first_response_at      BIGINT,
  resolved_at            BIGINT,
  resolved_by            VARCHAR(32),
  last_message           VARCHAR(200),
  last_message_at        BIGINT,
  last_customer_seq      BIGINT        NOT NULL DEFAULT 0,
  agent_read_seq         BIGINT        NOT NULL DEFAULT 0,
  created_at             BIGINT        NOT NULL
);
CREATE INDEX care_conversations_by_business ON care_conversations (business_id, status, last_message_at);
CREATE INDEX care_conversations_by_assignee ON care_conversations (assignee_id);

-- Each time a conversation went to people: who had it, when it was first answered and resolved (reports).
CREATE TABLE care_episodes (
  conversation_id   VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  episode           INT         NOT NULL,
  business_id       VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  team_id           VARCHAR(32),
  agent_id          VARCHAR(32),
  started_at        BIGINT      NOT NULL,
  first_response_at BIGINT,
  resolved_at       BIGINT,
  PRIMARY KEY (conversation_id, episode)
);
CREATE INDEX care_episodes_by_business ON care_episodes (business_id, started_at);

-- A missed SLA target (first_response | next_response | resolution), recorded when met late.
CREATE TABLE care_sla_breaches (
  id              VARCHAR(32) PRIMARY KEY,
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  business_id     VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  episode         INT         NOT NULL,
  kind            VARCHAR(16) NOT NULL,
  due_at          BIGINT      NOT NULL,
  met_at          BIGINT      NOT NULL,
  agent_id        VARCHAR(32),
  team_id         VARCHAR(32),
  UNIQUE (conversation_id, episode, kind, due_at)
);
CREATE INDEX care_sla_breaches_by_business ON care_sla_breaches (business_id, met_at);

-- Private notes of agents on a conversation: never shown to the customer.
CREATE TABLE care_notes (
  id              VARCHAR(32)   PRIMARY KEY,
  conversation_id VARCHAR(32)   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  business_id     VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  author_id       VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  body            VARCHAR(4000) NOT NULL,
  created_at      BIGINT        NOT NULL
);
CREATE INDEX care_notes_by_conversation ON care_notes (conversation_id, created_at);

CREATE TABLE care_canned_replies (
  id          VARCHAR(32)   PRIMARY KEY,
  business_id VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  shortcut    VARCHAR(32)   NOT NULL,
  body        VARCHAR(4000) NOT NULL,
  created_at  BIGINT        NOT NULL,
  UNIQUE (business_id, shortcut)
);

-- A customer's rating of one episode (1-5), once: the primary key refuses a second.
CREATE TABLE care_csat (
  conversation_id VARCHAR(32)   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  episode         INT           NOT NULL,
  business_id     VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  agent_id        VARCHAR(32),
  team_id         VARCHAR(32),
  score           INT           NOT NULL,
  comment         VARCHAR(1000),
  created_at      BIGINT        NOT NULL,
  PRIMARY KEY (conversation_id, episode)
);
CREATE INDEX care_csat_by_business ON care_csat (business_id, created_at);
