DROP INDEX audit_events_ip_unmasked_idx;
ALTER TABLE audit_events DROP COLUMN ip_masked_at;
ALTER TABLE audit_events DROP COLUMN hash_version;
ALTER TABLE audit_events DROP COLUMN ip_hash;
