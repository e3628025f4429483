-- Session tokens are stored as SHA-256 digests (hex) from now on (@polymancer/accounts,
-- session-token-digest.ts). Sessions created before this migration hold their raw token: replace it
-- by its digest, so those sessions keep working (clients still present the raw token, which is
-- digested on lookup) and the table no longer holds any usable token.
UPDATE "sessions" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex') WHERE "token" !~ '^[0-9a-f]{64}$';
