package dev.driftsmith.feature.encryption;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
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
  static final List<String> STRATEGIES = List.of("derived", "stored", "user-provided");
  static final TemplateSpec KEY = TemplateSpec.of("encryption.key", "Database key", "encryption/database_key.dart", "lib/data/encryption",
      "Key management for the encrypted database: stored (random key in the keystore), derived (Argon2id from a passphrase) or user-provided.");

  /** database_key.dart: one key-management class, by strategy. */
  record KeyContext(String strategy) {}

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

  private static String strategy(Manifest m) {
    return m.database().encryption() == null ? null : m.database().encryption().strategy();
  }

  @Override
  public boolean needsSqlite3mc(Manifest manifest) {
    return strategy(manifest) != null;
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    String s = strategy(manifest);
    List<Pubspec.Dependency> deps = new ArrayList<>();
    if ("stored".equals(s) || "derived".equals(s)) deps.add(Pin.FLUTTER_SECURE_STORAGE.dependency());
    if ("derived".equals(s)) deps.add(Pin.CRYPTOGRAPHY.dependency());
    return deps;
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    Problems problems = new Problems();
    Manifest.Encryption encryption = manifest.database().encryption();
    if (encryption != null) {
      problems.check(() -> Args.at("database.encryption", encryption).enumValue("strategy", STRATEGIES, null));
    }
    return problems.list();
  }

  static final class EnableEncryptionTool extends ManifestTool {
    @Override
    public String name() {
      return "drift_enable_encryption";
    }

    @Override
    public String description() {
      return "Encrypt the database on native platforms (SQLite3MultipleCiphers) with key management; the web build stays unencrypted (documented).";
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("strategy", JsonSchemas.enumOf(
          "derived: key from the user's passphrase (Argon2id); stored: random key in the platform keystore; user-provided: the app passes the key",
          STRATEGIES));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      String strategy = args.enumValue("strategy", STRATEGIES, null);
      notes.add("Encryption applies to native platforms only; on the web the database is not encrypted (see lib/data/README.md).");
      notes.add("An existing unencrypted database file is not converted: enable encryption before the first release.");
      if (!strategy.equals("stored")) {
        notes.add("With '" + strategy + "' the key comes from your app: call openAppDatabase(passphrase: ...) where lib/main.dart opens the database.");
      }
      return m.withDatabase(m.database().withEncryption(new Manifest.Encryption(strategy)));
    }
  }
}
