-- Who added a settings version (an API key id or a signed-in user); null for versions before this.
ALTER TABLE program_settings ADD COLUMN author text;
