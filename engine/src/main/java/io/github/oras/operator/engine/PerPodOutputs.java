package io.github.oras.operator.engine;

import static io.github.oras.operator.api.SidecarContract.ENV_POD_INDEX_PREFIX;
import static io.github.oras.operator.api.SidecarContract.ENV_POD_NAME;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.AnnotationError;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.OutputReference;
import io.github.oras.operator.api.OutputReference.Placeholder;
import io.github.oras.operator.spi.PodFanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the pods of a parallel workload from overwriting each other's output: refuses a fixed tag
 * that several pods would share and {@code {index}} where the pods have none, and gives the push
 * container the downward API values its placeholders stand for. Pure.
 */
final class PerPodOutputs {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PerPodOutputs() {}

  /**
   * Checks one template's output against how many pods it makes.
   *
   * @param shared what to do with a fixed tag on several pods: an error, or a warning
   */
  static void check(
      OutputReference output, PodFanOut fanOut, Consumer<String> errors, Consumer<String> shared) {
    if (output.placeholders().contains(Placeholder.INDEX) && !fanOut.hasIndex()) {
      errors.accept(problem(output, "{index} has no value in these pods: " + fanOut.noIndex()));
    }
    if (fanOut.several().isPresent() && !output.perPod()) {
      shared.accept(
          problem(
              output,
              fanOut.several().get()
                  + " runs several pods and each would push to this one tag, so the last to"
                  + " finish wins; "
                  + suggestion(output, fanOut)));
    }
  }

  /**
   * Checks that templates of one object do not push to one tag: indexes restart in each template,
   * so only {@code {pod}} or different references keep their pods apart.
   */
  static void checkAcrossTemplates(List<TemplateOutput> outputs, Consumer<String> shared) {
    List<String> reported = new ArrayList<>();
    for (TemplateOutput first : outputs) {
      List<String> same = new ArrayList<>();
      for (TemplateOutput other : outputs) {
        if (other.output().text().equals(first.output().text())) {
          same.add(other.pointer());
        }
      }
      String text = first.output().text();
      if (same.size() > 1
          && !first.output().placeholders().contains(Placeholder.POD)
          && !reported.contains(text)) {
        reported.add(text);
        shared.accept(
            problem(
                first.output(),
                "pod templates "
                    + String.join(", ", same)
                    + " all push to this tag, so their pods overwrite each other ({index} restarts"
                    + " in every template); put {pod} in the tag, or give each template an "
                    + Annotations.qualified(Annotations.OUTPUT_URI)
                    + " of its own"));
      }
    }
  }

  /** One template's output, for {@link #checkAcrossTemplates}. */
  record TemplateOutput(String pointer, OutputReference output) {}

  /**
   * The push container's environment for the placeholders its tag uses: the pod's name and the
   * parts of its index, from the downward API.
   */
  static void addPlaceholderEnv(
      ObjectNode pushContainer, OutputReference output, PodFanOut fanOut) {
    List<ObjectNode> env = new ArrayList<>();
    if (output.placeholders().contains(Placeholder.POD)) {
      env.add(fieldRef(ENV_POD_NAME, "metadata.name"));
    }
    if (output.placeholders().contains(Placeholder.INDEX)) {
      List<String> fields = fanOut.indexFields();
      for (int i = 0; i < fields.size(); i++) {
        env.add(fieldRef(ENV_POD_INDEX_PREFIX + (i + 1), fields.get(i)));
      }
    }
    if (env.isEmpty()) {
      return;
    }
    ArrayNode existing =
        pushContainer.path("env").isArray()
            ? (ArrayNode) pushContainer.get("env")
            : pushContainer.putArray("env");
    env.forEach(existing::add);
  }

  private static ObjectNode fieldRef(String name, String fieldPath) {
    ObjectNode variable = JSON.objectNode().put("name", name);
    variable.putObject("valueFrom").putObject("fieldRef").put("fieldPath", fieldPath);
    return variable;
  }

  private static String suggestion(OutputReference output, PodFanOut fanOut) {
    String example = withPlaceholder(output, fanOut.hasIndex() ? "{index}" : "{pod}");
    if (fanOut.hasIndex()) {
      return "put {index} (or {pod}) in the tag, e.g. " + example;
    }
    return "put {pod} in the tag, e.g. " + example + " (" + fanOut.noIndex() + ")";
  }

  /** The reference with {@code -placeholder} at the end of its tag (or as its tag). */
  private static String withPlaceholder(OutputReference output, String placeholder) {
    String text = output.text();
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    boolean tagged = name.lastIndexOf(':') > name.lastIndexOf('/');
    return name + (tagged ? "-" : ":") + placeholder;
  }

  private static String problem(OutputReference output, String rule) {
    return new AnnotationError(Annotations.OUTPUT_URI, output.text(), rule).message();
  }
}
