import type { Migration } from '../migrate.js';

/**
 * The hub memoises the bearer-token session check for a few seconds (server/auth/sessionCache.ts)
 * so a CT series' frame requests do not each query the database (bench/RESULTS.md, gateway
 * overhead). These triggers keep that memo correct: every revocation of a session and every change
 * of a user's active flag, role, site or name — whoever makes it (this hub, another hub on the same
 * PostgreSQL, the admin CLI) — sends NOTIFY teleread_auth_changed, and each hub drops the entries
 * concerned. The channel name must match AUTH_CHANGED_CHANNEL.
 */
export const m009: Migration = {
  version: 9,
  name: 'auth_cache_notify',
  sql: `
CREATE FUNCTION teleread_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('teleread_auth_changed', 'session:' || OLD.id::text);
  RETURN NULL;
END $$;

CREATE FUNCTION teleread_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('teleread_auth_changed', 'user:' || OLD.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_revoked AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION teleread_session_changed();
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION teleread_session_changed();

CREATE TRIGGER users_access_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN (NEW.active IS DISTINCT FROM OLD.active OR NEW.role IS DISTINCT FROM OLD.role OR NEW.site_id IS DISTINCT FROM OLD.site_id
        OR NEW.username IS DISTINCT FROM OLD.username OR NEW.display_name IS DISTINCT FROM OLD.display_name)
  EXECUTE FUNCTION teleread_user_changed();
CREATE TRIGGER users_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION teleread_user_changed();
`,
};
