-- The reference sync server's store. One schema for SQLite and PostgreSQL: only types and
-- statements both run the same way. Times are epoch milliseconds set by the server.

-- One stream per user: the counter that orders the user's changes for pulls. Every push takes
-- the row lock of its stream before anything else, so a user's changes commit in counter order and
-- a cursor can never pass over a change that commits later.
CREATE TABLE sync_streams (
  tenant_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, owner_id)
);

-- Every record ever pushed, keyed by its global record id; a deleted one stays as a tombstone
-- (data NULL), so a device that was offline for weeks still learns of the delete. seq is the
-- position of the record's last change in its owner's stream.
CREATE TABLE sync_records (
  tenant_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  record_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted SMALLINT NOT NULL CHECK (deleted IN (0, 1)),
  data TEXT,
  seq BIGINT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, entity, record_id),
  CHECK ((deleted = 1 AND data IS NULL) OR (deleted = 0 AND data IS NOT NULL))
);

-- Pulls read a user's stream in order.
CREATE UNIQUE INDEX sync_records_by_stream ON sync_records (tenant_id, owner_id, seq);

-- The answer given to every operation that was applied or rejected, so a repeated op id gets the
-- same answer and is never applied twice. Written in the transaction that applies the operation.
CREATE TABLE sync_answers (
  tenant_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  op_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, owner_id, op_id)
);
