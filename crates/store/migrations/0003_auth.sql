-- ekrov schema, version 3: КЕП login challenges.
--
-- A challenge lives in the database, not in a server's memory, so that a login begun on one
-- instance can be finished on another. It is valid for a few minutes and for one use.
CREATE TABLE challenges (
    id          TEXT PRIMARY KEY,
    -- the exact bytes the client must sign (UTF-8 text naming purpose, public URL, nonce, expiry)
    challenge   TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX challenges_expires ON challenges (expires_at);
