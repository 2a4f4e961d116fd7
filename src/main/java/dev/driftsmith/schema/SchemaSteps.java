package dev.driftsmith.schema;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records schema changes as new versions, and proves each on SQLite before the manifest is touched:
 * replaying every step from an empty database must give the same schema as a fresh install. The
 * steps of every tool come from one place ({@link #record}), computed by {@link SchemaDiff} between
 * the database before and after the change, so no tool writes DDL by hand.
 */
public final class SchemaSteps {
  private final SchemaModel model;

  public SchemaSteps(SchemaModel model) {
    this.model = model;
  }

  public SchemaModel model() {
    return model;
  }

  /**
   * {@code after} with a step that takes an installed database from {@code before}'s schema to its
   * own, proven on SQLite; {@code after} itself when the database does not change.
   */
  public Manifest record(Manifest before, Manifest after, String description) throws ToolException {
    return record(before, after, description, List.of());
  }

  /**
   * Like {@link #record(Manifest, Manifest, String)}, with {@code rows}, statements that rewrite rows
   * for the new schema (a feature's data moving to a new format), run after the schema has changed.
   */
  public Manifest record(Manifest before, Manifest after, String description, List<String> rows) throws ToolException {
    Optional<SchemaModel.Collision> collision = model.collision(after);
    if (collision.isPresent()) throw new ToolException(collision.get().field(), collision.get().message());
    DatabaseSchema from = model.of(before);
    DatabaseSchema to = model.of(after);
    List<SchemaObject> extras = unmodelled(before, from);
    List<String> up = new ArrayList<>(SchemaDiff.migrate(from, to, extras));
    up.addAll(rows);
    if (up.isEmpty()) return after;
    List<String> down = SchemaDiff.migrate(to, from, extras);
    return append(after, new SchemaStep(before.schema().version() + 1, description, up, down, false));
  }

  /** {@code m} with a hand-written step (drift_create_migration), proven like every step. */
  public Manifest custom(Manifest m, String description, List<String> up, List<String> down) throws ToolException {
    return append(m, new SchemaStep(m.schema().version() + 1, description, up, down, true));
  }

  /**
   * {@code m} with {@code step}, proven, and carrying the record of the schema it leads to
   * ({@link RecordedSchema}): the fresh install's, which the proof found the upgraded database to have.
   */
  private Manifest append(Manifest m, SchemaStep step) throws ToolException {
    Manifest next = m.withSchema(m.schema().withStep(step));
    verify(next);
    try {
      List<String> fresh = SqlSchema.freshInstall(model.of(next));
      ProvenInstall proven = LAST_PROVEN_INSTALL.get();
      LAST_PROVEN_INSTALL.remove();
      String leadsTo = proven != null && proven.fresh().equals(fresh)
          ? RecordedSchema.of(proven.snapshot(), fresh, next.schema().history())
          : RecordedSchema.ofFreshInstall(INSTALLS, fresh, next.schema().history());
      return m.withSchema(m.schema().withStep(step.leadingTo(leadsTo)));
    } catch (SQLException e) {
      throw new ToolException(null, "the resulting schema does not run on SQLite: " + e.getMessage() + "; nothing was written");
    }
  }

  /** Fails when upgrading through the recorded steps would not yield the fresh-install schema. */
  public void verify(Manifest manifest) throws ToolException {
    Optional<Departure> departure = departure(manifest);
    if (departure.isEmpty()) return;
    if (departure.get().sqlError() != null) {
      throw new ToolException(null, "the resulting schema does not run on SQLite: " + departure.get().sqlError() + "; nothing was written");
    }
    throw new ToolException(null, "this change would make upgraded databases differ from fresh installs ("
        + departure.get().difference() + "); nothing was written");
  }

  /**
   * How replaying a schema's steps departs from a fresh install: a statement SQLite refused (the
   * manifest field it comes from, and SQLite's error), or the first difference between the two.
   */
  public record Departure(String field, String sqlError, String difference) {}

  /**
   * Empty when every step runs and the replayed schema equals a fresh install. A tool call adds one
   * step to the history the call before it proved, so the database that call upgraded is kept
   * ({@link Replays}) and only the new last step runs on it. A new process has none: it starts from
   * the database an earlier process stored in the project ({@link ReplayStore}), running the steps
   * that database lacks; without one, every step is replayed. Either way SQLite runs every statement
   * of the history from an empty database, only not all in this call. A proof this process made before, or one an earlier process of the same build made
   * for the very same statements and stored in the project ({@link ProofStore}, when the call
   * opened it), is not made again. Nor is one the history's last step records ({@link
   * RecordedSchema}): a fresh install with the recorded schema's digest is the schema a call
   * proved that history to lead to.
   */
  public Optional<Departure> departure(Manifest manifest) {
    DatabaseSchema schema = model.of(manifest);
    List<String> fresh = SqlSchema.freshInstall(schema);
    ByteBuffer proof = proofDigest(manifest, fresh);
    if (PROVEN.containsDigest(proof)) {
      ProofStore.relied(proof);
      return Optional.empty();
    }
    if (ProofStore.trusts(proof)) {
      ProofStore.relied(proof);
      // A new process, which keeps no upgraded database: the record, when it names this install, gives one.
      if (RecordedSchema.namesInstall(schema.history(), fresh)) Replays.confirmedByRecord(REPLAYS, fresh, schema.history());
      return Optional.empty();
    }
    if (RecordedSchema.confirms(schema.history(), INSTALLS, fresh)) {
      PROVEN.addDigest(proof);
      ProofStore.relied(proof);
      Replays.confirmedByRecord(REPLAYS, fresh, schema.history());
      return Optional.empty();
    }
    Optional<Departure> departure = prove(schema, fresh, REPLAYS);
    if (departure.isEmpty()) {
      PROVEN.addDigest(proof);
      ProofStore.relied(proof);
    }
    return departure;
  }

  /**
   * The digest of what proving {@code manifest}'s history reads: every statement of its fresh
   * install and of its replay. Equal digests are the same proof, in this process or in a
   * {@link ProofStore}.
   */
  public ByteBuffer proofDigest(Manifest manifest) {
    return proofDigest(manifest, SqlSchema.freshInstall(model.of(manifest)));
  }

  private static ByteBuffer proofDigest(Manifest manifest, List<String> fresh) {
    int version = manifest.schema().version();
    return Proven.proofDigest(fresh, manifest.schema().history().stream().filter(s -> s.version() <= version).toList());
  }

  /**
   * {@link #departure}, proven from nothing: every step is replayed on a new database, whatever this
   * process proved before. What {@code check} runs.
   */
  public Optional<Departure> departureInFull(Manifest manifest) {
    DatabaseSchema schema = model.of(manifest);
    return prove(schema, SqlSchema.freshInstall(schema), null);
  }

  /**
   * Installs {@code fresh} on a new database, takes another through the history (the steps before
   * the last from {@code replays} when it keeps them, else replayed here; then the last step, in a
   * transaction) and compares the two. The upgraded database goes back to {@code replays}.
   */
  private Optional<Departure> prove(DatabaseSchema schema, List<String> fresh, Replays replays) {
    Optional<Departure> departure = prove(schema, fresh, replays, true);
    // A kept or stored database that SQLite could not use proves nothing either way: replay in full instead.
    return departure.isPresent() && departure.get() == UNUSABLE ? prove(schema, fresh, replays, false) : departure;
  }

  /** What {@link #prove} returns when the kept or stored database it took failed on SQLite outside the steps. */
  private static final Departure UNUSABLE = new Departure("schema", "the kept database could not be used", null);

  private Optional<Departure> prove(DatabaseSchema schema, List<String> fresh, Replays replays, boolean useKept) {
    List<SchemaStep> history = schema.history();
    int last = history.size() - 1;
    List<SchemaStep> before = history.subList(0, Math.max(0, last));
    Replays.Keys keys = Replays.keys(history);
    Replays.Replay upgraded = null;
    FreshInstalls.Install installed = null;
    boolean keep = false;
    boolean keepInstall = false;
    boolean fromKept = false;
    boolean fromStored = false;
    try {
      // Before the install is brought to the new schema: it may be the one a record vouched for as the upgraded database.
      boolean handWritten = last >= 0 && history.get(last).custom();
      if (replays != null && useKept && !handWritten) Replays.seedConfirmed(replays, INSTALLS, keys.beforeLast());
      FreshInstalls.Outcome install = replays == null ? FreshInstalls.inFull(fresh) : INSTALLS.install(fresh);
      if (install.failed() != null) return Optional.of(new Departure(freshInstallField(schema, install.failed()), install.error(), null));
      installed = install.install();
      keepInstall = replays != null;
      upgraded = replays == null || !useKept ? null : replays.take(keys.beforeLast()).orElse(null);
      if (upgraded != null && upgraded.standIn && handWritten) {
        upgraded.close();
        upgraded = null;
      }
      fromKept = upgraded != null;
      // A stored database that holds the whole history (the same history proven again) has its last step run already.
      boolean lastRun = false;
      if (upgraded == null) {
        Optional<ReplayStore.Loaded> stored = replays == null || !useKept ? Optional.empty() : ProofStore.storedReplay(history, keys);
        fromStored = stored.isPresent();
        int from = stored.map(ReplayStore.Loaded::steps).orElse(0);
        lastRun = last >= 0 && from == history.size();
        upgraded = new Replays.Replay(fromStored ? stored.get().db() : new SqliteSandbox(), lastRun ? keys.all() : keys.beforeLast());
        upgraded.unstored = !fromStored;
        for (int k = from; k < before.size(); k++) {
          Optional<Departure> failed = runStep(upgraded.db, history, k);
          if (failed.isPresent()) return failed;
        }
      }
      keep = replays != null;
      upgraded.begin();
      boolean runLast = last >= 0 && !lastRun;
      upgraded.listing.beforeRunning(upgraded.db, runLast ? history.get(last).up() : List.of());
      Optional<Departure> failed = runLast ? runStep(upgraded.db, history, last) : Optional.empty();
      if (failed.isEmpty()) failed = difference(fresh, installed, upgraded);
      if (failed.isPresent()) {
        upgraded.undo();
        return failed;
      }
      upgraded.proved(keys.all());
      if (replays != null) ProofStore.replayed(new ReplayStore.Proved(keys.all(), history.size()));
      return Optional.empty();
    } catch (SQLException e) {
      keep = false;
      keepInstall = false;
      return Optional.of(fromKept || fromStored ? UNUSABLE : new Departure("schema", e.getMessage(), null));
    } finally {
      if (keep) replays.keep(upgraded);
      else if (upgraded != null) upgraded.close();
      // A fresh install is one whatever the upgrade gave; one SQLite failed on is not kept.
      if (keepInstall) INSTALLS.keep(installed);
      else if (installed != null) installed.close();
    }
  }

  /** Runs step {@code k} of {@code history}; the statement SQLite refused, if one did. */
  private static Optional<Departure> runStep(SqliteSandbox db, List<SchemaStep> history, int k) {
    REPLAYED_STEPS.incrementAndGet();
    List<String> up = history.get(k).up();
    for (int j = 0; j < up.size(); j++) {
      String error = run(db, up.get(j));
      if (error != null) return Optional.of(new Departure("schema.history[" + k + "].up[" + j + "]", error, null));
    }
    return Optional.empty();
  }

  /**
   * The first difference between the two schemas. Each database lists only what changed since the
   * last proof on it when that is known ({@link SchemaListing}), and the upgraded one reuses the
   * fresh install's descriptions of the objects they share.
   */
  private static Optional<Departure> difference(List<String> fresh, FreshInstalls.Install installed, Replays.Replay upgraded)
      throws SQLException {
    Map<String, String> a = installed.listing.snapshot(installed.db, null);
    Map<String, String> b = upgraded.listing.snapshot(upgraded.db, installed.listing);
    if (!a.equals(b)) return Optional.of(new Departure("schema.history", null, Migrations.difference(a, b)));
    LAST_PROVEN_INSTALL.set(new ProvenInstall(fresh, a));
    return Optional.empty();
  }

  /** The description of the fresh install of {@code fresh}, which a proof just found the upgraded database to have. */
  private record ProvenInstall(List<String> fresh, Map<String, String> snapshot) {}

  /**
   * The fresh install this thread's last proof compared, so that recording the step it proved
   * takes the description from there: describing a 200-table schema again was a sixth of a call.
   */
  private static final ThreadLocal<ProvenInstall> LAST_PROVEN_INSTALL = new ThreadLocal<>();

  /**
   * The indexes, triggers and views an installed database of {@code m}'s version holds that the
   * model does not describe: hand-written steps made them, and a table rebuild must keep them.
   */
  private List<SchemaObject> unmodelled(Manifest m, DatabaseSchema modelled) throws ToolException {
    if (m.schema().history().stream().noneMatch(SchemaStep::custom)) return List.of();
    List<SchemaObject> out = new ArrayList<>();
    Replays.Keys keys = Replays.keys(m.schema().history());
    Replays.Replay installed = REPLAYS.take(keys.all()).orElse(null);
    try {
      if (installed == null) installed = ReplayStore.replayed(m.schema().history(), keys);
      collectUnmodelled(installed.db, modelled, out);
    } catch (SQLException e) {
      throw new ToolException(null, "the current schema does not run on SQLite: " + e.getMessage() + "; nothing was written");
    } finally {
      if (installed != null) REPLAYS.keep(installed);
    }
    return out;
  }

  private static void collectUnmodelled(SqliteSandbox installed, DatabaseSchema modelled, List<SchemaObject> out) throws SQLException {
    try (Statement st = installed.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema"
             + " WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY rowid")) {
      while (rs.next()) {
        String name = rs.getString(2);
        if (modelled.object(name).isPresent()) continue;
        SchemaObject.Kind kind = switch (rs.getString(1)) {
          case "index" -> SchemaObject.Kind.INDEX;
          case "trigger" -> SchemaObject.Kind.TRIGGER;
          default -> SchemaObject.Kind.VIEW;
        };
        String table = kind == SchemaObject.Kind.VIEW ? null : rs.getString(3);
        out.add(new SchemaObject(name, kind, table, rs.getString(4), null, List.of(), false));
      }
    }
  }

  private static String run(SqliteSandbox box, String sql) {
    try {
      box.executeStored(sql);
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** The manifest field a fresh-install statement comes from: a hand-written step, or the model. */
  private static String freshInstallField(DatabaseSchema schema, String sql) {
    for (int k = 0; k < schema.history().size(); k++) {
      SchemaStep step = schema.history().get(k);
      int j = step.up().indexOf(sql);
      if (step.custom() && j >= 0) return "schema.history[" + k + "].up[" + j + "]";
    }
    return "schema.tables";
  }

  /** Steps run on an upgraded database by proofs in this process: what tests read to see a replay spared. */
  private static final AtomicLong REPLAYED_STEPS = new AtomicLong();

  static long replayedSteps() {
    return REPLAYED_STEPS.get();
  }

  /** Forgets what this process proved and the databases it upgraded and installed, as a new process starts (for tests). */
  static void forgetAll() {
    PROVEN.clear();
    REPLAYS.clear();
    INSTALLS.closeKept();
  }

  /** Schemas whose replay was proven, by the statements of their fresh install and of their replay. */
  private static final Proven PROVEN = new Proven();

  /** The fresh install of the last schema proven, for the next schema. */
  static final FreshInstalls INSTALLS = new FreshInstalls();

  /** The databases the last few proofs upgraded, for the next step of each history. */
  static final Replays REPLAYS = new Replays();
}
