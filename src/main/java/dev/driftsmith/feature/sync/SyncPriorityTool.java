package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Template 12: priority levels for the outbox, promoted by age and deadlines, pushed in parallel per level. */
final class SyncPriorityTool extends NamedManifestTool {
  static final List<String> INPUT_LEVELS = List.of("CRITICAL", "HIGH", "NORMAL", "LOW");
  static final List<String> OPS = List.of("insert", "update", "delete");

  SyncPriorityTool() {
    super("drift_configure_sync_priority",
        "Priority levels for the sync queue: per table or table.insert|update|delete, promoted one level per agePromotionMs of waiting and to CRITICAL near a deadline; levels push in parallel, at most maxConcurrent batches each.");
  }

  @Override
  protected void declare(JsonSchemas s) {
    s.required("priorities", Map.of("type", "object", "additionalProperties",
        Map.of("type", "string", "enum", INPUT_LEVELS),
        "description", "operation → level. An operation is a table (all its changes) or table.insert|update|delete; the table.op rule wins over the table rule; unmatched operations are NORMAL."));
    s.required("maxConcurrent", JsonSchemas.integer("1–10 batches in flight per level"));
    s.required("agePromotionMs", JsonSchemas.integer("1000–604800000: waiting this long lifts an operation one level (never above CRITICAL)"));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    Tables.requireSome(m);
    Request request = parse(m, args, INPUT_LEVELS);
    Manifest next = SyncSetup.ensureSynced(SyncTools.ensureEnabled(m, change), request.tables(), change);
    return SyncSettings.put(next, SyncSettings.PRIORITY, request.priority());
  }

  /** The priorities asked for, and the tables they name in the order named (those tables must sync). */
  record Request(SyncSettings.Priority priority, List<String> tables) {}

  /** Reads {@code args}, whose levels are among {@code levels}; levels are stored lower-case. */
  static Request parse(Manifest m, Args args, List<String> levels) throws ToolException {
    Map<String, String> raw = args.enumMap("priorities", levels);
    if (raw.isEmpty()) throw new ToolException(args.field("priorities"), "name at least one table, e.g. {\"todos\": \"HIGH\"}");
    Map<String, String> priorities = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    for (var e : raw.entrySet()) {
      String field = args.field("priorities") + "." + e.getKey();
      String[] parts = e.getKey().split("\\.", -1);
      if (parts.length > 2 || (parts.length == 2 && !OPS.contains(parts[1]))) {
        throw new ToolException(field, "'" + e.getKey() + "' must be a table or table.insert|update|delete; every operation the outbox records is a table change");
      }
      Tables.require(m, field, parts[0]);
      if (!tables.contains(parts[0])) tables.add(parts[0]);
      priorities.put(e.getKey(), e.getValue().toLowerCase(Locale.ROOT));
    }
    int maxConcurrent = args.optInt("maxConcurrent", 1, 10)
        .orElseThrow(() -> new ToolException(args.field("maxConcurrent"), "is required: a whole number from 1 to 10"));
    long agePromotion = args.optInt("agePromotionMs", 1000, 604_800_000)
        .orElseThrow(() -> new ToolException(args.field("agePromotionMs"), "is required: milliseconds from 1000 to 604800000"));
    return new Request(new SyncSettings.Priority(priorities, maxConcurrent, agePromotion), tables);
  }
}
