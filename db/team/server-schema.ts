/**
 * The team register's PostgreSQL schema, in versioned steps (like db/migrations for SQLite). Everything lives in
 * the schema `risk_register`; `team_meta` holds the schema version. Tables are written only by the SQL functions
 * below (SECURITY DEFINER, search_path pinned): login roles get SELECT on what they may read and EXECUTE on the
 * functions, never INSERT/UPDATE/DELETE (see `grantsFor` in server.ts).
 *
 * History rows carry the same SHA-256 chain as SQLite's (db/history.ts `entryHash`): `entry_hash` builds the same
 * canonical JSON text (`to_json(text)` escapes exactly as JavaScript's JSON.stringify does for well-formed text).
 */
export const SCHEMA = 'risk_register';

export interface ServerMigration {
  version: number;
  name: string;
  up: string;
}

const v1 = /* sql */ `
CREATE SCHEMA risk_register;
REVOKE ALL ON SCHEMA risk_register FROM PUBLIC;

CREATE TABLE risk_register.team_meta (
  id             integer PRIMARY KEY CHECK (id = 1),
  schema_version integer NOT NULL,
  published_at   timestamptz NOT NULL DEFAULT now(),
  base_seq       bigint NOT NULL DEFAULT 0,
  base_image     bytea
);

-- A person: their PostgreSQL login role (name), their role in the register, and their owners-directory initials.
CREATE TABLE risk_register.users (
  name           text PRIMARY KEY,
  role           text NOT NULL CHECK (role IN ('manager', 'owner', 'viewer')),
  owner_initials text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_sync      timestamptz,
  CHECK (role <> 'owner' OR owner_initials IS NOT NULL)
);

-- The current value of every tracked risk field, as the JSON history records it (a score pair is one field).
CREATE TABLE risk_register.risks (
  id          text PRIMARY KEY,
  ref         text NOT NULL,
  fields      jsonb NOT NULL,
  archived_at text,
  deleted     boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX risks_live_ref ON risk_register.risks (lower(ref)) WHERE NOT deleted;

-- The register's history: seq is also the change sequence replicas pull from.
CREATE TABLE risk_register.history (
  seq       bigint PRIMARY KEY,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  label     text NOT NULL,
  action    text NOT NULL,
  field     text,
  old_value text,
  new_value text,
  reason    text,
  at        text NOT NULL,
  by        text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL,
  op_id     text
);

-- Every operation applied, with the answer given: the same id again gets the same answer (idempotent retries).
CREATE TABLE risk_register.ops (
  op_id      text PRIMARY KEY,
  login      text NOT NULL,
  answer     jsonb NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE risk_register.conflicts (
  id          bigserial PRIMARY KEY,
  risk_id     text NOT NULL,
  ref         text NOT NULL,
  field       text NOT NULL,
  base        jsonb,
  theirs      jsonb,
  mine        jsonb,
  by          text NOT NULL,
  at          text NOT NULL,
  op_id       text NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolution  text
);

CREATE FUNCTION risk_register.entry_hash(prev text, seq bigint, entity text, entity_id text, label text,
  action text, field text, old_value text, new_value text, reason text, at text, by text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(prev || E'\\n' || '[' || seq::text
    || ',' || coalesce(to_json(entity)::text, 'null')
    || ',' || coalesce(to_json(entity_id)::text, 'null')
    || ',' || coalesce(to_json(label)::text, 'null')
    || ',' || coalesce(to_json(action)::text, 'null')
    || ',' || coalesce(to_json(field)::text, 'null')
    || ',' || coalesce(to_json(old_value)::text, 'null')
    || ',' || coalesce(to_json(new_value)::text, 'null')
    || ',' || coalesce(to_json(reason)::text, 'null')
    || ',' || coalesce(to_json(at)::text, 'null')
    || ',' || coalesce(to_json(by)::text, 'null') || ']', 'UTF8')), 'hex')
$$;

-- Internal: append one history row at the end of the chain. Callers hold the team_meta row lock.
CREATE FUNCTION risk_register.append_history(p_entity text, p_entity_id text, p_label text, p_action text,
  p_field text, p_old text, p_new text, p_reason text, p_at text, p_by text, p_op text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  SELECT h.seq, h.hash INTO last_seq, last_hash FROM risk_register.history h ORDER BY h.seq DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  INSERT INTO risk_register.history (seq, entity, entity_id, label, action, field, old_value, new_value, reason,
                                     at, by, prev_hash, hash, op_id)
  VALUES (last_seq + 1, p_entity, p_entity_id, p_label, p_action, p_field, p_old, p_new, p_reason, p_at, p_by,
          last_hash, risk_register.entry_hash(last_hash, last_seq + 1, p_entity, p_entity_id, p_label, p_action,
          p_field, p_old, p_new, p_reason, p_at, p_by), p_op);
  RETURN last_seq + 1;
END $$;

-- Internal: the caller's team user (session_user, never a name typed on a laptop).
CREATE FUNCTION risk_register.caller() RETURNS risk_register.users
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
BEGIN
  SELECT * INTO me FROM risk_register.users WHERE name = session_user::text;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'The login "%" is not a user of this team register. Ask the risk manager to add you (risk-register team add-user).', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN me;
END $$;

-- Apply one operation (one history row a laptop recorded) in one transaction; see db/team/README in docs/team.md.
CREATE FUNCTION risk_register.apply_op(op jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  prior jsonb;
  answer jsonb;
  r risk_register.risks;
  v_id text := op->>'id';
  v_entity text := op->>'entity';
  v_eid text := op->>'entity_id';
  v_label text := op->>'label';
  v_action text := op->>'action';
  v_field text := op->>'field';
  v_old text := op->>'old_value';
  v_new text := op->>'new_value';
  v_reason text := op->>'reason';
  v_at text := op->>'at';
  base jsonb;
  mine jsonb;
  cur jsonb;
  snap jsonb;
  new_ref text;
  n integer;
  cid bigint;
  s bigint;
  owned boolean;
BEGIN
  IF v_id IS NULL OR v_entity IS NULL OR v_eid IS NULL OR v_action IS NULL OR v_at IS NULL OR v_label IS NULL THEN
    RAISE EXCEPTION 'An operation needs id, entity, entity_id, label, action and at.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- One writer at a time: the change sequence (history.seq) has no gaps and the chain no forks.
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT o.answer INTO prior FROM risk_register.ops o WHERE o.op_id = v_id;
  IF FOUND THEN
    RETURN prior;
  END IF;
  me := risk_register.caller();
  base := coalesce(v_old, 'null')::jsonb;
  mine := coalesce(v_new, 'null')::jsonb;

  IF v_entity = 'risk' THEN
    SELECT * INTO r FROM risk_register.risks WHERE id = v_eid FOR UPDATE;
  END IF;
  owned := r.id IS NOT NULL AND me.owner_initials IS NOT NULL
           AND coalesce(r.fields->'owners', '[]'::jsonb) ? me.owner_initials;

  IF me.role = 'viewer' AND v_action <> 'export' THEN
    answer := jsonb_build_object('status', 'rejected', 'reason',
      format('%s is a viewer: a viewer may read and export the register but not change it. Ask the risk manager if you need to make changes.', me.name),
      'current', CASE WHEN r.id IS NOT NULL AND v_field IS NOT NULL THEN r.fields->v_field END);

  ELSIF v_entity = 'risk' AND v_action IN ('create', 'import') THEN
    IF r.id IS NOT NULL THEN
      answer := jsonb_build_object('status', 'same');
    ELSE
      snap := mine;
      new_ref := snap->>'ref';
      IF EXISTS (SELECT 1 FROM risk_register.risks WHERE lower(ref) = lower(new_ref) AND NOT deleted) THEN
        n := 2;
        WHILE EXISTS (SELECT 1 FROM risk_register.risks WHERE lower(ref) = lower(new_ref || '-' || n) AND NOT deleted) LOOP
          n := n + 1;
        END LOOP;
        snap := jsonb_set(snap, '{ref}', to_jsonb(new_ref || '-' || n));
        INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id)
        VALUES (v_eid, new_ref || '-' || n, 'ref', NULL, to_jsonb(new_ref || '-' || n), to_jsonb(new_ref), me.name, v_at, v_id)
        RETURNING id INTO cid;
        new_ref := new_ref || '-' || n;
        v_new := snap::text;
        v_label := new_ref;
      END IF;
      INSERT INTO risk_register.risks (id, ref, fields) VALUES (v_eid, new_ref, snap);
      s := risk_register.append_history(v_entity, v_eid, v_label, v_action, v_field, v_old, v_new, v_reason, v_at, me.name, v_id);
      answer := jsonb_build_object('status', 'accepted', 'seq', s, 'ref', new_ref, 'conflict', cid);
    END IF;

  ELSIF v_entity = 'risk' AND v_action = 'update'
        AND v_field IN ('ref', 'title', 'category', 'description', 'cause', 'event', 'effect', 'mitigation', 'owners',
                        'current', 'inherent', 'target') THEN
    IF r.id IS NULL OR r.deleted THEN
      INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id)
      VALUES (v_eid, v_label, v_field, base, jsonb_build_object('deleted', true), mine, me.name, v_at, v_id)
      RETURNING id INTO cid;
      answer := jsonb_build_object('status', 'conflict', 'conflict', cid, 'current', NULL, 'gone', true);
    ELSIF me.role = 'owner' AND NOT (owned AND v_field IN ('current', 'inherent', 'target', 'mitigation')) THEN
      answer := jsonb_build_object('status', 'rejected', 'current', r.fields->v_field, 'reason',
        CASE WHEN NOT owned THEN
          format('%s is owned by %s, not by %s (%s): an owner may change only the risks they own. Ask the risk manager or one of its owners to make this change.',
                 r.ref, coalesce((SELECT string_agg(x, '/') FROM jsonb_array_elements_text(r.fields->'owners') x), 'nobody'), me.name, me.owner_initials)
        ELSE
          format('An owner may change the scores and mitigation of their risks, not the %s of %s. Ask the risk manager to make this change.', v_field, r.ref)
        END);
    ELSIF r.archived_at IS NOT NULL THEN
      INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id)
      VALUES (v_eid, r.ref, v_field, base, jsonb_build_object('archivedAt', r.archived_at), mine, me.name, v_at, v_id)
      RETURNING id INTO cid;
      answer := jsonb_build_object('status', 'conflict', 'conflict', cid, 'current', r.fields->v_field);
    ELSE
      -- A field a risk was created without: cause, event and effect read as empty text, anything else as null.
      cur := coalesce(r.fields->v_field,
                      CASE WHEN v_field IN ('cause', 'event', 'effect') THEN '""'::jsonb ELSE 'null'::jsonb END);
      IF cur = mine THEN
        answer := jsonb_build_object('status', 'same');
      ELSIF cur = base THEN
        IF v_field = 'ref' AND EXISTS (SELECT 1 FROM risk_register.risks
                                        WHERE lower(ref) = lower(mine#>>'{}') AND NOT deleted AND id <> v_eid) THEN
          INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id)
          VALUES (v_eid, r.ref, v_field, base, cur, mine, me.name, v_at, v_id)
          RETURNING id INTO cid;
          answer := jsonb_build_object('status', 'conflict', 'conflict', cid, 'current', cur);
        ELSE
          UPDATE risk_register.risks
             SET fields = jsonb_set(fields, ARRAY[v_field], mine),
                 ref = CASE WHEN v_field = 'ref' THEN mine#>>'{}' ELSE ref END
           WHERE id = v_eid;
          s := risk_register.append_history(v_entity, v_eid, v_label, v_action, v_field, v_old, v_new, v_reason, v_at, me.name, v_id);
          answer := jsonb_build_object('status', 'accepted', 'seq', s);
        END IF;
      ELSE
        INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id)
        VALUES (v_eid, r.ref, v_field, base, cur, mine, me.name, v_at, v_id)
        RETURNING id INTO cid;
        answer := jsonb_build_object('status', 'conflict', 'conflict', cid, 'current', cur);
      END IF;
    END IF;

  ELSIF v_entity = 'risk' AND v_action IN ('archive', 'restore', 'delete') THEN
    IF me.role <> 'manager' THEN
      answer := jsonb_build_object('status', 'rejected', 'current', to_jsonb(r.archived_at), 'reason',
        format('Only a risk manager may %s a risk (%s). Ask the risk manager to do it.', v_action, v_label));
    ELSIF r.id IS NULL OR r.deleted THEN
      answer := jsonb_build_object('status', 'same');
    ELSIF (v_action = 'archive' AND r.archived_at IS NOT NULL) OR (v_action = 'restore' AND r.archived_at IS NULL) THEN
      answer := jsonb_build_object('status', 'same');
    ELSE
      UPDATE risk_register.risks
         SET archived_at = CASE WHEN v_action = 'archive' THEN mine#>>'{}' ELSE NULL END,
             deleted = (v_action = 'delete')
       WHERE id = v_eid;
      s := risk_register.append_history(v_entity, v_eid, v_label, v_action, v_field, v_old, v_new, v_reason, v_at, me.name, v_id);
      answer := jsonb_build_object('status', 'accepted', 'seq', s);
    END IF;

  ELSIF me.role = 'manager' OR v_action = 'export' OR (v_entity = 'risk' AND owned) THEN
    -- Recorded in the shared history (reviews, actions, the key, directory changes, exports). A category or owner
    -- renamed follows into the risks' values, as history replay does (db/history-replay.ts).
    IF v_entity = 'category' AND v_action = 'update' AND v_field = 'name' THEN
      UPDATE risk_register.risks SET fields = jsonb_set(fields, '{category}', mine) WHERE fields->'category' = base;
    ELSIF v_entity = 'owner' AND v_action = 'update' AND v_field = 'initials' THEN
      UPDATE risk_register.risks
         SET fields = jsonb_set(fields, '{owners}', (
               SELECT jsonb_agg(CASE WHEN t.x = base THEN mine ELSE t.x END ORDER BY t.ord)
                 FROM jsonb_array_elements(fields->'owners') WITH ORDINALITY AS t(x, ord)))
       WHERE fields->'owners' @> jsonb_build_array(base);
    END IF;
    s := risk_register.append_history(v_entity, v_eid, v_label, v_action, v_field, v_old, v_new, v_reason, v_at, me.name, v_id);
    answer := jsonb_build_object('status', 'accepted', 'seq', s);
  ELSE
    answer := jsonb_build_object('status', 'rejected', 'reason',
      format('An owner may change only the risks they own; this change (%s of %s %s) is for the risk manager. Ask them to make it.', v_action, v_entity, v_label));
  END IF;

  INSERT INTO risk_register.ops (op_id, login, answer) VALUES (v_id, me.name, answer);
  RETURN answer;
END $$;

-- Resolve a conflict: keep theirs (nothing changes) or apply mine (an edit, recorded in the history).
CREATE FUNCTION risk_register.resolve_conflict(p_id bigint, p_keep text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  c risk_register.conflicts;
  r risk_register.risks;
  cur jsonb;
  s bigint;
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  me := risk_register.caller();
  SELECT * INTO c FROM risk_register.conflicts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'There is no conflict %. List them with risk-register conflicts.', p_id USING ERRCODE = 'no_data_found';
  END IF;
  IF c.resolved_at IS NOT NULL THEN
    RETURN jsonb_build_object('status', 'same', 'by', c.resolved_by, 'resolution', c.resolution);
  END IF;
  IF me.role <> 'manager' AND me.name <> c."by" THEN
    RAISE EXCEPTION 'Only the risk manager or %, who made the change, may resolve conflict %.', c."by", p_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_keep = 'mine' THEN
    SELECT * INTO r FROM risk_register.risks WHERE id = c.risk_id FOR UPDATE;
    IF r.id IS NULL OR r.deleted OR r.archived_at IS NOT NULL THEN
      RAISE EXCEPTION '% is archived or deleted, so your value cannot be applied. Restore it first, or keep theirs.', c.ref
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF c.field = 'ref' AND EXISTS (SELECT 1 FROM risk_register.risks
                                   WHERE lower(ref) = lower(c.mine#>>'{}') AND NOT deleted AND id <> r.id) THEN
      RAISE EXCEPTION 'The ref % is held by another risk, so % keeps %. Keep theirs, or rename it to a free ref.', c.mine#>>'{}', r.ref, r.ref
        USING ERRCODE = 'unique_violation';
    END IF;
    cur := coalesce(r.fields->c.field, 'null'::jsonb);
    IF cur <> c.mine THEN
      UPDATE risk_register.risks
         SET fields = jsonb_set(fields, ARRAY[c.field], c.mine),
             ref = CASE WHEN c.field = 'ref' THEN c.mine#>>'{}' ELSE ref END
       WHERE id = r.id;
      s := risk_register.append_history('risk', r.id, CASE WHEN c.field = 'ref' THEN c.mine#>>'{}' ELSE r.ref END,
        'update', c.field, cur::text, c.mine::text, format('Conflict %s resolved: kept mine', p_id),
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), me.name, 'resolve:' || p_id);
    END IF;
  ELSIF p_keep <> 'theirs' THEN
    RAISE EXCEPTION 'Keep "theirs" or "mine", not "%".', p_keep USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE risk_register.conflicts SET resolved_at = now(), resolved_by = me.name, resolution = p_keep WHERE id = p_id;
  RETURN jsonb_build_object('status', 'resolved', 'seq', s);
END $$;

-- Record that the caller synced now (the dashboard shows when each person last synced).
CREATE FUNCTION risk_register.mark_synced() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE risk_register.users SET last_sync = now() WHERE name = (risk_register.caller()).name;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA risk_register FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA risk_register FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA risk_register FROM PUBLIC;
`;

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [{ version: 1, name: 'initial', up: v1 }];
export const SERVER_LATEST = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]?.version ?? 0;

/** What a login role may read, and the functions it may call. */
export const READABLE_TABLES = ['team_meta', 'users', 'risks', 'history', 'conflicts'] as const;
export const CALLABLE_FUNCTIONS = [
  'apply_op(jsonb)',
  'resolve_conflict(bigint, text)',
  'mark_synced()',
  'entry_hash(text, bigint, text, text, text, text, text, text, text, text, text, text)',
] as const;
