package dev.driftsmith.feature.audit;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Audit logging: the append-only log, its guards and the capture triggers in {@code audit.drift}
 * (the schema objects of this feature, verbatim), and a thin Dart API for auditors and for setting
 * the acting user.
 */
public final class AuditFeature implements Feature, ToolProvider {
  static final String DIR = "lib/data/audit";
  static final TemplateSpec DRIFT = TemplateSpec.of("audit.drift", "Audit log schema", "audit/audit.drift", DIR,
      "The append-only audit_log, its guards, and the triggers that record every write to the audited tables.");
  static final TemplateSpec API = TemplateSpec.of("audit.api", "Audit log API", "audit/audit_log.dart", DIR,
      "AuditTrail: a record's history, a user's changes, live updates, and the acting user the triggers record.");

  /** audit.drift: the feature's own tables (with their row classes) and guards, then each audited table's triggers. */
  record DriftContext(String packageName, List<String> systemStatements, List<AuditedTable> tables) {}

  record AuditedTable(String name, List<String> triggers) {}

  /** audit_log.dart: the queries, and what the configuration captures (for the doc comments). */
  record ApiContext(String packageName, boolean captureUserInfo, boolean captureBeforeAfter, Integer retentionDays,
                    String tableList, String trail, String changesBy, String recent, String setActor, String clearActor) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.whenPresent(DRIFT, in -> AuditConfig.read(in.manifest()), (in, config) -> driftContext(in)),
      FeatureTemplate.whenPresent(API, in -> AuditConfig.read(in.manifest()), (in, config) -> apiContext(in.manifest(), config)));

  @Override
  public String id() {
    return AuditSql.FEATURE;
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(AuditConfig.KEY.name());
  }

  /** The stored configuration as the tool reads it. */
  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    p.stored(m, AuditConfig.KEY.name(), AuditConfig.class, stored -> EnableAuditLoggingTool.STORED.read(stored, m));
    return p.list();
  }

  @Override
  public Optional<SchemaContributor> schemaContribution() {
    return Optional.of(new AuditSchema());
  }

  @Override
  public List<Tool> tools() {
    return List.of(new EnableAuditLoggingTool());
  }

  private static List<SchemaObject> objects(List<SchemaObject> objects) {
    return objects.stream().filter(o -> AuditSql.DRIFT_FILE.equals(o.driftFile())).toList();
  }

  static DriftContext driftContext(FeatureTemplate.Input in) {
    DatabaseSchema schema = in.schema();
    List<String> system = new ArrayList<>();
    for (SchemaObject o : objects(schema.systemObjects())) {
      String rowClass = o.name().equals(AuditSql.LOG) ? AuditSql.LOG_ROW : o.name().equals(AuditSql.ACTOR) ? AuditSql.ACTOR_ROW : null;
      system.add(o.kind() == SchemaObject.Kind.TABLE && rowClass != null ? o.sql() + " AS " + rowClass : o.sql());
    }
    List<AuditedTable> tables = new ArrayList<>();
    for (Table t : in.schema().tables()) {
      List<String> triggers = objects(schema.objectsOn(t.name())).stream().map(SchemaObject::sql).toList();
      if (!triggers.isEmpty()) tables.add(new AuditedTable(t.name(), triggers));
    }
    return new DriftContext(in.manifest().project().name(), system, tables);
  }

  static ApiContext apiContext(Manifest m, AuditConfig config) {
    String tableList = String.join(", ", config.resolve(m).stream().map(Table::name).toList());
    return new ApiContext(m.project().name(), config.captureUserInfo(), config.captureBeforeAfter(), config.retentionDays(),
        tableList, AuditSql.TRAIL, AuditSql.CHANGES_BY, AuditSql.RECENT, AuditSql.SET_ACTOR, AuditSql.CLEAR_ACTOR);
  }
}
