-- Audit: scoped searches and a head that only moves forward
-- (SECURITY.md items 12, 13 and 49).

-- Searches always filter by the caller's centres and read newest first.
CREATE INDEX audit_log_centre_seq ON audit_log(centre_id, seq);

-- The application may advance the head by one (AppendAudit) and store the new
-- hash, nothing else: rewinding or deleting it would make every later append
-- fail, which interrupts the audit process (L3-CES1-15).
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.id <> OLD.id OR NEW.seq NOT IN (OLD.seq, OLD.seq + 1)
BEGIN SELECT RAISE(ABORT, 'audit_head is append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head is append-only'); END;
