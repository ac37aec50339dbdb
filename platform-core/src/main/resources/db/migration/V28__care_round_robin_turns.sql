-- Customer care (issue 22): round-robin by turns. last_turn is the business-wide number of the
-- agent's latest automatic assignment (NULL: none yet); the next one goes to the candidate with the
-- oldest turn. It replaces the team's cursor, which concurrent arrivals all read at once.
ALTER TABLE care_agents ADD COLUMN last_turn BIGINT;
ALTER TABLE care_teams DROP COLUMN rr_cursor;
