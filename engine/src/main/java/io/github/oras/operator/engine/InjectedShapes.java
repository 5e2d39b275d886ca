package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The fixed shape of the injected containers, volume and mount, from the resource {@code
 * injected-shapes.yaml}: read once when the class loads, every accessor returns a fresh copy.
 */
final class InjectedShapes {
  static final String RESOURCE = "injected-shapes.yaml";
  private static final ObjectNode SHAPES = load();

  private InjectedShapes() {}

  /** The ORAS container with empty name, image, command, args, env and envFrom to fill in. */
  static ObjectNode orasContainer() {
    return shape("orasContainer").deepCopy();
  }

  static ObjectNode shareVolume() {
    return shape("shareVolume").deepCopy();
  }

  static ObjectNode appMount() {
    return shape("appMount").deepCopy();
  }

  /** The ORAS containers' resources when the configuration sets none. */
  static ObjectNode defaultResources() {
    return (ObjectNode) shape("orasContainer").get("resources").deepCopy();
  }

  private static ObjectNode shape(String name) {
    return (ObjectNode) SHAPES.get(name);
  }

  private static ObjectNode load() {
    try (InputStream in = InjectedShapes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the engine jar has no " + RESOURCE);
      }
      ObjectNode shapes = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
      checkContract(shapes);
      return shapes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /** The share's name and path are part of the sidecar's contract: the file must agree with it. */
  private static void checkContract(ObjectNode shapes) {
    JsonNode containerMount = shapes.path("orasContainer").path("volumeMounts").path(0);
    for (JsonNode mount : new JsonNode[] {containerMount, shapes.path("appMount")}) {
      if (!mount.path("name").asText().equals(SidecarContract.VOLUME)
          || !mount.path("mountPath").asText().equals(SidecarContract.SHARE)) {
        throw new IllegalStateException(
            RESOURCE
                + ": a share mount differs from "
                + SidecarContract.VOLUME
                + " at "
                + SidecarContract.SHARE
                + ": "
                + mount);
      }
    }
    if (!shapes.path("shareVolume").path("name").asText().equals(SidecarContract.VOLUME)) {
      throw new IllegalStateException(RESOURCE + ": shareVolume is not " + SidecarContract.VOLUME);
    }
  }
}
