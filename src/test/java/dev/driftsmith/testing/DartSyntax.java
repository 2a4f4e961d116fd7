package dev.driftsmith.testing;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterDart;

/** The Dart syntax gate: parses with tree-sitter-dart and lists every ERROR and MISSING node. */
public final class DartSyntax {
  private DartSyntax() {}

  public static List<String> problems(String source) {
    return parse(source, root -> {
      List<String> out = new ArrayList<>();
      collect(root, source, out);
      return out;
    });
  }

  /**
   * Parses {@code source} and hands its root node to {@code walk}. Use this for every walk over a tree-sitter
   * tree: the binding frees the native parser, language and tree when their Java objects are collected, and a
   * {@link TSNode} holds only a raw pointer into the tree. Once the JIT sees that a local is no longer read,
   * the object can be collected while native code still runs on it (a parse) or while nodes are still read (a
   * walk), and the JVM crashes in native code. The fences keep all three reachable until the walk returns.
   */
  public static <T> T parse(String source, Function<TSNode, T> walk) {
    TSParser parser = new TSParser();
    TSLanguage dart = new TreeSitterDart();
    TSTree tree = null;
    try {
      parser.setLanguage(dart);
      tree = parser.parseString(null, source);
      return walk.apply(tree.getRootNode());
    } finally {
      Reference.reachabilityFence(tree);
      Reference.reachabilityFence(parser);
      Reference.reachabilityFence(dart);
    }
  }

  private static void collect(TSNode node, String source, List<String> out) {
    if (node.isMissing() || "ERROR".equals(node.getType())) {
      int row = node.getStartPoint().getRow();
      String[] lines = source.split("\n", -1);
      String line = row < lines.length ? lines[row].strip() : "";
      out.add((node.isMissing() ? "MISSING " + node.getType() : "ERROR") + " at line " + (row + 1) + ": " + line);
      if (!node.isMissing()) return;
    }
    if (!node.hasError() && !node.isMissing()) return;
    for (int i = 0; i < node.getChildCount(); i++) collect(node.getChild(i), source, out);
  }
}
