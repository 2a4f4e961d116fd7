package dev.driftsmith.workspace;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.SchemaStep;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * One schema step as released history: {@code driftsmith/migrations/NNNN_<slug>.sql}, written once
 * when the step is recorded and never again, as Flyway and drift's own {@code drift_schemas/} keep
 * theirs. It holds our header with the hash of its body, then
 *
 * <pre>
 * -- version: 9
 * -- description: "index notes by title"
 * -- hand-written: yes
 *
 * -- up: 1 statement
 * CREATE INDEX notes_title_idx ON notes (title);
 *
 * -- down: 1 statement
 * DROP INDEX notes_title_idx;
 * </pre>
 *
 * Each statement is the stored SQL byte for byte, followed by a semicolon and a line break; a
 * statement whose last words are a -- comment gets its semicolon on the next line, where the
 * comment cannot swallow it. Reading splits the statements where SQLite would ({@link SqlScript}).
 * The slug is for people; the version and description are read from the file.
 *
 * <p>A step that records the schema it leads to ({@link SchemaStep#leadsTo}) has the record at the
 * end of the header's hash line, sealed by a hash of the record and the body:
 * {@code -- driftsmith-hash: 527c58e232f11c1d -- leads to: snapshot-1 schema=sha256:… history=sha256:… install=sha256:… -- sealed: 0f3e…}.
 * It is there, and not in the body, because an older Driftsmith reads only the hash at the start
 * of that line: it reads the file as the step without the record, where a line in the body would
 * make it refuse the file. A file without a record (an older Driftsmith's) reads as it always did.
 */
public final class MigrationFile {
  private MigrationFile() {}

  /** The folder of the schema history, relative to the project root. */
  public static final String FOLDER = "driftsmith/migrations";

  static final String NOTICE = GeneratedHeader.MARK
      + ". Released schema history: never edit it, installed apps already ran it; record a new step instead.";

  private static final String VERSION = "-- version: ";
  private static final String DESCRIPTION = "-- description: ";
  private static final String HAND_WRITTEN = "-- hand-written: ";
  private static final String LEADS_TO = " -- leads to: ";
  private static final String SEALED = " -- sealed: ";
  /** The header's second line as this class writes it: the body's hash, then the record and its seal when the step has one. */
  private static final Pattern HASH_LINE = Pattern.compile("-- driftsmith-hash: [0-9a-f]{16}(?:" + Pattern.quote(LEADS_TO)
      + "(.+)" + Pattern.quote(SEALED) + "([0-9a-f]{16}))?");
  /** Printable ASCII words: whatever format a later Driftsmith records, on one line that shows what it says. */
  private static final Pattern RECORD = Pattern.compile("[!-~]+(?: [!-~]+)*");
  /** Slugs longer than this are cut at a word: a file name is for finding the step, the description is inside. */
  private static final int SLUG_LENGTH = 60;

  /** The two lists of statements a file holds, in file order. */
  private enum Section {
    UP("up"), DOWN("down");

    final String name;

    Section(String name) {
      this.name = name;
    }

    String heading(int count) {
      return "-- " + name + ": " + count + (count == 1 ? " statement" : " statements");
    }
  }

  /** The path of {@code step}'s file: its version in at least four digits and its description in lower snake case. */
  public static String path(SchemaStep step) {
    return FOLDER + "/" + versionPrefix(step.version()) + "_" + slug(step.description()) + ".sql";
  }

  static String versionPrefix(int version) {
    return String.format(Locale.ROOT, "%04d", version);
  }

  /** {@code "relation categoryTodos (oneToMany)"} → {@code relation_category_todos_one_to_many}: ASCII only, never empty. */
  static String slug(String description) {
    String plain = Normalizer.normalize(description == null ? "" : description, Normalizer.Form.NFD);
    StringBuilder words = new StringBuilder();
    char previous = ' ';
    for (char c : plain.toCharArray()) {
      boolean lower = c >= 'a' && c <= 'z';
      boolean upper = c >= 'A' && c <= 'Z';
      boolean digit = c >= '0' && c <= '9';
      boolean combining = Character.getType(c) == Character.NON_SPACING_MARK;
      if (combining) continue;
      if (upper && (Character.isLowerCase(previous) || Character.isDigit(previous))) words.append('_');
      words.append(lower || digit ? c : upper ? (char) (c + ('a' - 'A')) : '_');
      previous = c;
    }
    String slug = words.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    if (slug.length() > SLUG_LENGTH) {
      int cut = slug.lastIndexOf('_', SLUG_LENGTH);
      slug = slug.substring(0, cut > SLUG_LENGTH / 2 ? cut : SLUG_LENGTH);
    }
    return slug.isEmpty() ? "step" : slug;
  }

  /**
   * The file of {@code step}, checked to read back as exactly that step before anything is
   * written: a statement SQLite accepted as one statement always does.
   */
  public static String render(SchemaStep step) throws ToolException {
    String path = path(step);
    String body = body(step);
    String text = withRecord(GeneratedHeader.wrap(path, NOTICE, body), step.leadsTo(), body);
    Read back = read(path, text);
    if (!back.problems().isEmpty() || !step.equals(back.step())) {
      String why = back.problems().isEmpty() ? "it reads back differently" : back.problems().get(0).message();
      throw new ToolException(path, "the step of version " + step.version() + " cannot be stored so that it reads back "
          + "as recorded (" + why + "); nothing was written. Each statement must be one SQL statement");
    }
    return text;
  }

  /** {@code text} with {@code record} and its seal at the end of its hash line; as it is when there is no record. */
  private static String withRecord(String text, String record, String body) {
    if (record == null) return text;
    int hashLineEnd = text.indexOf('\n', text.indexOf('\n') + 1);
    return text.substring(0, hashLineEnd) + LEADS_TO + record + SEALED + seal(record, body) + text.substring(hashLineEnd);
  }

  /** The hash of a record with the body it belongs to: a record moved to another file, or edited, no longer matches. */
  private static String seal(String record, String body) {
    return GeneratedHeader.hash(record + "\n" + body);
  }

  static String body(SchemaStep step) {
    StringBuilder b = new StringBuilder();
    b.append(VERSION).append(step.version()).append('\n');
    b.append(DESCRIPTION).append(quote(step.description())).append('\n');
    b.append(HAND_WRITTEN).append(step.custom() ? "yes" : "no").append('\n');
    section(b, Section.UP, step.up());
    section(b, Section.DOWN, step.down());
    return b.toString();
  }

  private static void section(StringBuilder b, Section section, List<String> statements) {
    b.append('\n').append(section.heading(statements.size())).append('\n');
    for (String sql : statements) b.append(sql).append(SqlScript.endsWithLineComment(sql) ? "\n;" : ";").append('\n');
  }

  /**
   * The description as a JSON string: one line whatever it holds, read back exactly. Characters a
   * reviewer cannot see (bidi controls, zero-width characters) are escaped, so the line shows what it says.
   */
  static String quote(String description) {
    String json = Args.JSON.writeValueAsString(description);
    StringBuilder out = new StringBuilder(json.length());
    json.codePoints().forEach(cp -> {
      if (invisible(cp)) {
        for (char unit : Character.toChars(cp)) out.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  private static boolean invisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * A migration file as read: its step and the line of each of its fields ({@code version},
   * {@code description}, {@code custom}, {@code up[2]}, ...), or the problems that keep it from
   * being used (then {@code step} is null).
   */
  public record Read(String path, SchemaStep step, Map<String, Integer> lines, List<ManifestProblem> problems) {
    /** The line of {@code field}; for the step as a whole (null), or a field it does not have, the line of its version. */
    public int lineOf(String field) {
      Integer line = field == null ? null : lines.get(field);
      return line != null ? line : lines.getOrDefault("version", 1);
    }
  }

  /**
   * Reads the file at {@code path} (relative to the project root) with the text {@code text}. A
   * project's history is read by every call, and its files never change: the last read of each
   * path is remembered with its text, so a file is parsed and its hash checked once per process
   * (a text compare, which the JVM vectorises, decides that it is the same file).
   */
  public static Read read(String path, String text) {
    Key key = new Key(path, text.length());
    synchronized (MEMO) {
      Remembered known = MEMO.get(key);
      if (known != null && known.text().equals(text)) return known.read();
    }
    Read read = parse(path, text);
    synchronized (MEMO) {
      Remembered replaced = MEMO.put(key, new Remembered(text, read));
      memoChars += text.length() - (replaced == null ? 0 : replaced.text().length());
      var eldest = MEMO.values().iterator();
      while (memoChars > MEMO_CHARS && eldest.hasNext()) {
        memoChars -= eldest.next().text().length();
        eldest.remove();
      }
    }
    return read;
  }

  /**
   * A path relative to its project's root and the length of its text: files of one name in two
   * projects mostly differ in length, so they do not push each other out.
   */
  private record Key(String path, int length) {}

  private record Remembered(String text, Read read) {}

  /** Texts of 16 million characters at most: the histories of a few large projects. */
  private static final long MEMO_CHARS = 16L << 20;
  private static final Map<Key, Remembered> MEMO = new LinkedHashMap<>(64, 0.75f, true);
  private static long memoChars;

  private static Read parse(String path, String text) {
    Optional<GeneratedHeader.Parsed> header = GeneratedHeader.parse(text);
    if (header.isEmpty()) {
      return refused(path, 1, "has no Driftsmith header, so it is not a step Driftsmith recorded and no app would run it; "
          + "move it out of " + FOLDER + "/ (a step of your own SQL is recorded with drift_create_migration)");
    }
    if (header.get().edited()) {
      return refused(path, 0, "edited by hand (its body no longer matches the hash in its header); released schema "
          + "history must never change, because installed apps already ran it as it was: restore it from version control "
          + "(a change to the schema is a new step, such as drift_create_migration)");
    }
    String body = header.get().body();
    int hashLineStart = text.indexOf('\n') + 1;
    Matcher hashLine = HASH_LINE.matcher(text.substring(hashLineStart, text.indexOf('\n', hashLineStart)));
    if (!hashLine.matches()) {
      return refused(path, 2, "has a hash line Driftsmith never writes; restore the file from version control");
    }
    String record = hashLine.group(1);
    if (record != null && !hashLine.group(2).equals(seal(record, body))) {
      return refused(path, 2, "leadsTo", "edited by hand (its record of the schema the step leads to no longer matches "
          + "its seal); restore the file from version control");
    }
    if (record != null && !RECORD.matcher(record).matches()) {
      return refused(path, 2, "leadsTo", "must be words of printable ASCII separated by single spaces, as Driftsmith never "
          + "writes it; restore the file from version control");
    }
    int firstLine = 1 + (int) text.substring(0, text.length() - body.length()).chars().filter(c -> c == '\n').count();
    try {
      Parser parser = new Parser(body, firstLine);
      SchemaStep step = parser.step().leadingTo(record);
      checkName(path, step.version(), parser.lines.get("version"));
      if (record != null) parser.lines.put("leadsTo", 2);
      return new Read(path, step, Map.copyOf(parser.lines), List.of());
    } catch (Malformed e) {
      return refused(path, e.line, e.field, e.getMessage());
    }
  }

  /** The number a file name starts with must be the version the file holds: people find steps by it. */
  private static void checkName(String path, int version, int line) throws Malformed {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (!name.startsWith(versionPrefix(version) + "_")) {
      throw new Malformed(line, "version", "is " + version + ", but the file name does not start with " + versionPrefix(version)
          + "_, so it reads as another step; restore the file's name from version control");
    }
  }

  private static Read refused(String path, int line, String message) {
    return refused(path, line, null, message);
  }

  private static Read refused(String path, int line, String field, String message) {
    return new Read(path, null, Map.of(), List.of(ManifestProblem.inFile(path, line, field, message)));
  }

  /** The body is not what {@link #body} writes: a problem on {@code line}, of {@code field} when known. */
  private static final class Malformed extends Exception {
    final int line;
    final String field;

    Malformed(int line, String field, String message) {
      super(message);
      this.line = line;
      this.field = field;
    }
  }

  /** Reads a body front to back, as {@link #body} wrote it, noting the line where each field starts. */
  private static final class Parser {
    private final String body;
    private final Map<String, Integer> lines = new HashMap<>();
    private int pos;
    private int line;

    Parser(String body, int firstLine) {
      this.body = body;
      this.line = firstLine;
    }

    SchemaStep step() throws Malformed {
      String version = value("version", VERSION);
      if (!version.matches("[1-9][0-9]{0,8}")) throw malformed("version", "'" + version + "' is not a version number");
      String description = description(value("description", DESCRIPTION));
      String handWritten = value("custom", HAND_WRITTEN);
      if (!handWritten.equals("yes") && !handWritten.equals("no")) throw malformed("custom", "must be yes or no");
      List<String> up = section(Section.UP);
      List<String> down = section(Section.DOWN);
      if (pos < body.length()) throw malformed(null, "has text after the last down statement");
      return new SchemaStep(Integer.parseInt(version), description, up, down, handWritten.equals("yes"));
    }

    private String description(String quoted) throws Malformed {
      try {
        String value = Args.JSON.readValue(quoted, String.class);
        if (quote(value).equals(quoted)) return value;
      } catch (JacksonException e) {
        // Reported below, as any description not in the form we write.
      }
      throw malformed("description", "is not a JSON string in the form Driftsmith writes");
    }

    private List<String> section(Section section) throws Malformed {
      if (!nextLine().isEmpty()) throw malformed(section.name, "needs an empty line before `-- " + section.name + ": …`");
      String heading = value(section.name, "-- " + section.name + ": ");
      String count = heading.replaceFirst(" statements?$", "");
      if (!count.matches("0|[1-9][0-9]{0,8}") || !section.heading(Integer.parseInt(count)).equals("-- " + section.name + ": " + heading)) {
        throw malformed(section.name, "must read `" + section.heading(2) + "` with the number of statements that follow");
      }
      List<String> statements = new ArrayList<>();
      for (int j = 0; j < Integer.parseInt(count); j++) statements.add(statement(section.name + "[" + j + "]"));
      return statements;
    }

    /** One statement, up to the semicolon where SQLite would end it, which must end its line. */
    private String statement(String field) throws Malformed {
      int end = SqlScript.statementEnd(body, pos);
      int start = pos;
      while (start < body.length() && Character.isWhitespace(body.charAt(start))) start++;
      lines.put(field, line + count(pos, Math.min(start, end < 0 ? body.length() : end)));
      if (end < 0) {
        throw malformed(field, "does not end with a semicolon where SQLite would end it (outside strings, comments "
            + "and trigger bodies)");
      }
      if (end + 1 >= body.length() || body.charAt(end + 1) != '\n') {
        throw malformed(field, "does not end its line with the semicolon that ends it");
      }
      String raw = body.substring(pos, end);
      advance(end + 2);
      return raw.endsWith("\n") && SqlScript.endsWithLineComment(raw) ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** The next line, which must start with {@code prefix}; returns the rest of it. */
    private String value(String field, String prefix) throws Malformed {
      lines.put(field, line);
      String text = nextLine();
      if (!text.startsWith(prefix)) throw malformed(field, "must start with `" + prefix.strip() + "`");
      return text.substring(prefix.length());
    }

    private String nextLine() throws Malformed {
      int end = body.indexOf('\n', pos);
      if (end < 0) throw malformed(null, "ends before the file is complete");
      String text = body.substring(pos, end);
      advance(end + 1);
      return text;
    }

    private void advance(int to) {
      line += count(pos, to);
      pos = to;
    }

    private int count(int from, int to) {
      int n = 0;
      for (int i = from; i < to; i++) if (body.charAt(i) == '\n') n++;
      return n;
    }

    /** A problem on the line just read (or being read). */
    private Malformed malformed(String field, String problem) {
      int at = field != null && lines.containsKey(field) ? lines.get(field) : line;
      return new Malformed(at, field, problem + ", as Driftsmith never writes it; restore the file from version control");
    }
  }
}
