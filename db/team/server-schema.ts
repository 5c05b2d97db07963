/**
 * The team register's PostgreSQL schema, in versioned steps (like db/migrations for SQLite). Everything lives in
 * the schema `risk_register`; `team_meta` holds the schema version. Tables are written only by the SQL functions
 * below (SECURITY DEFINER, search_path pinned): login roles get SELECT on what they may read and EXECUTE on the
 * functions, never INSERT/UPDATE/DELETE (see `grantsFor` in server.ts).
 *
 * History rows carry the same SHA-256 chain as SQLite's (db/history.ts `entryHash`): `entry_hash` builds the same
 * canonical JSON text (`to_json(text)` escapes exactly as JavaScript's JSON.stringify does for well-formed text).
 */
import { LOOSE_COLUMNS, REPLICATED } from './row-spec.ts';

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

const sqlList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
const ownerRiskCase = REPLICATED.filter((t) => t.ownerRisk)
  .map((t) => `WHEN '${t.table}' THEN '${t.ownerRisk}'`)
  .join(' ');
const historyEntity = `CASE c.tbl WHEN 'actions' THEN 'action' WHEN 'controls' THEN 'control'
      WHEN 'assurances' THEN 'assurance' WHEN 'objectives' THEN 'objective' WHEN 'owners' THEN 'owner'
      WHEN 'categories' THEN 'category' WHEN 'risks' THEN 'risk' WHEN 'reviews' THEN 'risk'
      WHEN 'risk_controls' THEN 'risk' WHEN 'risk_treatments' THEN 'risk' WHEN 'risk_objectives' THEN 'risk'
      ELSE 'register' END`;

/**
 * Version 2: the state of reviews, actions, controls, objectives, snapshots, settings… travels as row images
 * (db/team/row-spec.ts): `rows` holds each shared row as the server knows it (for compare-and-set and for the
 * ownership of an action), `row_changes` the images laptops pull, in order, each after the history row it
 * followed. `apply_op` now also takes row operations and owners' actions; conflicts can be on a row's column
 * (`tbl`, `pk`); `resolve_conflict(id, keep, value)` also takes a typed value.
 */
