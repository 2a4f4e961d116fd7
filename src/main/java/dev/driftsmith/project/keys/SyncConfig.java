package dev.driftsmith.project.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The synced tables, in the order they started to sync, and the server (drift_enable_sync).
 * {@code baseUrl} may be null: the app then passes it when it builds the transport.
 */
public record SyncConfig(String baseUrl, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tables) {
  public SyncConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public static final SyncConfig NONE = new SyncConfig(null, List.of());

  /** These settings with {@code more} tables synced too (those already synced keep their place). */
  public SyncConfig withTables(List<String> more) {
    List<String> all = new ArrayList<>(tables);
    for (String t : more) if (!all.contains(t)) all.add(t);
    return new SyncConfig(baseUrl, all);
  }

  public SyncConfig withBaseUrl(String url) {
    return new SyncConfig(url, tables);
  }
}
