package io.github.oras.operator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The image references this build produces, as Maven filtered them into {@code images.properties}
 * from the project version and the {@code images.prefix} property. bin/images tags the images it
 * builds with the same file, so the webhook's default sidecar image, the rendered deploy/ and the
 * built images cannot name different versions.
 *
 * @param version the project version, the tag of both images
 * @param sidecar the sidecar image, {@code PREFIX/oras-sidecar:VERSION}
 * @param operator the operator image, {@code PREFIX/oras-operator:VERSION}
 */
public record ImageReferences(String version, String sidecar, String operator) {

  /** The references of this build. */
  public static final ImageReferences BUILD = load("images.properties");

  static ImageReferences load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = ImageReferences.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing from the class path: build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ImageReferences references =
        new ImageReferences(
            properties.getProperty("version"),
            properties.getProperty("sidecar"),
            properties.getProperty("operator"));
    if (references.sidecar() == null || references.sidecar().contains("${")) {
      throw new IllegalStateException(resource + " was not filtered by Maven: " + references);
    }
    return references;
  }
}
