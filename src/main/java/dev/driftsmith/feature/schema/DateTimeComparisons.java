package dev.driftsmith.feature.schema;

import dev.driftsmith.feature.schema.SqlTokens.Token;
import dev.driftsmith.feature.schema.SqlTokens.Type;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.DartParameterType;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses custom queries that compare, order or take the minimum/maximum of date-times as text.
 * A project's rows hold more than one text form (drift writes local times with an offset and UTC
 * times with {@code Z}; older SQL defaults wrote {@code YYYY-MM-DD HH:MM:SS}), and those do not sort
 * in time order. SQLite decides which date-time columns a query reads (from its compiled program);
 * a light reading of the SQL finds where they meet a comparison, ORDER BY or min/max without
 * {@code julianday()}/{@code unixepoch()} on both sides (or SQLite's formatting functions against
 * each other or against literal text).
 */
final class DateTimeComparisons {
  private DateTimeComparisons() {}

  /** What an expression holds, as far as comparing time goes. */
  enum Kind {
    /** Date-time text in whatever form it was stored or bound (a dateTime column, a DateTime parameter). */
    STORED_TEXT,
    /** A Julian day number: julianday(...), possibly shifted by a number. */
    JULIAN,
    /** Seconds since 1970: unixepoch(...). */
    UNIX,
    /** SQLite's normalised text: datetime(), date(), time(), strftime(). */
    NORMALISED_TEXT,
    NUMBER, TEXT, NULL, OTHER;

    boolean isTime() {
      return this == STORED_TEXT || this == JULIAN || this == UNIX || this == NORMALISED_TEXT;
    }
  }

