-- Red packets (the gifting mini-app's money): a total held in an escrow account of the ledger
-- (kind escrow, owner = the packet's id), split into shares fixed at creation; each member of the
-- conversation claims at most one; after expires_at the unclaimed rest returns to the sender.
-- Money only moves through LedgerService.transfer, with the keys packet:<id>:fund,
-- packet:<id>:share:<n> and packet:<id>:return; these tables say what should move, the ledger
-- makes each move once.

-- status: funding (row written, the sender's money not moved yet), active, finished (every share
-- claimed), expired (claims refused; the unclaimed rest returns). create_key is the creator's
-- idempotency key and request_hash the SHA-256 of what was asked, so a retry is told apart from a
-- new request with a reused key. returned_at is set once the return is settled (returned_amount
-- 0 when there was nothing in escrow to return).
CREATE TABLE red_packets (
  id                VARCHAR(32)  PRIMARY KEY,
  sender_id         VARCHAR(32)  NOT NULL REFERENCES accounts (id),
  conversation_id   VARCHAR(32)  NOT NULL REFERENCES conversations (id),
  create_key        VARCHAR(200) NOT NULL,
  request_hash      CHAR(64)     NOT NULL,
  currency          CHAR(3)      NOT NULL,
  total             BIGINT       NOT NULL,
  shares            INTEGER      NOT NULL,
  mode              VARCHAR(8)   NOT NULL,
  message           VARCHAR(100) NOT NULL,
  sender_may_claim  BOOLEAN      NOT NULL,
  escrow_account    VARCHAR(32)  REFERENCES ledger_accounts (id),
  fund_transfer     VARCHAR(32)  REFERENCES transfers (id),
  status            VARCHAR(8)   NOT NULL,
  expires_at        BIGINT       NOT NULL,
  returned_transfer VARCHAR(32)  REFERENCES transfers (id),
  returned_amount   BIGINT,
  returned_at       BIGINT,
  created_at        BIGINT       NOT NULL,
  CONSTRAINT red_packets_create_key UNIQUE (sender_id, create_key),
  CONSTRAINT red_packets_total CHECK (total > 0),
  CONSTRAINT red_packets_shares CHECK (shares > 0 AND shares <= total),
  CONSTRAINT red_packets_mode CHECK (mode IN ('equal', 'lucky')),
  CONSTRAINT red_packets_status CHECK (status IN ('funding', 'active', 'finished', 'expired'))
);
CREATE INDEX red_packets_due ON red_packets (status, expires_at);
CREATE INDEX red_packets_conversation ON red_packets (conversation_id, created_at);

-- One row per share, amounts fixed at creation. claimed_by is unique per packet (NULLs, the
-- unclaimed shares, do not collide); transfer_id is set once the share's money has moved.
CREATE TABLE red_packet_shares (
  packet_id   VARCHAR(32) NOT NULL REFERENCES red_packets (id),
  share_index INTEGER     NOT NULL,
  amount      BIGINT      NOT NULL,
  claimed_by  VARCHAR(32) REFERENCES accounts (id),
  claimed_at  BIGINT,
  transfer_id VARCHAR(32) REFERENCES transfers (id),
  PRIMARY KEY (packet_id, share_index),
  CONSTRAINT red_packet_shares_one_per_member UNIQUE (packet_id, claimed_by),
  CONSTRAINT red_packet_shares_amount CHECK (amount > 0)
);
-- claimed shares whose money has not moved yet (a crash between the claim and its transfer)
CREATE INDEX red_packet_shares_unpaid ON red_packet_shares (transfer_id, claimed_at);