const v2 = /* sql */ `
CREATE TABLE risk_register.rows (
  tbl  text NOT NULL,
  pk   jsonb NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tbl, pk)
);

CREATE TABLE risk_register.row_changes (
  rseq      bigserial PRIMARY KEY,
  after_seq bigint NOT NULL,
  tbl       text NOT NULL,
  pk        jsonb NOT NULL,
  old_pk    jsonb,
  data      jsonb,
  by        text NOT NULL,
  op_id     text
);

ALTER TABLE risk_register.conflicts ADD COLUMN tbl text, ADD COLUMN pk jsonb;

ALTER FUNCTION risk_register.apply_op(jsonb) RENAME TO apply_history_op;

-- Internal: one row operation from a laptop (apply_op holds the team_meta lock and records the answer).
CREATE FUNCTION risk_register.apply_row(me risk_register.users, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_tbl text := op->>'label';
  v_id text := op->>'id';
  v_at text := op->>'at';
  v_pk jsonb;
  v_old_pk jsonb;
  v_before jsonb;
  v_after jsonb;
  risk_col text;
  rid text;
  rr risk_register.risks;
  cur jsonb;
  found_cur boolean;
  merged jsonb;
  k text;
  cid bigint;
  first_conflict bigint;
  v_label text;
  v_owners text;
BEGIN
  IF NOT (v_tbl = ANY (ARRAY[${sqlList(REPLICATED.map((t) => t.table))}])) THEN
    RETURN jsonb_build_object('status', 'rejected', 'reason',
      format('Changes to %s are not shared by this team server. Update Risk Register on this computer and ask the risk manager to upgrade the server.', v_tbl));
  END IF;
  BEGIN
    v_pk := (op->>'entity_id')::jsonb;
    v_old_pk := coalesce((op->>'field')::jsonb, v_pk);
    v_before := (op->>'old_value')::jsonb;
    v_after := (op->>'new_value')::jsonb;
  EXCEPTION WHEN invalid_text_representation THEN
    RAISE EXCEPTION 'A row operation carries its key and images as JSON.' USING ERRCODE = 'invalid_parameter_value';
  END;
  IF jsonb_typeof(v_pk) IS DISTINCT FROM 'array' OR jsonb_typeof(v_old_pk) IS DISTINCT FROM 'array'
     OR (v_after IS NOT NULL AND jsonb_typeof(v_after) <> 'object')
     OR (v_before IS NOT NULL AND jsonb_typeof(v_before) <> 'object') OR (v_before IS NULL AND v_after IS NULL) THEN
    RAISE EXCEPTION 'A row operation needs its key as a JSON array and its row before or after as a JSON object.'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT r.data INTO cur FROM risk_register.rows r WHERE r.tbl = v_tbl AND r.pk = v_old_pk FOR UPDATE;
  found_cur := FOUND;
  risk_col := CASE v_tbl ${ownerRiskCase} END;
  IF risk_col IS NOT NULL THEN
    rid := coalesce(v_after->>risk_col, v_before->>risk_col, cur->>risk_col);
    SELECT * INTO rr FROM risk_register.risks WHERE id = rid;
  ELSIF v_tbl IN ('assurances', 'risk_controls', 'risk_treatments', 'risk_objectives') THEN
    rid := coalesce(v_after->>'risk_id', v_before->>'risk_id', cur->>'risk_id');
    SELECT * INTO rr FROM risk_register.risks WHERE id = rid;
  END IF;
  v_label := coalesce(rr.ref, replace(v_tbl, '_', ' '));

  IF me.role = 'viewer' THEN
    RETURN jsonb_build_object('status', 'rejected', 'reason',
      format('%s is a viewer: a viewer may read and export the register but not change it. Ask the risk manager if you need to make changes.', me.name));
  END IF;
  IF me.role = 'owner' THEN
    IF risk_col IS NULL THEN
      RETURN jsonb_build_object('status', 'rejected', 'reason',
        format('An owner may add reviews and actions to the risks they own; this change (%s) is for the risk manager. Ask them to make it.', replace(v_tbl, '_', ' ')));
    END IF;
    IF rr.id IS NULL OR NOT (coalesce(rr.fields->'owners', '[]'::jsonb) ? me.owner_initials)
       OR (found_cur AND (cur->>risk_col) IS DISTINCT FROM rid) THEN
      SELECT string_agg(x, '/') INTO v_owners FROM jsonb_array_elements_text(rr.fields->'owners') x;
      RETURN jsonb_build_object('status', 'rejected', 'reason',
        format('%s is owned by %s, not by %s (%s): an owner may change only the risks they own. Ask the risk manager or one of its owners to make this change.',
               v_label, coalesce(v_owners, 'nobody'), me.name, me.owner_initials));
    END IF;
  END IF;

  IF v_after IS NULL THEN
    IF NOT found_cur THEN
      RETURN jsonb_build_object('status', 'same');
    END IF;
    DELETE FROM risk_register.rows r WHERE r.tbl = v_tbl AND r.pk = v_old_pk;
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES ((SELECT coalesce(max(h.seq), 0) FROM risk_register.history h), v_tbl, v_old_pk, NULL, NULL, me.name, v_id);
    RETURN jsonb_build_object('status', 'accepted');
  END IF;

  IF v_pk <> v_old_pk AND EXISTS (SELECT 1 FROM risk_register.rows r WHERE r.tbl = v_tbl AND r.pk = v_pk) THEN
    RETURN jsonb_build_object('status', 'rejected', 'reason',
      format('%s %s is already in the register, so %s cannot take its name. Choose another.', replace(v_tbl, '_', ' '), v_pk->>0, v_old_pk->>0));
  END IF;

  -- Compare and set per column: a column this laptop changed lands unless the server's value moved meanwhile.
  merged := coalesce(cur, '{}'::jsonb);
  FOR k IN SELECT jsonb_object_keys(v_after) LOOP
    IF v_before IS NULL OR (v_after->k) IS DISTINCT FROM (v_before->k) THEN
      IF found_cur AND v_before IS NOT NULL AND NOT (k = ANY (ARRAY[${sqlList(LOOSE_COLUMNS)}]))
         AND (cur->k) IS DISTINCT FROM (v_before->k) AND (cur->k) IS DISTINCT FROM (v_after->k) THEN
        INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id, tbl, pk)
        VALUES (coalesce(rid, v_pk->>0), v_label, v_tbl || '.' || k, v_before->k, cur->k, v_after->k, me.name, v_at,
                v_id, v_tbl, v_old_pk)
        RETURNING id INTO cid;
        first_conflict := coalesce(first_conflict, cid);
      ELSE
        merged := jsonb_set(merged, ARRAY[k], v_after->k);
      END IF;
    END IF;
  END LOOP;

  IF found_cur AND merged = cur AND v_pk = v_old_pk THEN
    IF first_conflict IS NOT NULL THEN
      RETURN jsonb_build_object('status', 'conflict', 'conflict', first_conflict);
    END IF;
    RETURN jsonb_build_object('status', 'same');
  END IF;
  IF found_cur THEN
    UPDATE risk_register.rows r SET pk = v_pk, data = merged WHERE r.tbl = v_tbl AND r.pk = v_old_pk;
  ELSE
    INSERT INTO risk_register.rows (tbl, pk, data) VALUES (v_tbl, v_pk, merged);
  END IF;
  INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
  VALUES ((SELECT coalesce(max(h.seq), 0) FROM risk_register.history h), v_tbl, v_pk,
          CASE WHEN v_pk <> v_old_pk THEN v_old_pk END, merged, me.name, v_id);
  IF first_conflict IS NOT NULL THEN
    RETURN jsonb_build_object('status', 'conflict', 'conflict', first_conflict);
  END IF;
  RETURN jsonb_build_object('status', 'accepted');
END $$;

-- Apply one operation: a row operation, an owner's action history row (checked through the action's risk), or a
-- history row as version 1 applies it (apply_history_op).
CREATE FUNCTION risk_register.apply_op(op jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  prior jsonb;
  answer jsonb;
  v_id text := op->>'id';
  rid text;
  rr risk_register.risks;
  v_owners text;
  s bigint;
BEGIN
  IF (op->>'entity') IS DISTINCT FROM 'row' AND (op->>'entity') IS DISTINCT FROM 'action' THEN
    RETURN risk_register.apply_history_op(op);
  END IF;
  IF v_id IS NULL OR op->>'entity_id' IS NULL OR op->>'action' IS NULL OR op->>'at' IS NULL OR op->>'label' IS NULL THEN
    RAISE EXCEPTION 'An operation needs id, entity, entity_id, label, action and at.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT o.answer INTO prior FROM risk_register.ops o WHERE o.op_id = v_id;
  IF FOUND THEN
    RETURN prior;
  END IF;
  me := risk_register.caller();
  IF op->>'entity' = 'row' THEN
    answer := risk_register.apply_row(me, op);
  ELSIF me.role <> 'owner' THEN
    RETURN risk_register.apply_history_op(op);
  ELSE
    -- An owner's action: allowed on the risks they own (the action's risk as the server holds it).
    SELECT r.data->>'risk_id' INTO rid FROM risk_register.rows r
     WHERE r.tbl = 'actions' AND r.pk = jsonb_build_array(op->>'entity_id');
    SELECT * INTO rr FROM risk_register.risks WHERE id = rid;
    IF rr.id IS NOT NULL AND NOT rr.deleted AND coalesce(rr.fields->'owners', '[]'::jsonb) ? me.owner_initials THEN
      s := risk_register.append_history('action', op->>'entity_id', op->>'label', op->>'action', op->>'field',
             op->>'old_value', op->>'new_value', op->>'reason', op->>'at', me.name, v_id);
      answer := jsonb_build_object('status', 'accepted', 'seq', s);
    ELSE
      SELECT string_agg(x, '/') INTO v_owners FROM jsonb_array_elements_text(rr.fields->'owners') x;
      answer := jsonb_build_object('status', 'rejected', 'reason',
        format('%s is owned by %s, not by %s (%s): an owner may add and change actions only on the risks they own. Ask the risk manager or one of its owners to make this change.',
               coalesce(rr.ref, op->>'label'), coalesce(v_owners, 'nobody'), me.name, me.owner_initials));
    END IF;
  END IF;
  INSERT INTO risk_register.ops (op_id, login, answer) VALUES (v_id, me.name, answer);
  RETURN answer;
END $$;

-- Resolve a conflict: keep theirs (nothing changes), apply mine, or apply a typed value (p_value); the last two are
-- edits recorded in the history (and, for a row's column, a row change every laptop applies).
CREATE FUNCTION risk_register.resolve_conflict(p_id bigint, p_keep text, p_value jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  c risk_register.conflicts;
  r risk_register.risks;
  cur jsonb;
  val jsonb;
  col text;
  row_data jsonb;
  s bigint;
  why text;
BEGIN
  IF p_keep NOT IN ('theirs', 'mine', 'value') THEN
    RAISE EXCEPTION 'Keep "theirs" or "mine", or give a value, not "%".', p_keep USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_keep = 'value' AND p_value IS NULL THEN
    RAISE EXCEPTION 'Give the value to apply.' USING ERRCODE = 'invalid_parameter_value';
  END IF;
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
  IF c.tbl IS NULL AND p_keep <> 'value' THEN
    RETURN risk_register.resolve_conflict(p_id, p_keep);
  END IF;
  IF p_keep = 'theirs' THEN
    UPDATE risk_register.conflicts SET resolved_at = now(), resolved_by = me.name, resolution = 'theirs' WHERE id = p_id;
    RETURN jsonb_build_object('status', 'resolved');
  END IF;
  val := CASE WHEN p_keep = 'value' THEN p_value ELSE c.mine END;
  why := CASE WHEN p_keep = 'value' THEN format('Conflict %s resolved: another value', p_id)
              ELSE format('Conflict %s resolved: kept mine', p_id) END;
  IF c.tbl IS NULL THEN
    -- A risk's field, with a typed value.
    SELECT * INTO r FROM risk_register.risks WHERE id = c.risk_id FOR UPDATE;
    IF r.id IS NULL OR r.deleted OR r.archived_at IS NOT NULL THEN
      RAISE EXCEPTION '% is archived or deleted, so a value cannot be applied. Restore it first, or keep theirs.', c.ref
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF c.field = 'ref' AND (jsonb_typeof(val) <> 'string' OR EXISTS (SELECT 1 FROM risk_register.risks
                              WHERE lower(ref) = lower(val#>>'{}') AND NOT deleted AND id <> r.id)) THEN
      RAISE EXCEPTION 'The ref % is held by another risk. Choose a free ref.', val#>>'{}'
        USING ERRCODE = 'unique_violation';
    END IF;
    cur := coalesce(r.fields->c.field, 'null'::jsonb);
    IF cur <> val THEN
      UPDATE risk_register.risks
         SET fields = jsonb_set(fields, ARRAY[c.field], val),
             ref = CASE WHEN c.field = 'ref' THEN val#>>'{}' ELSE ref END
       WHERE id = r.id;
      s := risk_register.append_history('risk', r.id, CASE WHEN c.field = 'ref' THEN val#>>'{}' ELSE r.ref END,
        'update', c.field, cur::text, val::text, why,
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), me.name, 'resolve:' || p_id);
    END IF;
  ELSE
    -- A row's column: the row as the server holds it, that column set.
    col := substr(c.field, length(c.tbl) + 2);
    SELECT data INTO row_data FROM risk_register.rows WHERE tbl = c.tbl AND pk = c.pk FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'The % this conflict is about was removed meanwhile, so a value cannot be applied. Keep theirs.', replace(c.tbl, '_', ' ')
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    cur := coalesce(row_data->col, 'null'::jsonb);
    IF cur <> val THEN
      UPDATE risk_register.rows SET data = jsonb_set(data, ARRAY[col], val) WHERE tbl = c.tbl AND pk = c.pk;
      s := risk_register.append_history(${historyEntity}, CASE WHEN ${historyEntity} = 'risk' THEN c.risk_id
               WHEN ${historyEntity} = 'register' THEN c.tbl ELSE c.pk->>0 END,
             c.ref, 'update', col, cur::text, val::text, why,
             to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), me.name, 'resolve:' || p_id);
      INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
      SELECT s, c.tbl, c.pk, NULL, data, me.name, 'resolve:' || p_id FROM risk_register.rows WHERE tbl = c.tbl AND pk = c.pk;
    END IF;
  END IF;
  UPDATE risk_register.conflicts SET resolved_at = now(), resolved_by = me.name, resolution = p_keep WHERE id = p_id;
  RETURN jsonb_build_object('status', 'resolved', 'seq', s);
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA risk_register FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA risk_register FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA risk_register FROM PUBLIC;

-- People added before this version: the new tables to read and functions to call, and no longer the old apply_op
-- under its new name.
DO $do$
DECLARE
  u record;
BEGIN
  FOR u IN SELECT name FROM risk_register.users WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION risk_register.apply_history_op(jsonb) FROM %I', u.name);
    EXECUTE format('GRANT SELECT ON risk_register.rows, risk_register.row_changes TO %I', u.name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION risk_register.apply_op(jsonb), risk_register.resolve_conflict(bigint, text, jsonb) TO %I', u.name);
  END LOOP;
END $do$;
`;

