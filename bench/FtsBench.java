import dev.driftsmith.feature.search.FtsQuery;
import dev.driftsmith.feature.search.SearchSql;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.SchemaObject;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqlSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * FTS5 MATCH (the generated search query and schema objects) against LIKE '%term%' over the same
 * generated rows, in one in-memory SQLite database. For a rare, a medium and a common word: the
 * ranked top-20 search the generated NotesSearch runs vs. a LIKE scan with LIMIT 20, and counting
 * every match. Medians of several runs after warm-up.
 * Run: java -cp target/driftsmith.jar bench/FtsBench.java [rows] [runs]
 */
public class FtsBench {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Table notes = new Table("notes", List.of(
        new Column("id", "integer", false, true, true, false, null, null),
        new Column("title", "text", false, false, false, false, null, null),
        new Column("body", "text", true, false, false, false, null, null)), false, false, List.of(), false);
    List<Column> searched = notes.columns().subList(1, 3);

    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      try (Statement st = c.createStatement()) {
        st.execute(SqlSchema.createTable(notes));
        for (SchemaObject o : SearchSql.objects(notes, searched, "english")) st.execute(o.sql());
      }
      List<String> vocabulary = vocabulary(20_000, new Random(7));
      // The same rows twice: into a copy without the FTS triggers (the write cost of search), then into notes.
      try (Statement st = c.createStatement()) {
        st.execute(SqlSchema.createTable(notes, "plain_notes"));
      }
      long plainStart = System.nanoTime();
      insert(c, "plain_notes", rows, vocabulary, new Random(42));
      double plainMs = (System.nanoTime() - plainStart) / 1e6;
      long loadStart = System.nanoTime();
      insert(c, "notes", rows, vocabulary, new Random(42));
      double loadMs = (System.nanoTime() - loadStart) / 1e6;

      String version;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
        rs.next();
        version = rs.getString(1);
      }
      System.out.printf("FtsBench: %,d rows (title 3-8 words, body 20-60 words, Zipf over %,d made-up words), %d runs per query after 3 warm-up runs%n",
          rows, vocabulary.size(), runs);
      System.out.printf("Machine: %s %s, %d cores, Java %s, SQLite %s (sqlite-jdbc), in-memory database%n",
          System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), version);
      System.out.printf("Insert of all rows in one transaction: %.0f ms with the FTS triggers, %.0f ms without (%.1f× the write cost)%n%n",
          loadMs, plainMs, loadMs / plainMs);

      String ranked = SearchSql.search(notes, searched, false);
      String likeTop = "SELECT * FROM notes WHERE title LIKE ?1 OR body LIKE ?1 LIMIT 20";
      String matchCount = "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?1";
      String likeCount = "SELECT count(*) FROM notes WHERE title LIKE ?1 OR body LIKE ?1";

      System.out.println("| word (Zipf rank) | matching rows (FTS / LIKE) | top 20: FTS ranked | top 20: LIKE | ratio | count: FTS | count: LIKE | ratio |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      Map<String, Integer> terms = new LinkedHashMap<>();
      terms.put("rare", 5000);
      terms.put("medium", 200);
      terms.put("common", 5);
      double minCount = Double.MAX_VALUE;
      double maxCount = 0;
      for (Map.Entry<String, Integer> e : terms.entrySet()) {
        String word = vocabulary.get(e.getValue() - 1);
        String match = FtsQuery.toFtsQuery(word, false);
        String pattern = "%" + word + "%";
        long ftsHits = scalar(c, matchCount, match);
        long likeHits = scalar(c, likeCount, pattern);
        double ftsTop = median(c, ranked, runs, match, 20, 0);
        double likeTopMs = median(c, likeTop, runs, pattern);
        double ftsCount = median(c, matchCount, runs, match);
        double likeCountMs = median(c, likeCount, runs, pattern);
        minCount = Math.min(minCount, likeCountMs / ftsCount);
        maxCount = Math.max(maxCount, likeCountMs / ftsCount);
        System.out.printf("| %s `%s` (%d) | %,d / %,d | %.3f ms | %.3f ms | %s | %.3f ms | %.3f ms | %s |%n",
            e.getKey(), word, e.getValue(), ftsHits, likeHits, ftsTop, likeTopMs, ratio(likeTopMs / ftsTop), ftsCount, likeCountMs,
            ratio(likeCountMs / ftsCount));
      }
      System.out.println();
      System.out.println("ratio = LIKE median / FTS median: 40× means FTS is 40 times faster, 1/40 means LIKE is.");
      System.out.printf("Finding every match: FTS5 MATCH is %.0f× to %.0f× faster than LIKE '%%term%%'. Top 20: LIKE stops after 20 rows"
          + " in table order (unranked), while the ranked search scores every match with bm25, so FTS wins for rare words only.%n", minCount, maxCount);
    }
  }

  static String ratio(double r) {
    return r >= 1 ? String.format("%.1f×", r) : String.format("1/%.0f", 1 / r);
  }

  /** Made-up lower-case words of 4-9 letters, all different (LIKE '%w%' also matches longer words that contain w). */
  static List<String> vocabulary(int size, Random random) {
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
    String consonants = "bcdfghklmnprstvz";
    String vowels = "aeiou";
    while (words.size() < size) {
      int length = 4 + random.nextInt(6);
      StringBuilder w = new StringBuilder();
      for (int i = 0; i < length; i++) {
        String from = i % 2 == 0 ? consonants : vowels;
        w.append(from.charAt(random.nextInt(from.length())));
      }
      words.add(w.toString());
    }
    return new ArrayList<>(words);
  }

  static void insert(Connection c, String table, int rows, List<String> vocabulary, Random random) throws Exception {
    double[] cumulative = zipf(vocabulary.size(), 1.07);
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (title, body) VALUES (?, ?)")) {
      for (int i = 0; i < rows; i++) {
        ps.setString(1, words(3 + random.nextInt(6), vocabulary, cumulative, random));
        ps.setString(2, words(20 + random.nextInt(41), vocabulary, cumulative, random));
        ps.addBatch();
        if (i % 1000 == 999) ps.executeBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  static double[] zipf(int n, double s) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, s);
      cumulative[k - 1] = sum;
    }
    for (int k = 0; k < n; k++) cumulative[k] /= sum;
    return cumulative;
  }

  static String words(int count, List<String> vocabulary, double[] cumulative, Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
      if (index < 0) index = -index - 1;
      if (i > 0) out.append(' ');
      out.append(vocabulary.get(Math.min(index, vocabulary.size() - 1)));
    }
    return out.toString();
  }

  static long scalar(Connection c, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Median wall time in ms of running {@code sql} and reading every row, after 3 warm-up runs. */
  static double median(Connection c, String sql, int runs, Object... params) throws Exception {
    List<Long> nanos = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      for (int run = 0; run < runs + 3; run++) {
        long start = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rs.getObject(1);
        }
        if (run >= 3) nanos.add(System.nanoTime() - start);
      }
    }
    Collections.sort(nanos);
    return nanos.get(nanos.size() / 2) / 1e6;
  }
}
