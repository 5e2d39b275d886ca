package io.github.oras.operator.api;

/**
 * The distribution project's reference grammar for a repository path, a tag and a registry host, as
 * scanners. They answer exactly as these regular expressions do (the tests hold the expressions and
 * compare), in one pass and without allocating: matching the expressions was a tenth of the
 * webhook's time per review, and Java's regex engine recurses once per repeated group.
 *
 * <ul>
 *   <li>repository: {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*} components joined by {@code /}
 *   <li>tag: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}
 *   <li>host: DNS labels ({@code [a-zA-Z0-9]}, inner {@code -} allowed) joined by {@code .}, or an
 *       IPv6 literal {@code \[[0-9a-fA-F:.]+\]}; then optionally {@code :} and 1 to 5 digits
 * </ul>
 */
final class ReferenceGrammar {
  private ReferenceGrammar() {}

  static boolean isRepository(String text) {
    int n = text.length();
    int i = 0;
    while (true) {
      // A run of lowercase letters and digits: a component starts with one, and so does whatever
      // follows a separator or a slash.
      int start = i;
      while (i < n && isLowerAlnum(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
      if (i == n) {
        return true;
      }
      char c = text.charAt(i);
      if (c == '/' || c == '.') {
        i++;
      } else if (c == '_') {
        i++;
        if (i < n && text.charAt(i) == '_') {
          i++;
        }
      } else if (c == '-') {
        while (i < n && text.charAt(i) == '-') {
          i++;
        }
      } else {
        return false;
      }
    }
  }

  static boolean isTag(String text) {
    int n = text.length();
    if (n == 0 || n > 128) {
      return false;
    }
    char first = text.charAt(0);
    if (!isAlnum(first) && first != '_') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = text.charAt(i);
      if (!isAlnum(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  static boolean isHost(String text) {
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '[' ? ipv6LiteralEnd(text) : dnsNameEnd(text);
    if (i < 0) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (text.charAt(i) != ':') {
      return false;
    }
    int digits = n - i - 1;
    if (digits < 1 || digits > 5) {
      return false;
    }
    for (int j = i + 1; j < n; j++) {
      if (!isDigit(text.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  /** Where the bracketed literal starting at 0 ends (past its {@code ]}), or -1. */
  private static int ipv6LiteralEnd(String text) {
    int i = 1;
    while (i < text.length() && isIpv6Char(text.charAt(i))) {
      i++;
    }
    return i > 1 && i < text.length() && text.charAt(i) == ']' ? i + 1 : -1;
  }

  /**
   * Where the dot-separated labels starting at 0 end, or -1. A label is letters, digits and inner
   * hyphens.
   */
  private static int dnsNameEnd(String text) {
    int n = text.length();
    int i = 0;
    while (true) {
      if (i == n || !isAlnum(text.charAt(i))) {
        return -1;
      }
      int lastAlnum = i;
      i++;
      while (i < n && (isAlnum(text.charAt(i)) || text.charAt(i) == '-')) {
        if (text.charAt(i) != '-') {
          lastAlnum = i;
        }
        i++;
      }
      if (lastAlnum != i - 1) {
        return -1; // the label ends with a hyphen
      }
      if (i < n && text.charAt(i) == '.') {
        i++;
      } else {
        return i;
      }
    }
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c);
  }

  private static boolean isAlnum(char c) {
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIpv6Char(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  }
}
