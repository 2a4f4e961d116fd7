package dev.driftsmith.feature.audit;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What audit logging puts in the database: its append-only log (and the actor table), and the
 * capture triggers of every audited table. The triggers are computed from the table as the user
 * declared it, not as features extend it: a feature's bookkeeping columns (sync's dirty set, a
 * version counter) are not the user's data, and writes to them alone are not logged.
 */
final class AuditSchema implements SchemaContributor {
  @Override
  public List<SchemaObject> systemObjects(Manifest m) {
    return AuditConfig.read(m).map(AuditSql::systemObjects).orElse(List.of());
  }

  @Override
  public List<OwnTable> ownTables(Manifest m) {
    return AuditSql.ownTables();
  }

  @Override
  public List<SchemaObject> objectsOn(Manifest m, Table table) {
    return AuditConfig.read(m).filter(config -> config.tables().contains(table.name()))
        .map(config -> objects(m.schema().table(table.name()).orElse(table), config, synced(m, table)))
        .orElse(List.of());
  }

  @Override
  public List<String> openStatements(Manifest m) {
    return AuditConfig.read(m).flatMap(AuditConfig::retention).map(days -> List.of(AuditSql.purge(days))).orElse(List.of());
  }

  private static boolean synced(Manifest m, Table table) {
    return m.get(FeatureKeys.SYNC).map(sync -> sync.tables().contains(table.name())).orElse(false);
  }

  private static List<SchemaObject> objects(Table declared, AuditConfig config, boolean synced) {
    List<String> names = AuditSql.triggerNames(declared);
    List<String> triggers = AuditSql.triggers(declared, config, synced);
    List<SchemaObject> out = new ArrayList<>();
    for (int i = 0; i < triggers.size(); i++) {
      out.add(SchemaObject.trigger(names.get(i), declared.name(), triggers.get(i), AuditSql.DRIFT_FILE));
    }
    return out;
  }
}
