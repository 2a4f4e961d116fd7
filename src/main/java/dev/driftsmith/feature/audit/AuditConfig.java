package dev.driftsmith.feature.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.List;
import java.util.Optional;

/**
 * The configuration of drift_enable_audit_logging, as the manifest stores it under
 * {@code features.auditLog}: the audited tables (in the order of the schema's tables, so the same set
 * named in another order is the same configuration), whether the actor and the row values are
 * captured, and how many days records are kept (null: forever).
 */
public record AuditConfig(List<String> tables, boolean captureUserInfo, boolean captureBeforeAfter,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer retentionDays) {
  public static final FeatureKey<AuditConfig> KEY = FeatureKey.of("auditLog", AuditConfig.class);

  public AuditConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public static Optional<AuditConfig> read(Manifest m) {
    return m.get(KEY);
  }

  static Manifest put(Manifest m, AuditConfig config) {
    return m.with(KEY, config);
  }

  public Optional<Integer> retention() {
    return Optional.ofNullable(retentionDays);
  }

  /** The audited tables the schema still has, in schema order. */
  public List<Table> resolve(Manifest m) {
    return m.schema().tables().stream().filter(t -> tables.contains(t.name())).toList();
  }
}
