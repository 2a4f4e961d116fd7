package dev.driftsmith.feature.encryption;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.EncryptionStrategy;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Database encryption on native platforms with SQLite3MultipleCiphers (drift-guide §7.4). The
 * connection template sets the key; this feature owns key management and the build-hook define.
 */
public final class EncryptionFeature implements Feature, ToolProvider {
  static final TemplateSpec KEY = new TemplateSpec("encryption.key", "Database key",
      "Key management for the encrypted database: stored (random key in the keystore), derived (Argon2id from a passphrase) or user-provided.",
      "encryption/database_key.dart", "lib/data/encryption", "database_key", "dart");

  @Override
  public String id() {
    return "encryption";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(KEY);
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

  @Override
  public List<GeneratedFile> render(Manifest manifest, DatabaseSchema schema, Renderer renderer) {
    EncryptionStrategy s = strategy(manifest);
    if (s == null) return List.of();
    return List.of(managed(renderer, KEY, Map.of("strategy", s, "package", manifest.project().name())));
  }
}
