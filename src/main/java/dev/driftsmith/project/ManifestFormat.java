package dev.driftsmith.project;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads driftsmith.yaml files that earlier versions wrote. Features used to keep their state on the
 * tables (a table's {@code sync}, {@code tracking} and {@code trackingBits}), versioning declared
 * its {@code version} column among the table's columns, and feature objects were stored with
 * their SQL under {@code schema.objects}. Each feature now keeps its state under its own key and
 * its columns and objects are computed, so those fields move, or go, here; the next write saves
 * the manifest in the current form.
 */
final class ManifestFormat {
  private ManifestFormat() {}

  /** Upgrades {@code root} in place; returns a note for each change, empty when it was current. */
  static List<String> upgrade(JsonNode root) {
    List<String> notes = new ArrayList<>();
    if (!(root instanceof ObjectNode manifest) || !(manifest.get("schema") instanceof ObjectNode schema)) return notes;
    if (schema.remove("objects") != null) {
      notes.add("schema.objects is gone: features compute their objects (search indexes, triggers) from their settings.");
    }
    if (!(schema.get("tables") instanceof ArrayNode tables)) return notes;
    ObjectNode features = manifest.get("features") instanceof ObjectNode f ? f : manifest.putObject("features");
    List<String> synced = new ArrayList<>();
    for (JsonNode table : tables) {
      if (!(table instanceof ObjectNode t)) continue;
      String name = t.path("name").asString("");
      JsonNode sync = t.remove("sync");
      if (sync != null && sync.asBoolean(false)) synced.add(name);
      t.remove("tracking");
      JsonNode bits = t.remove("trackingBits");
      if (bits != null && bits.isObject() && !bits.isEmpty()) moveBits(features, name, bits);
    }
    if (!synced.isEmpty()) {
      ObjectNode sync = features.get("sync") instanceof ObjectNode s ? s : features.putObject("sync");
      ArrayNode list = sync.putArray("tables");
      synced.forEach(list::add);
      notes.add("The synced tables are listed under features.sync.tables instead of `sync: true` on each table.");
    }
    if (dropVersionColumns(features, tables)) {
      notes.add("The version columns of versioned tables are no longer declared among their columns: versioning adds them.");
    }
    return notes;
  }

  private static void moveBits(ObjectNode features, String table, JsonNode bits) {
    if (!(features.get("partialSync") instanceof ArrayNode partial)) return;
    for (JsonNode entry : partial) {
      if (entry instanceof ObjectNode e && table.equals(e.path("table").asString(""))) e.set("bits", bits);
    }
  }

  private static boolean dropVersionColumns(ObjectNode features, ArrayNode tables) {
    if (!(features.get("versioning") instanceof ArrayNode versioning)) return false;
    boolean dropped = false;
    for (JsonNode entry : versioning) {
      String versioned = entry.path("table").asString("");
      for (JsonNode table : tables) {
        if (!versioned.equals(table.path("name").asString("")) || !(table.get("columns") instanceof ArrayNode columns)) continue;
        for (int i = columns.size() - 1; i >= 0; i--) {
          if ("version".equals(columns.get(i).path("name").asString(""))) {
            columns.remove(i);
            dropped = true;
          }
        }
      }
    }
    return dropped;
  }
}
