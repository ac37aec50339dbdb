-- A payment request may pay into a red packet (parley.redpackets.create): the payer confirms in
-- the host's sheet, and the confirmation creates the packet (RedPackets.create with the key
-- 'payreq:<id>') in place of a wallet transfer. payee_kind 'red_packet' has payee_id = the
-- conversation; packet_shares and packet_mode say how to split amount (the packet's total), note is
-- its message, and packet_id is the packet once made.
ALTER TABLE payment_requests ADD COLUMN packet_shares INTEGER;
ALTER TABLE payment_requests ADD COLUMN packet_mode VARCHAR(8);
ALTER TABLE payment_requests ADD COLUMN packet_id VARCHAR(32);
ALTER TABLE payment_requests DROP CONSTRAINT payment_requests_payee_kind;
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_payee_kind
  CHECK (payee_kind IN ('user', 'merchant', 'red_packet'));
