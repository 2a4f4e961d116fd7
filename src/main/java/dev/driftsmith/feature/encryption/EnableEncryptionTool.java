package dev.driftsmith.feature.encryption;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.EncryptionStrategy;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;

/** drift_enable_encryption: SQLite3MultipleCiphers on native platforms, with the key from the chosen strategy. */
final class EnableEncryptionTool extends FeatureTool {
  static final About ABOUT = new About("drift_enable_encryption", "Encrypt the database",
      "Encrypt the database on native platforms (SQLite3MultipleCiphers) with key management; the web stays unencrypted.",
      Hints.GENERATES);
  static final Param<EncryptionStrategy> STRATEGY = Param.choice("strategy", EncryptionStrategy.class).required()
      .describe("derived: from a passphrase; stored: in the keystore; user-provided: by the app");

  EnableEncryptionTool() {
    super(ABOUT, Params.of(STRATEGY));
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    EncryptionStrategy strategy = v.get(STRATEGY);
    change.note("Encryption applies to native platforms only; on the web the database is not encrypted (see lib/data/README.md).");
    change.note("An existing unencrypted database file is not converted: enable encryption before the first release.");
    if (strategy != EncryptionStrategy.STORED) {
      change.note("With '" + strategy.wire() + "' the key comes from your app: call openAppDatabase(passphrase: ...) where lib/main.dart opens the database.");
    }
    return m.withDatabase(m.database().withEncryption(new Manifest.Encryption(strategy)));
  }
}
