package io.github.oras.operator.sidecar;

import java.util.ArrayList;
import java.util.List;

/**
 * Tar entry names as path components under the layer's title, checked lexically first. One scan of
 * the name, no regular expression: this runs once per entry, thousands of times in a pull.
 */
record EntryNames(String titleName, List<String> title) {
  EntryNames(String title) {
    this(title, List.of(title.split("/")));
  }

  List<String> of(String name) {
    if (name.startsWith("/") || isDriveLetterPath(name)) {
      throw TarExtractor.refuse(name, "is an absolute path");
    }
    List<String> parts = new ArrayList<>(title.size() + 2);
    int length = name.length();
    for (int start = 0; start <= length; ) {
      int end = name.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      int size = end - start;
      if (size == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
        throw TarExtractor.refuse(name, "contains '..'");
      }
      if (size > 0 && !(size == 1 && name.charAt(start) == '.')) {
        parts.add(name.substring(start, end));
      }
      start = end + 1;
    }
    if (parts.size() < title.size() || !startsWithTitle(parts)) {
      throw TarExtractor.refuse(name, "is outside the artifact's directory \"" + titleName + "\"");
    }
    return parts;
  }

  private boolean startsWithTitle(List<String> parts) {
    for (int i = 0; i < title.size(); i++) {
      if (!title.get(i).equals(parts.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * As {@code name.matches("[A-Za-z]:.*")}: a drive letter and a colon, then no line terminator
   * (which {@code .} does not match).
   */
  static boolean isDriveLetterPath(String name) {
    if (name.length() < 2 || name.charAt(1) != ':') {
      return false;
    }
    char drive = name.charAt(0);
    if (!((drive >= 'A' && drive <= 'Z') || (drive >= 'a' && drive <= 'z'))) {
      return false;
    }
    for (int i = 2; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }
}
