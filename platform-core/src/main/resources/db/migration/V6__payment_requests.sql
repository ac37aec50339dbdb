-- Payment requests: an app asks (parley.payments.request), the paying user confirms in the
-- messenger's own sheet, and only then the ledger moves the money (transfer key
-- 'payreq:<id>', so one request moves money at most once whatever is retried).
--
-- status: pending → confirming (one confirmation has claimed it and is moving the money) →
-- completed → refunded; pending → cancelled | expired. Only the claimer of 'confirming' moves
-- money; cancel and expiry act on 'pending' rows only.
CREATE TABLE payment_requests (
  id                 VARCHAR(32)  PRIMARY KEY,
  app_id             VARCHAR(32)  NOT NULL REFERENCES apps (id),
  app_name           VARCHAR(80)  NOT NULL,
  conversation_id    VARCHAR(32)  NOT NULL,
  payer_id           VARCHAR(32)  NOT NULL REFERENCES accounts (id),
  payee_kind         VARCHAR(16)  NOT NULL, -- user (payee_id = account id) | merchant (payee_id = the app id)
  payee_id           VARCHAR(64)  NOT NULL,
  payee_name         VARCHAR(80)  NOT NULL, -- what the sheet shows: the display name, or the app's name
  payee_username     VARCHAR(32)  NOT NULL, -- empty for a merchant
  currency           CHAR(3)      NOT NULL,
  amount             BIGINT       NOT NULL,
  note               VARCHAR(200) NOT NULL,
  reference          VARCHAR(200) NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  created_at         BIGINT       NOT NULL,
  expires_at         BIGINT       NOT NULL,
  claimed_at         BIGINT,               -- when the current confirmation claimed it
  confirm_key        VARCHAR(100),         -- the client's idempotency key of the confirmation that claimed it
  resolved_at        BIGINT,               -- completed, cancelled or expired
  transfer_id        VARCHAR(32),
  refund_transfer_id VARCHAR(32),
  refunded_at        BIGINT,
  notified_at        BIGINT,               -- when the app's payment handler got the outcome
  CONSTRAINT payment_requests_amount_positive CHECK (amount > 0),
  CONSTRAINT payment_requests_payee_kind CHECK (payee_kind IN ('user', 'merchant')),
  CONSTRAINT payment_requests_status CHECK (status IN ('pending', 'confirming', 'completed', 'cancelled', 'expired', 'refunded'))
);

CREATE INDEX payment_requests_payer ON payment_requests (payer_id, status, created_at);
CREATE INDEX payment_requests_payee ON payment_requests (payee_id, status, created_at);
CREATE INDEX payment_requests_due ON payment_requests (status, expires_at);
