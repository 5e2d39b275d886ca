package io.github.oras.operator.spi;

import java.util.Map;

/**
 * One pod template inside a workload.
 *
 * @param pointer RFC 6901 JSON Pointer to the template, an object with {@code metadata} and {@code
 *     spec} (a PodSpec): {@code ""} for a Pod itself, {@code /spec/template} for a Job
 * @param annotations the annotations that govern this template: ours (under {@code
 *     io.github.oras.operator.api.Annotations#PREFIX}) of the workload merged with those of every
 *     enclosing template, the innermost winning (see {@link JsonPointers#effectiveAnnotations});
 *     other keys are left out, so a map's size does not grow with unrelated annotations
 */
public record PodTemplate(String pointer, Map<String, String> annotations) {
  public PodTemplate {
    annotations = Map.copyOf(annotations);
  }
}
