-- One-time sign-in links. Only the SHA-256 of the token is kept; a token is used at most once.
CREATE TABLE sign_in_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX sign_in_tokens_user ON sign_in_tokens (user_id);