/**
 * Version 3: the owners directory, the category list and the risks' order travel as rows in full (a new entry, a
 * removal or merge, `position`), and only a manager may change them. `apply_row` becomes a guard in front of
 * version 2's (`apply_row_v2`):
 * - owners and categories: a manager's only (owners and viewers are refused, the laptop undoes it);
 * - a risk's row image as created (its order and review schedule, sent after the history row of its creation):
 *   recorded once for a risk the server holds, by whoever created the risk;
 * - a risk's `position`: a manager's only;
 * - an update of a row the server does not hold (removed meanwhile) is refused rather than recorded as a partial
 *   row; a risk's row the server has not recorded yet is recorded whole.
 */
const v3 = /* sql */ `
ALTER FUNCTION risk_register.apply_row(risk_register.users, jsonb) RENAME TO apply_row_v2;

CREATE FUNCTION risk_register.apply_row(me risk_register.users, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_tbl text := op->>'label';
  v_pk jsonb;
  v_old_pk jsonb;
  v_before jsonb;
  v_after jsonb;
  rr risk_register.risks;
  what text;
BEGIN
  BEGIN
    v_pk := (op->>'entity_id')::jsonb;
    v_old_pk := coalesce((op->>'field')::jsonb, v_pk);
    v_before := (op->>'old_value')::jsonb;
    v_after := (op->>'new_value')::jsonb;
  EXCEPTION WHEN invalid_text_representation THEN
    -- Version 2 refuses it with its message.
    RETURN risk_register.apply_row_v2(me, op);
  END;
  IF me.role = 'viewer' OR jsonb_typeof(v_pk) IS DISTINCT FROM 'array'
     OR (v_after IS NOT NULL AND jsonb_typeof(v_after) <> 'object')
     OR (v_before IS NOT NULL AND jsonb_typeof(v_before) <> 'object') OR (v_before IS NULL AND v_after IS NULL) THEN
    RETURN risk_register.apply_row_v2(me, op);
  END IF;

  IF v_tbl IN ('owners', 'categories') AND me.role <> 'manager' THEN
    what := CASE v_tbl WHEN 'owners' THEN 'the owners directory' ELSE 'the category list' END;
    RETURN jsonb_build_object('status', 'rejected', 'reason',
      format('Only the risk manager may change %s (%s). Ask them to make this change.', what,
             coalesce(v_after->>CASE v_tbl WHEN 'owners' THEN 'initials' ELSE 'name' END,
                      v_before->>CASE v_tbl WHEN 'owners' THEN 'initials' ELSE 'name' END, v_pk->>0)));
  END IF;

  IF v_tbl = 'risks' THEN
    SELECT * INTO rr FROM risk_register.risks WHERE id = v_pk->>0;
    IF rr.id IS NULL OR rr.deleted THEN
      RETURN jsonb_build_object('status', 'same');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM risk_register.rows r WHERE r.tbl = 'risks' AND r.pk = v_pk) THEN
      IF v_before IS NULL OR me.role = 'manager'
         OR (coalesce(rr.fields->'owners', '[]'::jsonb) ? me.owner_initials
             AND (v_after->'position') IS NOT DISTINCT FROM (v_before->'position')) THEN
        -- The risk as created (or as this laptop holds it, for a risk created before version 3): recorded whole.
        INSERT INTO risk_register.rows (tbl, pk, data) VALUES ('risks', v_pk, v_after);
        INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
        VALUES ((SELECT coalesce(max(h.seq), 0) FROM risk_register.history h), 'risks', v_pk, NULL, v_after,
                me.name, op->>'id');
        RETURN jsonb_build_object('status', 'accepted');
      END IF;
    ELSIF v_before IS NULL THEN
      RETURN jsonb_build_object('status', 'same');
    END IF;
    IF me.role <> 'manager' AND (v_after->'position') IS DISTINCT FROM (v_before->'position') THEN
      RETURN jsonb_build_object('status', 'rejected', 'reason',
        format('Only the risk manager may change the order of the risks (%s). Ask them to make this change.', rr.ref));
    END IF;
  ELSIF v_before IS NOT NULL AND v_after IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM risk_register.rows r WHERE r.tbl = v_tbl AND r.pk = v_old_pk) THEN
    RETURN jsonb_build_object('status', 'rejected', 'reason',
      format('This %s was removed on the team server meanwhile, so the change cannot be applied.', replace(v_tbl, '_', ' ')));
  END IF;
  RETURN risk_register.apply_row_v2(me, op);
END $$;

REVOKE ALL ON FUNCTION risk_register.apply_row(risk_register.users, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION risk_register.apply_row_v2(risk_register.users, jsonb) FROM PUBLIC;
`;

/**
 * Version 4 (issue 10): two laptops gave a new objective the same ref offline. The server decides, once: the later
 * objective row to reach it with a ref another objective holds (a new one, or a rename) is stored under
 * `REF~xxxxxx` (the last six characters of its id; `-2`, `-3`… if even that is taken), the risks' rule, and a
 * **notice** (a conflict every laptop lists, `notice` true) flags it for a new ref. Renaming it afterwards is an
 * ordinary edit, which also settles the notice (so does removing it, or keeping theirs). Resolving it with mine or
 * another value is refused while another objective holds that ref. Servers at 3 keep their duplicates no longer:
 * this migration moves the later ones aside the same way, flags them, and sends every laptop the images of both.
 */
