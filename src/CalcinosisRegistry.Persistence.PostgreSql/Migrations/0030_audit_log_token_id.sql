-- 0030: every audit entry names the registry token that authenticated its request (finding 14.5).
--
-- A token's id is public (it is part of the token's text, never its secret), so a review can tell which token, for
-- instance one an admin issued for someone else, read or changed what. Null for anonymous requests, OpenID Connect
-- callers and every entry written before this column existed. The hash covers token_id only when it is not null
-- (CalcinosisRegistry.Domain.Audit.AuditChain), so the entries already in the chain still verify.

ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS token_id text NULL;
