-- The ledger: double-entry accounts, transfers (each with its idempotency key) and their entries.
-- Amounts are integers in the currency's minor units (ISO 4217 exponent). Entries are never
-- updated or deleted: a correction is a new transfer.

-- kind: wallet (owner = a user's account id), issuing (owner = 'parley', one per currency, the only
-- account allowed below zero), escrow (owner = what holds the money, e.g. a red packet), merchant
-- (owner = an app id). A balance is kept with the entries in the same transaction.
CREATE TABLE ledger_accounts (
  id         VARCHAR(32) PRIMARY KEY,
  kind       VARCHAR(16) NOT NULL,
  owner_id   VARCHAR(64) NOT NULL,
  currency   CHAR(3)     NOT NULL,
  balance    BIGINT      NOT NULL DEFAULT 0,
  version    BIGINT      NOT NULL DEFAULT 0, -- +1 with each balance change: live events carry it, so clients keep the newest
  created_at BIGINT      NOT NULL,
  CONSTRAINT ledger_accounts_kind CHECK (kind IN ('wallet', 'issuing', 'escrow', 'merchant')),
  CONSTRAINT ledger_accounts_not_negative CHECK (balance >= 0 OR kind = 'issuing'),
  CONSTRAINT ledger_accounts_one_per_owner UNIQUE (kind, owner_id, currency)
);

-- request_hash: SHA-256 of the canonical request, so a retry with the same key and other content
-- is told apart from a true retry.
CREATE TABLE transfers (
  id              VARCHAR(32)  PRIMARY KEY,
  idempotency_key VARCHAR(200) NOT NULL,
  request_hash    CHAR(64)     NOT NULL,
  kind            VARCHAR(16)  NOT NULL,
  currency        CHAR(3)      NOT NULL,
  amount          BIGINT       NOT NULL,
  debit_account   VARCHAR(32)  NOT NULL REFERENCES ledger_accounts (id),
  credit_account  VARCHAR(32)  NOT NULL REFERENCES ledger_accounts (id),
  reference       VARCHAR(200) NOT NULL,
  note            VARCHAR(200) NOT NULL,
  created_by      VARCHAR(64)  NOT NULL,
  created_at      BIGINT       NOT NULL,
  CONSTRAINT transfers_idempotency_key UNIQUE (idempotency_key),
  CONSTRAINT transfers_amount_positive CHECK (amount > 0),
  CONSTRAINT transfers_two_accounts CHECK (debit_account <> credit_account)
);

CREATE TABLE ledger_entries (
  id          VARCHAR(32) PRIMARY KEY,
  transfer_id VARCHAR(32) NOT NULL REFERENCES transfers (id),
  account_id  VARCHAR(32) NOT NULL REFERENCES ledger_accounts (id),
  amount      BIGINT      NOT NULL,
  created_at  BIGINT      NOT NULL
);

CREATE INDEX ledger_entries_transfer ON ledger_entries (transfer_id);
-- a wallet's history, newest first, with a (created_at, id) cursor
CREATE INDEX ledger_entries_account_time ON ledger_entries (account_id, created_at, id);
