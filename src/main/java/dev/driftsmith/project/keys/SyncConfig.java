package dev.driftsmith.project.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The synced tables, in the order they started to sync, the server (drift_enable_sync), and the sync
 * protocol version the installed apps speak. {@code baseUrl} may be null: the app then passes it
 * when it builds the transport. A manifest written before {@code protocol} existed speaks version 1
 * (local integer ids as record ids); loading it records the step that moves installed apps to the
 * current version.
 */
public record SyncConfig(String baseUrl, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tables, Integer protocol) {
  /** The protocol version of docs/sync-protocol.md that the generated client speaks. */
  public static final int CURRENT_PROTOCOL = 2;

  /** Local integer keys as record ids: what projects generated before protocol 2 installed. */
  public static final int LEGACY_PROTOCOL = 1;

  public SyncConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
    protocol = protocol == null ? LEGACY_PROTOCOL : protocol;
  }

  public SyncConfig(String baseUrl, List<String> tables) {
    this(baseUrl, tables, CURRENT_PROTOCOL);
  }

  public static final SyncConfig NONE = new SyncConfig(null, List.of());

  /** These settings with {@code more} tables synced too (those already synced keep their place). */
  public SyncConfig withTables(List<String> more) {
    List<String> all = new ArrayList<>(tables);
    for (String t : more) if (!all.contains(t)) all.add(t);
    return new SyncConfig(baseUrl, all, protocol);
  }

  public SyncConfig withBaseUrl(String url) {
    return new SyncConfig(url, tables, protocol);
  }

  public SyncConfig withProtocol(int version) {
    return new SyncConfig(baseUrl, tables, version);
  }

  /** Whether record ids are global (protocol 2 and later), not the local keys of version 1. */
  public boolean globalRecordIds() {
    return protocol >= CURRENT_PROTOCOL;
  }
}
