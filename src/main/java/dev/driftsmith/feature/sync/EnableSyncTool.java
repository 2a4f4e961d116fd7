package dev.driftsmith.feature.sync;

import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** drift_enable_sync: the outbox, its capture triggers and the sync engine for the named tables. */
final class EnableSyncTool extends FeatureTool {
  static final About ABOUT = new About("drift_enable_sync", "Enable offline sync",
      "Offline sync: an outbox filled by SQLite triggers, a sync engine, an HTTP transport and the protocol document.",
      Hints.GENERATES);
  static final Param<List<Table>> TABLES = Param.tables("tables")
      .nonEmpty("name at least one table, or leave it out to sync every table")
      .describe("Default: every table");
  static final Param<String> BASE_URL = Param.text("baseUrl", TextSize.URL).check((url, field, v) -> checkUrl(field, url));
  /** The protocol version the installed apps speak; only stored, set by the upgrade that moves a project to it. */
  static final Param<Integer> PROTOCOL = Param.integer("protocol", SyncConfig.LEGACY_PROTOCOL, SyncConfig.CURRENT_PROTOCOL);
  /** The stored form, checked as the call is (the tables, each once). */
  static final Params STORED = Params.of(BASE_URL, Param.tables("tables").distinct(), PROTOCOL);

  EnableSyncTool() {
    super(ABOUT, Params.of(TABLES, BASE_URL));
  }

  @Override
  protected boolean onExistingTables() {
    return true;
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    List<Table> requested = v.sent(TABLES) ? v.get(TABLES) : m.schema().tables();
    Set<String> names = new LinkedHashSet<>();
    requested.forEach(t -> names.add(t.name()));
    for (String name : names) {
      Table t = m.schema().table(name).orElseThrow();
      for (Column c : t.allColumns()) {
        if (c.references() != null && !names.contains(c.references().table())
            && !SyncSettings.syncs(m, c.references().table())) {
          change.note("'" + name + "." + c.name() + "' points at '" + c.references().table()
              + "', which does not sync: the server must already have those rows.");
        }
      }
    }
    String baseUrl = v.sentOr(BASE_URL, SyncSettings.sync(m).baseUrl());
    List<String> fresh = names.stream().filter(n -> !SyncSettings.syncs(m, n)).toList();
    if (fresh.isEmpty()) change.note("Every named table already syncs; no schema change.");
    Manifest next = m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(fresh).withBaseUrl(baseUrl));
    return change.record(m, next, "sync " + String.join(", ", fresh));
  }

  static void checkUrl(String field, String url) throws ToolException {
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ToolException(field, "'" + url + "' must be an http(s) URL such as https://api.example.com/sync");
      }
    } catch (URISyntaxException e) {
      throw new ToolException(field, "'" + url + "' is not a URL (" + e.getReason() + ")");
    }
  }
}
