package dev.driftsmith.feature.core;

import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.PwaDisplay;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import java.nio.file.Path;
import java.util.Set;

/**
 * The parameters that describe a project (project_create, project_open), declared once: the same
 * declarations check the {@code project} part of a hand-edited driftsmith.yaml.
 */
final class ProjectParams {
  private ProjectParams() {}

  /** Package names a Flutter app cannot take because it depends on them. */
  static final Set<String> TAKEN_PACKAGES = Set.of("flutter", "flutter_test", "drift", "drift_flutter", "drift_dev",
      "build_runner", "path", "path_provider", "test", "sqlite3", "flutter_lints");
  static final String ID_FORM = "[a-z0-9][a-z0-9_-]{0,63}";
  static final String COLOR_FORM = "#[0-9A-Fa-f]{6}";

  static final Param<String> NAME = Param.string("name")
      .pattern("[a-z][a-z0-9_]*", ProjectParams::notAPackageName)
      .check((name, field, v) -> checkPackageName(field, name))
      .describe("Dart package name");

  static final Param<String> ID = Param.string("id").pattern(ID_FORM, ProjectParams::notAnId);

  /** An absolute folder; {@code ~/} stands for the home folder of the user running the server. */
  static final Param<Path> PATH = Param.text("path", TextSize.PATH).as((raw, field, v) -> {
    String expanded = raw.startsWith("~/") ? System.getProperty("user.home") + raw.substring(1) : raw;
    Path p = Path.of(expanded);
    if (!p.isAbsolute()) {
      throw new ToolException(field, "'" + expanded + "' is relative; give an absolute path (the server's working directory is not your project)");
    }
    return p.normalize();
  }).required();

  static final Param<String> DISPLAY_NAME = Param.string("displayName");
  static final Param<String> DESCRIPTION = Param.text("description", TextSize.DESCRIPTION);

  static final Param<String> THEME_COLOR = color("themeColor");
  static final Param<String> BACKGROUND_COLOR = color("backgroundColor");
  static final Param<PwaDisplay> DISPLAY = Param.choice("display", PwaDisplay.class);

  /** The web app manifest's values; each left out takes its default. */
  static final Param<Manifest.Pwa> PWA = pwa(THEME_COLOR.orDefault(Manifest.Pwa.defaults().themeColor()),
      BACKGROUND_COLOR.orDefault(Manifest.Pwa.defaults().backgroundColor()),
      DISPLAY.orDefault(Manifest.Pwa.defaults().display()));

  /** The {@code project} part of driftsmith.yaml: written by project_create, so complete. */
  static final Params RECORDED = Params.of(ID.required(), NAME.required(), DISPLAY_NAME, DESCRIPTION,
      pwa(THEME_COLOR.required(), BACKGROUND_COLOR.required(), DISPLAY.required()));

  private static Param<String> color(String name) {
    return Param.string(name).pattern(COLOR_FORM, c -> "'" + c + "' must be a #RRGGBB colour");
  }

  private static Param<Manifest.Pwa> pwa(Param<String> theme, Param<String> background, Param<PwaDisplay> display) {
    return Param.object("pwa", Params.of(theme, background, display),
        v -> new Manifest.Pwa(v.get(theme), v.get(background), v.get(display)));
  }

  static void checkPackageName(String field, String name) throws ToolException {
    if (!Names.isSnakeCase(name) || Names.DART_RESERVED.contains(name) || TAKEN_PACKAGES.contains(name)) {
      throw new ToolException(field, notAPackageName(name));
    }
  }

  private static String notAPackageName(Object name) {
    return "'" + name + "' is not a valid Dart package name: use snake_case (e.g. notes_app), not a reserved word or a dependency's name";
  }

  /** An id given, or the package name when none is: either way it must have an id's form. */
  static String idOr(String given, String fallback, String field) throws ToolException {
    String id = given == null ? fallback : given;
    if (!id.matches(ID_FORM)) throw new ToolException(field, notAnId(id));
    return id;
  }

  private static String notAnId(Object id) {
    return "'" + id + "' must be lower-case letters, digits, '-' or '_' (at most 64)";
  }
}
