package dev.driftsmith.generate;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FieldSites;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.UnreadableFeatureSetting;
import dev.driftsmith.schema.SchemaSteps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a loaded {@code driftsmith.yaml} before anything renders or writes: every feature checks
 * its part with its tools' rules. A refusal lists each problem as
 * {@code driftsmith.yaml:LINE: field: problem; fix} (for the schema history, with the line of its
 * migration file: {@code driftsmith/migrations/0016_x.sql:LINE: up[2]: problem; fix}), so a hand
 * edit can be found and mended.
 */
public final class ManifestValidator {
  /** More problems than this are summarised: the first ones are what a person fixes first. */
  static final int SHOWN = 10;

  private final List<Feature> features;
  private final SchemaSteps steps;

  public ManifestValidator(List<Feature> features, SchemaSteps steps) {
    this.features = List.copyOf(features);
    this.steps = steps;
  }

  /** Throws when {@code problems}, found while reading the files, is not empty. */
  public void refuse(List<ManifestProblem> problems, FieldSites sites) throws ToolException {
    if (!problems.isEmpty()) throw refusal(problems, sites);
  }

  /** Throws when {@code manifest} breaks a rule of its features. */
  public void validate(Manifest manifest, FieldSites sites) throws ToolException {
    refuse(problems(manifest), sites);
  }

  /**
   * The problems of {@code manifest}. Features go in generation order and the walk stops after the
   * first feature with problems: later features build on earlier ones (sync on the schema's
   * tables), and their checks would only repeat the same mistake in other words.
   */
  public List<ManifestProblem> problems(Manifest manifest) {
    return found.get(manifest, m -> List.copyOf(find(m)));
  }

  /**
   * The problems of the last two manifests: each call validates the manifest it loads, which is
   * the one the call before it validated and saved. Validation reads nothing but the manifest.
   */
  private final Memo<Manifest, List<ManifestProblem>> found = new Memo<>(2);

  private List<ManifestProblem> find(Manifest manifest) {
    try {
      return findInOrder(manifest);
    } catch (UnreadableFeatureSetting e) {
      return List.of(e.problem());
    }
  }

  private List<ManifestProblem> findInOrder(Manifest manifest) {
    List<ManifestProblem> unknown = unknownConfigKeys(manifest);
    if (!unknown.isEmpty()) return unknown;
    for (Feature feature : features) {
      List<ManifestProblem> found = feature.validate(manifest, steps);
      if (!found.isEmpty()) return found;
    }
    // Last: replaying every step on SQLite must give the schema of a fresh install of everything
    // the settings describe, as each tool proved when it recorded its step.
    return replayProblems(steps.departure(manifest));
  }

  /**
   * Throws when replaying every step of {@code manifest} on a new database does not give a fresh
   * install, however often this process proved the same history before.
   */
  public void proveInFull(Manifest manifest, FieldSites sites) throws ToolException {
    refuse(replayProblems(steps.departureInFull(manifest)), sites);
  }

  private static List<ManifestProblem> replayProblems(Optional<SchemaSteps.Departure> departure) {
    return departure.map(d -> List.of(new ManifestProblem(d.field(), replayProblem(d)))).orElse(List.of());
  }

  static String replayProblem(SchemaSteps.Departure d) {
    if (d.sqlError() == null) {
      return "replaying the steps gives another schema than a fresh install of schema.tables (" + d.difference()
          + "); a change to a table or to a feature setting that changes the database needs a schema step, so undo the hand edit and make the change with the tools";
    }
    if (d.field().startsWith("schema.history")) {
      return "does not run on SQLite after the steps before it (" + d.sqlError() + "); restore the step from version control";
    }
    return "does not run on SQLite on a fresh install (" + d.sqlError() + "); undo the hand edit";
  }

  private List<ManifestProblem> unknownConfigKeys(Manifest manifest) {
    Set<String> known = new TreeSet<>();
    features.forEach(f -> known.addAll(f.configKeys()));
    List<ManifestProblem> out = new ArrayList<>();
    for (String key : manifest.features().keySet()) {
      if (!known.contains(key)) {
        out.add(new ManifestProblem("features." + key, "is not a feature setting; the known ones are " + known));
      }
    }
    return out;
  }

  static ToolException refusal(List<ManifestProblem> problems, FieldSites sites) {
    List<Located> sorted = new ArrayList<>();
    for (ManifestProblem p : problems) sorted.add(new Located(sites.site(p), p.message()));
    sorted.sort(IN_FILE_ORDER);
    List<String> rest = new ArrayList<>();
    for (Located p : sorted.subList(1, Math.min(sorted.size(), SHOWN))) rest.add(p.site().location() + ": " + p.message());
    if (sorted.size() > SHOWN) rest.add("… and " + (sorted.size() - SHOWN) + " more problems");
    Located first = sorted.get(0);
    String message = first.message() + (rest.isEmpty() ? "" : "\n" + String.join("\n", rest));
    return new ToolException(first.site().location(), message);
  }

  private record Located(FieldSites.Site site, String message) {}

  /** driftsmith.yaml first, then the other files by name; in each file, by line. */
  private static final Comparator<Located> IN_FILE_ORDER = Comparator
      .comparing((Located p) -> !p.site().file().equals(Manifest.FILE_NAME))
      .thenComparing(p -> p.site().file())
      .thenComparingInt(p -> p.site().line());
}
