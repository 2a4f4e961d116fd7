package dev.driftsmith.schema;

/**
 * This device's node id, a fact two features share: sync creates it when the database opens and
 * sends it with pushes; vector-clock versioning counts under it. It lives in sync's meta table.
 */
public final class DeviceId {
  private DeviceId() {}

  public static final String TABLE = "sync_meta";
  public static final String KEY = "node_id";

  /** The node id as an SQL expression. */
  public static final String VALUE = "(SELECT meta_value FROM " + TABLE + " WHERE meta_key = '" + KEY + "')";

  /** Creates the node id, 16 random hex digits, unless it exists. */
  public static final String ENSURE = "INSERT OR IGNORE INTO " + TABLE + " (meta_key, meta_value) VALUES ('" + KEY
      + "', lower(hex(randomblob(8))))";
}
