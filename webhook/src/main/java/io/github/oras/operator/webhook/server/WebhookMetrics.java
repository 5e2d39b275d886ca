package io.github.oras.operator.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code oras_webhook_requests_total{kind,result}}: admission requests by object kind and
 *       what was done ({@code patched}, {@code unchanged}, {@code skipped}, {@code rejected},
 *       {@code failed}, or the HTTP error for a bad request: {@code bad_request}, {@code
 *       too_large}, {@code timeout})
 *   <li>{@code oras_webhook_request_duration_seconds{result}}: time from the end of the body to the
 *       answer, as a histogram
 *   <li>{@code oras_webhook_patch_bytes}: size of the JSON Patches returned
 *   <li>{@code oras_webhook_tls_connections_total{engine}}: connections accepted, by the TLS engine
 *       that serves them ({@code openssl} for BoringSSL, or {@code jdk})
 * </ul>
 */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DistributionSummary patchBytes =
      DistributionSummary.builder("oras.webhook.patch")
          .baseUnit("bytes")
          .description("Size of the JSON Patches returned")
          .serviceLevelObjectives(256, 1024, 4096, 16384, 65536)
          .register(registry);

  private final Map<ServerTls.Engine, Counter> tlsConnections =
      new java.util.EnumMap<>(ServerTls.Engine.class);

  {
    for (ServerTls.Engine engine : ServerTls.Engine.values()) {
      tlsConnections.put(
          engine,
          Counter.builder("oras.webhook.tls.connections")
              .description("Connections accepted, by the TLS engine that serves them")
              .tag("engine", engine.label())
              .register(registry));
    }
  }

  // Meters looked up once per label set: building and registering them per request showed in the
  // profile. The label sets are bounded (kinds of active policies, a fixed set of results).
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  public void record(String kind, String result, Duration elapsed, int patchSize) {
    requests(kind, result).increment();
    durations.computeIfAbsent(result, this::duration).record(elapsed);
    if (patchSize > 0) {
      patchBytes.record(patchSize);
    }
  }

  /** A connection accepted, its TLS handshake done by {@code engine}. */
  void tlsConnection(ServerTls.Engine engine) {
    tlsConnections.get(engine).increment();
  }

  /** A request rejected before it reached the engine. */
  public void recordHttpError(String result) {
    requests("none", result).increment();
  }

  private Counter requests(String kind, String result) {
    return requests.computeIfAbsent(
        kind + '\n' + result,
        ignored ->
            Counter.builder("oras.webhook.requests")
                .description("Admission requests by object kind and result")
                .tag("kind", kind)
                .tag("result", result)
                .register(registry));
  }

  private Timer duration(String result) {
    return Timer.builder("oras.webhook.request.duration")
        .description("Time from a complete request body to the answer")
        .tag("result", result)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** The Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }
}
