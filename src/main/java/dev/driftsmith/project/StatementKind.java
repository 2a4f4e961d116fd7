package dev.driftsmith.project;

/**
 * What a statement is, as SQLite compiled it (never from its first word): a query (SELECT, WITH or
 * VALUES that only reads), a change of rows in one of INSERT, UPDATE or DELETE, or anything else
 * (schema changes, transaction control, ...). An UPSERT is an INSERT; a WITH that deletes is a DELETE.
 */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  OTHER;

  public boolean changesRows() {
    return this == INSERT || this == UPDATE || this == DELETE;
  }
}
