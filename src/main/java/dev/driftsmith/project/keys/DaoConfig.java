package dev.driftsmith.project.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.StatementKind;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/** A DAO requested with drift_generate_dao; stored in the manifest under {@code features.daos}. */
public record DaoConfig(String table, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CustomMethod> customMethods) {
  public static final String KEY = "daos";

  public DaoConfig {
    customMethods = customMethods == null ? List.of() : List.copyOf(customMethods);
  }

  /**
   * A hand-written query. {@code kind} is derived when the tool accepts it: rows (the table's data
   * class), scalar (first result column) or write (INSERT/UPDATE/DELETE). {@code statement} is
   * what SQLite compiled the query into (null in manifests written before it was stored).
   */
  public record CustomMethod(String name, String returnType, List<Parameter> parameters, String query,
                             String kind, String resultColumn, List<String> tables,
                             @JsonInclude(JsonInclude.Include.NON_NULL) StatementKind statement) {
    public CustomMethod {
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  public record Parameter(String name, DartParameterType type) {}

  public static List<DaoConfig> all(Manifest manifest) {
    return manifest.feature(KEY, new TypeReference<List<DaoConfig>>() {}).orElse(List.of());
  }

  public static Manifest put(Manifest manifest, DaoConfig dao) {
    List<DaoConfig> daos = new ArrayList<>(all(manifest));
    daos.removeIf(d -> d.table().equals(dao.table()));
    daos.add(dao);
    daos.sort(java.util.Comparator.comparing(DaoConfig::table));
    return manifest.withFeatureConfig(KEY, daos);
  }
}
