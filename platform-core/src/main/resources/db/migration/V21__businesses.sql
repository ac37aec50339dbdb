-- Businesses in the chat (issue 21, business): accounts of a business, its bots, its API keys,
-- the opaque ids its customers have for it, and the conversations customers started with it.

-- Who an account is: a person (signs in) or a bot (a business's voice; it never signs in, it
-- speaks only through the Business API). Messages derive senderKind from it.
ALTER TABLE accounts ADD COLUMN kind VARCHAR(8) DEFAULT 'person' NOT NULL;

-- A business, made by a developer (owner_id) and verified by an admin: status pending ->
-- verified | rejected, suspended by an admin. The badge is drawn from status = 'verified' only.
CREATE TABLE businesses (
  id                 VARCHAR(32)   PRIMARY KEY,
  handle             VARCHAR(32)   NOT NULL UNIQUE,
  name               VARCHAR(64)   NOT NULL,
  logo_attachment_id VARCHAR(32)   REFERENCES attachments (id) ON DELETE SET NULL,
  description        VARCHAR(1000) NOT NULL DEFAULT '',
  category           VARCHAR(32)   NOT NULL,
  website            VARCHAR(2048),
  hours              VARCHAR(2000),
  privacy_url        VARCHAR(2048) NOT NULL,
  owner_id           VARCHAR(32)   NOT NULL REFERENCES accounts (id),
  status             VARCHAR(12)   NOT NULL,
  created_at         BIGINT        NOT NULL,
  verified_at        BIGINT,
  bot_account_id     VARCHAR(32)   NOT NULL UNIQUE REFERENCES accounts (id),
  review_reason      VARCHAR(500)
);
CREATE INDEX businesses_by_owner ON businesses (owner_id);
CREATE INDEX businesses_by_status ON businesses (status);

-- API keys of the Business API: only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE business_api_keys (
  id           VARCHAR(32) PRIMARY KEY,
  business_id  VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  name         VARCHAR(64) NOT NULL,
  key_hash     VARCHAR(64) NOT NULL UNIQUE,
  hint         VARCHAR(12) NOT NULL,
  created_at   BIGINT      NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX business_api_keys_by_business ON business_api_keys (business_id);

-- The id a business knows a customer by (like Apple's opaque ids): one per (business, account);
-- shared_at is set when the customer chose to show the business their name and username.
CREATE TABLE business_customers (
  business_id VARCHAR(32) NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  account_id  VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  opaque_id   VARCHAR(40) NOT NULL UNIQUE,
  created_at  BIGINT      NOT NULL,
  shared_at   BIGINT,
  PRIMARY KEY (business_id, account_id)
);

-- A customer's conversation with a business (the direct conversation with its bot): the context
-- parameter it was started with, when the bot said it is automated, when the customer blocked it.
CREATE TABLE business_conversations (
  conversation_id VARCHAR(32)  PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  business_id     VARCHAR(32)  NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  customer_id     VARCHAR(32)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  context         VARCHAR(512),
  created_at      BIGINT       NOT NULL,
  announced_at    BIGINT
);
CREATE INDEX business_conversations_by_business ON business_conversations (business_id);


-- Business API texts may be 4,096 characters (bots only; people's stay at 4,000).
ALTER TABLE messages ALTER COLUMN body SET DATA TYPE VARCHAR(4096);