const v4 = /* sql */ `
ALTER TABLE risk_register.conflicts ADD COLUMN notice boolean NOT NULL DEFAULT false;

-- Internal: whether an objective other than p_pk holds p_ref (refs are unique without regard to case, as in SQLite).
CREATE FUNCTION risk_register.objective_ref_held(p_ref text, p_pk jsonb) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM risk_register.rows r
                  WHERE r.tbl = 'objectives' AND r.pk <> p_pk AND lower(r.data->>'ref') = lower(p_ref))
$$;

-- Internal: the ref an objective (p_pk) asking for a held p_ref is stored under.
CREATE FUNCTION risk_register.moved_objective_ref(p_ref text, p_pk jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  moved text := p_ref || '~' || right(p_pk->>0, 6);
  candidate text := moved;
  n integer := 2;
BEGIN
  WHILE risk_register.objective_ref_held(candidate, p_pk) LOOP
    candidate := moved || '-' || n;
    n := n + 1;
  END LOOP;
  RETURN candidate;
END $$;

ALTER FUNCTION risk_register.apply_row(risk_register.users, jsonb) RENAME TO apply_row_v3;

CREATE FUNCTION risk_register.apply_row(me risk_register.users, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_pk jsonb;
  v_old_pk jsonb;
  v_before jsonb;
  v_after jsonb;
  v_ref text;
  v_moved text;
  cur jsonb;
  answer jsonb;
  cid bigint;
BEGIN
  IF (op->>'label') IS DISTINCT FROM 'objectives' OR me.role <> 'manager' THEN
    RETURN risk_register.apply_row_v3(me, op);
  END IF;
  BEGIN
    v_pk := (op->>'entity_id')::jsonb;
    v_old_pk := coalesce((op->>'field')::jsonb, v_pk);
    v_before := (op->>'old_value')::jsonb;
    v_after := (op->>'new_value')::jsonb;
  EXCEPTION WHEN invalid_text_representation THEN
    -- Earlier versions refuse it with their message.
    RETURN risk_register.apply_row_v3(me, op);
  END;
  IF jsonb_typeof(v_pk) IS DISTINCT FROM 'array' OR jsonb_typeof(v_old_pk) IS DISTINCT FROM 'array'
     OR (v_before IS NOT NULL AND jsonb_typeof(v_before) <> 'object')
     OR (v_after IS NOT NULL AND jsonb_typeof(v_after) <> 'object') OR (v_before IS NULL AND v_after IS NULL) THEN
    RETURN risk_register.apply_row_v3(me, op);
  END IF;
  SELECT r.data INTO cur FROM risk_register.rows r WHERE r.tbl = 'objectives' AND r.pk = v_old_pk;
  IF jsonb_typeof(v_after->'ref') = 'string' THEN
    v_ref := v_after->>'ref';
    -- A ref this operation sets (a new objective, or a rename that lands) that another objective holds: this one,
    -- the later, moves aside. A rename whose ref moved meanwhile is left to version 2's compare-and-set (a conflict).
    IF (v_before IS NULL OR (v_before->'ref') IS DISTINCT FROM (v_after->'ref'))
       AND (cur IS NULL OR v_before IS NULL OR (cur->'ref') IS NOT DISTINCT FROM (v_before->'ref'))
       AND risk_register.objective_ref_held(v_ref, v_pk) THEN
      v_moved := risk_register.moved_objective_ref(v_ref, v_pk);
      op := jsonb_set(op, '{new_value}', to_jsonb(jsonb_set(v_after, '{ref}', to_jsonb(v_moved))::text));
    END IF;
  END IF;
  answer := risk_register.apply_row_v3(me, op);
  IF answer->>'status' = 'accepted' THEN
    -- The notices of this objective are settled once it has another ref, or is gone (a new notice follows).
    IF v_after IS NULL OR (v_before IS NOT NULL AND (v_before->'ref') IS DISTINCT FROM (v_after->'ref')) THEN
      UPDATE risk_register.conflicts
         SET resolved_at = now(), resolved_by = me.name,
             resolution = CASE WHEN v_after IS NULL THEN 'removed' ELSE 'renamed' END
       WHERE notice AND tbl = 'objectives' AND pk = v_old_pk AND resolved_at IS NULL;
    END IF;
    IF v_moved IS NOT NULL THEN
      INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id, tbl, pk, notice)
      VALUES (v_pk->>0, v_moved, 'objectives.ref', v_before->'ref', to_jsonb(v_moved), to_jsonb(v_ref), me.name,
              op->>'at', op->>'id', 'objectives', v_pk, true)
      RETURNING id INTO cid;
      answer := answer || jsonb_build_object('conflict', cid, 'ref', v_moved);
    END IF;
  END IF;
  RETURN answer;
END $$;

ALTER FUNCTION risk_register.resolve_conflict(bigint, text, jsonb) RENAME TO resolve_conflict_v3;

-- Resolve a conflict (version 3's function), refusing to give an objective a ref another objective holds.
CREATE FUNCTION risk_register.resolve_conflict(p_id bigint, p_keep text, p_value jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c risk_register.conflicts;
  val jsonb;
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT * INTO c FROM risk_register.conflicts WHERE id = p_id;
  IF FOUND AND c.resolved_at IS NULL AND c.tbl = 'objectives' AND c.field = 'objectives.ref'
     AND p_keep IN ('mine', 'value') THEN
    PERFORM risk_register.caller();
    val := CASE WHEN p_keep = 'value' THEN p_value ELSE c.mine END;
    IF jsonb_typeof(val) IS DISTINCT FROM 'string' OR btrim(val#>>'{}') = '' THEN
      RAISE EXCEPTION 'An objective''s ref is text and cannot be empty. Type a ref such as OBJ-7.'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF risk_register.objective_ref_held(val#>>'{}', c.pk) THEN
      RAISE EXCEPTION 'The ref % is held by another objective, so this one keeps its ref. Keep theirs, or give it a free ref (conflicts resolve ID with another value, or rename it).', val#>>'{}'
        USING ERRCODE = 'unique_violation';
    END IF;
  END IF;
  RETURN risk_register.resolve_conflict_v3(p_id, p_keep, p_value);
END $$;

-- Objectives sharing a ref on a server at 3: the first recorded keeps it, the later ones move aside and are
-- flagged; every laptop gets the moved images, then the keeper's (so a laptop that had moved it aside takes it back).
DO $do$
DECLARE
  d record;
  v_seq bigint;
  v_at text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_moved text;
  v_data jsonb;
BEGIN
  SELECT coalesce(max(h.seq), 0) INTO v_seq FROM risk_register.history h;
  CREATE TEMP TABLE objective_dups ON COMMIT DROP AS
    SELECT r.pk, r.data, n, dup_count FROM (
      SELECT r.pk, r.data,
             row_number() OVER w AS n,
             count(*) OVER (PARTITION BY lower(r.data->>'ref')) AS dup_count
        FROM risk_register.rows r
        LEFT JOIN LATERAL (SELECT min(c.rseq) AS first_rseq FROM risk_register.row_changes c
                            WHERE c.tbl = 'objectives' AND c.pk = r.pk) f ON true
       WHERE r.tbl = 'objectives' AND jsonb_typeof(r.data->'ref') = 'string'
      WINDOW w AS (PARTITION BY lower(r.data->>'ref') ORDER BY f.first_rseq NULLS FIRST, r.pk)) r
     WHERE dup_count > 1;
  FOR d IN SELECT * FROM objective_dups WHERE n > 1 ORDER BY lower(data->>'ref'), n LOOP
    v_moved := risk_register.moved_objective_ref(d.data->>'ref', d.pk);
    v_data := jsonb_set(d.data, '{ref}', to_jsonb(v_moved));
    UPDATE risk_register.rows SET data = v_data WHERE tbl = 'objectives' AND pk = d.pk;
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'objectives', d.pk, NULL, v_data, session_user, 'schema-4:' || (d.pk->>0));
    INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id, tbl, pk, notice)
    VALUES (d.pk->>0, v_moved, 'objectives.ref', NULL, to_jsonb(v_moved), d.data->'ref',
            coalesce((SELECT c.by FROM risk_register.row_changes c WHERE c.tbl = 'objectives' AND c.pk = d.pk
                       ORDER BY c.rseq LIMIT 1), session_user),
            v_at, 'schema-4:' || (d.pk->>0), 'objectives', d.pk, true);
  END LOOP;
  FOR d IN SELECT * FROM objective_dups WHERE n = 1 ORDER BY lower(data->>'ref') LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'objectives', d.pk, NULL, d.data, session_user, 'schema-4:' || (d.pk->>0));
  END LOOP;
END $do$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA risk_register FROM PUBLIC;

-- People added before this version: the new resolve_conflict, and no longer version 3's under its internal name.
DO $do$
DECLARE
  u record;
BEGIN
  FOR u IN SELECT name FROM risk_register.users WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION risk_register.resolve_conflict_v3(bigint, text, jsonb) FROM %I', u.name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION risk_register.resolve_conflict(bigint, text, jsonb) TO %I', u.name);
  END LOOP;
END $do$;
`;

/**
 * Version 5 (issue 10): names in the owners directory and the category list taken meanwhile. Owners and categories
 * are keyed on the server by initials and name (their ids are made on each laptop), so the server decides:
 * - a **rename onto initials (a name) another entry holds** — two managers renaming two different owners to `PNC`
 *   offline, or a category renamed to the name another laptop gave a new category — is **refused**: the history
 *   row of the rename as well as its row operation (version 2 already refused the row operation, but accepted the
 *   history row, so the risks' values on the server followed a rename the laptops undid: the broken chain). A rename
 *   of an entry removed or renamed meanwhile is refused likewise. The laptop undoes it and lists the refusal with the
 *   reason; a new entry under a name the server holds stays what it was: the same entry (two laptops adding `PNC`).
 * - initials (a category name) a laptop sends in a risk's owners or category, an action's or control's owner, that
 *   were **renamed meanwhile** are followed to the entry's name now (`current_name`): an owner merged into an owner
 *   renamed meanwhile lands on the renamed one, as it would by id on one laptop. The history row stored carries the
 *   followed names, and every laptop applies that row.
 * `team upgrade` from 4 follows the names already stored the same way (risks, actions, controls), with a history
 * row (a risk) or a row change (an action, a control) every laptop applies.
 */
