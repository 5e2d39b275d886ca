package io.github.oras.operator.sidecar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names that pulls deliver into one directory, and who delivered each: two inputs (or two
 * layers of one artifact) that land on the same name, or one inside the other, are an error that
 * names both, instead of the later one silently replacing the earlier.
 */
public final class NameClaims {
  private final Map<String, String> owners = new LinkedHashMap<>();

  /**
   * @param name a layer's delivered name ({@code data}, {@code dir/file.txt})
   * @param owner who delivers it, for the message ("ORAS_INPUT_URI_2 (host/repo:tag) layer ...")
   * @throws RegistryException when an earlier owner delivers the same name, or a path inside or
   *     around it
   */
  public void claim(String name, String owner) {
    for (Map.Entry<String, String> earlier : owners.entrySet()) {
      if (overlap(earlier.getKey(), name)) {
        String where =
            earlier.getKey().equals(name)
                ? "both unpack to \"" + name + "\""
                : "unpack to \""
                    + earlier.getKey()
                    + "\" and \""
                    + name
                    + "\", one inside the other";
        throw new RegistryException(
            RegistryException.Kind.INVALID,
            earlier.getValue()
                + " and "
                + owner
                + " "
                + where
                + ": refusing to let one replace the other; push them under different names"
                + " or pull them into different directories");
      }
    }
    owners.put(name, owner);
  }

  private static boolean overlap(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
