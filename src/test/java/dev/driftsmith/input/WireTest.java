package dev.driftsmith.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.feature.performance.CacheEviction;
import dev.driftsmith.feature.performance.PaginationMode;
import dev.driftsmith.feature.repository.RepositoryOperation;
import dev.driftsmith.feature.search.SearchLanguage;
import dev.driftsmith.feature.sync.Backoff;
import dev.driftsmith.feature.sync.BannerPosition;
import dev.driftsmith.feature.sync.ConflictStrategy;
import dev.driftsmith.feature.sync.FieldStrategy;
import dev.driftsmith.feature.sync.PartialResolution;
import dev.driftsmith.feature.sync.PriorityLevel;
import dev.driftsmith.feature.sync.Tracking;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.EncryptionStrategy;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.PwaDisplay;
import dev.driftsmith.project.RelationType;
import dev.driftsmith.project.keys.CompressionAlgorithm;
import dev.driftsmith.project.keys.ConflictBehavior;
import dev.driftsmith.project.keys.DartParameterType;
import dev.driftsmith.project.keys.VersioningStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire names of every enum of the contract, spelled as the specification and existing
 * driftsmith.yaml files spell them: an enum constant renamed in Java must not rename a value.
 */
class WireTest {
  @Test
  void everyEnumKeepsTheSpellingOfTheSpecification() {
    assertEquals(List.of("integer", "text", "real", "blob", "boolean", "dateTime"), Wire.values(ColumnType.class));
    assertEquals(List.of("cascade", "restrict", "setNull", "setDefault", "noAction"), Wire.values(KeyAction.class));
    assertEquals(List.of("oneToOne", "oneToMany", "manyToMany"), Wire.values(RelationType.class));
    assertEquals(List.of("derived", "stored", "user-provided"), Wire.values(EncryptionStrategy.class));
    assertEquals(List.of("fullscreen", "standalone", "minimal-ui", "browser"), Wire.values(PwaDisplay.class));
    assertEquals(List.of("serverWins", "clientWins", "lastWriteWins", "merge", "manual"), Wire.values(ConflictStrategy.class));
    assertEquals(List.of("serverWins", "clientWins"), Wire.values(FieldStrategy.class));
    assertEquals(List.of("fixed", "exponentialBackoff", "linearBackoff", "fibonacciBackoff"), Wire.values(Backoff.class));
    assertEquals(List.of("top", "bottom"), Wire.values(BannerPosition.class));
    assertEquals(List.of("server-wins", "client-wins", "merge"), Wire.values(PartialResolution.class));
    assertEquals(List.of("low", "normal", "high", "critical"), Wire.values(PriorityLevel.class));
    assertEquals(List.of("field-level", "column-bitmap"), Wire.values(Tracking.class));
    assertEquals(List.of("increment", "timestamp", "vector-clock"), Wire.values(VersioningStrategy.class));
    assertEquals(List.of("reject", "merge", "force-update"), Wire.values(ConflictBehavior.class));
    assertEquals(List.of("offset", "cursor", "keyset"), Wire.values(PaginationMode.class));
    assertEquals(List.of("lru", "lfu", "fifo", "ttlOnly"), Wire.values(CacheEviction.class));
    assertEquals(List.of("gzip", "zlib"), Wire.values(CompressionAlgorithm.class));
    assertEquals(List.of("english", "porter", "unicode61"), Wire.values(SearchLanguage.class));
    assertEquals(List.of("create", "read", "update", "delete", "list"), Wire.values(RepositoryOperation.class));
    assertEquals(List.of("int", "String", "bool", "double", "DateTime", "Uint8List"), Wire.values(DartParameterType.class));
  }

  /** Every enum a manifest record holds reaches a template or a message: each prints as driftsmith.yaml spells it. */
  @Test
  void everyEnumOfTheManifestPrintsItsWireName() {
    List<Class<? extends Wire>> held = List.of(ColumnType.class, KeyAction.class, RelationType.class, EncryptionStrategy.class,
        PwaDisplay.class, ConflictStrategy.class, FieldStrategy.class, Backoff.class, BannerPosition.class, PartialResolution.class,
        PriorityLevel.class, Tracking.class, VersioningStrategy.class, ConflictBehavior.class, PaginationMode.class,
        CacheEviction.class, CompressionAlgorithm.class, SearchLanguage.class, RepositoryOperation.class, DartParameterType.class);
    for (Class<? extends Wire> type : held) {
      for (Wire value : type.getEnumConstants()) assertEquals(value.wire(), value.toString(), type.getSimpleName());
    }
  }

  @Test
  void templatesPrintTheWireNameOfTheEnumsTheyReceive() {
    assertEquals("user-provided", EncryptionStrategy.USER_PROVIDED.toString());
    assertEquals("minimal-ui", PwaDisplay.MINIMAL_UI.toString());
  }
}
