package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project manifest ({@code driftsmith.yaml}): the single source of truth. Immutable: every
 * tool produces a new manifest, so a failed validation can never leave a half-applied change.
 */
public record Manifest(ProjectInfo project, DatabaseInfo database, Schema schema,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> features) {

  public static final String FILE_NAME = "driftsmith.yaml";

  public Manifest {
    // Sorted, so the YAML is byte-for-byte the same on every run (Map.copyOf has no stable order).
    features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(features));
    database = database == null ? DatabaseInfo.defaults() : database;
    schema = schema == null ? Schema.empty() : schema;
  }

  public static Manifest create(ProjectInfo project) {
    return new Manifest(project, DatabaseInfo.defaults(), Schema.empty(), Map.of());
  }

  public Manifest withSchema(Schema newSchema) {
    return new Manifest(project, database, newSchema, features);
  }

  public Manifest withDatabase(DatabaseInfo newDatabase) {
    return new Manifest(project, newDatabase, schema, features);
  }

  public Manifest withFeature(String key, Object config) {
    Map<String, Object> copy = new java.util.TreeMap<>(features);
    copy.put(key, config);
    return new Manifest(project, database, schema, copy);
  }

  public Optional<Object> feature(String key) {
    return Optional.ofNullable(features.get(key));
  }

  /** A feature's configuration as its record type; empty when the feature was never configured. */
  public <T> Optional<T> feature(String key, Class<T> type) {
    return feature(key).map(raw -> CONFIG_JSON.convertValue(raw, type));
  }

  /** As {@link #feature(String, Class)}, for generic types such as a list of records. */
  public <T> Optional<T> feature(String key, TypeReference<T> type) {
    return feature(key).map(raw -> CONFIG_JSON.convertValue(raw, type));
  }

  /** This manifest with {@code config} (a record, or a list of them) stored as the feature's configuration. */
  public Manifest withFeatureConfig(String key, Object config) {
    return withFeature(key, CONFIG_JSON.convertValue(config, Object.class));
  }

  /** The configuration stored under {@code key}; empty when the feature was never configured. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(FeatureKey<T> key) {
    return feature(key.name()).map(raw -> (T) TYPED.get(new Stored(key, raw), Manifest::typed));
  }

  /** A feature's stored configuration, and the key whose type it is read as. */
  private record Stored(FeatureKey<?> key, Object raw) {}

  /**
   * Typed configurations of the last few stored ones. Features read theirs for every table (does
   * this table sync?), and converting from the stored maps each time made computing a large
   * project's schema grow with the square of its tables. The typed keys' records are immutable;
   * lists of them are kept unmodifiable.
   */
  private static final Memo<Stored, Object> TYPED = new Memo<>(64);

  private static Object typed(Stored stored) {
    Object value;
    try {
      value = CONFIG_JSON.convertValue(stored.raw(), CONFIG_JSON.getTypeFactory().constructType(stored.key().type()));
    } catch (JacksonException e) {
      throw new UnreadableFeatureSetting(ManifestErrors.describe(e, "features." + stored.key().name()), e);
    }
    return value instanceof List<?> list ? List.copyOf(list) : value;
  }

  /** This manifest with {@code config} stored under {@code key}. */
  public <T> Manifest with(FeatureKey<T> key, T config) {
    return withFeatureConfig(key.name(), config);
  }

  /** This manifest without the configuration under {@code key}. */
  public Manifest without(FeatureKey<?> key) {
    Map<String, Object> copy = new java.util.TreeMap<>(features);
    copy.remove(key.name());
    return new Manifest(project, database, schema, copy);
  }

  /** Feature configurations live in the manifest as plain maps and lists; records go through JSON. */
  private static final JsonMapper CONFIG_JSON = JsonMapper.builder().build();

  public Manifest mapSchema(UnaryOperator<Schema> change) {
    return withSchema(change.apply(schema));
  }

  public record ProjectInfo(String id, String name, String displayName, String description, Pwa pwa) {
    public String displayNameOrDefault() {
      return displayName == null || displayName.isBlank() ? Names.titleCase(name) : displayName;
    }
  }

  /** Web app manifest values for the PWA. */
  public record Pwa(String themeColor, String backgroundColor, PwaDisplay display) {
    public static Pwa defaults() {
      return new Pwa("#3F51B5", "#FFFFFF", PwaDisplay.STANDALONE);
    }
  }

  /**
   * {@code dateTimes}: the text form the project's SQL writes date-times in. Manifests written before
   * it was recorded have none, which means {@link DateTimeStorage#SQLITE_TEXT}; loading one upgrades it.
   */
  public record DatabaseInfo(String name, Encryption encryption, DateTimeStorage dateTimes) {
    public DatabaseInfo {
      dateTimes = dateTimes == null ? DateTimeStorage.SQLITE_TEXT : dateTimes;
    }

    public static DatabaseInfo defaults() {
      return new DatabaseInfo("app_database", null, DateTimeStorage.ISO8601_UTC);
    }

    public DatabaseInfo withEncryption(Encryption value) {
      return new DatabaseInfo(name, value, dateTimes);
    }

    public DatabaseInfo withDateTimes(DateTimeStorage value) {
      return new DatabaseInfo(name, encryption, value);
    }
  }

  /** How SQL defaults and triggers write date-times (drift itself always writes ISO-8601). */
  public enum DateTimeStorage {
    /** SQLite's {@code YYYY-MM-DD HH:MM:SS} ({@code CURRENT_TIMESTAMP}): projects generated before ISO8601_UTC. */
    @JsonProperty("sqlite-text") SQLITE_TEXT,
    /** ISO-8601 in UTC with milliseconds and {@code Z}: drift's own text for UTC times. */
    @JsonProperty("iso8601-utc") ISO8601_UTC
  }

  public record Encryption(EncryptionStrategy strategy) {}

  public record Schema(int version, List<Table> tables, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Relation> relations,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SchemaStep> history) {
    public Schema {
      tables = tables == null ? List.of() : List.copyOf(tables);
      relations = relations == null ? List.of() : List.copyOf(relations);
      history = history == null ? List.of() : List.copyOf(history);
      if (version < 1) version = 1;
    }

    public static Schema empty() {
      return new Schema(1, List.of(), List.of(), List.of());
    }

    public Schema withTables(List<Table> newTables) {
      return new Schema(version, newTables, relations, history);
    }

    public Schema withRelations(List<Relation> newRelations) {
      return new Schema(version, tables, newRelations, history);
    }

    /** This schema one version on, with {@code step} recorded; the step's version must be the next one. */
    public Schema withStep(SchemaStep step) {
      if (step.version() != version + 1) throw new IllegalArgumentException("step " + step.version() + " after version " + version);
      List<SchemaStep> more = new java.util.ArrayList<>(history);
      more.add(step);
      return new Schema(step.version(), tables, relations, more);
    }

    /**
     * This schema with {@code steps} as its history. The history is stored apart from the rest (one
     * migration file per version), so reading and writing take it off and put it back.
     */
    public Schema withHistory(List<SchemaStep> steps) {
      return new Schema(version, tables, relations, steps);
    }

    public Optional<Table> table(String name) {
      return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
  }
}
