-- The sealed document of a certificate, stored with its record in the decision's transaction:
-- the key that sealed it, the signed QR text and the sealed PDF; and its revocation.
ALTER TABLE certificates ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN qr_payload TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN pdf BLOB;
ALTER TABLE certificates ADD COLUMN revoked_at TEXT;
ALTER TABLE certificates ADD COLUMN revocation_reason TEXT;
