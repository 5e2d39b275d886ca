package io.github.oras.operator.sidecar;

import java.util.ArrayList;
import java.util.List;

/** Tar entry names as path components under the layer's title, checked lexically first. */
record EntryNames(String titleName, List<String> title) {
  EntryNames(String title) {
    this(title, List.of(title.split("/")));
  }

  List<String> of(String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw TarExtractor.refuse(name, "is an absolute path");
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw TarExtractor.refuse(name, "contains '..'");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    if (parts.size() < title.size() || !parts.subList(0, title.size()).equals(title)) {
      throw TarExtractor.refuse(name, "is outside the artifact's directory \"" + titleName + "\"");
    }
    return List.copyOf(parts);
  }
}
