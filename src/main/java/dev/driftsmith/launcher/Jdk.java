package dev.driftsmith.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A JDK on this machine: its home and its feature release (17, 25, ...), read from its {@code release} file. */
record Jdk(Path home, int feature) {
  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  /** The JDK at {@code home}, if it has a java executable and a readable release file. */
  static Optional<Jdk> at(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(javaOf(home))) return Optional.empty();
    try {
      Matcher matcher = VERSION.matcher(Files.readString(release));
      return matcher.find() ? Optional.of(new Jdk(home, Integer.parseInt(matcher.group(1)))) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Of the JDKs directly under {@code folder} (such as /usr/lib/jvm), the newest of at least {@code feature}. */
  static Optional<Jdk> newestUnder(Path folder, int feature) {
    if (!Files.isDirectory(folder)) return Optional.empty();
    try (Stream<Path> homes = Files.list(folder)) {
      List<Path> sorted = homes.sorted().toList();
      return sorted.stream().map(Jdk::at).flatMap(Optional::stream).filter(jdk -> jdk.feature() >= feature)
          .max(Comparator.comparingInt(Jdk::feature));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Path java() {
    return javaOf(home);
  }

  /** The java executable of the JDK or JRE at {@code home}. */
  static Path javaOf(Path home) {
    Path unix = home.resolve("bin").resolve("java");
    return Files.exists(unix) ? unix : home.resolve("bin").resolve("java.exe");
  }
}
