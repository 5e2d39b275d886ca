package io.github.oras.operator.api;

import java.util.List;

/**
 * The outcome of reading a workload's annotations: not opted in, valid settings, or every error.
 */
public sealed interface ParsedSettings {

  /**
   * No {@code oras-cache} annotation: the workload did not opt in.
   *
   * @param strayKeys keys under our prefix that are present anyway (worth a warning: they do
   *     nothing)
   */
  record NotRequested(List<String> strayKeys) implements ParsedSettings {
    public NotRequested {
      strayKeys = List.copyOf(strayKeys);
    }
  }

  record Valid(CacheSettings settings) implements ParsedSettings {}

  record Invalid(List<AnnotationError> errors) implements ParsedSettings {
    public Invalid {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid result needs at least one error");
      }
    }
  }
}
