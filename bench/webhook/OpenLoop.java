import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate (wrk2 is not packaged): requests start on a fixed schedule whether
 * or not earlier ones have finished, and each latency is measured from its scheduled start, so a
 * stall is not hidden (no coordinated omission). Vert.x client, CONNECTIONS kept-alive TLS connections.
 * The first WARMUP seconds run at the same rate but are not recorded (JIT, connections).
 * Usage: java -cp VERTX_CP OpenLoop.java URL CA_FILE RATE SECONDS CONNECTIONS WARMUP REVIEW_FILE...
 */
public class OpenLoop {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    Buffer[] bodies = new Buffer[args.length - 6];
    for (int i = 6; i < args.length; i++) {
      bodies[i - 6] = Buffer.buffer(Files.readAllBytes(Path.of(args[i])));
    }
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(
        new HttpClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(args[1])).setVerifyHost(false),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    io.vertx.core.Context context = vertx.getOrCreateContext();
    int skipped = rate * warmup;
    int total = rate * seconds + skipped;
    long[] latencies = new long[total - skipped];
    // How late this client's event loop started each request (not waiting for the server: the
    // connection is asked for asynchronously): a stall here is the client's, not the server's.
    long[] clientLags = new long[total - skipped];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(total);
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getPath()).putHeader("Content-Type", "application/json").setTimeout(10_000);
    for (int i = 0; i < total; i++) {
      long intended = start + i * period;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      Buffer body = bodies[i % bodies.length];
      // Sent from one event-loop context, so all requests share one pool of CONNECTIONS connections.
      context.runOnContext(tick -> {
        if (index >= skipped) {
          clientLags[index - skipped] = System.nanoTime() - intended;
        }
        client.request(options)
          .compose(request -> request.send(body))
          .compose(response -> response.body().map(ignored -> response.statusCode()))
          .onComplete(done -> {
            if (index < skipped) {
              finished.countDown();
              return;
            }
            latencies[index - skipped] = System.nanoTime() - intended;
            if (done.failed() || done.result() != 200) {
              errors.incrementAndGet();
            }
            finished.countDown();
          });
      });
    }
    finished.await();
    double elapsed = (System.nanoTime() - start) / 1e9 - warmup;
    // When the slow requests were scheduled (wall clock, to set beside the server's GC and
    // safepoint log): the slowest, and per second of the run how many took over 5 ms.
    int slowest = 0;
    java.util.TreeMap<Long, Integer> slowPerSecond = new java.util.TreeMap<>();
    long wallStart = System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000;
    for (int i = 0; i < latencies.length; i++) {
      if (latencies[i] > latencies[slowest]) {
        slowest = i;
      }
      if (latencies[i] > 5_000_000L) {
        slowPerSecond.merge((long) (i + skipped) / rate, 1, Integer::sum);
      }
    }
    long slowestAt = wallStart + (long) (slowest + skipped) * period / 1_000_000;
    System.err.printf("open loop: slowest %.1f ms, scheduled at %s; requests over 5 ms per second since the start (warm-up included): %s%n",
        latencies[slowest] / 1e6, java.time.Instant.ofEpochMilli(slowestAt), slowPerSecond);
    Arrays.sort(latencies);
    Arrays.sort(clientLags);
    System.out.printf("RESULT requests=%d seconds=%.2f rps=%.0f errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f client_lag_p99_ms=%.3f client_lag_max_ms=%.3f%n",
        latencies.length, elapsed, latencies.length / elapsed, errors.get(), ms(latencies, 0.50), ms(latencies, 0.99), ms(latencies, 0.999),
        ms(clientLags, 0.99), clientLags[clientLags.length - 1] / 1e6);
    System.exit(0);
  }

  static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
