package dev.driftsmith.project;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Naming rules shared by validation and rendering, so a name is checked the way it is used. */
public final class Names {
  private Names() {}

  public static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  public static final Pattern CAMEL = Pattern.compile("[a-z][a-zA-Z0-9]*");

  /** Dart reserved words, built-in identifiers and contextual keywords that break as identifiers. */
  public static final Set<String> DART_RESERVED = Set.of(
      "abstract", "as", "assert", "async", "await", "base", "break", "case", "catch", "class",
      "const", "continue", "covariant", "default", "deferred", "do", "dynamic", "else", "enum",
      "export", "extends", "extension", "external", "factory", "false", "final", "finally", "for",
      "function", "get", "hide", "if", "implements", "import", "in", "interface", "is", "late",
      "library", "mixin", "new", "null", "of", "on", "operator", "part", "required", "rethrow",
      "return", "sealed", "set", "show", "static", "super", "switch", "sync", "this", "throw",
      "true", "try", "type", "typedef", "var", "void", "when", "while", "with", "yield");

  /**
   * Members of drift's {@code Table} and of generated data classes and companions: a column getter
   * with one of these names is an invalid override ({@code TextColumn get tableName} against
   * {@code String? get tableName}) or shadows generated code.
   */
  public static final Set<String> DRIFT_MEMBER_CLASHES = Set.of(
      "tableName", "primaryKey", "uniqueKeys", "withoutRowId", "isStrict", "customConstraints",
      "dontWriteConstraints", "copyWith", "toJson", "fromJson", "toCompanion", "toColumns",
      "hashCode", "runtimeType", "toString", "noSuchMethod", "copyWithCompanion", "map",
      "createAlias", "actualTableName", "aliasedName", "attachedDatabase", "entityName",
      "columnsByName", "validateIntegrity", "asDslTable", "integer", "text", "real", "blob",
      "boolean", "dateTime", "int64", "customType", "intEnum", "textEnum", "sqlType", "db");

  /** Class names exported by package:drift or Flutter that a table or data class must not take. */
  public static final Set<String> RESERVED_CLASS_NAMES = Set.of(
      "Table", "Column", "View", "Value", "Values", "Constant", "Variable", "Expression", "Index",
      "Trigger", "Batch", "Migrator", "Query", "Selectable", "Component", "Join", "Limit", "Where",
      "OrderBy", "OrderingTerm", "TableIndex", "DataClass", "Insertable", "UpdateCompanion",
      "DatabaseAccessor", "DriftDatabase", "DriftAccessor", "TypeConverter", "KeyAction",
      "QueryRow", "TableInfo", "MigrationStrategy", "Schema", "Uint8List", "DateTime", "String",
      "Object", "List", "Map", "Set", "Future", "Stream", "Widget", "State", "Key", "Text", "Icon",
      "Image", "Card", "Form", "App", "Type", "Function", "Record", "Null", "Never", "Iterable",
      "AppDatabase", "Duration", "Uri", "Symbol", "Error", "Exception");

  public static boolean isSnakeCase(String s) {
    return s != null && SNAKE.matcher(s).matches();
  }

  public static boolean isCamelCase(String s) {
    return s != null && CAMEL.matcher(s).matches();
  }

  /** {@code firstName} → {@code first_name}; {@code todo_tags} stays; {@code userID} → {@code user_i_d}. */
  public static String snakeCase(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && out.charAt(out.length() - 1) != '_') out.append('_');
        out.append(Character.toLowerCase(c));
      } else if (c == '-' || c == ' ') {
        out.append('_');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code todo_tags} → {@code TodoTags}; {@code firstName} → {@code FirstName}. */
  public static String pascalCase(String s) {
    if (s == null || s.isEmpty()) return "";
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : s.toCharArray()) {
      if (c == '_' || c == '-' || c == ' ') {
        upper = true;
      } else if (upper) {
        out.append(Character.toUpperCase(c));
        upper = false;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code todo_tags} → {@code todoTags}. */
  public static String camelCase(String s) {
    String p = pascalCase(s);
    return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
  }

  public static String titleCase(String snake) {
    String[] parts = snake.split("_");
    StringBuilder out = new StringBuilder();
    for (String p : parts) {
      if (p.isEmpty()) continue;
      if (!out.isEmpty()) out.append(' ');
      out.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
    }
    return out.toString();
  }

  /**
   * drift_dev's row-class rule (our references to data classes must match the names it generates): {@code …ies} → {@code …y}, {@code …s} → drop it,
   * names ending in {@code ss}/{@code us} or not in {@code s} get {@code Data}.
   */
  public static String dataClassName(String tableClass) {
    if (tableClass.endsWith("ies")) return tableClass.substring(0, tableClass.length() - 3) + "y";
    if (tableClass.endsWith("ss") || tableClass.endsWith("us") || !tableClass.endsWith("s")) {
      return tableClass + "Data";
    }
    return tableClass.substring(0, tableClass.length() - 1);
  }

  /** Singular of a snake_case table name by the same rule, for junction columns ({@code todos} → {@code todo}). */
  public static String singular(String snakeTable) {
    String dc = dataClassName(pascalCase(snakeTable));
    if (dc.endsWith("Data")) return snakeTable;
    return snakeCase(Character.toLowerCase(dc.charAt(0)) + dc.substring(1));
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
