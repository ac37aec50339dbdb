-- One ledger transfer in one statement on PostgreSQL (LedgerService.write): the same steps as the
-- portable path, without a network round trip between them. Runs in the caller's statement, so it
-- is all or nothing. Outcomes: 'done' (written), 'replayed' (a transfer with this key exists: the
-- caller reads and compares it), 'insufficient' (nothing written; the debit balance is returned).
CREATE OR REPLACE FUNCTION ledger_transfer(
    p_id VARCHAR, p_key VARCHAR, p_hash CHAR, p_kind VARCHAR, p_currency CHAR, p_amount BIGINT,
    p_debit VARCHAR, p_credit VARCHAR, p_reference VARCHAR, p_note VARCHAR, p_created_by VARCHAR,
    p_now BIGINT, p_debit_entry VARCHAR, p_credit_entry VARCHAR)
  RETURNS TABLE (outcome TEXT, debit_kind VARCHAR, debit_owner VARCHAR, debit_balance BIGINT, debit_version BIGINT,
                 credit_kind VARCHAR, credit_owner VARCHAR, credit_balance BIGINT, credit_version BIGINT)
  LANGUAGE plpgsql AS $$
DECLARE
  d ledger_accounts%ROWTYPE;
  c ledger_accounts%ROWTYPE;
  n INT;
BEGIN
  -- Both rows locked in id order, as the portable path does, so opposite transfers never deadlock.
  PERFORM 1 FROM ledger_accounts WHERE id IN (p_debit, p_credit) ORDER BY id FOR UPDATE;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> 2 THEN
    RAISE EXCEPTION 'ledger account % or % is missing', p_debit, p_credit;
  END IF;
  IF EXISTS (SELECT 1 FROM transfers WHERE idempotency_key = p_key) THEN
    RETURN QUERY SELECT 'replayed'::TEXT, NULL::VARCHAR, NULL::VARCHAR, NULL::BIGINT, NULL::BIGINT,
        NULL::VARCHAR, NULL::VARCHAR, NULL::BIGINT, NULL::BIGINT;
    RETURN;
  END IF;
  SELECT * INTO d FROM ledger_accounts WHERE id = p_debit;
  SELECT * INTO c FROM ledger_accounts WHERE id = p_credit;
  IF d.currency <> p_currency OR c.currency <> p_currency THEN
    RAISE EXCEPTION 'account currencies differ from the transfer''s %', p_currency;
  END IF;
  IF d.kind <> 'issuing' AND d.balance < p_amount THEN
    RETURN QUERY SELECT 'insufficient'::TEXT, d.kind, d.owner_id, d.balance, d.version,
        c.kind, c.owner_id, c.balance, c.version;
    RETURN;
  END IF;
  UPDATE ledger_accounts SET balance = balance - p_amount, version = version + 1 WHERE id = p_debit
    RETURNING * INTO d;
  UPDATE ledger_accounts SET balance = balance + p_amount, version = version + 1 WHERE id = p_credit
    RETURNING * INTO c;
  INSERT INTO transfers (id, idempotency_key, request_hash, kind, currency, amount, debit_account, credit_account,
      reference, note, created_by, created_at)
    VALUES (p_id, p_key, p_hash, p_kind, p_currency, p_amount, p_debit, p_credit, p_reference, p_note, p_created_by, p_now);
  INSERT INTO ledger_entries (id, transfer_id, account_id, amount, created_at)
    VALUES (p_debit_entry, p_id, p_debit, -p_amount, p_now), (p_credit_entry, p_id, p_credit, p_amount, p_now);
  RETURN QUERY SELECT 'done'::TEXT, d.kind, d.owner_id, d.balance, d.version, c.kind, c.owner_id, c.balance, c.version;
END;
$$;
