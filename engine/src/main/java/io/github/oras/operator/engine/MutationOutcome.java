package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** The engine's answer for one object. */
public sealed interface MutationOutcome {

  /** Non-fatal notes for the user (admission {@code warnings}, stderr of {@code inject}). */
  List<String> warnings();

  /** Nothing to do: no active policy handles the kind, nothing opted in, or already injected. */
  record Unchanged(String reason, List<String> warnings) implements MutationOutcome {
    public Unchanged {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Allowed unchanged, because the object's controller copies its annotations onto a workload it
   * creates (see {@code MutationPolicy#checkOnly}); they were checked now, as that workload will
   * be.
   *
   * @param notes what will happen to each annotated template, for {@code inject}
   */
  record Checked(List<String> notes, List<String> warnings) implements MutationOutcome {
    public Checked {
      notes = List.copyOf(notes);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The RFC 6902 JSON Patch (a JSON array of operations) that injects the cache. Never empty.
   *
   * @param patch the operations
   * @param json the same patch as compact JSON (UTF-8), written once while it was built; not to be
   *     modified
   */
  record Patched(ArrayNode patch, byte[] json, List<String> warnings) implements MutationOutcome {
    public Patched {
      warnings = List.copyOf(warnings);
      if (patch.isEmpty()) {
        throw new IllegalArgumentException("a patched outcome needs operations");
      }
    }
  }

  /**
   * The object opted in but cannot be mutated as written; every reason, each naming what to fix.
   */
  record Rejected(List<String> errors, List<String> warnings) implements MutationOutcome {
    public Rejected {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }
}
