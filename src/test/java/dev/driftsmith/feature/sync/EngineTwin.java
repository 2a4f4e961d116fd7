package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DatabaseSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated {@code sync_engine.dart}, statement by statement, in Java: it runs the exact SQL
 * strings rendered into {@code sync_sql.dart} (taken from {@link SyncQueries}, the same calls
 * {@link SyncFeature} renders) on a device's SQLite database, in the order the Dart engine runs them,
 * and speaks the protocol over real HTTP as {@code sync_transport.dart} does. Each method names the
 * Dart method it stands for; docs/sync-engine-twin.md has the whole correspondence. Conflict
 * strategies are decided in Dart ({@code ConflictResolver}, {@code SyncEngine._conflict}); the twin
 * makes the same decisions in {@link #conflict}.
 *
 * <p>Where the twin differs, on purpose: batches of one round are pushed one after another (Dart
 * sends them at once and handles each answer as it comes, which is one of the orders the twin may
 * take); the retry delay is zero (timing is not what the convergence suite tests); drift's nested
 * transactions are not reproduced (one device runs one statement at a time here, so no local write
 * can fall between two statements of the engine), but the savepoint of each pulled change is: the
 * engine sends it as SQL.
 */
final class EngineTwin {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** What the transport throws for no answer, 408, 429, 5xx and 426: nothing is counted. */
  static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message);
    }
  }

  /** The SQL of one project, as sync_sql.dart holds it. */
  record Sql(Map<String, String> statements, Map<String, String> update, Map<String, String> insert,
             Map<String, String> deleteRecord, Map<String, String> rebaseAsInsert, Map<String, String> missingParents,
             Map<String, String> applyDelta, Map<String, String> recordDeltaLoss, Map<String, String> dropLocalFields,
             Map<String, String> clearDirty, Map<String, String> deletedHere,
             Map<String, List<String>> releaseChildren, Map<String, String> uniqueLoses, Map<String, String> keepUniqueRivals,
             Map<String, String> yieldUnique, Map<String, String> deltaUniqueLoses, Map<String, String> deltaKeepUniqueRivals,
             Map<String, String> deltaYieldUnique) {
    /** The same calls as SyncFeature.context, so each string is the one rendered into sync_sql.dart. */
    static Sql of(Manifest m, DatabaseSchema schema) {
      Map<String, String> update = new TreeMap<>(), insert = new TreeMap<>(), delete = new TreeMap<>();
      Map<String, String> asInsert = new TreeMap<>(), missing = new TreeMap<>();
      Map<String, List<String>> release = new TreeMap<>();
      Map<String, String> loses = new TreeMap<>(), keepRivals = new TreeMap<>(), yield = new TreeMap<>();
      List<SyncedTable> all = SyncSettings.syncedTables(m).stream().map(d -> SyncSettings.synced(m, schema, d.name())).toList();
      for (SyncedTable t : all) {
        List<String> children = SyncQueries.releaseChildren(all, t);
        if (!children.isEmpty()) release.put(t.name(), children);
        update.put(t.name(), SyncQueries.update(t));
        insert.put(t.name(), SyncQueries.insert(t));
        delete.put(t.name(), SyncQueries.deleteRecord(t));
        asInsert.put(t.name(), SyncQueries.rebaseAsInsert(t));
        String parents = SyncQueries.missingParents(t);
        if (parents != null) missing.put(t.name(), parents);
        if (SyncQueries.uniqueLoses(t) != null) {
          loses.put(t.name(), SyncQueries.uniqueLoses(t));
          keepRivals.put(t.name(), SyncQueries.keepUniqueRivals(t));
          yield.put(t.name(), SyncQueries.yieldUnique(t));
        }
      }
      Map<String, String> delta = new TreeMap<>(), loss = new TreeMap<>(), drop = new TreeMap<>(), clear = new TreeMap<>();
      Map<String, String> deleted = new TreeMap<>();
      Map<String, String> deltaLoses = new TreeMap<>(), deltaKeep = new TreeMap<>(), deltaYield = new TreeMap<>();
      for (PartialSyncConfig p : PartialSyncConfig.all(m)) {
        SyncedTable t = SyncSettings.synced(m, schema, p.table());
        Set<String> serverWinsFields = new TreeSet<>();
        ConflictResolutionConfig.of(m).fieldStrategies().forEach((key, strategy) -> {
          String[] parts = key.split("\\.");
          if (parts[0].equals(t.name()) && strategy == FieldStrategy.SERVER_WINS) serverWinsFields.add(Names.snakeCase(parts[1]));
        });
        delta.put(t.name(), SyncQueries.applyDelta(t, p.conflictResolution(), serverWinsFields));
        String lossSql = SyncQueries.recordDeltaLoss(t, p.conflictResolution(), serverWinsFields);
        if (lossSql != null) loss.put(t.name(), lossSql);
        String dropSql = SyncQueries.dropLocalFields(t, p.conflictResolution(), serverWinsFields);
        if (dropSql != null) drop.put(t.name(), dropSql);
        clear.put(t.name(), SyncQueries.clearDirty(t));
        deleted.put(t.name(), SyncQueries.deletedHere(t));
        String deltaLosesSql = SyncQueries.deltaUniqueLoses(t, p.conflictResolution(), serverWinsFields);
        if (deltaLosesSql != null) {
          deltaLoses.put(t.name(), deltaLosesSql);
          deltaKeep.put(t.name(), SyncQueries.deltaKeepUniqueRivals(t, p.conflictResolution(), serverWinsFields));
          deltaYield.put(t.name(), SyncQueries.deltaYieldUnique(t, p.conflictResolution(), serverWinsFields));
        }
      }
      Map<String, String> statements = SyncQueries.statements(BackgroundSyncConfig.of(m).tablePriorities(), SyncPriorityConfig.rules(m));
      return new Sql(statements, update, insert, delete, asInsert, missing, delta, loss, drop, clear, deleted, release, loses, keepRivals, yield,
          deltaLoses, deltaKeep, deltaYield);
    }
  }

  /** The conflict rules of drift_configure_conflict_resolution, as conflict_resolver.dart holds them. */
  record Rules(String defaultStrategy, Map<String, String> tableStrategies, Map<String, String> fieldStrategies) {
    static Rules of(Manifest m) {
      ConflictResolutionConfig c = ConflictResolutionConfig.of(m);
      Map<String, String> fields = new TreeMap<>();
      c.fieldStrategies().forEach((key, strategy) -> {
        String[] parts = key.split("\\.");
        fields.put(parts[0] + "." + Names.snakeCase(parts[1]), strategy.wire());
      });
      Map<String, String> tables = new TreeMap<>();
      c.tableStrategies().forEach((table, strategy) -> tables.put(table, strategy.wire()));
      return new Rules(c.strategy().wire(), tables, fields);
    }

    /** The same rules with some tables' strategies replaced (another manifest's conflict_resolver.dart). */
    Rules withTableStrategies(Map<String, String> replaced) {
      Map<String, String> tables = new TreeMap<>(tableStrategies);
      tables.putAll(replaced);
      return new Rules(defaultStrategy, tables, fieldStrategies);
    }

    String strategyFor(String entity) {
      return tableStrategies.getOrDefault(entity, defaultStrategy);
    }

    /** ConflictResolver.serverWinsFields: the fields of {@code entity} the server wins in a merge. */
    List<String> serverWinsFields(String entity) {
      List<String> out = new ArrayList<>();
      fieldStrategies.forEach((key, strategy) -> {
        if ("serverWins".equals(strategy) && key.startsWith(entity + ".")) out.add(key.substring(entity.length() + 1));
      });
      return out;
    }

    /** ConflictResolver.merge: the server's record, with every field this device changed. */
    Map<String, Object> merge(String entity, Map<String, Object> local, Map<String, Object> snapshot, Map<String, Object> server) {
      Map<String, Object> merged = new LinkedHashMap<>(server);
      for (Map.Entry<String, Object> e : local.entrySet()) {
        String rule = fieldStrategies.get(entity + "." + e.getKey());
        if ("serverWins".equals(rule)) continue;
        boolean changedHere = snapshot == null || !Objects.equals(snapshot.get(e.getKey()), e.getValue());
        if ("clientWins".equals(rule) || changedHere) merged.put(e.getKey(), e.getValue());
      }
      return merged;
    }
  }

  /** SyncOperation of sync_protocol.dart, as the dequeue query reads it. */
  record Operation(long seq, String opId, String entity, String recordId, String op, Map<String, Object> data,
                   Map<String, Object> snapshot, Long baseVersion, long attempts, long level) {}

  /** PushResult of sync_protocol.dart. */
  record Result(String opId, String status, Long version, String reason, Map<String, Object> record) {}

  private final Connection db;
  private final Sql sql;
  private final Rules rules;
  private final Supplier<URI> baseUrl;
  private final String token;
  private final int batchSize;
  private final int maxConcurrent;
  private final int maxRetries;
  private final int pullLimit;
  /** The pulled changes whose writes failed, as SyncEngine._pull collects them (remoteErrors). */
  final List<String> remoteErrors = new ArrayList<>();
  /** Every statement this twin ran, to compare with sync_sql.dart. */
  final Set<String> ran;
  /** Told of every operation the server applied, with its answer (the scenarios' record of who pushed last). */
  java.util.function.BiConsumer<Operation, Result> onApplied = (o, r) -> { };
  /** The answer of the next push reaches the server but not this device (a lost response). */
  boolean loseNextResponse;

  EngineTwin(Connection db, Sql sql, Rules rules, Supplier<URI> baseUrl, String token, int batchSize, int maxConcurrent,
             int maxRetries, int pullLimit, Set<String> ran) {
    this.db = db;
    this.sql = sql;
    this.rules = rules;
    this.baseUrl = baseUrl;
    this.token = token;
    this.batchSize = batchSize;
    this.maxConcurrent = maxConcurrent;
    this.maxRetries = maxRetries;
    this.pullLimit = pullLimit;
    this.ran = ran;
  }

  // --- SyncEngine._cycle ---

  /** One push-then-pull cycle; false when the server was unreachable (the cycle stopped, as in Dart). */
  boolean sync() throws SQLException, IOException, InterruptedException {
    try {
      update(st("requeueInFlight"));
      push();
      pull();
      settleDeferred();
      return true;
    } catch (Unreachable e) {
      update(st("requeueInFlight"));
      return false;
    }
  }

  /** SyncEngine._push: rounds of claimed batches until the queue has nothing ready. */
  void push() throws SQLException, IOException, InterruptedException, Unreachable {
    expireDeadlines();
    String client = clientId();
    for (int round = 0; round < 100; round++) {
      List<List<Operation>> batches = claimBatches();
      if (batches.isEmpty()) break;
      for (List<Operation> batch : batches) pushBatch(client, batch);
    }
  }

  /** A cycle's push alone (no pull); false when the server was unreachable. */
  boolean pushOnly() throws SQLException, IOException, InterruptedException {
    try {
      update(st("requeueInFlight"));
      push();
      return true;
    } catch (Unreachable e) {
      update(st("requeueInFlight"));
      return false;
    }
  }

  /** A cycle's pull alone, and the deferred changes it lets go; false when the server was unreachable. */
  boolean pullOnly() throws SQLException, IOException, InterruptedException {
    try {
      pull();
      settleDeferred();
      return true;
    } catch (Unreachable e) {
      return false;
    }
  }

  /** SyncEngine._expireDeadlines: the demo's writes set no deadline, but the statement runs as in Dart. */
  private void expireDeadlines() throws SQLException {
    for (Map<String, Object> row : select(st("expired"), (Object) null)) update(st("expire"), row.get("op_id"));
  }

  /** SyncEngine._claimBatches. */
  List<List<Operation>> claimBatches() throws SQLException {
    int levels = 4; // SyncPriority.values.length: low, normal, high, critical
    List<Map<String, Object>> rows = select(st("dequeue"), batchSize * maxConcurrent * levels, null);
    Map<Long, List<Operation>> byLevel = new TreeMap<>((a, b) -> Long.compare(b, a));
    for (Map<String, Object> row : rows) byLevel.computeIfAbsent(num(row.get("level")), k -> new ArrayList<>()).add(operation(row));
    List<List<Operation>> batches = new ArrayList<>();
    List<Long> claimed = new ArrayList<>();
    for (List<Operation> operations : byLevel.values()) {
      for (int start = 0; start < operations.size() && start < batchSize * maxConcurrent; start += batchSize) {
        List<Operation> batch = operations.subList(start, Math.min(start + batchSize, operations.size()));
        batches.add(batch);
        for (Operation o : batch) claimed.add(o.seq());
      }
    }
    if (!claimed.isEmpty()) update(st("claim"), json(claimed));
    return batches;
  }

  /** SyncEngine._pushBatch. */
  private void pushBatch(String client, List<Operation> operations) throws SQLException, IOException, InterruptedException, Unreachable {
    List<Map<String, Object>> wire = new ArrayList<>();
    for (Operation o : operations) {
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("opId", o.opId());
      op.put("entity", o.entity());
      op.put("recordId", o.recordId());
      op.put("op", o.op());
      op.put("data", o.data());
      op.put("baseVersion", o.baseVersion());
      wire.add(op);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientId", client);
    body.put("operations", wire);
    Answer answer = post("push", body);
    if (loseNextResponse) {
      loseNextResponse = false;
      throw new Unreachable("push: the answer was lost");
    }
    if (answer.batchRejected()) {
      for (Operation o : operations) fail(o, answer.text(), null);
      return;
    }
    Map<String, Result> results = new LinkedHashMap<>();
    for (Object item : (List<?>) answer.json().get("results")) {
      Map<String, Object> r = map(item);
      results.put((String) r.get("opId"), new Result((String) r.get("opId"), (String) r.get("status"),
          r.get("version") == null ? null : num(r.get("version")), (String) r.get("reason"), mapOrNull(r.get("record"))));
    }
    for (Operation o : operations) {
      Result result = results.get(o.opId());
      if (result == null) {
        fail(o, "the server did not answer for this operation", null);
        continue;
      }
      switch (result.status()) {
        case "applied" -> applied(o, result);
        case "conflict" -> conflict(o, result);
        case "rejected" -> rejected(o, result);
        case "retry" -> fail(o, result.reason() == null ? "the server asked to retry" : result.reason(), result);
        default -> throw new IllegalStateException("unknown push status " + result.status());
      }
    }
  }

  // --- SyncEngine._pull and the writes of server state ---

  /** SyncEngine._pull: pages until hasMore is false; each page and its cursor in one transaction. */
  void pull() throws SQLException, IOException, InterruptedException, Unreachable {
    boolean more = true;
    while (more) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("clientId", clientId());
      body.put("cursor", readMeta("cursor"));
      body.put("limit", pullLimit);
      Answer answer = post("pull", body);
      if (answer.batchRejected()) throw new IllegalStateException("pull refused: " + answer.text());
      Map<String, Object> page = answer.json();
      List<?> changes = (List<?>) page.get("changes");
      remote(() -> {
        for (Object item : changes) {
          Map<String, Object> change = map(item);
          String entity = (String) change.get("entity");
          if (!sql.update().containsKey(entity)) continue;
          String recordId = (String) change.get("recordId");
          Map<String, Object> data = "delete".equals(change.get("op")) ? null : mapOrNull(change.get("data"));
          Long version = change.get("version") == null ? null : num(change.get("version"));
          if (data != null && sql.applyDelta().containsKey(entity)) {
            pulledChange(entity, recordId, () -> applyDelta(entity, recordId, data, version));
            continue;
          }
          if (hasLocalChanges(entity, recordId) || isDeferred(entity, recordId)) {
            defer(entity, recordId, data, version);
            continue;
          }
          pulledChange(entity, recordId, () -> writeRecord(entity, recordId, data, version));
        }
        Object cursor = page.get("cursor");
        if (cursor != null) writeMeta("cursor", (String) cursor);
      });
      more = Boolean.TRUE.equals(page.get("hasMore")) && !changes.isEmpty() && page.get("cursor") != null;
    }
  }

  /** SyncEngine._pull's handling of one change: a failed write is reported and the page goes on. */
  private void pulledChange(String entity, String recordId, Body writes) throws SQLException {
    try {
      atomically(writes);
    } catch (SQLException e) {
      remoteErrors.add(entity + "/" + recordId + ": " + e.getMessage());
    }
  }

  /** SyncEngine._atomically: one pulled change's writes under a savepoint, all or none. */
  private void atomically(Body writes) throws SQLException {
    update(st("beginChange"));
    try {
      writes.run();
    } catch (SQLException | RuntimeException e) {
      update(st("undoChange"));
      throw e;
    } finally {
      update(st("endChange"));
    }
  }

  /** SyncEngine._applied. */
  private void applied(Operation o, Result result) throws SQLException {
    onApplied.accept(o, result);
    update(st("ack"), o.opId());
    if ("delete".equals(o.op())) {
      forgetVersion(o.entity(), o.recordId());
      return;
    }
    if (result.version() != null) setVersion(o.entity(), o.recordId(), result.version());
    clearDirty(o.entity(), o.recordId());
    if (result.record() != null) writeServerState(o.entity(), o.recordId(), result.record(), result.version());
  }

  /** SyncEngine._writeServerState. */
  private void writeServerState(String entity, String recordId, Map<String, Object> record, Long version) throws SQLException {
    if (hasLocalChanges(entity, recordId)) {
      defer(entity, recordId, record, version);
    } else {
      remote(() -> writeRecord(entity, recordId, record, version));
    }
  }

  /** SyncEngine._applyDelta. */
  private void applyDelta(String entity, String recordId, Map<String, Object> delta, Long version) throws SQLException {
    boolean echo = num(select(st("pulledEcho"), entity, recordId, version).get(0).get("echo")) == 1;
    if (echo || isDeferred(entity, recordId) || missingParents(entity, recordId, delta) || deletedHere(entity, recordId)) {
      defer(entity, recordId, delta, version);
      return;
    }
    if (losesUnique(entity, recordId, delta, true)) {
      defer(entity, recordId, delta, version);
      return;
    }
    yieldUnique(entity, recordId, delta, version, true);
    String json = json(delta);
    String drop = sql.dropLocalFields().get(entity);
    if (drop != null) {
      update(sql.recordDeltaLoss().get(entity), json, recordId, version);
      update(drop, json, recordId);
      update(st("dropEmptyUpdates"), entity, recordId);
    }
    int updated = update(sql.applyDelta().get(entity), json, recordId);
    if (updated == 0) update(sql.insert().get(entity), json, recordId);
    if (version != null) setVersion(entity, recordId, version);
  }

  /** SyncEngine._deletedHere. */
  private boolean deletedHere(String entity, String recordId) throws SQLException {
    return num(select(sql.deletedHere().get(entity), recordId).get(0).get("deleted")) == 1;
  }

  /** SyncEngine._clearDirty. */
  private void clearDirty(String entity, String recordId) throws SQLException {
    String clear = sql.clearDirty().get(entity);
    if (clear == null) return;
    remote(() -> update(clear, recordId));
  }

  /** SyncEngine._defer. */
  private void defer(String entity, String recordId, Map<String, Object> record, Long version) throws SQLException {
    update(st("defer"), entity, recordId, record == null ? "delete" : "upsert", record == null ? null : json(record), version);
  }

  /** SyncEngine._settleDeferred. */
  void settleDeferred() throws SQLException {
    for (boolean applied = true; applied; ) {
      applied = false;
      for (Map<String, Object> row : select(st("readyDeferred"))) {
        String entity = (String) row.get("entity");
        String recordId = (String) row.get("record_id");
        Map<String, Object> record = "delete".equals(row.get("op")) ? null : decode((String) row.get("payload"));
        if (record != null && (missingParents(entity, recordId, record) || losesUnique(entity, recordId, record, false))) continue;
        update(st("undefer"), entity, recordId);
        Long version = row.get("version") == null ? null : num(row.get("version"));
        remote(() -> writeRecord(entity, recordId, record, version));
        applied = true;
      }
    }
    update(st("pruneDeferred"));
  }

  private boolean isDeferred(String entity, String recordId) throws SQLException {
    return num(select(st("isDeferred"), entity, recordId).get(0).get("n")) > 0;
  }

  /** SyncEngine._missingParents. */
  private boolean missingParents(String entity, String recordId, Map<String, Object> record) throws SQLException {
    String missing = sql.missingParents().get(entity);
    if (missing == null) return false;
    return num(select(missing, json(record), recordId).get(0).get("missing")) == 1;
  }

  // --- SyncEngine._conflict and the strategies ---

  /** SyncEngine._conflict: the same decisions as the Dart switch over ConflictStrategy. */
  private void conflict(Operation o, Result result) throws SQLException {
    Map<String, Object> server = result.record();
    switch (rules.strategyFor(o.entity())) {
      case "serverWins" -> takeServer(o, result, "serverWins");
      case "clientWins" -> clientWins(o, result);
      case "lastWriteWins" -> {
        if (server != null && localIsLater(o, server)) rebase(o, result.version(), null);
        else takeServer(o, result, "lastWriteWins");
      }
      case "merge" -> {
        if (server == null || o.data() == null) {
          takeServer(o, result, "merge");
        } else {
          Map<String, Object> merged = rules.merge(o.entity(), o.data(), o.snapshot(), server);
          recordMergeLoss(o, result);
          if (!hasLaterChanges(o)) remote(() -> writeRecord(o.entity(), o.recordId(), merged, null));
          rebase(o, result.version(), merged);
        }
      }
      case "manual" -> {
        update(st("park"), o.opId(), server == null ? null : json(server));
        recordConflict(o, result);
      }
      default -> throw new IllegalStateException("unknown strategy " + rules.strategyFor(o.entity()));
    }
  }

  /** SyncEngine._clientWins. */
  private void clientWins(Operation o, Result result) throws SQLException {
    if (result.record() != null) {
      rebase(o, result.version(), null);
    } else if ("delete".equals(o.op())) {
      update(st("ack"), o.opId());
      forgetVersion(o.entity(), o.recordId());
    } else {
      update(sql.rebaseAsInsert().get(o.entity()), o.opId());
    }
  }

  private boolean hasLaterChanges(Operation o) throws SQLException {
    return num(select(st("laterChanges"), o.entity(), o.recordId(), o.seq()).get(0).get("n")) > 0;
  }

  /** SyncEngine._localIsLater. */
  private boolean localIsLater(Operation o, Map<String, Object> server) throws SQLException {
    Object local = o.data() == null ? null : o.data().get("updated_at");
    Object remote = server == null ? null : server.get("updated_at");
    if (!(local instanceof String) || !(remote instanceof String)) return false;
    return num(select(st("isLater"), local, remote).get(0).get("later")) == 1;
  }

  /** SyncEngine._takeServer. */
  private void takeServer(Operation o, Result result, String resolution) throws SQLException {
    long id = recordConflict(o, result);
    update(st("closeConflict"), id, resolution);
    update(st("ack"), o.opId());
    clearDirty(o.entity(), o.recordId());
    writeServerState(o.entity(), o.recordId(), result.record(), result.version());
  }

  /** SyncEngine._rebase. */
  private void rebase(Operation o, Long version, Map<String, Object> payload) throws SQLException {
    update(st("rebase"), o.opId(), version, payload == null ? null : json(payload));
    if (version != null) setVersion(o.entity(), o.recordId(), version);
  }

  /** SyncEngine._rejected (the demo rolls notes and todos back: optimistic updates). */
  private void rejected(Operation o, Result result) throws SQLException {
    update(st("reject"), o.opId(), result.reason() == null ? "rejected by the server" : result.reason(), json(resultJson(result)));
    throw new IllegalStateException("the reference server rejected " + o + ": " + result.reason());
  }

  /** SyncEngine._fail, with a retry delay of zero. */
  private void fail(Operation o, String error, Result result) throws SQLException {
    update(st("fail"), o.opId(), error, result == null ? null : json(resultJson(result)), 0.0, maxRetries);
  }

  /** SyncEngine._recordMergeLoss. */
  private void recordMergeLoss(Operation o, Result result) throws SQLException {
    List<String> fields = rules.serverWinsFields(o.entity());
    if (fields.isEmpty()) return;
    update(st("recordMergeLoss"), o.opId(), o.entity(), o.recordId(), json(o.data()), json(result.record()), result.version(),
        o.snapshot() == null ? null : json(o.snapshot()), json(fields));
  }

  /** SyncEngine._recordConflict. */
  private long recordConflict(Operation o, Result result) throws SQLException {
    update(st("recordConflict"), o.opId(), o.entity(), o.recordId(), o.data() == null ? null : json(o.data()),
        result.record() == null ? null : json(result.record()), result.version());
    return num(select("SELECT last_insert_rowid() AS id").get(0).get("id"));
  }

  // --- Conflicts waiting for the app (manual strategy) ---

  /** ConflictChoice of sync_engine.dart. */
  enum Choice { keepLocal, keepServer, useMerged }

  /** SyncConflict of sync_engine.dart, as openConflicts reads it. */
  record Conflict(long id, String opId, String entity, String recordId, Map<String, Object> local, Map<String, Object> server,
                  Long serverVersion) {}

  /** SyncEngine.openConflicts. */
  List<Conflict> openConflicts() throws SQLException {
    List<Conflict> out = new ArrayList<>();
    for (Map<String, Object> row : select(st("openConflicts"))) out.add(conflictRow(row));
    return out;
  }

  /** SyncEngine.resolveConflict: keep this device's change, take the server's record, or use {@code merged}. */
  void resolveConflict(long id, Choice choice, Map<String, Object> merged) throws SQLException {
    List<Map<String, Object>> rows = select(st("conflictById"), id);
    if (rows.isEmpty()) throw new IllegalStateException("No open sync conflict with id " + id);
    Conflict c = conflictRow(rows.get(0));
    switch (choice) {
      case keepLocal -> keepLocal(c);
      case keepServer -> {
        update(st("ack"), c.opId());
        clearDirty(c.entity(), c.recordId());
        remote(() -> writeRecord(c.entity(), c.recordId(), c.server(), c.serverVersion()));
      }
      case useMerged -> {
        remote(() -> writeRecord(c.entity(), c.recordId(), merged, null));
        if (c.server() == null) update(sql.rebaseAsInsert().get(c.entity()), c.opId());
        else update(st("rebase"), c.opId(), c.serverVersion(), json(merged));
      }
    }
    update(st("closeConflict"), id, choice.name());
  }

  /** SyncEngine._keepLocal. */
  private void keepLocal(Conflict c) throws SQLException {
    if (c.server() == null && c.local() == null) {
      update(st("ack"), c.opId());
      forgetVersion(c.entity(), c.recordId());
      return;
    }
    if (c.server() == null) {
      update(sql.rebaseAsInsert().get(c.entity()), c.opId());
      return;
    }
    long queued = num(select(st("hasLocalChanges"), c.entity(), c.recordId()).get(0).get("n"));
    if (c.local() != null && queued == 1) {
      Map<String, Object> merged = new LinkedHashMap<>(c.server());
      merged.putAll(c.local());
      remote(() -> writeRecord(c.entity(), c.recordId(), merged, null));
    }
    update(st("rebase"), c.opId(), c.serverVersion(), null);
  }

  private static Conflict conflictRow(Map<String, Object> row) {
    return new Conflict(num(row.get("id")), (String) row.get("op_id"), (String) row.get("entity"), (String) row.get("record_id"),
        decode((String) row.get("local_payload")), decode((String) row.get("server_payload")),
        row.get("server_version") == null ? null : num(row.get("server_version")));
  }

  // --- SyncEngine._remote, _writeRecord and the small helpers ---

  interface Body {
    void run() throws SQLException;
  }

  /** SyncEngine._remote: the guard row is set while server state is written, so the triggers stay quiet. */
  private void remote(Body body) throws SQLException {
    update(st("beginRemote"));
    try {
      body.run();
    } finally {
      update(st("endRemote"));
    }
  }

  /** SyncEngine._writeRecord. */
  private void writeRecord(String entity, String recordId, Map<String, Object> record, Long version) throws SQLException {
    if (record != null && missingParents(entity, recordId, record)) {
      defer(entity, recordId, record, version);
      return;
    }
    if (record == null) {
      releaseChildren(entity, recordId);
      update(sql.deleteRecord().get(entity), recordId);
      forgetVersion(entity, recordId);
      return;
    }
    if (losesUnique(entity, recordId, record, false)) {
      defer(entity, recordId, record, version);
      return;
    }
    yieldUnique(entity, recordId, record, version, false);
    String json = json(record);
    int updated = update(sql.update().get(entity), json, recordId);
    if (updated == 0) update(sql.insert().get(entity), json, recordId);
    if (version != null) setVersion(entity, recordId, version);
  }

  /**
   * SyncEngine._releaseChildren: the children's ON DELETE actions, with the guard lifted so they are
   * queued, and the release marker set so they keep their updated_at.
   */
  private void releaseChildren(String entity, String recordId) throws SQLException {
    List<String> statements = sql.releaseChildren().get(entity);
    if (statements == null) return;
    released(() -> {
      for (String statement : statements) update(statement, recordId);
    });
  }

  /** SyncEngine._released: the guard lifted and the release marker set while {@code body} runs. */
  private void released(Body body) throws SQLException {
    update(st("endRemote"));
    update(st("beginRelease"));
    try {
      body.run();
    } finally {
      update(st("endRelease"));
      update(st("beginRemote"));
    }
  }

  /** SyncEngine._losesUnique; {@code delta}: the record is a partial-sync delta, merged by applyDelta. */
  private boolean losesUnique(String entity, String recordId, Map<String, Object> record, boolean delta) throws SQLException {
    String loses = either(delta, sql.deltaUniqueLoses(), sql.uniqueLoses(), entity);
    if (loses == null) return false;
    return num(select(loses, json(record), recordId).get(0).get("loses")) == 1;
  }

  /** SyncEngine._yieldUnique. */
  private void yieldUnique(String entity, String recordId, Map<String, Object> record, Long version, boolean delta) throws SQLException {
    String keep = either(delta, sql.deltaKeepUniqueRivals(), sql.keepUniqueRivals(), entity);
    if (keep == null) return;
    String yieldRivals = either(delta, sql.deltaYieldUnique(), sql.yieldUnique(), entity);
    String json = json(record);
    update(keep, json, recordId, version);
    released(() -> update(yieldRivals, json, recordId));
  }

  /** Dart's {@code (delta ? SyncSql.delta…[entity] : null) ?? SyncSql.…[entity]}. */
  private static String either(boolean delta, Map<String, String> forDelta, Map<String, String> forRecord, String entity) {
    String chosen = delta ? forDelta.get(entity) : null;
    return chosen != null ? chosen : forRecord.get(entity);
  }

  private boolean hasLocalChanges(String entity, String recordId) throws SQLException {
    return num(select(st("hasLocalChanges"), entity, recordId).get(0).get("n")) > 0;
  }

  /** SyncEngine._setVersion. */
  private void setVersion(String entity, String recordId, long version) throws SQLException {
    update(st("setVersion"), entity, recordId, version);
    update(st("advanceBase"), entity, recordId, version);
  }

  private void forgetVersion(String entity, String recordId) throws SQLException {
    update(st("forgetVersion"), entity, recordId);
  }

  private String readMeta(String key) throws SQLException {
    List<Map<String, Object>> rows = select(st("readMeta"), key);
    return rows.isEmpty() ? null : (String) rows.get(0).get("meta_value");
  }

  private void writeMeta(String key, String value) throws SQLException {
    update(st("writeMeta"), key, value);
  }

  /** SyncEngine.clientId. */
  String clientId() throws SQLException {
    String existing = readMeta("client_id");
    if (existing != null) return existing;
    String id = java.util.UUID.randomUUID().toString().replace("-", "");
    writeMeta("client_id", id);
    return id;
  }

  private Operation operation(Map<String, Object> row) {
    return new Operation(num(row.get("seq")), (String) row.get("op_id"), (String) row.get("entity"), (String) row.get("record_id"),
        (String) row.get("op"), decode((String) row.get("payload")), decode((String) row.get("snapshot")),
        row.get("base_version") == null ? null : num(row.get("base_version")), num(row.get("attempts")), num(row.get("level")));
  }

  private static Map<String, Object> resultJson(Result r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("opId", r.opId());
    out.put("status", r.status());
    out.put("version", r.version());
    out.put("reason", r.reason());
    out.put("record", r.record());
    return out;
  }

  // --- HttpSyncTransport._post ---

  record Answer(int status, Map<String, Object> json, String text) {
    boolean batchRejected() {
      return status == 400 || status == 413 || status == 422;
    }
  }

  /** The request sync_transport.dart sends, and its reading of the status. */
  private Answer post(String name, Map<String, Object> body) throws IOException, InterruptedException, Unreachable {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.get() + "/" + name)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("x-sync-protocol", String.valueOf(dev.driftsmith.project.keys.SyncConfig.CURRENT_PROTOCOL))
        .header("authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unreachable(name + ": " + e);
    }
    int status = response.statusCode();
    if (status == 426 || status == 408 || status == 429 || status >= 500) throw new Unreachable(name + ": HTTP " + status);
    if (status == 401 || status == 403) throw new IllegalStateException(name + ": unauthorized: " + response.body());
    if (status == 400 || status == 413 || status == 422) return new Answer(status, null, response.body());
    if (status < 200 || status >= 300) throw new IllegalStateException(name + ": HTTP " + status + ": " + response.body());
    return new Answer(status, JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {}), response.body());
  }

  // --- Running SQL as drift's customSelect / customUpdate do: numbered parameters, bound in order. ---

  private String st(String name) {
    String s = sql.statements().get(name);
    if (s == null) throw new IllegalArgumentException("no statement " + name + " in sync_sql.dart");
    return s;
  }

  int update(String statement, Object... args) throws SQLException {
    ran.add(statement);
    try (PreparedStatement ps = db.prepareStatement(statement)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  List<Map<String, Object>> select(String statement, Object... args) throws SQLException {
    if (!statement.startsWith("SELECT last_insert_rowid()")) ran.add(statement);
    return rows(db, statement, args);
  }

  static List<Map<String, Object>> rows(Connection db, String statement, Object... args) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(statement)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          out.add(row);
        }
      }
    }
    return out;
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
  }

  static long num(Object o) {
    return ((Number) o).longValue();
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  static Map<String, Object> decode(String json) {
    if (json == null) return null;
    Object value = JSON.readValue(json, Object.class);
    return value instanceof Map<?, ?> ? map(value) : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  static Map<String, Object> mapOrNull(Object o) {
    return o instanceof Map<?, ?> ? map(o) : null;
  }

  /** The tables a statement set may mention: every entity this twin syncs. */
  Set<String> entities() {
    return new LinkedHashSet<>(sql.update().keySet());
  }
}
