package dev.driftsmith.feature.encryption;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.EncryptionStrategy;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Database encryption on native platforms with SQLite3MultipleCiphers, which the sqlite3 package
 * builds instead of plain SQLite when the app's pubspec.yaml defines {@code source: sqlite3mc} for
 * its build hook. The connection template sets the key; this feature owns key management and that define.
 */
public final class EncryptionFeature implements Feature, ToolProvider {
  static final TemplateSpec KEY = TemplateSpec.of("encryption.key", "Database key", "encryption/database_key.dart", "lib/data/encryption",
      "Key management for the encrypted database: stored (random key in the keystore), derived (Argon2id from a passphrase) or user-provided.");

  /** database_key.dart: one key-management class, by strategy. */
  record KeyContext(EncryptionStrategy strategy) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.whenPresent(KEY, in -> Optional.ofNullable(strategy(in.manifest())), (in, strategy) -> new KeyContext(strategy)));

  @Override
  public String id() {
    return "encryption";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
  }

  @Override
  public List<Tool> tools() {
    return List.of(new EnableEncryptionTool());
  }

  private static EncryptionStrategy strategy(Manifest m) {
    return m.database().encryption() == null ? null : m.database().encryption().strategy();
  }

  @Override
  public boolean needsSqlite3mc(Manifest manifest) {
    return strategy(manifest) != null;
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    EncryptionStrategy s = strategy(manifest);
    List<Pubspec.Dependency> deps = new ArrayList<>();
    if (s == EncryptionStrategy.STORED || s == EncryptionStrategy.DERIVED) deps.add(Pin.FLUTTER_SECURE_STORAGE.dependency());
    if (s == EncryptionStrategy.DERIVED) deps.add(Pin.CRYPTOGRAPHY.dependency());
    return deps;
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    Problems problems = new Problems();
    Manifest.Encryption encryption = manifest.database().encryption();
    if (encryption != null) {
      problems.check(() -> EnableEncryptionTool.STRATEGY.read(Args.at("database.encryption", encryption), manifest));
    }
    return problems.list();
  }
}
