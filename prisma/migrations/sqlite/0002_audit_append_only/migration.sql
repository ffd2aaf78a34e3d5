-- Hand-written: the audit log is append-only (DESIGN §8, 等保2.0). No client can change a row,
-- and rows younger than the 180-day retention period cannot be deleted.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN
  SELECT RAISE(ABORT, 'AuditLog is append-only');
END;

CREATE TRIGGER "AuditLog_retention" BEFORE DELETE ON "AuditLog"
WHEN julianday(OLD."at") > julianday('now', '-180 days')
BEGIN
  SELECT RAISE(ABORT, 'AuditLog rows are kept at least 180 days');
END;