  private static final Set<String> PASS_THROUGH = Set.of("min", "max", "coalesce", "ifnull", "nullif", "avg", "abs", "round");
  private static final Set<String> OPERAND_END = Set.of("AND", "OR", "NOT", "THEN", "ELSE", "END", "WHEN", "ORDER", "GROUP", "LIMIT",
      "OFFSET", "HAVING", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "FROM", "WHERE", "ASC", "DESC", "COLLATE", "AS", "RETURNING",
      "ON", "JOIN", "LEFT", "INNER", "CROSS", "NATURAL", "IS", "IN", "BETWEEN", "LIKE", "GLOB", "MATCH", "REGEXP", "ESCAPE",
      "SELECT", "SET", "CASE", "BY", "DISTINCT", "ALL", "VALUES", "USING", "NULLS", "FILTER", "OVER", "DO", "ISNULL", "NOTNULL");
  private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "=", "==", "!=", "<>");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%");

  /** Throws, naming {@code field}, when the query uses a date-time as text where its time matters. */
  static void refuseTextComparisons(DatabaseSchema schema, String query, List<DaoConfig.Parameter> parameters, String field)
      throws ToolException {
    Set<String> dateTimes;
    List<String> dateTimeResults;
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(schema))) {
      dateTimes = dateTimeColumnsRead(box, schema, query);
      dateTimeResults = dateTimeResultColumns(box, schema, query);
    } catch (SQLException e) {
      throw new ToolException(field, "could not be compiled on SQLite to check its date-time comparisons: " + e.getMessage());
    }
    if (dateTimes.isEmpty() && parameters.stream().noneMatch(p -> p.type() == DartParameterType.DATE_TIME)) return;
    Optional<String> problem = new Reading(query, dateTimes, parameters, dateTimeResults).firstProblem();
    if (problem.isPresent()) throw new ToolException(field, problem.get());
  }

  // --- What SQLite says the query reads ---------------------------------------------------------

  /**
   * The SQL names of the dateTime columns the compiled query reads: columns loaded from a table,
   * and every column of an index it opens (a seek on an index compares its keys without loading them).
   */
  static Set<String> dateTimeColumnsRead(SqliteSandbox box, DatabaseSchema schema, String query) throws SQLException {
    Map<Integer, String> tableByRoot = new HashMap<>();
    Map<Integer, String> indexByRoot = new HashMap<>();
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT type, name, rootpage FROM sqlite_master WHERE type IN ('table', 'index')")) {
      while (rs.next()) (rs.getString(1).equals("table") ? tableByRoot : indexByRoot).put(rs.getInt(3), rs.getString(2));
    }
    Map<Integer, String> tableCursors = new HashMap<>();
    Set<String> read = new HashSet<>();
    try (Statement st = box.connection().createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
      while (rs.next()) {
        String opcode = rs.getString("opcode");
        int p1 = rs.getInt("p1");
        int p2 = rs.getInt("p2");
        if (opcode.equals("OpenRead") || opcode.equals("OpenWrite")) {
          if (tableByRoot.containsKey(p2)) tableCursors.put(p1, tableByRoot.get(p2));
          if (indexByRoot.containsKey(p2)) read.addAll(indexColumns(box, indexByRoot.get(p2)));
        } else if (opcode.equals("Column") && tableCursors.containsKey(p1)) {
          String table = tableCursors.get(p1);
          columnAt(box, table, p2).ifPresent(c -> read.add(table + "." + c));
        }
      }
    }
    Set<String> out = new HashSet<>();
    for (Table t : schema.tables()) {
      for (Column c : t.allColumns()) {
        if (c.type() == ColumnType.DATE_TIME && read.contains(t.name() + "." + c.sqlName())) out.add(c.sqlName());
      }
    }
    return out;
  }

  private static List<String> indexColumns(SqliteSandbox box, String index) throws SQLException {
    List<String> out = new ArrayList<>();
    String table = null;
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT tbl_name FROM sqlite_master WHERE name = '" + index.replace("'", "''") + "'")) {
      if (rs.next()) table = rs.getString(1);
    }
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("PRAGMA index_info(" + SqlSchema.quote(index) + ")")) {
      while (rs.next()) if (rs.getString("name") != null) out.add(table + "." + rs.getString("name"));
    }
    return out;
  }

  private static Optional<String> columnAt(SqliteSandbox box, String table, int position) throws SQLException {
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("PRAGMA table_info(" + SqlSchema.quote(table) + ")")) {
      while (rs.next()) if (rs.getInt("cid") == position) return Optional.of(rs.getString("name"));
    }
    return Optional.empty();
  }

  /** For each result column, its name when SQLite says it is a table's dateTime column, else "" (for ORDER BY 2). */
  static List<String> dateTimeResultColumns(SqliteSandbox box, DatabaseSchema schema, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var st = box.connection().prepareStatement(query)) {
      ResultSetMetaData meta = st.getMetaData();
      int count;
      try {
        count = meta == null ? 0 : meta.getColumnCount();
      } catch (SQLException e) {
        return out; // sqlite-jdbc's answer for a write statement: it has no result columns to order by
      }
      for (int i = 1; i <= count; i++) {
        String name = meta.getColumnName(i);
        boolean dateTime = schema.table(meta.getTableName(i))
            .flatMap(t -> t.allColumns().stream().filter(c -> c.sqlName().equals(name)).findFirst())
            .map(c -> c.type() == ColumnType.DATE_TIME).orElse(false);
        out.add(dateTime ? name : "");
      }
    }
    return out;
  }

  // --- Reading the SQL ---------------------------------------------------------------------------
  /** One query, read token by token. Spans are half-open token ranges [from, to). */
  static final class Reading {
    final String sql;
    final List<Token> tokens;
    final int[] partner; // for ( ) and CASE END: the index of the other one; else -1
    final Set<String> dateTimes;
    final Map<Integer, DartParameterType> parameterTypes = new HashMap<>();
    final List<String> dateTimeResults; // per result column: its name when it is a dateTime column, else ""
    final Map<String, int[]> aliases = new HashMap<>();
    private int aliasDepth; // aliases defined through each other must not loop

    Reading(String sql, Set<String> dateTimes, List<DaoConfig.Parameter> parameters, List<String> dateTimeResults) {
      this.sql = sql;
      this.tokens = SqlTokens.of(sql);
      this.dateTimes = dateTimes;
      this.dateTimeResults = dateTimeResults;
      this.partner = new int[tokens.size()];
      java.util.Arrays.fill(partner, -1);
      java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
      int next = 1;
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (t.type() == Type.OPEN || t.is("CASE")) open.push(i);
        if ((t.type() == Type.CLOSE || t.is("END")) && !open.isEmpty()) {
          int o = open.pop();
          partner[o] = i;
          partner[i] = o;
        }
        if (t.type() == Type.PARAM) {
          int index = t.text().length() > 1 && t.text().charAt(0) == '?' ? Integer.parseInt(t.text().substring(1)) : next;
          next = Math.max(next, index) + 1;
          if (index - 1 < parameters.size()) parameterTypes.put(i, parameters.get(index - 1).type());
        }
        if (t.is("AS") && i + 1 < tokens.size() && i > 0) {
          aliases.put(name(tokens.get(i + 1)), new int[] {operandStart(i), i});
        }
      }
    }

    Optional<String> firstProblem() {
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        Optional<String> problem = Optional.empty();
        if (t.type() == Type.OPERATOR && COMPARISONS.contains(t.text()) && !isAssignment(i)) {
          problem = comparison(List.of(new int[] {operandStart(i), i}, new int[] {i + 1, operandEnd(i + 1)}));
        } else if (t.is("IS") && !nextIs(i, "NULL") && !(nextIs(i, "NOT") && nextIs(i + 1, "NULL"))) {
          int right = nextIs(i, "NOT") ? i + 2 : i + 1;
          problem = comparison(List.of(new int[] {operandStart(i), i}, new int[] {right, operandEnd(right)}));
        } else if (t.is("BETWEEN")) {
          problem = between(i);
        } else if (t.is("IN") && i + 1 < tokens.size() && tokens.get(i + 1).type() == Type.OPEN && !nextIs(i + 1, "SELECT")) {
          List<int[]> operands = new ArrayList<>();
          int left = i > 0 && tokens.get(i - 1).is("NOT") ? i - 1 : i;
          operands.add(new int[] {operandStart(left), left});
          operands.addAll(arguments(i + 1));
          problem = comparison(operands, partner[i + 1] + 1);
        } else if (t.is("ORDER") && nextIs(i, "BY")) {
          problem = ordering(i + 2);
        } else if ((t.is("min") || t.is("max")) && i + 1 < tokens.size() && tokens.get(i + 1).type() == Type.OPEN) {
          problem = minMax(i);
        }
        if (problem.isPresent()) return problem;
      }
      return Optional.empty();
    }

    // --- the checks ---

    Optional<String> comparison(List<int[]> operands) {
      return comparison(operands, operands.get(operands.size() - 1)[1]);
    }

    /** A comparison of {@code operands}, whose text runs to token {@code to} (exclusive). */
    Optional<String> comparison(List<int[]> operands, int to) {
      List<Kind> kinds = operands.stream().map(s -> kind(s[0], s[1])).toList();
      if (kinds.stream().noneMatch(Kind::isTime) || kinds.contains(Kind.NULL)) return Optional.empty();
      if (kinds.stream().allMatch(k -> k == Kind.JULIAN || k == Kind.NUMBER)
          || kinds.stream().allMatch(k -> k == Kind.UNIX || k == Kind.NUMBER)
          || (kinds.contains(Kind.NORMALISED_TEXT) && kinds.stream().allMatch(k -> k == Kind.NORMALISED_TEXT || k == Kind.TEXT))) {
        // SQLite's formatted text against itself or against text the query spells out ('2024-05-01'): the
        // author chose the format on both sides.
        return Optional.empty();
      }
      int from = operands.get(0)[0];
      List<String> fixed = new ArrayList<>();
      for (int k = 0; k < operands.size(); k++) {
        String operand = text(operands.get(k)[0], operands.get(k)[1]);
        fixed.add(switch (kinds.get(k)) {
          case JULIAN, NUMBER -> operand;
          case UNIX -> "julianday(" + operand + ", 'unixepoch')";
          default -> DateTimeSql.instant(operand);
        });
      }
      String fix = splice(operands, fixed, to);
      return Optional.of("\"" + text(from, to) + "\" compares date-times as text or in different units. Stored date-times mix"
          + " text forms (drift writes local times with an offset and UTC times with Z; older projects wrote"
          + " YYYY-MM-DD HH:MM:SS), which do not sort in time order. Compare instants on both sides: \"" + fix + "\"");
    }

    Optional<String> between(int at) {
      int and = at + 1;
      while (and < tokens.size() && !tokens.get(and).is("AND")) and = skip(and) + 1;
      int left = at > 0 && tokens.get(at - 1).is("NOT") ? at - 1 : at;
      return comparison(List.of(new int[] {operandStart(left), left}, new int[] {at + 1, and}, new int[] {and + 1, operandEnd(and + 1)}));
    }

    Optional<String> ordering(int from) {
      int i = from;
      while (i < tokens.size()) {
        int end = i;
        while (end < tokens.size() && tokens.get(end).type() != Type.COMMA && !endsOrdering(end)) end = skip(end) + 1;
        int termEnd = end;
        while (termEnd > i && Set.of("ASC", "DESC", "FIRST", "LAST", "NULLS").contains(tokens.get(termEnd - 1).upper())) termEnd--;
        Optional<String> byPosition = termEnd - i == 1 ? resultColumnAt(tokens.get(i)) : Optional.empty();
        if (termEnd > i && (byPosition.isPresent() || kind(i, termEnd) == Kind.STORED_TEXT)) {
          String term = byPosition.orElse(text(i, termEnd));
          return Optional.of("\"ORDER BY " + text(from, end) + "\" orders date-times as text. Stored date-times mix text forms"
              + " (drift writes local times with an offset and UTC times with Z; older projects wrote YYYY-MM-DD HH:MM:SS),"
              + " which do not sort in time order. Order by the instant: \"ORDER BY "
              + splice(List.of(new int[] {i, termEnd}), List.of(DateTimeSql.instant(term)), end, from) + "\"");
        }
        if (end >= tokens.size() || tokens.get(end).type() != Type.COMMA) return Optional.empty();
        i = end + 1;
      }
      return Optional.empty();
    }

    Optional<String> minMax(int at) {
      for (int[] argument : arguments(at + 1)) {
        if (kind(argument[0], argument[1]) == Kind.STORED_TEXT) {
          String call = text(at, partner[at + 1] + 1);
          String inner = DateTimeSql.instant(text(argument[0], argument[1]));
          String fix = DateTimeSql.utc(tokens.get(at).text() + "(" + text(at + 2, argument[0])
              + inner + text(argument[1], partner[at + 1]) + ")");
          return Optional.of("\"" + call + "\" picks the " + (tokens.get(at).is("min") ? "smallest" : "largest")
              + " date-time text, which is not the " + (tokens.get(at).is("min") ? "earliest" : "latest")
              + " time when stored forms mix (drift writes local times with an offset and UTC times with Z). Compare instants,"
              + " and turn the result back into drift's text: \"" + fix + "\"");
        }
      }
      return Optional.empty();
    }

    /** {@code ORDER BY 2}: the name of result column 2 when SQLite says it is a dateTime column. */
    Optional<String> resultColumnAt(Token t) {
      if (t.type() != Type.NUMBER || !t.text().matches("[1-9][0-9]{0,3}")) return Optional.empty();
      int position = Integer.parseInt(t.text());
      if (position > dateTimeResults.size() || dateTimeResults.get(position - 1).isEmpty()) return Optional.empty();
      return Optional.of(dateTimeResults.get(position - 1));
    }

    /** The query text of tokens [first span's start, {@code to}), with each span's text replaced. */
    String splice(List<int[]> spans, List<String> replacements, int to) {
      return splice(spans, replacements, to, spans.get(0)[0]);
    }

    /** The query text of tokens [{@code from}, {@code to}), with each span's text replaced. */
    String splice(List<int[]> spans, List<String> replacements, int to, int from) {
      StringBuilder out = new StringBuilder();
      int position = tokens.get(from).start();
      for (int k = 0; k < spans.size(); k++) {
        int[] span = spans.get(k);
        if (span[0] >= span[1]) continue;
        out.append(sql, position, tokens.get(span[0]).start()).append(replacements.get(k));
        position = tokens.get(span[1] - 1).end();
      }
      return out.append(sql, position, tokens.get(to - 1).end()).toString();
    }

    // --- what an expression is ---

    Kind kind(int from, int to) {
      if (from >= to) return Kind.OTHER;
      if (to - from == 1) return single(from);
      Token first = tokens.get(from);
      if (first.type() == Type.OPEN && partner[from] == to - 1) return kind(from + 1, to - 1);
      if (first.is("CASE") && partner[from] == to - 1) return caseKind(from);
      if (first.type() == Type.WORD && tokens.get(from + 1).type() == Type.OPEN && partner[from + 1] == to - 1) {
        return call(first.text().toLowerCase(Locale.ROOT), from + 1);
      }
      if (to - from == 3 && tokens.get(from + 1).type() == Type.DOT) return single(to - 1);
      List<Kind> terms = new ArrayList<>();
      boolean arithmetic = true;
      int termStart = from;
      for (int i = from; i < to; i = skip(i) + 1) {
        Token t = tokens.get(i);
        if (t.type() == Type.OPERATOR && i > termStart) {
          arithmetic &= ARITHMETIC.contains(t.text());
          terms.add(kind(termStart, i));
          termStart = i + 1;
        }
      }
      if (terms.isEmpty()) return mentionsDateTime(from, to) ? Kind.STORED_TEXT : Kind.OTHER; // COLLATE, a sign, ...
      terms.add(kind(termStart, to));
      if (terms.contains(Kind.STORED_TEXT)) return Kind.STORED_TEXT;
      if (!arithmetic) return Kind.OTHER;
      List<Kind> times = terms.stream().filter(k -> k == Kind.JULIAN || k == Kind.UNIX).toList();
      if (times.size() == 1) return times.get(0); // a time shifted by a number
      return terms.stream().allMatch(k -> k == Kind.NUMBER || k == Kind.JULIAN || k == Kind.UNIX) ? Kind.NUMBER : Kind.OTHER;
    }

    /** CASE … END: what its THEN and ELSE branches hold. */
    Kind caseKind(int start) {
      List<Kind> branches = new ArrayList<>();
      for (int i = start + 1; i < partner[start]; i = skip(i) + 1) {
        if (tokens.get(i).is("THEN") || tokens.get(i).is("ELSE")) branches.add(kind(i + 1, operandEnd(i + 1)));
      }
      return merge(branches);
    }

    boolean mentionsDateTime(int from, int to) {
      for (int i = from; i < to; i = skip(i) + 1) if (single(i) == Kind.STORED_TEXT) return true;
      return false;
    }

    /** One kind for several values that may each be the result: stored text wins, mixed ones are OTHER. */
    static Kind merge(List<Kind> kinds) {
      Set<Kind> distinct = new HashSet<>(kinds);
      distinct.remove(Kind.NULL);
      if (distinct.contains(Kind.STORED_TEXT)) return Kind.STORED_TEXT;
      return distinct.size() == 1 ? distinct.iterator().next() : Kind.OTHER;
    }

    Kind single(int i) {
      Token t = tokens.get(i);
      return switch (t.type()) {
        case STRING -> Kind.TEXT;
        case NUMBER -> Kind.NUMBER;
        case PARAM -> {
          DartParameterType type = parameterTypes.get(i);
          yield type == null ? Kind.OTHER : switch (type) {
            case DATE_TIME -> Kind.STORED_TEXT;
            case INT, DOUBLE, BOOL -> Kind.NUMBER;
            case STRING -> Kind.TEXT;
            case BYTES -> Kind.OTHER;
          };
        }
        case WORD, QUOTED -> {
          if (t.is("NULL")) yield Kind.NULL;
          int[] alias = aliases.get(name(t));
          boolean insideItsDefinition = alias != null && i >= alias[0] && i <= alias[1] + 1;
          if (alias != null && !insideItsDefinition && aliasDepth < 8) {
            aliasDepth++;
            try {
              yield kind(alias[0], alias[1]);
            } finally {
              aliasDepth--;
            }
          }
          yield dateTimes.contains(name(t)) ? Kind.STORED_TEXT : Kind.OTHER;
        }
        default -> Kind.OTHER;
      };
    }

    Kind call(String function, int open) {
      return switch (function) {
        case "julianday" -> Kind.JULIAN;
        case "unixepoch" -> Kind.UNIX;
        case "datetime", "date", "time", "strftime" -> Kind.NORMALISED_TEXT;
        case "count", "length" -> Kind.NUMBER;
        default -> {
          if (!PASS_THROUGH.contains(function)) yield Kind.OTHER;
          List<Kind> kinds = new ArrayList<>();
          for (int[] a : arguments(open)) kinds.add(kind(a[0], a[1]));
          yield merge(kinds);
        }
      };
    }

    // --- finding expressions ---

    /** The arguments of the bracket at {@code open}, split at its top-level commas. */
    List<int[]> arguments(int open) {
      List<int[]> out = new ArrayList<>();
      int close = partner[open];
      int start = open + 1;
      for (int i = start; i < close; i = skip(i) + 1) {
        if (tokens.get(i).type() == Type.COMMA) {
          out.add(new int[] {start, i});
          start = i + 1;
        }
      }
      if (start < close) out.add(new int[] {start, close});
      return out;
    }

    /** Where the operand that ends just before {@code at} starts. */
    int operandStart(int at) {
      int i = at - 1;
      while (i >= 0) {
        Token t = tokens.get(i);
        if (t.type() == Type.CLOSE || t.is("END")) {
          i = partner[i] < 0 ? i : partner[i];
          if (i > 0 && tokens.get(i - 1).type() == Type.WORD && tokens.get(i).type() == Type.OPEN
              && !OPERAND_END.contains(tokens.get(i - 1).upper())) {
            i--;
          }
          i--;
          continue;
        }
        if (isBoundary(t)) break;
        i--;
      }
      return i + 1;
    }

    /** Where the operand that starts at {@code from} ends. */
    int operandEnd(int from) {
      int i = from;
      while (i < tokens.size()) {
        Token t = tokens.get(i);
        if (i > from && t.type() != Type.OPEN && isBoundary(t)) break;
        i = skip(i) + 1;
      }
      return Math.min(i, tokens.size());
    }

    boolean isBoundary(Token t) {
      return t.type() == Type.OPEN || t.type() == Type.CLOSE || t.type() == Type.COMMA
          || (t.type() == Type.OPERATOR && COMPARISONS.contains(t.text()))
          || (t.type() == Type.WORD && OPERAND_END.contains(t.upper()))
          || t.type() == Type.OTHER;
    }

    boolean endsOrdering(int i) {
      Token t = tokens.get(i);
      return t.type() == Type.CLOSE || t.is("LIMIT") || t.is("OFFSET") || t.is("RETURNING") || t.is("WINDOW")
          || t.is("UNION") || t.is("EXCEPT") || t.is("INTERSECT") || t.type() == Type.OTHER;
    }

    /** {@code =} in {@code SET column = value} assigns; it compares nothing. */
    boolean isAssignment(int at) {
      if (!tokens.get(at).text().equals("=")) return false;
      int start = operandStart(at);
      return start > 0 && (tokens.get(start - 1).is("SET") || tokens.get(start - 1).type() == Type.COMMA && inSet(start - 1));
    }

    private boolean inSet(int i) {
      for (int j = i - 1; j >= 0; j = j - 1) {
        Token t = tokens.get(j);
        if (t.type() == Type.CLOSE || t.is("END")) j = partner[j] < 0 ? j : partner[j];
        else if (t.is("SET")) return true;
        else if (t.type() == Type.OPEN || t.is("WHERE") || t.is("SELECT") || t.is("FROM")) return false;
      }
      return false;
    }

    /** The index of the last token of the unit starting at {@code i}: a whole bracket or CASE … END. */
    int skip(int i) {
      Token t = tokens.get(i);
      return (t.type() == Type.OPEN || t.is("CASE")) && partner[i] > i ? partner[i] : i;
    }

    boolean nextIs(int i, String keyword) {
      return i + 1 < tokens.size() && tokens.get(i + 1).is(keyword);
    }

    String text(int from, int to) {
      if (from >= to) return "";
      return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    static String name(Token t) {
      return t.type() == Type.QUOTED ? t.text() : t.text().toLowerCase(Locale.ROOT);
    }
  }
}
