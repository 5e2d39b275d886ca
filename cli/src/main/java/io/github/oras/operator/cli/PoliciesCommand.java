package io.github.oras.operator.cli;

import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.ServiceMergeStrategy;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the discovered plugins and which of them a configuration activates. */
@Command(
    name = "policies",
    description = "List the discovered mutation policies and service merge strategies.")
final class PoliciesCommand implements Callable<Integer> {
  @Mixin EngineOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PolicyCatalog catalog = options.catalog();
    InjectorConfig config = options.config();
    var active = catalog.select(config.policies());
    // Plugins from --plugin-dir may have longer names than the built-ins; keep the columns aligned.
    int width =
        Math.max(
            9, catalog.allPolicies().stream().mapToInt(p -> p.name().length()).max().orElse(0));
    String row = "%-" + width + "s %-7s %s%n";
    out.printf(row, "POLICY", "ACTIVE", "KINDS");
    for (MutationPolicy policy : catalog.allPolicies()) {
      String kinds =
          policy.kinds().stream()
              .map(GroupVersionKind::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      out.printf(row, policy.name(), active.contains(policy) ? "yes" : "no", kinds);
      out.printf("%s%s%n", " ".repeat(width + 1), policy.description());
    }
    String chosen = config.serviceMerge();
    catalog.strategy(chosen);
    out.println();
    out.println("SERVICE MERGE STRATEGIES (active: " + chosen + ")");
    for (ServiceMergeStrategy strategy : catalog.allStrategies()) {
      out.println("  " + strategy.name());
    }
    return ExitCodes.OK;
  }
}