const v5 = /* sql */ `
-- Internal: whether an entry of p_tbl ('owners' or 'categories') other than the one named p_except holds p_name
-- (initials exactly, as in SQLite; category names without regard to case, as in SQLite).
CREATE FUNCTION risk_register.name_held(p_tbl text, p_name text, p_except text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM risk_register.rows r
                  WHERE r.tbl = p_tbl
                    AND CASE WHEN p_tbl = 'categories' THEN lower(r.pk->>0) = lower(p_name) ELSE r.pk->>0 = p_name END
                    AND (p_except IS NULL OR r.pk <> jsonb_build_array(p_except)))
$$;

-- Internal: the initials (p_tbl 'owners') or category name ('categories') p_name as the server holds that entry
-- now, following the renames recorded in the history; p_name itself when it is held, or when no rename leads to a
-- held name.
CREATE FUNCTION risk_register.current_name(p_tbl text, p_name text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := p_name;
  nxt text;
  i integer := 0;
  v_entity text := CASE p_tbl WHEN 'owners' THEN 'owner' ELSE 'category' END;
  v_field text := CASE p_tbl WHEN 'owners' THEN 'initials' ELSE 'name' END;
BEGIN
  IF p_name IS NULL OR risk_register.name_held(p_tbl, p_name, NULL) THEN
    RETURN p_name;
  END IF;
  WHILE i < 50 AND NOT risk_register.name_held(p_tbl, v, NULL) LOOP
    nxt := NULL;
    SELECT h.new_value::jsonb #>> '{}' INTO nxt FROM risk_register.history h
     WHERE h.entity = v_entity AND h.action = 'update' AND h.field = v_field AND h.old_value = to_json(v)::text
     ORDER BY h.seq DESC LIMIT 1;
    EXIT WHEN nxt IS NULL OR nxt = v;
    v := nxt;
    i := i + 1;
  END LOOP;
  IF risk_register.name_held(p_tbl, v, NULL) THEN
    RETURN v;
  END IF;
  RETURN p_name;
END $$;

-- Internal: a risk's owners (a JSON array of initials) with each followed to its initials now, duplicates dropped.
CREATE FUNCTION risk_register.current_owners(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  result jsonb := '[]'::jsonb;
  e jsonb;
  m jsonb;
BEGIN
  IF jsonb_typeof(p) IS DISTINCT FROM 'array' THEN
    RETURN p;
  END IF;
  FOR e IN SELECT t.x FROM jsonb_array_elements(p) WITH ORDINALITY AS t(x, ord) ORDER BY t.ord LOOP
    m := CASE WHEN jsonb_typeof(e) = 'string' THEN to_jsonb(risk_register.current_name('owners', e #>> '{}')) ELSE e END;
    IF NOT result @> jsonb_build_array(m) THEN
      result := result || jsonb_build_array(m);
    END IF;
  END LOOP;
  RETURN result;
END $$;

-- Internal: a JSON text (a history value or a row image) with the names it carries followed (current_name):
-- p_kind 'owners' (an array of initials), 'owner' or 'category' (a string), 'snapshot' (a risk as created: its
-- owners and category), 'owner_id' (a row image's owner_id). The text itself when nothing changes.
CREATE FUNCTION risk_register.follow_names(p_text text, p_kind text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v jsonb;
  m jsonb;
BEGIN
  IF p_text IS NULL THEN
    RETURN NULL;
  END IF;
  BEGIN
    v := p_text::jsonb;
  EXCEPTION WHEN invalid_text_representation THEN
    RETURN p_text;
  END;
  m := v;
  IF p_kind = 'owners' THEN
    m := risk_register.current_owners(v);
  ELSIF p_kind IN ('owner', 'category') AND jsonb_typeof(v) = 'string' THEN
    m := to_jsonb(risk_register.current_name(CASE p_kind WHEN 'owner' THEN 'owners' ELSE 'categories' END, v #>> '{}'));
  ELSIF p_kind = 'snapshot' AND jsonb_typeof(v) = 'object' THEN
    IF jsonb_typeof(v->'owners') = 'array' THEN
      m := jsonb_set(m, '{owners}', risk_register.current_owners(v->'owners'));
    END IF;
    IF jsonb_typeof(v->'category') = 'string' THEN
      m := jsonb_set(m, '{category}', to_jsonb(risk_register.current_name('categories', v->>'category')));
    END IF;
  ELSIF p_kind = 'owner_id' AND jsonb_typeof(v) = 'object' AND jsonb_typeof(v->'owner_id') = 'string' THEN
    m := jsonb_set(m, '{owner_id}', to_jsonb(risk_register.current_name('owners', v->>'owner_id')));
  END IF;
  IF m = v THEN
    RETURN p_text;
  END IF;
  RETURN m::text;
END $$;

ALTER FUNCTION risk_register.apply_op(jsonb) RENAME TO apply_op_v4;

-- Apply one operation (version 4's apply_op), after refusing a rename onto a name taken meanwhile and following
-- the owners' initials and category names it carries to the entries' names now.
CREATE FUNCTION risk_register.apply_op(op jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  prior jsonb;
  answer jsonb;
  v_id text := op->>'id';
  v_entity text := op->>'entity';
  v_action text := op->>'action';
  v_field text := op->>'field';
  v_tbl text;
  v_from text;
  v_to text;
BEGIN
  IF v_id IS NULL OR v_entity IS NULL OR v_action IS NULL OR op->>'entity_id' IS NULL OR op->>'at' IS NULL
     OR op->>'label' IS NULL THEN
    -- Version 4 refuses it with its message.
    RETURN risk_register.apply_op_v4(op);
  END IF;
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT o.answer INTO prior FROM risk_register.ops o WHERE o.op_id = v_id;
  IF FOUND THEN
    RETURN prior;
  END IF;
  me := risk_register.caller();

  IF me.role = 'manager' AND v_action = 'update'
     AND ((v_entity = 'owner' AND v_field = 'initials') OR (v_entity = 'category' AND v_field = 'name')) THEN
    v_tbl := CASE v_entity WHEN 'owner' THEN 'owners' ELSE 'categories' END;
    BEGIN
      v_from := (op->>'old_value')::jsonb #>> '{}';
      v_to := (op->>'new_value')::jsonb #>> '{}';
    EXCEPTION WHEN invalid_text_representation THEN
      v_from := NULL;
    END;
    -- Only where the server holds the list as rows (since version 3): the rename's row operation comes before or
    -- after this history row, so "held" is read for both names.
    IF v_from IS NOT NULL AND v_to IS NOT NULL
       AND EXISTS (SELECT 1 FROM risk_register.rows r WHERE r.tbl = v_tbl) THEN
      IF risk_register.name_held(v_tbl, v_from, NULL) AND risk_register.name_held(v_tbl, v_to, v_from) THEN
        answer := jsonb_build_object('status', 'rejected', 'reason', CASE v_entity
          WHEN 'owner' THEN format('The initials %s were given to another owner on the team server meanwhile, so %s keeps its initials. Choose other initials and rename it again.', v_to, v_from)
          ELSE format('The name %s was given to another category on the team server meanwhile, so %s keeps its name. Choose another name and rename it again.', v_to, v_from) END);
      ELSIF NOT risk_register.name_held(v_tbl, v_from, NULL) AND NOT risk_register.name_held(v_tbl, v_to, NULL) THEN
        answer := jsonb_build_object('status', 'rejected', 'reason',
          format('%s was renamed or removed on the team server meanwhile, so it cannot be renamed to %s. Look at the %s after this sync and rename it again if you still need to.',
                 v_from, v_to, CASE v_entity WHEN 'owner' THEN 'owners directory' ELSE 'category list' END));
      END IF;
      IF answer IS NOT NULL THEN
        INSERT INTO risk_register.ops (op_id, login, answer) VALUES (v_id, me.name, answer);
        RETURN answer;
      END IF;
    END IF;
  END IF;

  -- Names renamed meanwhile, followed (a merge into an owner renamed meanwhile lands on the renamed owner).
  IF v_entity = 'risk' AND v_action IN ('create', 'import') THEN
    op := jsonb_set(op, '{new_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'new_value', 'snapshot')), 'null'::jsonb));
  ELSIF v_entity = 'risk' AND v_action = 'update' AND v_field IN ('owners', 'category') THEN
    op := jsonb_set(op, '{old_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'old_value',
            CASE v_field WHEN 'owners' THEN 'owners' ELSE 'category' END)), 'null'::jsonb));
    op := jsonb_set(op, '{new_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'new_value',
            CASE v_field WHEN 'owners' THEN 'owners' ELSE 'category' END)), 'null'::jsonb));
  ELSIF v_entity IN ('action', 'control') AND v_action = 'update' AND v_field = 'owner' THEN
    op := jsonb_set(op, '{old_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'old_value', 'owner')), 'null'::jsonb));
    op := jsonb_set(op, '{new_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'new_value', 'owner')), 'null'::jsonb));
  ELSIF v_entity = 'row' AND op->>'label' IN ('actions', 'controls') THEN
    op := jsonb_set(op, '{old_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'old_value', 'owner_id')), 'null'::jsonb));
    op := jsonb_set(op, '{new_value}', coalesce(to_jsonb(risk_register.follow_names(op->>'new_value', 'owner_id')), 'null'::jsonb));
  END IF;
  RETURN risk_register.apply_op_v4(op);
END $$;

-- Names a server at 4 already holds that were renamed meanwhile: followed, and sent to every laptop (a risk's as a
-- history row of the upgrade, an action's or control's as a row change); then the old names, which laptops made
-- for those values as entries of their own, are removed everywhere (a laptop keeps one still in use).
DO $do$
DECLARE
  r record;
  x text;
  v_new jsonb;
  v_at text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_seq bigint;
  stale_owners text[] := '{}';
  stale_categories text[] := '{}';
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  FOR r IN SELECT * FROM risk_register.risks WHERE NOT deleted ORDER BY id LOOP
    IF jsonb_typeof(r.fields->'owners') = 'array' THEN
      v_new := risk_register.current_owners(r.fields->'owners');
      IF v_new <> r.fields->'owners' THEN
        stale_owners := stale_owners || ARRAY(SELECT e FROM jsonb_array_elements_text(r.fields->'owners') e
                                               WHERE NOT v_new ? e);
        UPDATE risk_register.risks SET fields = jsonb_set(fields, '{owners}', v_new) WHERE id = r.id;
        PERFORM risk_register.append_history('risk', r.id, r.ref, 'update', 'owners', (r.fields->'owners')::text,
          v_new::text, 'Server schema 5: owners renamed meanwhile followed', v_at, session_user::text,
          'schema-5:owners:' || r.id);
      END IF;
    END IF;
    IF jsonb_typeof(r.fields->'category') = 'string' THEN
      v_new := to_jsonb(risk_register.current_name('categories', r.fields->>'category'));
      IF v_new <> r.fields->'category' THEN
        stale_categories := stale_categories || (r.fields->>'category');
        UPDATE risk_register.risks SET fields = jsonb_set(fields, '{category}', v_new) WHERE id = r.id;
        PERFORM risk_register.append_history('risk', r.id, r.ref, 'update', 'category', (r.fields->'category')::text,
          v_new::text, 'Server schema 5: category renamed meanwhile followed', v_at, session_user::text,
          'schema-5:category:' || r.id);
      END IF;
    END IF;
  END LOOP;
  SELECT coalesce(max(h.seq), 0) INTO v_seq FROM risk_register.history h;
  FOR r IN SELECT * FROM risk_register.rows WHERE tbl IN ('actions', 'controls') AND jsonb_typeof(data->'owner_id') = 'string'
           ORDER BY tbl, pk LOOP
    v_new := jsonb_set(r.data, '{owner_id}', to_jsonb(risk_register.current_name('owners', r.data->>'owner_id')));
    IF v_new <> r.data THEN
      stale_owners := stale_owners || (r.data->>'owner_id');
      UPDATE risk_register.rows SET data = v_new WHERE tbl = r.tbl AND pk = r.pk;
      INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
      VALUES (v_seq, r.tbl, r.pk, NULL, v_new, session_user, 'schema-5:' || r.tbl || ':' || (r.pk->>0));
    END IF;
  END LOOP;
  FOR x IN SELECT DISTINCT u FROM unnest(stale_owners) u WHERE NOT risk_register.name_held('owners', u, NULL) ORDER BY u LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'owners', jsonb_build_array(x), NULL, NULL, session_user, 'schema-5:owners:' || x);
  END LOOP;
  FOR x IN SELECT DISTINCT u FROM unnest(stale_categories) u WHERE NOT risk_register.name_held('categories', u, NULL) ORDER BY u LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'categories', jsonb_build_array(x), NULL, NULL, session_user, 'schema-5:categories:' || x);
  END LOOP;
END $do$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA risk_register FROM PUBLIC;

-- People added before this version: the new apply_op, and no longer version 4's under its internal name.
DO $do$
DECLARE
  u record;
BEGIN
  FOR u IN SELECT name FROM risk_register.users WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION risk_register.apply_op_v4(jsonb) FROM %I', u.name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION risk_register.apply_op(jsonb) TO %I', u.name);
  END LOOP;
END $do$;
`;

