-- Hand-written: the audit log is append-only (DESIGN §8, 等保2.0). No client can change a row,
-- rows younger than the 180-day retention period cannot be deleted, and the table cannot be
-- emptied with TRUNCATE (row triggers do not fire on it).
CREATE FUNCTION audit_log_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'AuditLog is append-only';
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'AuditLog cannot be truncated';
  END IF;
  IF OLD."at" > (now() AT TIME ZONE 'UTC') - INTERVAL '180 days' THEN
    RAISE EXCEPTION 'AuditLog rows are kept at least 180 days';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_guard" BEFORE UPDATE OR DELETE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
