package dev.driftsmith.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema steps of a generated project as database.dart reads them: lib/data/migrations.dart's
 * {@code upgradeSteps}, {@code downgradeSteps} and {@code createExtras}, each entry resolved to the
 * list its part file declares. A name the index uses that no part declares, a part the index does
 * not list, or a part that does not name migrations.dart as its library fails the read, as it would
 * fail the Dart compiler.
 */
public record MigrationsDart(Map<Integer, List<String>> upgrades, Map<Integer, List<String>> downgrades,
                             List<String> createExtras, Map<String, String> parts) {
  public static final String INDEX = "lib/data/migrations.dart";

  private static final Pattern PART = Pattern.compile("^part '(migrations/v[0-9]{4,}\\.dart)';$", Pattern.MULTILINE);
  private static final Pattern LIST = Pattern.compile("^const List<String> (_\\w+) = \\[\\n(.*?)^\\];$",
      Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern ENTRY = Pattern.compile("^  ([0-9]+): (_\\w+),$", Pattern.MULTILINE);
  private static final Pattern SPREAD = Pattern.compile("^  \\.\\.\\.(_\\w+),$", Pattern.MULTILINE);

  /** Reads the index and its parts under {@code root}, which must hold no step file the index leaves out. */
  public static MigrationsDart read(Path root) {
    MigrationsDart read = of(relative -> Files.exists(root.resolve(relative)) ? TestEnv.read(root, relative) : null);
    Set<String> onDisk = new TreeSet<>(TestEnv.files(root).keySet());
    onDisk.removeIf(path -> !path.startsWith("lib/data/migrations/"));
    if (!onDisk.equals(new TreeSet<>(read.parts().keySet()))) {
      throw new AssertionError("the step files on disk " + onDisk + " are not the parts migrations.dart lists " + read.parts().keySet());
    }
    return read;
  }

  /** Reads the index and its parts from {@code files} (a project-relative path to the file's text, null when missing). */
  public static MigrationsDart of(Function<String, String> files) {
    String index = require(files, INDEX);
    Map<String, String> parts = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Matcher part = PART.matcher(index);
    while (part.find()) {
      String path = "lib/data/" + part.group(1);
      String text = require(files, path);
      if (!text.contains("\npart of '../migrations.dart';\n")) {
        throw new AssertionError(path + " is not a part of migrations.dart:\n" + text);
      }
      parts.put(path, text);
      Matcher list = LIST.matcher(text);
      while (list.find()) {
        if (lists.put(list.group(1), DartStrings.in(list.group(2))) != null) {
          throw new AssertionError(list.group(1) + " is declared twice (again in " + path + ")");
        }
      }
    }
    return new MigrationsDart(entries(section(index, "upgradeSteps = {", "};"), lists),
        entries(section(index, "downgradeSteps = {", "};"), lists), spreads(section(index, "createExtras = [", "];"), lists),
        parts);
  }

  /** Every upgrade statement in version order, as a replay from the first version runs them. */
  public List<String> allUpgrades() {
    List<String> all = new ArrayList<>();
    upgrades.values().forEach(all::addAll);
    return all;
  }

  /** Every downgrade statement in version order. */
  public List<String> allDowngrades() {
    List<String> all = new ArrayList<>();
    downgrades.values().forEach(all::addAll);
    return all;
  }

  private static String require(Function<String, String> files, String path) {
    String text = files.apply(path);
    if (text == null) throw new AssertionError(path + " is missing");
    return text;
  }

  private static String section(String index, String start, String end) {
    int from = index.indexOf(start);
    if (from < 0) throw new AssertionError("migrations.dart has no " + start);
    return index.substring(from, index.indexOf(end, from));
  }

  private static Map<Integer, List<String>> entries(String section, Map<String, List<String>> lists) {
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    Matcher entry = ENTRY.matcher(section);
    while (entry.find()) out.put(Integer.parseInt(entry.group(1)), declared(lists, entry.group(2)));
    return out;
  }

  private static List<String> spreads(String section, Map<String, List<String>> lists) {
    List<String> out = new ArrayList<>();
    Matcher spread = SPREAD.matcher(section);
    while (spread.find()) out.addAll(declared(lists, spread.group(1)));
    return out;
  }

  private static List<String> declared(Map<String, List<String>> lists, String name) {
    List<String> list = lists.get(name);
    if (list == null) throw new AssertionError("migrations.dart names " + name + ", which no part file declares");
    return list;
  }
}
