-- Customer care (issue 22): an SLA target that lapsed unmet is a breach of record too. met_at is
-- NULL for one that was never met: the conversation went back to the bot, or was resolved, while
-- the target was overdue. Reports count breaches in the period their target fell due.
ALTER TABLE care_sla_breaches ALTER COLUMN met_at DROP NOT NULL;
CREATE INDEX care_sla_breaches_by_due ON care_sla_breaches (business_id, due_at);
