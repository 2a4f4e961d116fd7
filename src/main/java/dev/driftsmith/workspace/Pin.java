package dev.driftsmith.workspace;

/**
 * Every version constraint the generated pubspec.yaml declares, with where the release of that version is
 * shown (there is no pub.dev access at build time, so each pin names a file at a commit, or a stored copy of
 * pub.dev's API document). docs/dependency-pins.md lists the same table for readers; a test keeps the two
 * equal. Pin only versions whose release can be shown this way, and raise {@link #DART_SDK} with them.
 */
public enum Pin {
  /** The lowest Dart SDK every pinned version accepts: drift 2.35.0 and path_provider 2.1.6 need 3.10. */
  DART_SDK("sdk", "^3.10.0", Section.ENVIRONMENT, new Evidence("pub.dev API (stored copy)",
      "https://pub.dev/api/packages/drift", "drift 2.35.0, published 2026-09-09T20:15:01Z",
      "the published pubspec of drift 2.35.0 declares `environment: sdk: \">=3.10.0 <4.0.0\"`")),
  DRIFT("drift", "^2.35.0", Section.DEPENDENCIES, new Evidence("simolus3/drift",
      "drift/CHANGELOG.md", "00d2f2e8b2617e4e8f000f6ee1b9307b6d2dade9", "`## 2.35.0` (first entry)")),
  DRIFT_FLUTTER("drift_flutter", "^0.3.1", Section.DEPENDENCIES, new Evidence("simolus3/drift",
      "drift_flutter/CHANGELOG.md", "33899c77f60b78921215b7b3682c8d5de879cc1d", "`## 0.3.1` (first entry)")),
  PATH_PROVIDER("path_provider", "^2.1.6", Section.DEPENDENCIES, new Evidence("flutter/packages",
      "packages/path_provider/path_provider/pubspec.yaml", "aa964a3ed6d97e4e9778feed85fa9ef1255a0477",
      "`version: 2.1.6`, `sdk: ^3.10.0`, `flutter: \">=3.38.0\"`; CHANGELOG `## 2.1.6`")),
  PATH("path", "^1.9.1", Section.DEPENDENCIES, new Evidence("dart-lang/core",
      "pkgs/path/pubspec.yaml", "bab3e3c09a443bc34f05743ad3a06e3c55147812", "`version: 1.9.1`, `sdk: ^3.4.0`")),
  HTTP("http", "^1.5.0", Section.DEPENDENCIES, new Evidence("dart-lang/http",
      "pkgs/http/pubspec.yaml", "b661894a6c7c2750f8dd865cb3ce517a851190f6", "`version: 1.5.0`, `sdk: ^3.4.0`")),
  CONNECTIVITY_PLUS("connectivity_plus", "^7.1.0", Section.DEPENDENCIES, new Evidence("fluttercommunity/plus_plugins",
      "packages/connectivity_plus/connectivity_plus/pubspec.yaml", "c46ab89942b2be24aedf79555f247c566d99777f",
      "`version: 7.1.0`, `sdk: \">=3.2.0 <4.0.0\"`")),
  ARCHIVE("archive", "^4.0.7", Section.DEPENDENCIES, new Evidence("brendan-duncan/archive",
      "pubspec.yaml", "2aaad9c9b7f080fb0ed96c7ebb6920c5aaed5916", "`version: 4.0.7`, `sdk: '>=3.0.0 <4.0.0'`")),
  /** 10.3.1 was pinned before, but no release after 10.2.0 can be shown. */
  FLUTTER_SECURE_STORAGE("flutter_secure_storage", "^10.2.0", Section.DEPENDENCIES, new Evidence(
      "juliansteenbakker/flutter_secure_storage", "flutter_secure_storage/pubspec.yaml",
      "f29180c239b6e5c136bb792b1e8d1101abe87d5f", "`version: 10.2.0` (\"release of v10.2.0\"), `sdk: '>=3.3.0 <4.0.0'`")),
  CRYPTOGRAPHY("cryptography", "^2.9.0", Section.DEPENDENCIES, new Evidence("dint-dev/cryptography",
      "cryptography/pubspec.yaml", "37883338c42867a110c8daa00d4843a48a0e2eb4", "`version: 2.9.0`, `sdk: '>=3.3.0 <4.0.0'`")),
  DRIFT_DEV("drift_dev", "^2.35.0", Section.DEV_DEPENDENCIES, new Evidence("simolus3/drift",
      "drift_dev/CHANGELOG.md", "00d2f2e8b2617e4e8f000f6ee1b9307b6d2dade9", "`## 2.35.0` (first entry)")),
  BUILD_RUNNER("build_runner", "^2.15.0", Section.DEV_DEPENDENCIES, new Evidence("dart-lang/build",
      "build_runner/pubspec.yaml", "a6347668a593ca6036b91f07f8f95d9eb6da6da5",
      "`version: 2.15.0` (\"Release `build_runner` 2.15.\"), `sdk: ^3.7.0`")),
  FLUTTER_LINTS("flutter_lints", "^6.0.0", Section.DEV_DEPENDENCIES, new Evidence("flutter/packages",
      "packages/flutter_lints/pubspec.yaml", "6eebe72ca3975373a5fab06a009ec5ffeabdb495", "`version: 6.0.0`, `sdk: ^3.8.0`"));

  /** Where in pubspec.yaml the constraint goes. */
  public enum Section { ENVIRONMENT, DEPENDENCIES, DEV_DEPENDENCIES }

  /**
   * Where the release is shown: a repository (owner/name) with a file at a commit, or a stored copy of a
   * pub.dev page with the version's publication; {@code shows} is what that file says.
   */
  public record Evidence(String source, String file, String revision, String shows) {}

  private final String packageName;
  private final String constraint;
  private final Section section;
  private final Evidence evidence;

  Pin(String packageName, String constraint, Section section, Evidence evidence) {
    this.packageName = packageName;
    this.constraint = constraint;
    this.section = section;
    this.evidence = evidence;
  }

  public String packageName() {
    return packageName;
  }

  public String constraint() {
    return constraint;
  }

  public Section section() {
    return section;
  }

  public Evidence evidence() {
    return evidence;
  }

  /** The pubspec dependency; the SDK bound is not one. */
  public Pubspec.Dependency dependency() {
    if (section == Section.ENVIRONMENT) throw new IllegalStateException(packageName + " is not a package");
    return new Pubspec.Dependency(packageName, constraint, section == Section.DEV_DEPENDENCIES);
  }
}
