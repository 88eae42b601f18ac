-- The audit chain keeps the actor id but no longer the actor's e-mail, and its IPs are masked after
-- the retention period. Rows of hash version 2 are hashed over `ip_hash` (a keyed hash of the IP)
-- instead of the readable `ip`, so masking `ip` later leaves their hash intact.
ALTER TABLE audit_events ADD COLUMN ip_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_events ADD COLUMN ip_masked_at TIMESTAMP;
CREATE INDEX audit_events_ip_unmasked_idx ON audit_events (created_at)
    WHERE ip_masked_at IS NULL AND hash_version = 2;
