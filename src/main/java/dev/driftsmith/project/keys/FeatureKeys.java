package dev.driftsmith.project.keys;

import dev.driftsmith.project.FeatureKey;
import java.util.List;

/**
 * The facts one feature reads or extends of another's: each key names a section under
 * {@code features:} and the record it holds. A feature that owns a key writes it through its tools;
 * others read it here (or, like versioning adding its tables to sync, extend it), and never call
 * the owner's code.
 */
public final class FeatureKeys {
  private FeatureKeys() {}

  /** Which tables sync, and the server. */
  public static final FeatureKey<SyncConfig> SYNC = FeatureKey.of("sync", SyncConfig.class);

  /** The DAOs the project has; a feature whose code extends a DAO adds the table's. */
  public static final FeatureKey<List<DaoConfig>> DAOS = FeatureKey.listOf("daos", DaoConfig.class);

  /** Versioned tables, for the features whose writes must advance the version. */
  public static final FeatureKey<List<VersioningConfig>> VERSIONING = FeatureKey.listOf("versioning", VersioningConfig.class);

  /** Data compression, which sync uses for request bodies. */
  public static final FeatureKey<DataCompressionConfig> DATA_COMPRESSION = FeatureKey.of("dataCompression", DataCompressionConfig.class);
}
