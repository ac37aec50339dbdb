-- Business webhooks (issue 21, webhooks): endpoints per business, the durable outbox of events,
-- and one delivery per event and endpoint (Standard Webhooks; docs/business-webhooks.md).
--
-- Builds on V21 (businesses).

-- An endpoint of a business: where events go, which types (NULL: all; else a comma-separated
-- list), the signing secret (whsec_<base64>) and, during a rotation, the previous one with the
-- time it stops being used (deliveries are signed with both until then).
CREATE TABLE webhook_endpoints (
  id                   VARCHAR(32)   PRIMARY KEY,
  business_id          VARCHAR(32)   NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  url                  VARCHAR(2048) NOT NULL,
  event_types          VARCHAR(1000),
  description          VARCHAR(200),
  secret               VARCHAR(100)  NOT NULL,
  previous_secret      VARCHAR(100),
  previous_expires_at  BIGINT,
  enabled              BOOLEAN       NOT NULL,
  created_at           BIGINT        NOT NULL
);
CREATE INDEX webhook_endpoints_business ON webhook_endpoints (business_id);

-- The outbox: one row per published event, its whole JSON body as delivered (at most 1 MB);
-- the id (msg_...) is the webhook-id header, the receivers' idempotency key.
CREATE TABLE webhook_events (
  id          VARCHAR(40)  PRIMARY KEY,
  business_id VARCHAR(32)  NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  type        VARCHAR(64)  NOT NULL,
  body        TEXT         NOT NULL,
  created_at  BIGINT       NOT NULL
);

-- One delivery of an event to an endpoint: pending (next_attempt_at says when), delivered, or
-- dead (every retry failed; a replay makes it pending again). A worker claims a due delivery by
-- setting lease_until (and lease_owner) in a conditional update, so no two workers of any node
-- send the same attempt at once; a lease left by a stopped node runs out and the delivery resumes.
CREATE TABLE webhook_deliveries (
  id               VARCHAR(32)  PRIMARY KEY,
  event_id         VARCHAR(40)  NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  endpoint_id      VARCHAR(32)  NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  business_id      VARCHAR(32)  NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  attempts         INT          NOT NULL,
  next_attempt_at  BIGINT       NOT NULL,
  lease_until      BIGINT,
  lease_owner      VARCHAR(32),
  last_status      INT,
  last_error       VARCHAR(500),
  last_attempt_at  BIGINT,
  delivered_at     BIGINT,
  created_at       BIGINT       NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_business ON webhook_deliveries (business_id, status, created_at);
