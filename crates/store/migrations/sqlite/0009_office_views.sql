-- The workbench's office views: the trail of one record (every audit record about a subject,
-- newest first) and the issuing office's applications, newest first.

CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE INDEX applications_issuing_received ON applications (issuing_office_id, received_at);
