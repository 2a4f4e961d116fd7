package dev.driftsmith.testing;

import java.util.List;

/**
 * Runs {@link DartSyntax#problems} again and again while another thread keeps collecting garbage, and exits 0
 * when every run found the same problems. Started in its own JVM by {@code DartSyntaxTest}, because a
 * use-after-free there crashes the whole JVM.
 */
public final class DartSyntaxUnderGc {
  private DartSyntaxUnderGc() {}

  /** Thirty classes with two syntax errors each: a long walk through error nodes. */
  static String brokenSource() {
    StringBuilder dart = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      dart.append("class C").append(i).append(" {\n  void f() {\n    g(a, b;\n  }\n  int y = ;\n}\n");
    }
    return dart.toString();
  }

  public static void main(String[] args) {
    int runs = Integer.parseInt(args[0]);
    Thread collector = new Thread(() -> {
      while (true) {
        System.gc();
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    String source = brokenSource();
    List<String> first = DartSyntax.problems(source);
    for (int run = 1; run < runs; run++) {
      List<String> again = DartSyntax.problems(source);
      if (!again.equals(first)) {
        System.out.println("run " + run + " found " + again + " instead of " + first);
        System.exit(2);
      }
    }
    System.out.println("runs=" + runs + " problems=" + first.size());
  }
}
