-- Audit: scoped searches and a head that only moves forward
-- (SECURITY.md items 12, 13 and 49).

-- Searches always filter by the caller's centres and read newest first.
CREATE INDEX audit_log_centre_seq ON audit_log(centre_id, seq);

-- The application may advance the head by one (AppendAudit) and store the new
-- hash, nothing else: rewinding or deleting it would make every later append
-- fail, which interrupts the audit process (L3-CES1-15).
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id = OLD.id AND NEW.seq IN (OLD.seq, OLD.seq + 1) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_head is append-only' USING ERRCODE = 'BM001';
END;
$$;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
