package dev.driftsmith.schema;

/**
 * The marker the sync engine sets in sync's meta table while it applies changes pulled from the
 * server, inside that transaction. Triggers read it to tell those writes from the app's own: sync's
 * capture triggers queue nothing for them (they came from the server), and a trigger that records
 * who made a change (the audit log) records no local actor for them (their author is elsewhere).
 */
public final class RemoteApply {
  private RemoteApply() {}

  /** The meta key of the marker. */
  public static final String MARKER = "applying_remote";

  /** True while a server change is being applied, as an SQL condition. */
  public static final String ACTIVE = "EXISTS (SELECT 1 FROM " + DeviceId.TABLE + " WHERE meta_key = '" + MARKER + "')";
}
