-- Program economics look up referred teams by their signup email (was a new affiliate referred
-- themselves?); the domain lookup already has teams_domain_attributed.
CREATE INDEX teams_referred_email ON teams (email, signed_up_at) WHERE rule IS NOT NULL;
