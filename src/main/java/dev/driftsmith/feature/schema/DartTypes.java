package dev.driftsmith.feature.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.keys.DartParameterType;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.UuidSql;

/** How manifest column types map onto drift's Dart API. */
final class DartTypes {
  private DartTypes() {}

  /** The column builder chain, without the final {@code ()}: {@code integer().named('id').autoIncrement()}. */
  static String builder(Column c) {
    // drift's column builders are named as the manifest spells the types: integer(), dateTime().
    StringBuilder b = new StringBuilder(c.type().wire()).append("()");
    b.append(".named('").append(c.sqlName()).append("')");
    if (c.autoIncrement()) b.append(".autoIncrement()");
    if (c.nullable()) b.append(".nullable()");
    if (c.unique() && !c.primaryKey()) b.append(".unique()");
    if (c.references() != null) {
      Column.Reference r = c.references();
      b.append(".references(").append(Names.pascalCase(r.table())).append(", #").append(r.column());
      if (r.onDelete() != null) b.append(", onDelete: KeyAction.").append(r.onDelete().wire());
      if (r.onUpdate() != null) b.append(", onUpdate: KeyAction.").append(r.onUpdate().wire());
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
      case DATE_TIME -> "const CustomExpression<DateTime>(" + DartCode.string(DateTimeSql.NOW) + ")";
      case TEXT -> Column.UUID.equals(v) ? "const CustomExpression<String>(" + DartCode.string(UuidSql.EXPRESSION) + ")"
          : "const Constant(" + DartCode.string(v.toString()) + ")";
      case INTEGER -> "const Constant(" + ((Number) v).longValue() + ")";
      case REAL -> "const Constant(" + DartCode.doubleLiteral(((Number) v).doubleValue()) + ")";
      case BOOLEAN -> "const Constant(" + v + ")";
      case BLOB -> throw new IllegalArgumentException("no default for " + c.type());
    };
  }

  /** {@code Variable.withInt(id)} etc., to bind a Dart value into raw SQL. */
  static String variable(DartParameterType type, String name) {
    return switch (type) {
      case INT -> "Variable.withInt(" + name + ")";
      case STRING -> "Variable.withString(" + name + ")";
      case BOOL -> "Variable.withBool(" + name + ")";
      case DOUBLE -> "Variable.withReal(" + name + ")";
      case DATE_TIME -> "Variable.withDateTime(" + name + ")";
      case BYTES -> "Variable.withBlob(" + name + ")";
    };
  }

}
