package dev.driftsmith.feature.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Names;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.UuidSql;
import java.util.List;
import java.util.Map;

/** How manifest column types map onto drift's Dart API. */
final class DartTypes {
  private DartTypes() {}

  private static final Map<String, String[]> TYPES = Map.of(
      // manifest type → {Dart type, column getter type, builder}
      "integer", new String[] {"int", "IntColumn", "integer"},
      "text", new String[] {"String", "TextColumn", "text"},
      "real", new String[] {"double", "RealColumn", "real"},
      "blob", new String[] {"Uint8List", "BlobColumn", "blob"},
      "boolean", new String[] {"bool", "BoolColumn", "boolean"},
      "dateTime", new String[] {"DateTime", "DateTimeColumn", "dateTime"});

  static String dartType(String type) {
    return TYPES.get(type)[0];
  }

  static String columnType(String type) {
    return TYPES.get(type)[1];
  }

  /** The column builder chain, without the final {@code ()}: {@code integer().named('id').autoIncrement()}. */
  static String builder(Column c) {
    StringBuilder b = new StringBuilder(TYPES.get(c.type())[2]).append("()");
    b.append(".named('").append(c.sqlName()).append("')");
    if (c.autoIncrement()) b.append(".autoIncrement()");
    if (c.nullable()) b.append(".nullable()");
    if (c.unique() && !c.primaryKey()) b.append(".unique()");
    if (c.references() != null) {
      Column.Reference r = c.references();
      b.append(".references(").append(Names.pascalCase(r.table())).append(", #").append(r.column());
      if (r.onDelete() != null) b.append(", onDelete: KeyAction.").append(r.onDelete());
      if (r.onUpdate() != null) b.append(", onUpdate: KeyAction.").append(r.onUpdate());
      b.append(')');
    }
    if (c.defaultValue() != null) b.append(".withDefault(").append(defaultExpression(c)).append(')');
    return b.toString();
  }

  static String defaultExpression(Column c) {
    Object v = c.defaultValue();
    return switch (c.type()) {
      // Not currentDateAndTime: with text storage drift renders it as CURRENT_TIMESTAMP, whose
      // `YYYY-MM-DD HH:MM:SS` is not drift's own form and breaks text comparisons with it.
      case "dateTime" -> "const CustomExpression<DateTime>(" + DartCode.string(DateTimeSql.NOW) + ")";
      case "text" -> Column.UUID.equals(v) ? "const CustomExpression<String>(" + DartCode.string(UuidSql.EXPRESSION) + ")"
          : "const Constant(" + DartCode.string(v.toString()) + ")";
      case "integer" -> "const Constant(" + ((Number) v).longValue() + ")";
      case "real" -> "const Constant(" + DartCode.doubleLiteral(((Number) v).doubleValue()) + ")";
      case "boolean" -> "const Constant(" + v + ")";
      default -> throw new IllegalArgumentException("no default for " + c.type());
    };
  }

  /** {@code Variable.withInt(id)} etc., to bind a Dart value into raw SQL. */
  static String variable(String dartType, String name) {
    return switch (dartType) {
      case "int" -> "Variable.withInt(" + name + ")";
      case "String" -> "Variable.withString(" + name + ")";
      case "bool" -> "Variable.withBool(" + name + ")";
      case "double" -> "Variable.withReal(" + name + ")";
      case "DateTime" -> "Variable.withDateTime(" + name + ")";
      case "Uint8List" -> "Variable.withBlob(" + name + ")";
      default -> throw new IllegalArgumentException(dartType);
    };
  }

}
