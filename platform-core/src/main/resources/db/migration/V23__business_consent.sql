-- Consent and pacing of business messages (issue 21): what each customer agreed to, the templates
-- a business may send outside the service window, and every business message sent (for pacing,
-- the customer's ledger and campaign counts). Builds on V21's businesses and business_conversations.

-- A customer's current choice per business and category (utility, marketing, authentication),
-- with the wording they were shown, where (conversation, profile, deep link, settings, keyword)
-- and when. The history of every change is in business_consent_events.
CREATE TABLE business_consents (
  business_id   VARCHAR(32)  NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  customer_id   VARCHAR(32)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  category      VARCHAR(16)  NOT NULL,
  opted_in      BOOLEAN      NOT NULL,
  wording       VARCHAR(500) NOT NULL,
  place         VARCHAR(32)  NOT NULL,
  changed_at    BIGINT       NOT NULL,
  since         BIGINT,
  PRIMARY KEY (business_id, customer_id, category)
);
CREATE INDEX business_consents_by_customer ON business_consents (customer_id);

CREATE TABLE business_consent_events (
  id          VARCHAR(32)  PRIMARY KEY,
  business_id VARCHAR(32)  NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  customer_id VARCHAR(32)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  category    VARCHAR(16)  NOT NULL,
  opted_in    BOOLEAN      NOT NULL,
  wording     VARCHAR(500) NOT NULL,
  place       VARCHAR(32)  NOT NULL,
  at          BIGINT       NOT NULL
);
CREATE INDEX business_consent_events_by_customer ON business_consent_events (customer_id, business_id, at);

-- Message templates: typed variables ({{name}}), one row per language, reviewed by an admin.
-- status: pending -> approved | rejected (reason_code machine-readable); approved -> paused
-- (quality: too many blocks after its sends) with paused_reason shown to the business.
CREATE TABLE business_templates (
  id            VARCHAR(32)   PRIMARY KEY,
  business_id   VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  name          VARCHAR(64)   NOT NULL,
  language      VARCHAR(8)    NOT NULL,
  category      VARCHAR(16)   NOT NULL,
  body          VARCHAR(1024) NOT NULL,
  variables     VARCHAR(2000) NOT NULL,
  status        VARCHAR(12)   NOT NULL,
  reason_code   VARCHAR(32),
  reason        VARCHAR(500),
  created_at    BIGINT        NOT NULL,
  reviewed_at   BIGINT,
  reviewed_by   VARCHAR(32),
  paused_reason VARCHAR(500),
  UNIQUE (business_id, name, language)
);
CREATE INDEX business_templates_by_status ON business_templates (status, created_at);

-- Every message a business's bot sent: category null for a reply inside the service window.
CREATE TABLE business_sends (
  message_id      VARCHAR(32) PRIMARY KEY,
  business_id     VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  customer_id     VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             BIGINT      NOT NULL,
  category        VARCHAR(16),
  template_id     VARCHAR(32),
  campaign        VARCHAR(64),
  sent_at         BIGINT      NOT NULL
);
CREATE INDEX business_sends_by_customer ON business_sends (business_id, customer_id, sent_at);
CREATE INDEX business_sends_by_conversation ON business_sends (conversation_id, sent_at);
CREATE INDEX business_sends_by_campaign ON business_sends (business_id, campaign);
