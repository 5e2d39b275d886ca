package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The last step of unpacking: every symbolic link of the archive, still a placeholder, is resolved
 * against the final tree (following the archive's other links as the kernel would) and must stay
 * inside the title at every step; only then are the placeholders replaced by the real links. Since
 * the tree no longer changes, a later entry cannot change what a link means, and a chain such as
 * {@code b -> .}, {@code up -> b/b/../..} (harmless lexically, really two levels up) is caught.
 */
final class LinkCheck {
  /** As the kernel's limit on links followed in one lookup (ELOOP). */
  private static final int MAX_HOPS = 40;

  private final RootedTree tree;
  private final EntryNames names;
  private final Map<List<String>, String> links;

  LinkCheck(RootedTree tree, EntryNames names, Map<List<String>, String> links) {
    this.tree = tree;
    this.names = names;
    this.links = links;
  }

  void createAll() throws IOException {
    for (Map.Entry<List<String>, String> link : links.entrySet()) {
      checkInside(link.getKey(), link.getValue());
    }
    for (Map.Entry<List<String>, String> link : links.entrySet()) {
      try (RootedTree.Place place = tree.open(link.getKey(), false)) {
        RootedTree.removeFile(place);
        Files.createSymbolicLink(place.absolute(), Path.of(link.getValue()));
      }
    }
  }

  /** Resolves {@code target} from the link's directory as the kernel would, staying inside. */
  private void checkInside(List<String> link, String target) throws IOException {
    String name = String.join("/", link);
    List<String> at = new ArrayList<>(link.subList(0, link.size() - 1));
    Deque<String> rest = new ArrayDeque<>(components(target));
    // How many trailing components of `at` are missing or files: taken literally, not looked up.
    int literal = 0;
    int hops = 0;
    while (!rest.isEmpty()) {
      String part = rest.removeFirst();
      if (part.equals("..")) {
        if (at.size() <= names.title().size()) {
          throw outside(name, target);
        }
        at.remove(at.size() - 1);
        literal = Math.max(0, literal - 1);
        continue;
      }
      at.add(part);
      if (literal > 0) {
        literal++;
        continue;
      }
      String next = links.get(at);
      if (next != null) {
        if (++hops > MAX_HOPS) {
          throw TarExtractor.refuse(
              name, "is a symbolic link loop (\"" + TarExtractor.shortened(target) + "\")");
        }
        at.remove(at.size() - 1);
        List<String> expansion = components(next);
        for (int i = expansion.size() - 1; i >= 0; i--) {
          rest.addFirst(expansion.get(i));
        }
      } else if (tree.kindOf(at) != RootedTree.Kind.DIRECTORY) {
        // Missing (or a file): what follows is taken literally, and must stay inside as well.
        literal = 1;
      }
    }
  }

  private static List<String> components(String target) {
    List<String> parts = new ArrayList<>();
    for (String part : target.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static RegistryException outside(String name, String target) {
    return TarExtractor.refuse(
        name,
        "is a symbolic link to \""
            + TarExtractor.shortened(target)
            + "\", which resolves outside the artifact");
  }
}
