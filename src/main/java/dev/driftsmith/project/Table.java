package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table as the user declared it, plus the columns that options such as timestamps imply. Columns
 * that features add (a version counter, a dirty set) are not stored here: the computed database
 * schema adds them (dev.driftsmith.schema.SchemaModel).
 */
public record Table(String name, List<Column> columns, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean timestamps,
                    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean softDelete,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Index> indexes) {

  public Table {
    columns = columns == null ? List.of() : List.copyOf(columns);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
  }

  /** The declared columns followed by the ones that {@code timestamps}/{@code softDelete} add. */
  public List<Column> allColumns() {
    List<Column> all = new ArrayList<>(columns);
    if (timestamps) {
      all.add(CREATED_AT);
      all.add(UPDATED_AT);
    }
    if (softDelete) {
      all.add(DELETED_AT);
    }
    return all;
  }

  // The same for every table, and immutable: built once, since nearly everything that reads a table
  // asks for all its columns, and building them again was a measurable part of every call.
  private static final Column CREATED_AT = Column.implicitTimestamp("createdAt");
  private static final Column UPDATED_AT = Column.implicitTimestamp("updatedAt");
  private static final Column DELETED_AT = Column.of("deletedAt", ColumnType.DATE_TIME).asNullable();

  public Optional<Column> column(String columnName) {
    return allColumns().stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<Column> primaryKey() {
    return allColumns().stream().filter(Column::primaryKey).toList();
  }

  /** The single primary-key column, when there is exactly one (id-based DAO methods need it). */
  public Optional<Column> singlePrimaryKey() {
    List<Column> pk = primaryKey();
    return pk.size() == 1 ? Optional.of(pk.get(0)) : Optional.empty();
  }

  public Table withColumns(List<Column> newColumns) {
    return new Table(name, newColumns, timestamps, softDelete, indexes);
  }

  public Table withIndexes(List<Index> newIndexes) {
    return new Table(name, columns, timestamps, softDelete, newIndexes);
  }

  public String className() {
    return Names.pascalCase(name);
  }

  public String dataClassName() {
    return Names.dataClassName(className());
  }

  public String companionName() {
    return className() + "Companion";
  }

  public String dartGetter() {
    return Names.camelCase(name);
  }

  public record Index(String name, List<String> columns, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique) {
    public Index {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }
}