/**
 * Version 6 (issue 10): two laptops took a snapshot of the same name offline. A laptop's snapshot names are unique
 * without regard to case; the server's rows had no such rule, so it accepted both (different ids) and the laptop
 * pulling the other's failed every later sync. The server now decides once, as version 4 does for objective refs:
 * - the later **new snapshot** to reach it under a name another snapshot holds is stored as `NAME (2)` (`(3)`… if
 *   that is taken too), and a **notice** (a conflict every laptop lists) says so; the history row of the snapshot
 *   that follows its rows is recorded under the name it was given. Snapshots are read-only, so the notice is settled
 *   by keeping theirs; keeping mine (a name held) or typing another name is refused.
 * - an owner's refused **action** names the risk's owners (version 2 said "owned by nobody" when the action's row
 *   was not on the server: it had been refused just before, or removed meanwhile).
 * Servers at 5 keep their duplicates no longer: this migration moves the later ones aside the same way, flags them,
 * and sends every laptop the images (the moved ones, then the keepers). Laptops apply the server's names: their
 * own copy is renamed when the server's image says so (db/team/replica.ts `settleSnapshotName`).
 */
const v6 = /* sql */ `
-- Version 5's current_name (renames only) is kept under an internal name; follow_names and current_owners call
-- the new one by name.
ALTER FUNCTION risk_register.current_name(text, text) RENAME TO current_name_v5;

-- Internal: the initials (p_tbl 'owners') or category name ('categories') p_name as the server holds that entry
-- now, following the renames **and the merges** recorded in the history (a merge's 'merged-into' removal leads from
-- the merged entry's name, its label, to the name it was merged into): a risk a laptop moved offline onto an entry
-- merged away meanwhile lands where that entry's risks went. p_name itself when it is held, or when no rename or
-- merge leads to a held name.
CREATE FUNCTION risk_register.current_name(p_tbl text, p_name text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := p_name;
  nxt text;
  i integer := 0;
  v_entity text := CASE p_tbl WHEN 'owners' THEN 'owner' ELSE 'category' END;
  v_field text := CASE p_tbl WHEN 'owners' THEN 'initials' ELSE 'name' END;
BEGIN
  IF p_name IS NULL OR risk_register.name_held(p_tbl, p_name, NULL) THEN
    RETURN p_name;
  END IF;
  WHILE i < 50 AND NOT risk_register.name_held(p_tbl, v, NULL) LOOP
    nxt := NULL;
    BEGIN
      SELECT CASE h.action WHEN 'update' THEN h.new_value::jsonb #>> '{}' ELSE h.new_value::jsonb ->> v_field END
        INTO nxt FROM risk_register.history h
       WHERE h.entity = v_entity
         AND ((h.action = 'update' AND h.field = v_field AND h.old_value = to_json(v)::text)
              OR (h.action = 'delete' AND h.field = 'merged-into' AND h.label = v))
       ORDER BY h.seq DESC LIMIT 1;
    EXCEPTION WHEN invalid_text_representation THEN
      nxt := NULL;
    END;
    EXIT WHEN nxt IS NULL OR nxt = v;
    v := nxt;
    i := i + 1;
  END LOOP;
  IF risk_register.name_held(p_tbl, v, NULL) THEN
    RETURN v;
  END IF;
  RETURN p_name;
END $$;

-- Internal: whether a snapshot other than p_pk holds p_name (without regard to case, as in SQLite).
CREATE FUNCTION risk_register.snapshot_name_held(p_name text, p_pk jsonb) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM risk_register.rows r
                  WHERE r.tbl = 'snapshots' AND r.pk <> p_pk AND lower(r.data->>'name') = lower(p_name))
$$;

-- Internal: the name a snapshot (p_pk) asking for a held p_name is stored under: NAME (2), NAME (3)…
CREATE FUNCTION risk_register.moved_snapshot_name(p_name text, p_pk jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n integer := 2;
BEGIN
  WHILE risk_register.snapshot_name_held(p_name || ' (' || n || ')', p_pk) LOOP
    n := n + 1;
  END LOOP;
  RETURN p_name || ' (' || n || ')';
END $$;

-- Internal: the owners' initials and category names an operation carries that the server follows elsewhere
-- (renamed or merged meanwhile) and holds no entry of, as a JSON array of [tbl, name]. A laptop that applies the
-- followed operation may still hold such an entry (its own, or one made for a risk it pulled before): the server
-- sends its removal after the operation, so every laptop's list ends as the server's.
CREATE FUNCTION risk_register.names_followed_away(op jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  result jsonb := '[]'::jsonb;
  v_entity text := op->>'entity';
  v_action text := op->>'action';
  v_field text := op->>'field';
  t text;
  v jsonb;
  e jsonb;
  cand jsonb := '[]'::jsonb;
BEGIN
  FOREACH t IN ARRAY ARRAY[op->>'old_value', op->>'new_value'] LOOP
    CONTINUE WHEN t IS NULL;
    BEGIN
      v := t::jsonb;
    EXCEPTION WHEN invalid_text_representation THEN
      CONTINUE;
    END;
    IF v_entity = 'risk' AND v_action IN ('create', 'import') AND jsonb_typeof(v) = 'object' THEN
      IF jsonb_typeof(v->'owners') = 'array' THEN
        cand := cand || (SELECT coalesce(jsonb_agg(jsonb_build_array('owners', x)), '[]'::jsonb)
                           FROM jsonb_array_elements(v->'owners') x WHERE jsonb_typeof(x) = 'string');
      END IF;
      IF jsonb_typeof(v->'category') = 'string' THEN
        cand := cand || jsonb_build_array(jsonb_build_array('categories', v->'category'));
      END IF;
    ELSIF v_entity = 'risk' AND v_action = 'update' AND v_field = 'owners' AND jsonb_typeof(v) = 'array' THEN
      cand := cand || (SELECT coalesce(jsonb_agg(jsonb_build_array('owners', x)), '[]'::jsonb)
                         FROM jsonb_array_elements(v) x WHERE jsonb_typeof(x) = 'string');
    ELSIF v_entity = 'risk' AND v_action = 'update' AND v_field = 'category' AND jsonb_typeof(v) = 'string' THEN
      cand := cand || jsonb_build_array(jsonb_build_array('categories', v));
    ELSIF v_entity IN ('action', 'control') AND v_action = 'update' AND v_field = 'owner'
          AND jsonb_typeof(v) = 'string' THEN
      cand := cand || jsonb_build_array(jsonb_build_array('owners', v));
    ELSIF v_entity = 'row' AND op->>'label' IN ('actions', 'controls') AND jsonb_typeof(v) = 'object'
          AND jsonb_typeof(v->'owner_id') = 'string' THEN
      cand := cand || jsonb_build_array(jsonb_build_array('owners', v->'owner_id'));
    END IF;
  END LOOP;
  FOR e IN SELECT DISTINCT x FROM jsonb_array_elements(cand) x LOOP
    IF NOT risk_register.name_held(e->>0, e->>1, NULL)
       AND risk_register.current_name(e->>0, e->>1) IS DISTINCT FROM e->>1 THEN
      result := result || jsonb_build_array(e);
    END IF;
  END LOOP;
  RETURN result;
END $$;

ALTER FUNCTION risk_register.apply_row(risk_register.users, jsonb) RENAME TO apply_row_v4;

CREATE FUNCTION risk_register.apply_row(me risk_register.users, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_pk jsonb;
  v_before jsonb;
  v_after jsonb;
  v_name text;
  v_moved text;
  answer jsonb;
  cid bigint;
BEGIN
  IF (op->>'label') IS DISTINCT FROM 'snapshots' OR me.role <> 'manager' THEN
    RETURN risk_register.apply_row_v4(me, op);
  END IF;
  BEGIN
    v_pk := (op->>'entity_id')::jsonb;
    v_before := (op->>'old_value')::jsonb;
    v_after := (op->>'new_value')::jsonb;
  EXCEPTION WHEN invalid_text_representation THEN
    -- Earlier versions refuse it with their message.
    RETURN risk_register.apply_row_v4(me, op);
  END;
  -- A new snapshot (not one the server holds already) under a name another snapshot holds: this one, the later,
  -- moves aside.
  IF jsonb_typeof(v_pk) = 'array' AND v_before IS NULL AND jsonb_typeof(v_after) = 'object'
     AND jsonb_typeof(v_after->'name') = 'string'
     AND NOT EXISTS (SELECT 1 FROM risk_register.rows r WHERE r.tbl = 'snapshots' AND r.pk = v_pk) THEN
    v_name := v_after->>'name';
    IF risk_register.snapshot_name_held(v_name, v_pk) THEN
      v_moved := risk_register.moved_snapshot_name(v_name, v_pk);
      op := jsonb_set(op, '{new_value}', to_jsonb(jsonb_set(v_after, '{name}', to_jsonb(v_moved))::text));
    END IF;
  END IF;
  answer := risk_register.apply_row_v4(me, op);
  IF v_moved IS NOT NULL AND answer->>'status' = 'accepted' THEN
    INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id, tbl, pk, notice)
    VALUES (v_pk->>0, v_moved, 'snapshots.name', NULL, to_jsonb(v_moved), to_jsonb(v_name), me.name,
            op->>'at', op->>'id', 'snapshots', v_pk, true)
    RETURNING id INTO cid;
    answer := answer || jsonb_build_object('conflict', cid, 'name', v_moved);
  END IF;
  RETURN answer;
END $$;

ALTER FUNCTION risk_register.apply_op(jsonb) RENAME TO apply_op_v5;

-- Apply one operation (version 5's apply_op), after giving a snapshot's history row the name the server stored
-- the snapshot under, and refusing an owner's action on a risk they do not own with the risk's owners named.
CREATE FUNCTION risk_register.apply_op(op jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  me risk_register.users;
  prior jsonb;
  answer jsonb;
  v_id text := op->>'id';
  v_entity text := op->>'entity';
  v_action text := op->>'action';
  v_stored text;
  v_new jsonb;
  rr risk_register.risks;
  v_owners text;
  v_gone jsonb;
  v_seq bigint;
  v_e jsonb;
BEGIN
  IF v_id IS NULL OR v_entity IS NULL OR v_action IS NULL OR op->>'entity_id' IS NULL OR op->>'at' IS NULL
     OR op->>'label' IS NULL THEN
    -- Earlier versions refuse it with their message.
    RETURN risk_register.apply_op_v5(op);
  END IF;
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT o.answer INTO prior FROM risk_register.ops o WHERE o.op_id = v_id;
  IF FOUND THEN
    RETURN prior;
  END IF;
  me := risk_register.caller();

  IF v_entity = 'register' AND v_action = 'create' AND op->>'field' = 'snapshot' THEN
    -- The snapshot's rows came first (the same push): its history row carries the name the server gave it.
    SELECT r.data->>'name' INTO v_stored FROM risk_register.rows r
     WHERE r.tbl = 'snapshots' AND r.pk = jsonb_build_array(op->>'entity_id');
    BEGIN
      v_new := (op->>'new_value')::jsonb;
    EXCEPTION WHEN invalid_text_representation THEN
      v_new := NULL;
    END;
    IF v_stored IS NOT NULL AND jsonb_typeof(v_new) = 'object' AND jsonb_typeof(v_new->'name') = 'string'
       AND v_new->>'name' <> v_stored THEN
      op := jsonb_set(op, '{label}', to_jsonb(format('Snapshot "%s"', v_stored)));
      op := jsonb_set(op, '{new_value}', to_jsonb(jsonb_set(v_new, '{name}', to_jsonb(v_stored))::text));
    END IF;
  ELSIF v_entity = 'action' AND me.role = 'owner'
        AND NOT EXISTS (SELECT 1 FROM risk_register.rows r
                         WHERE r.tbl = 'actions' AND r.pk = jsonb_build_array(op->>'entity_id')) THEN
    -- The action's row is not on the server (its row operation was refused just before, or it was removed
    -- meanwhile): its risk is the one its last image named, else the one its history row names (an action's label
    -- is its risk's ref).
    SELECT * INTO rr FROM risk_register.risks WHERE id = (
      SELECT c.data->>'risk_id' FROM risk_register.row_changes c
       WHERE c.tbl = 'actions' AND c.pk = jsonb_build_array(op->>'entity_id') AND c.data IS NOT NULL
       ORDER BY c.rseq DESC LIMIT 1);
    IF rr.id IS NULL THEN
      SELECT * INTO rr FROM risk_register.risks WHERE lower(ref) = lower(op->>'label') AND NOT deleted;
    END IF;
    IF rr.id IS NOT NULL AND (rr.deleted OR coalesce(rr.fields->'owners', '[]'::jsonb) ? me.owner_initials) THEN
      answer := jsonb_build_object('status', 'rejected', 'reason',
        format('This action on %s was removed on the team server meanwhile, so the change cannot be applied. Look at the risk''s actions after this sync.', rr.ref));
    ELSE
      SELECT string_agg(x, '/') INTO v_owners FROM jsonb_array_elements_text(rr.fields->'owners') x;
      answer := jsonb_build_object('status', 'rejected', 'reason',
        format('%s is owned by %s, not by %s (%s): an owner may add and change actions only on the risks they own. Ask the risk manager or one of its owners to make this change.',
               coalesce(rr.ref, op->>'label'), coalesce(v_owners, 'nobody'), me.name, me.owner_initials));
    END IF;
    INSERT INTO risk_register.ops (op_id, login, answer) VALUES (v_id, me.name, answer);
    RETURN answer;
  END IF;
  -- Names version 5 follows (renamed or merged meanwhile) that the server holds no entry of: removed on every
  -- laptop after this operation (a laptop applying it no longer needs them; one still in use stays).
  v_gone := risk_register.names_followed_away(op);
  answer := risk_register.apply_op_v5(op);
  IF jsonb_array_length(v_gone) > 0 AND answer->>'status' IS DISTINCT FROM 'rejected' THEN
    SELECT coalesce(max(h.seq), 0) INTO v_seq FROM risk_register.history h;
    FOR v_e IN SELECT x FROM jsonb_array_elements(v_gone) x LOOP
      INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
      VALUES (v_seq, v_e->>0, jsonb_build_array(v_e->>1), NULL, NULL, me.name, v_id);
    END LOOP;
  END IF;
  RETURN answer;
END $$;

ALTER FUNCTION risk_register.resolve_conflict(bigint, text, jsonb) RENAME TO resolve_conflict_v4;

-- Resolve a conflict (version 4's function), refusing to rename a snapshot moved aside: snapshots are read-only.
CREATE FUNCTION risk_register.resolve_conflict(p_id bigint, p_keep text, p_value jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c risk_register.conflicts;
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT * INTO c FROM risk_register.conflicts WHERE id = p_id;
  IF FOUND AND c.resolved_at IS NULL AND c.tbl = 'snapshots' AND c.field = 'snapshots.name' THEN
    PERFORM risk_register.caller();
    IF p_keep = 'mine' AND risk_register.snapshot_name_held(c.mine#>>'{}', c.pk) THEN
      RAISE EXCEPTION 'The name % is held by another snapshot, taken before this one reached the team server, so this one keeps %. Keep theirs to settle this notice.', c.mine#>>'{}', c.ref
        USING ERRCODE = 'unique_violation';
    END IF;
    IF p_keep IN ('mine', 'value') THEN
      RAISE EXCEPTION 'Snapshots are read-only and cannot be renamed, so this one keeps %. Keep theirs to settle this notice.', c.ref
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
  END IF;
  RETURN risk_register.resolve_conflict_v4(p_id, p_keep, p_value);
END $$;

-- Snapshots sharing a name on a server at 5: the first recorded keeps it, the later ones move aside and are
-- flagged; every laptop gets the moved images, then the keeper's (so a laptop that had moved it aside takes it back).
DO $do$
DECLARE
  d record;
  v_seq bigint;
  v_at text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_moved text;
  v_data jsonb;
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  SELECT coalesce(max(h.seq), 0) INTO v_seq FROM risk_register.history h;
  CREATE TEMP TABLE snapshot_dups ON COMMIT DROP AS
    SELECT r.pk, r.data, n, dup_count FROM (
      SELECT r.pk, r.data,
             row_number() OVER w AS n,
             count(*) OVER (PARTITION BY lower(r.data->>'name')) AS dup_count
        FROM risk_register.rows r
        LEFT JOIN LATERAL (SELECT min(c.rseq) AS first_rseq FROM risk_register.row_changes c
                            WHERE c.tbl = 'snapshots' AND c.pk = r.pk) f ON true
       WHERE r.tbl = 'snapshots' AND jsonb_typeof(r.data->'name') = 'string'
      WINDOW w AS (PARTITION BY lower(r.data->>'name') ORDER BY f.first_rseq NULLS FIRST, r.pk)) r
     WHERE dup_count > 1;
  FOR d IN SELECT * FROM snapshot_dups WHERE n > 1 ORDER BY lower(data->>'name'), n LOOP
    v_moved := risk_register.moved_snapshot_name(d.data->>'name', d.pk);
    v_data := jsonb_set(d.data, '{name}', to_jsonb(v_moved));
    UPDATE risk_register.rows SET data = v_data WHERE tbl = 'snapshots' AND pk = d.pk;
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'snapshots', d.pk, NULL, v_data, session_user, 'schema-6:' || (d.pk->>0));
    INSERT INTO risk_register.conflicts (risk_id, ref, field, base, theirs, mine, by, at, op_id, tbl, pk, notice)
    VALUES (d.pk->>0, v_moved, 'snapshots.name', NULL, to_jsonb(v_moved), d.data->'name',
            coalesce((SELECT c.by FROM risk_register.row_changes c WHERE c.tbl = 'snapshots' AND c.pk = d.pk
                       ORDER BY c.rseq LIMIT 1), session_user),
            v_at, 'schema-6:' || (d.pk->>0), 'snapshots', d.pk, true);
  END LOOP;
  FOR d IN SELECT * FROM snapshot_dups WHERE n = 1 ORDER BY lower(data->>'name') LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'snapshots', d.pk, NULL, d.data, session_user, 'schema-6:' || (d.pk->>0));
  END LOOP;
END $do$;

-- Names a server at 5 already holds that were merged away meanwhile (a risk, an action or a control moved offline
-- onto an entry another laptop merged into a third): followed, as version 5's upgrade followed renames, and sent to
-- every laptop (a risk's as a history row of the upgrade, an action's or control's as a row change); then the old
-- names, which laptops made for those values as entries of their own, are removed everywhere (a laptop keeps one
-- still in use).
DO $do$
DECLARE
  r record;
  x text;
  v_new jsonb;
  v_at text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_seq bigint;
  stale_owners text[] := '{}';
  stale_categories text[] := '{}';
BEGIN
  PERFORM 1 FROM risk_register.team_meta WHERE id = 1 FOR UPDATE;
  FOR r IN SELECT * FROM risk_register.risks WHERE NOT deleted ORDER BY id LOOP
    IF jsonb_typeof(r.fields->'owners') = 'array' THEN
      v_new := risk_register.current_owners(r.fields->'owners');
      IF v_new <> r.fields->'owners' THEN
        stale_owners := stale_owners || ARRAY(SELECT e FROM jsonb_array_elements_text(r.fields->'owners') e
                                               WHERE NOT v_new ? e);
        UPDATE risk_register.risks SET fields = jsonb_set(fields, '{owners}', v_new) WHERE id = r.id;
        PERFORM risk_register.append_history('risk', r.id, r.ref, 'update', 'owners', (r.fields->'owners')::text,
          v_new::text, 'Server schema 6: owners merged meanwhile followed', v_at, session_user::text,
          'schema-6:owners:' || r.id);
      END IF;
    END IF;
    IF jsonb_typeof(r.fields->'category') = 'string' THEN
      v_new := to_jsonb(risk_register.current_name('categories', r.fields->>'category'));
      IF v_new <> r.fields->'category' THEN
        stale_categories := stale_categories || (r.fields->>'category');
        UPDATE risk_register.risks SET fields = jsonb_set(fields, '{category}', v_new) WHERE id = r.id;
        PERFORM risk_register.append_history('risk', r.id, r.ref, 'update', 'category', (r.fields->'category')::text,
          v_new::text, 'Server schema 6: category merged meanwhile followed', v_at, session_user::text,
          'schema-6:category:' || r.id);
      END IF;
    END IF;
  END LOOP;
  SELECT coalesce(max(h.seq), 0) INTO v_seq FROM risk_register.history h;
  FOR r IN SELECT * FROM risk_register.rows WHERE tbl IN ('actions', 'controls') AND jsonb_typeof(data->'owner_id') = 'string'
           ORDER BY tbl, pk LOOP
    v_new := jsonb_set(r.data, '{owner_id}', to_jsonb(risk_register.current_name('owners', r.data->>'owner_id')));
    IF v_new <> r.data THEN
      stale_owners := stale_owners || (r.data->>'owner_id');
      UPDATE risk_register.rows SET data = v_new WHERE tbl = r.tbl AND pk = r.pk;
      INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
      VALUES (v_seq, r.tbl, r.pk, NULL, v_new, session_user, 'schema-6:' || r.tbl || ':' || (r.pk->>0));
    END IF;
  END LOOP;
  FOR x IN SELECT DISTINCT u FROM unnest(stale_owners) u WHERE NOT risk_register.name_held('owners', u, NULL) ORDER BY u LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'owners', jsonb_build_array(x), NULL, NULL, session_user, 'schema-6:owners:' || x);
  END LOOP;
  FOR x IN SELECT DISTINCT u FROM unnest(stale_categories) u WHERE NOT risk_register.name_held('categories', u, NULL) ORDER BY u LOOP
    INSERT INTO risk_register.row_changes (after_seq, tbl, pk, old_pk, data, by, op_id)
    VALUES (v_seq, 'categories', jsonb_build_array(x), NULL, NULL, session_user, 'schema-6:categories:' || x);
  END LOOP;
END $do$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA risk_register FROM PUBLIC;

-- People added before this version: the new apply_op and resolve_conflict, and no longer version 5's and 4's
-- under their internal names.
DO $do$
DECLARE
  u record;
BEGIN
  FOR u IN SELECT name FROM risk_register.users WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION risk_register.apply_op_v5(jsonb) FROM %I', u.name);
    EXECUTE format('REVOKE ALL ON FUNCTION risk_register.resolve_conflict_v4(bigint, text, jsonb) FROM %I', u.name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION risk_register.apply_op(jsonb), risk_register.resolve_conflict(bigint, text, jsonb) TO %I', u.name);
  END LOOP;
END $do$;
`;

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  { version: 1, name: 'initial', up: v1 },
  { version: 2, name: 'shared-rows', up: v2 },
  { version: 3, name: 'directory-and-order', up: v3 },
  { version: 4, name: 'objective-refs', up: v4 },
  { version: 5, name: 'owner-category-names', up: v5 },
  { version: 6, name: 'snapshot-names', up: v6 },
];
export const SERVER_LATEST = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]?.version ?? 0;

/** What a login role may read, and the functions it may call. */
export const READABLE_TABLES = [
  'team_meta',
  'users',
  'risks',
  'history',
  'conflicts',
  'rows',
  'row_changes',
] as const;
export const CALLABLE_FUNCTIONS = [
  'apply_op(jsonb)',
  'resolve_conflict(bigint, text)',
  'resolve_conflict(bigint, text, jsonb)',
  'mark_synced()',
  'entry_hash(text, bigint, text, text, text, text, text, text, text, text, text, text)',
] as const;
